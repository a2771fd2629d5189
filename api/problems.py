"""RFC 9457 problem details for every error the API gives.

One status and one problem type per error family; the type URI is ``/problems/<code>`` and
``docs/api.md`` lists them. Details never contain personal data: domain messages are built from codes,
numbers and dates, and validation errors echo the field's location, never its value.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import orjson
import psycopg
import structlog
from eventsourcing import persistence as es
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from api.headers import security_header_dict
from domain.errors import DomainError
from infra.logging import get_logger
from infra.store.faults import StoreFault, as_fault

PROBLEM_JSON = "application/problem+json"
_log = get_logger("socai.api")


_RESERVED = frozenset({"type", "title", "status", "detail", "instance", "headers"})


def log_fields(request: Request, **fields: Any) -> None:
    """Add identifiers (never personal data) to the request's access-log line."""
    request.scope.setdefault("socai_log", {}).update(fields)


class Problem(Exception):
    """An error raised by the API layer itself (auth, headers, pagination, …)."""

    def __init__(self, status: int, code: str, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.extra = extra
        self.headers: dict[str, str] = {}


def problem_response(
    status: int, code: str, title: str, detail: str, *, instance: str | None = None,
    headers: dict[str, str] | None = None, extra: dict[str, Any] | None = None,
) -> Response:
    body: dict[str, Any] = {"type": f"/problems/{code}", "title": title, "status": status,
                            "detail": detail}
    if instance:
        body["instance"] = instance
    body.update(extra or {})
    return Response(orjson.dumps(body), status_code=status, media_type=PROBLEM_JSON,
                    headers=headers)


_STATUS_CODES = {
    400: ("bad-request", "Yêu cầu không đúng định dạng"),
    401: ("unauthenticated", "Chưa xác thực"),
    403: ("forbidden", "Không có quyền"),
    404: ("not-found", "Không tìm thấy"),
    405: ("method-not-allowed", "Phương thức không được hỗ trợ"),
    406: ("not-acceptable", "Định dạng không được hỗ trợ"),
    413: ("body-too-large", "Nội dung quá lớn"),
    415: ("unsupported-media-type", "Kiểu nội dung không được hỗ trợ"),
}


def sqlite_dir(request: Request) -> Path | None:
    """The SQLite file's directory when the app's store is SQLite (its faults are told apart by
    the filesystem), else ``None``."""
    office = getattr(request.app.state, "office", None)
    settings = getattr(office, "settings", None)
    if settings is None or settings.is_postgres:
        return None
    folder: Path = settings.sqlite_path.parent
    return folder


def store_fault_response(fault: StoreFault, *, instance: str | None = None) -> Response:
    """503 for a store that is unreachable, read-only or full: retry later; nothing was written."""
    _log.warning("store_fault", problem=fault.code)
    detail = (f"{fault.title}; không có gì được ghi, hãy thử lại sau {fault.retry_after} giây "
              f"({fault.gloss}; nothing was written; retry after {fault.retry_after} s)")
    headers = {"Retry-After": str(fault.retry_after), **security_header_dict(instance or "")}
    return problem_response(503, fault.code, fault.title, detail, instance=instance,
                            headers=headers)


def _validation_errors(exc: RequestValidationError) -> tuple[int, str, str, list[dict[str, Any]]]:
    errors = []
    malformed = False
    for err in exc.errors():
        kind = str(err.get("type", ""))
        if kind in ("json_invalid", "value_error.jsondecode") or kind.startswith("json"):
            malformed = True
            errors.append({"field": "body", "problem": kind,
                           "message": f"malformed JSON near character {err.get('loc', ('', '?'))[-1]}"})
            continue
        errors.append({
            "field": ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body",
            "problem": kind,
            "message": str(err.get("msg", "")),
        })
    if malformed:
        return 400, "malformed-json", "Nội dung JSON không hợp lệ", errors
    return 422, "validation-failed", "Dữ liệu không hợp lệ", errors


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        extra = {k: v for k, v in exc.details.items()
                 if isinstance(v, (str, int, list, bool)) and k not in _RESERVED}
        return problem_response(exc.status, exc.code(), exc.title, exc.message,
                                instance=request.url.path, extra=extra)

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        return problem_response(exc.status, exc.code, exc.title, exc.detail,
                                instance=request.url.path, headers=exc.headers, extra=exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        status, code, title, errors = _validation_errors(exc)
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)[:2000]
        return problem_response(status, code, title, detail, instance=request.url.path,
                                extra={"errors": errors})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code, title = _STATUS_CODES.get(exc.status_code, ("http-error", "Lỗi"))
        detail = str(exc.detail)
        if exc.status_code == 400 and "parsing the body" in detail:
            code, title = "malformed-json", "Nội dung JSON không hợp lệ"
            detail = "the body is not valid UTF-8 JSON"
        return problem_response(exc.status_code, code, title, detail,
                                instance=request.url.path, headers=dict(exc.headers or {}))

    async def _store(request: Request, exc: Exception) -> Response:
        return await _unexpected(request, exc)

    for family in (es.PersistenceError, sqlite3.Error, psycopg.Error, OSError):
        app.add_exception_handler(family, _store)  # a store fault is 503, anything else 500

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # also raised by a middleware, outside the routes' handlers
        fault = as_fault(exc, sqlite_dir=sqlite_dir(request))
        if fault is not None:
            return store_fault_response(fault, instance=request.url.path)
        _log.exception("unhandled_error", error_type=type(exc).__name__)
        request_id = structlog.contextvars.get_contextvars().get("request_id")
        return problem_response(500, "internal-error", "Lỗi hệ thống",
                                "an unexpected error occurred; it was logged with the request id",
                                instance=request.url.path, extra={"request_id": request_id},
                                headers=security_header_dict(request.url.path))
