"""ASGI middleware: request ids and access logs, body size limit, Idempotency-Key on POSTs."""

from __future__ import annotations

import hashlib
import re
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio
import orjson
import structlog
from eventsourcing.persistence import IntegrityError

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


class Idempotency:
    """Replay the first answer to a POST retried with the same ``Idempotency-Key``.

    Keys are scoped to the caller's credentials. A key reused with a different request is refused
    (422); a key whose first request is still running gets 409. Answers of 5xx are not kept, so the
    client may retry them.
    """

    def __init__(self, app: ASGIApp, get_db: Callable[[], Any]) -> None:
        self.app = app
        self.get_db = get_db

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, b"idempotency-key") if scope["type"] == "http" else None
        if scope["type"] != "http" or scope.get("method") != "POST" or key is None:
            await self.app(scope, receive, send)
            return
        if not (1 <= len(key) <= 200) or not key.isprintable():
            status, body = _problem(400, "idempotency-key-invalid", "Idempotency-Key không hợp lệ",
                                    "Idempotency-Key must be 1 to 200 printable characters")
            await _send_bytes(send, status, body, PROBLEM_JSON)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        raw = b"".join(chunks)
        scope_id = hashlib.sha256((_header(scope, b"authorization") or "").encode()).hexdigest()
        request_hash = hashlib.sha256(
            b"\n".join([str(scope.get("path")).encode(), scope.get("query_string", b""), raw])
        ).hexdigest()
        db = self.get_db()
        found = await anyio.to_thread.run_sync(_claim, db, scope_id, key, request_hash)
        if found is not None:
            stored_hash, status, stored_body, headers = found
            if stored_hash != request_hash:
                code = _problem(422, "idempotency-key-reused", "Idempotency-Key đã dùng",
                                "this Idempotency-Key was used for a different request")
                await _send_bytes(send, code[0], code[1], PROBLEM_JSON)
            elif status is None:
                code = _problem(409, "idempotency-in-progress", "Yêu cầu đang được xử lý",
                                "the first request with this Idempotency-Key is still running")
                await _send_bytes(send, code[0], code[1], PROBLEM_JSON)
            else:
                replay = [(k.encode(), v.encode()) for k, v in orjson.loads(headers).items()]
                replay.append((b"idempotent-replayed", b"true"))
                content_type = next((v for k, v in replay if k == b"content-type"),
                                    b"application/json")
                await _send_bytes(send, int(status), bytes(stored_body), content_type.decode(),
                                  [h for h in replay if h[0] not in (b"content-type",)])
            return

        delivered = False

        async def replay_receive() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": raw, "more_body": False}
            return await receive()

        response: dict[str, Any] = {"status": 500, "headers": {}, "body": []}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                response["status"] = message["status"]
                keep = {b"content-type", b"etag", b"location", b"x-log-position"}
                response["headers"] = {
                    k.decode(): v.decode() for k, v in message.get("headers", []) if k in keep
                }
            elif message["type"] == "http.response.body":
                response["body"].append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, replay_receive, capture)
        finally:
            await anyio.to_thread.run_sync(
                _finish, db, scope_id, key, int(response["status"]), b"".join(response["body"]),
                orjson.dumps(response["headers"]).decode(),
            )


def _claim(db: Any, scope_id: str, key: str, request_hash: str) -> tuple[Any, ...] | None:
    """Either the stored answer for the key, or ``None`` after claiming it for this request."""
    try:
        with db.write() as cur:
            cur.execute(
                "SELECT request_hash, status, response, headers FROM idempotency_keys "
                "WHERE actor_id = ? AND idem_key = ?", (scope_id, key),
            )
            row = cur.fetchone()
            if row is not None:
                return tuple(row)
            cur.execute(
                "INSERT INTO idempotency_keys (actor_id, idem_key, request_hash, created_us) "
                "VALUES (?, ?, ?, ?)", (scope_id, key, request_hash, time.time_ns() // 1000),
            )
            return None
    except IntegrityError:
        return (request_hash, None, b"", "{}")


def _finish(db: Any, scope_id: str, key: str, status: int, body: bytes, headers: str) -> None:
    with db.write() as cur:
        if status >= 500:
            cur.execute("DELETE FROM idempotency_keys WHERE actor_id = ? AND idem_key = ?",
                        (scope_id, key))
        else:
            cur.execute(
                "UPDATE idempotency_keys SET status = ?, response = ?, headers = ? "
                "WHERE actor_id = ? AND idem_key = ?", (status, body, headers, scope_id, key),
            )
