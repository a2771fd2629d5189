"""structlog set-up: JSON lines with the request id and the acting user, never personal data.

Log calls carry identifiers only (request id, user id, role, command, record id, version, position).
As a second line of defence, :func:`_drop_personal` removes any key that names personal data before a
line is written, whatever a caller passed.

Every line is rendered by structlog: our own loggers directly, and the standard library's — uvicorn's
error and access loggers, psycopg's pool, Python's warnings — through structlog's stdlib integration
(:class:`structlog.stdlib.ProcessorFormatter` on the root handler), with the same processors and the
same renderer, so a process never mixes plain text with JSON. :func:`log_uncaught` sends uncaught
exceptions (any thread) to the log as well (`socai serve`, `socai worker`).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import MutableMapping
from types import TracebackType
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
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _drop_personal,
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(file=stream or cast(TextIO, _StandardError())),
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(stream or _StandardError())
    handler.setFormatter(structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.add_logger_name, *shared],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info, renderer],
    ))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi"):
        routed = logging.getLogger(name)  # uvicorn's loggers go through the root's formatter
        routed.handlers = []
        routed.propagate = True
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)  # our request line says more
    logging.captureWarnings(True)


def log_uncaught() -> None:
    """Log uncaught exceptions (the main thread's and any other's) as lines of the log."""
    log = get_logger("socai")

    def main_hook(kind: type[BaseException], exc: BaseException,
                  tb: TracebackType | None) -> None:
        log.error("uncaught_exception", error_type=kind.__name__, exc_info=(kind, exc, tb))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        log.error("uncaught_exception", error_type=args.exc_type.__name__,
                  thread=args.thread.name if args.thread else None,
                  exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    sys.excepthook = main_hook
    threading.excepthook = thread_hook


def get_logger(name: str) -> Any:
    return structlog.get_logger(name)
