"""What a process counts: requests, commands, failed authentications."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics

#: Latency buckets (seconds): a command takes milliseconds, a case file or an export seconds.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


@dataclass(frozen=True)
class Families:
    """The per-process metrics of one office's app, registered in ``registry``."""

    office: str
    registry: CollectorRegistry
    requests: Counter
    latency: Histogram
    commands: Counter
    auth_failures: Counter

    @classmethod
    def build(cls, office: str, registry: CollectorRegistry | None = None) -> Families:
        disable_created_metrics()  # type: ignore[no-untyped-call]  # no `_created` series
        registry = registry or CollectorRegistry(auto_describe=True)
        return cls(
            office=office, registry=registry,
            requests=Counter("socai_http_requests", "HTTP requests answered, by route template "
                             "and status", ("office", "method", "route", "status"),
                             registry=registry),
            latency=Histogram("socai_http_request_duration_seconds", "time to answer a request, "
                              "by route template", ("office", "method", "route"),
                              buckets=BUCKETS, registry=registry),
            commands=Counter("socai_commands", "commands by name and outcome (ok, replayed, "
                             "refused, conflict, unavailable, error)",
                             ("office", "command", "outcome"), registry=registry),
            auth_failures=Counter("socai_authentication_failures", "requests refused for their "
                                  "credentials, by reason (no-token, or the problem type)",
                                  ("office", "reason"), registry=registry),
        )


def command_outcome(status: int, replayed: bool) -> str:
    """A command's answer as one of a few outcomes (the problem type is in the log line)."""
    if status < 400:
        return "replayed" if replayed else "ok"
    if status in (409, 412, 428):
        return "conflict"
    if status == 503:
        return "unavailable"
    if status >= 500:
        return "error"
    return "refused"
