"""Counting every request: route template (never the raw path), method, status, latency; the
commands by name and outcome; failed authentications by reason."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from api.commands.table import BY_NAME
from api.metrics.families import Families, command_outcome

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UNMATCHED = "unmatched"  # a path no route takes (404 before routing): one label for all of them


def route_template(scope: Scope) -> str:
    """The template of the route that answered (``/directives/{directive_id}/issue``)."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED


class HttpMetrics:
    """Pure ASGI: observe each request once its answer has started."""

    def __init__(self, app: ASGIApp, families: Callable[[], Families | None]) -> None:
        self.app = app
        self.families = families

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        answer = {"status": 500, "replayed": False}

        async def observed(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = int(message["status"])
                answer["replayed"] = any(k.lower() == b"idempotent-replayed"
                                         for k, _ in message.get("headers", []))
            await send(message)

        try:
            await self.app(scope, receive, observed)
        finally:
            families = self.families()
            if families is not None:
                observe(families, scope, int(answer["status"]), bool(answer["replayed"]),
                        time.perf_counter() - started)


def observe(m: Families, scope: Scope, status: int, replayed: bool, seconds: float) -> None:
    method = str(scope.get("method", ""))
    route = route_template(scope)
    m.requests.labels(m.office, method, route, str(status)).inc()
    m.latency.labels(m.office, method, route).observe(seconds)
    fields = scope.get("socai_log", {})
    command = fields.get("command")
    if method == "POST" and command in BY_NAME:
        m.commands.labels(m.office, command, command_outcome(status, replayed)).inc()
    reason = fields.get("auth_failure")
    if isinstance(reason, str):
        m.auth_failures.labels(m.office, reason).inc()
