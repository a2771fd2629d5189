"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import OfficeDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Tình trạng dịch vụ (không cần xác thực)")
def healthz(office: OfficeDep) -> dict[str, Any]:
    head = office.projections.head()
    position = office.projections.position()
    return {
        "status": "ok",
        "database": office.store.db.dialect.name,
        "log_position": head,
        "projections_position": position,
        "projections_lag": head - position,
    }
