"""Liveness (``/healthz``) and readiness (``/readyz``).

``/healthz`` says only that the process answers: no store access, no details, at once.
``/readyz`` says whether the store can take a write and the read models keep up; the checks are
shown to an authenticated admin only (anyone else gets the verdict alone).
"""

from __future__ import annotations

from typing import Any

from eventsourcing import persistence as es
from fastapi import APIRouter, Request
from starlette.responses import Response

from api.auth import Principal, optional_principal
from api.deps import OfficeDep
from api.http import json_response
from api.problems import problem_response
from domain.actors import Role
from infra.store.readiness import Check, store_checks

router = APIRouter(tags=["health"])

NOT_READY_RETRY_AFTER = 5


@router.get("/healthz", summary="Tiến trình còn chạy (không cần xác thực, không truy cập kho)")
def healthz() -> dict[str, Any]:
    return {"status": "ok"}


@router.get("/readyz", response_model=None,
            summary="Sẵn sàng nhận ghi: kho dữ liệu, độ trễ dữ liệu tổng hợp (chi tiết cho quản trị)",
            responses={503: {"description": "not ready (problem+json, Retry-After)"}})
def readyz(request: Request, office: OfficeDep) -> Response:
    checks = [*store_checks(office.settings, office.store.db), _projections(office)]
    ready = all(c.ok for c in checks)
    details = ({"checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in checks]}
               if _is_admin(request) else {})
    if ready:
        return json_response({"status": "ready", **details})
    return problem_response(
        503, "not-ready", "Dịch vụ chưa sẵn sàng",
        "kho dữ liệu chưa nhận ghi được hoặc dữ liệu tổng hợp đang chậm (not ready: the store "
        "takes no writes or the read models are behind)", instance=request.url.path,
        headers={"Retry-After": str(NOT_READY_RETRY_AFTER)}, extra=details)


def _projections(office: OfficeDep) -> Check:
    try:
        head = office.projections.head()
        lag = head - office.projections.position()
    except es.PersistenceError:
        return Check("projections", False, "the log could not be read")
    limit = office.settings.ready_max_projection_lag
    return Check("projections", lag <= limit, f"{lag} events behind the log (at most {limit})")


def caller(request: Request) -> Principal | None:
    """The authenticated caller, if any: the authentication step (``api.authn``) names it on this
    public route when a valid bearer token is sent (anonymous if the store cannot tell)."""
    return optional_principal(request)


def _is_admin(request: Request) -> bool:
    principal = caller(request)
    return principal is not None and principal.role is Role.ADMIN
