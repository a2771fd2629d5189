"""structlog set-up: JSON lines with the request id and the acting user, never personal data.

Log calls carry identifiers only (request id, user id, role, command, record id, version, position).
As a second line of defence, :func:`_drop_personal` removes any key that names personal data before a
line is written, whatever a caller passed.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any, TextIO, cast

import structlog

PERSONAL_KEYS = frozenset({
    "name", "full_name", "display_name", "address", "phone", "email", "id_number",
    "identity", "petitioner", "denouncer", "body", "payload", "content", "token",
})


def _drop_personal(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in list(event_dict):
        if key in PERSONAL_KEYS:
            event_dict[key] = "[redacted]"
    return event_dict


class _StandardError:
    """Whatever ``sys.stderr`` is when a line is written (a test runner or a command-line runner
    may swap it and close the old one), not the stream it was at set-up."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(*, json: bool = True, level: str = "INFO", stream: Any = None) -> None:
    """Configure structlog and the standard library's logging once, at start-up."""
    processors: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _drop_personal,
        structlog.processors.format_exc_info,
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*processors, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(file=stream or cast(TextIO, _StandardError())),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=level, stream=stream or _StandardError(), format="%(message)s",
                        force=True)
    for noisy in ("uvicorn.access",):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def get_logger(name: str) -> Any:
    return structlog.get_logger(name)
