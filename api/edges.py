"""The outer edge of every request: URL bounds, control characters, security headers, CORS.

:class:`Edges` is the outermost middleware (a few checks on the request line, before anything reads
a body or the store):

- a path + query string longer than ``SOCAI_MAX_URL_BYTES`` is 414 ``uri-too-long`` (the server's
  own request-line limit is set higher by `socai serve`, so that the answer is ours and not a reset
  connection);
- a path or query text holding NUL or another C0/C1 control character (tab and line breaks
  excepted) is 422 ``validation-failed`` naming the parameter, never echoing its value;
- every answer gets the headers of :mod:`api.headers`.

CORS is off unless ``SOCAI_CORS_ORIGINS`` lists origins (:func:`install_cors`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

import orjson
from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from api.headers import security_headers
from infra.logging import get_logger
from infra.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PROBLEM_JSON = b"application/problem+json"
_ALLOWED_CONTROLS = frozenset("\t\n\r")
_log = get_logger("socai.http")


def has_control(text: str) -> bool:
    """Whether ``text`` holds a C0 or C1 control character other than tab and line breaks."""
    return any(unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS for ch in text)


def _problem(status: int, code: str, title: str, detail: str, path: str,
             **extra: Any) -> bytes:
    body = {"type": f"/problems/{code}", "title": title, "status": status, "detail": detail,
            **extra}
    if status != 414:  # a path that is too long is not worth repeating
        body["instance"] = path
    return orjson.dumps(body)


class Edges:
    """See the module docstring."""

    def __init__(self, app: ASGIApp, max_url_bytes: int) -> None:
        self.app = app
        self.max_url_bytes = max_url_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        refusal = self._refusal(scope, path)
        if refusal is not None:
            status, body = refusal
            _log.info("request_refused", method=scope.get("method"), status=status)
            headers = [(b"content-type", PROBLEM_JSON),
                       (b"content-length", str(len(body)).encode())]
            headers += security_headers(path, {b"content-type"})
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {bytes(name).lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *security_headers(path, present)]
            await send(message)

        await self.app(scope, receive, with_headers)

    def _refusal(self, scope: Scope, path: str) -> tuple[int, bytes] | None:
        raw_path = scope.get("raw_path") or path.encode("utf-8", "surrogateescape")
        query = bytes(scope.get("query_string", b""))
        if len(raw_path) + len(query) > self.max_url_bytes:
            detail = (f"đường dẫn và tham số dài quá {self.max_url_bytes} byte (the path and query "
                      f"string are limited to {self.max_url_bytes} bytes)")
            return 414, _problem(414, "uri-too-long", "Địa chỉ yêu cầu quá dài", detail, path,
                                 limit=self.max_url_bytes)
        fields: list[str] = []
        if has_control(path):
            fields.append("path")
        text = query.decode("utf-8", "replace")
        for name, value in parse_qsl(text, keep_blank_values=True, errors="replace"):
            if has_control(name) or has_control(value):
                fields.append(f"query.{name if not has_control(name) else '?'}")
        if not fields:
            return None
        message = "chứa ký tự điều khiển không hợp lệ (contains a control character)"
        errors = [{"field": f, "problem": "control_character", "message": message}
                  for f in fields]
        detail = "; ".join(f"{f}: {message}" for f in fields)
        return 422, _problem(422, "validation-failed", "Dữ liệu không hợp lệ", detail, path,
                             errors=errors)


REQUEST_HEAD_BYTES = 1_048_576
"""How much of a request line and headers the server buffers (uvicorn's h11 limit, 16 KiB by
default, resets the connection above it): well above ``SOCAI_MAX_URL_BYTES``, so that a long URL
reaches :class:`Edges` and is answered 414."""


def server_options(settings: Settings) -> dict[str, Any]:
    """The uvicorn options of `socai serve` that concern the edge."""
    return {"http": "h11",
            "h11_max_incomplete_event_size": max(REQUEST_HEAD_BYTES, 4 * settings.max_url_bytes)}


def install_edges(app: FastAPI, settings: Settings) -> None:
    """The edge middleware, and CORS if configured. Call last in ``create_app``: it is outermost."""
    origins = settings.cors_origin_list
    if origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(origins), allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "If-Match", "Idempotency-Key",
                           "X-Request-ID"],
            expose_headers=["ETag", "Location", "Retry-After", "X-Log-Position", "X-Request-ID",
                            "X-Time-Axis", "X-At-Position"],
        )
    app.add_middleware(Edges, max_url_bytes=settings.max_url_bytes)
