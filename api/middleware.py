"""ASGI middleware: request ids and access logs, body size limit. (Authentication: ``api/authn.py``;
Idempotency-Key: the command pipeline, ``api/commands/pipeline.py``.)"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson
import structlog

from api.problems import PROBLEM_JSON
from infra.logging import get_logger

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_log = get_logger("socai.http")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _problem(status: int, code: str, title: str, detail: str) -> tuple[int, bytes]:
    body = {"type": f"/problems/{code}", "title": title, "status": status, "detail": detail}
    return status, orjson.dumps(body)


async def _send_bytes(send: Send, status: int, body: bytes, content_type: str,
                      headers: list[tuple[bytes, bytes]] | None = None) -> None:
    await send({
        "type": "http.response.start", "status": status,
        "headers": [(b"content-type", content_type.encode()),
                    (b"content-length", str(len(body)).encode()), *(headers or [])],
    })
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


class RequestContext:
    """Give every request an id (``X-Request-ID``), bind it to the logs, log one line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, b"x-request-id")
        request_id = given if given and _REQUEST_ID.match(given) else uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status_holder = {"status": 500}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
                axis, position = scope.get("state", {}).get("time_travel", (None, None))
                if axis:  # set by api.deps for answers as of a past moment
                    at = "" if position is None else str(position)
                    message["headers"] += [(b"x-time-axis", axis.encode()),
                                           (b"x-at-position", at.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _log.info("request", method=scope.get("method"), path=scope.get("path"),
                      status=status_holder["status"],
                      ms=round((time.perf_counter() - started) * 1000, 2),
                      **scope.get("socai_log", {}))
            # The request id stays bound: an unexpected error is logged after this returns, by the
            # outermost error handler, in this same context. The next request clears it.


class BodyLimit:
    """Refuse bodies larger than ``max_bytes`` with 413 before they reach a route."""

    def __init__(self, app: ASGIApp, max_bytes: int, exempt_prefixes: tuple[str, ...] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.exempt = exempt_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        too_large = _problem(413, "body-too-large", "Nội dung quá lớn",
                             f"request bodies are limited to {self.max_bytes} bytes")
        length = _header(scope, b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await _send_bytes(send, too_large[0], too_large[1], PROBLEM_JSON)
            return
        received = 0
        refused = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    refused = True
                    return {"type": "http.disconnect"}
            return message

        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused and not started:
                started = True
                await _send_bytes(send, too_large[0], too_large[1], PROBLEM_JSON)
                return
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, limited_receive, guarded_send)
