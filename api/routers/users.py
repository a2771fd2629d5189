"""Users: who am I, and the list (admin, auditors, inspectors). The commands — add, change, tokens,
deactivate — are in ``api/commands/users.py``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter

from api.auth import CurrentPrincipal, Principal, permit
from api.deps import OfficeDep

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me", summary="Người dùng hiện tại")
def me(principal: CurrentPrincipal) -> dict[str, Any]:
    return {"user_id": principal.user_id, "username": principal.username,
            "role": principal.role, "unit": principal.unit, "clearance": principal.clearance}


@router.get("", summary="Danh sách người dùng")
def list_users(office: OfficeDep, _: Annotated[Principal, permit("user.read")]) -> dict[str, Any]:
    with office.store.db.read() as cur:
        cur.execute("SELECT user_id, username, display_name, role, unit, clearance, active "
                    "FROM users WHERE valid_to IS NULL ORDER BY username")
        rows = cur.fetchall()
    keys = ("user_id", "username", "display_name", "role", "unit", "clearance", "active")
    return {"items": [dict(zip(keys, r, strict=True)) | {"active": bool(r[6])} for r in rows]}
