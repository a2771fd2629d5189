"""Users and their tokens (admin), and who am I."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import Field
from starlette.responses import Response

from api.auth import CurrentPrincipal, Principal, permit
from api.deps import OfficeDep, command
from api.http import Body, CommandResult, IfMatch, command_answer, context, json_response
from api.schemas.common import Code, Reason, ShortText
from domain.actors import Role, Secrecy

router = APIRouter(prefix="/users", tags=["users"])
Admin = Annotated[Principal, permit("user.manage")]


class UserIn(Body):
    username: Code = Field(examples=["vanthu.lan"])
    display_name: ShortText = Field(examples=["Nguyễn Thị Lan"])
    role: Role
    unit: Code = Field(examples=["VP"])
    clearance: Secrecy = Secrecy.NONE


class UserChange(Body):
    role: Role | None = None
    unit: Code | None = None
    clearance: Secrecy | None = None
    display_name: ShortText | None = None


class TokenIn(Body):
    label: str = Field(default="", max_length=100)


class DeactivateIn(Body):
    reason: Reason


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


@router.post("", status_code=201, response_model=CommandResult,
             openapi_extra=command("user.manage"), summary="Tạo người dùng")
def add_user(
    principal: Admin, request: Request, office: OfficeDep, body: UserIn,
) -> Response:
    receipt = office.users.register(context(request, principal), **body.model_dump())
    return command_answer(request, receipt, created=True, location=f"/users/{body.username}")


@router.post("/{username}/change", response_model=CommandResult,
             openapi_extra=command("user.manage"), summary="Đổi vai trò, đơn vị, độ mật")
def change_user(
    principal: Admin, request: Request, office: OfficeDep, username: str, body: UserChange,
    expected: IfMatch,
) -> Response:
    return command_answer(request, office.users.change(
        context(request, principal), username, expected=expected, **body.model_dump()))


@router.post("/{username}/tokens", status_code=201, openapi_extra=command("user.manage"),
             summary="Cấp mã truy cập (chỉ hiện một lần)")
def issue_token(
    principal: Admin, request: Request, office: OfficeDep, username: str, body: TokenIn,
    expected: IfMatch,
) -> Response:
    issued = office.users.issue_token(context(request, principal), username, label=body.label,
                                      expected=expected)
    request.app.state.office.projections.nudge()
    return json_response(
        {"id": issued.receipt.record_id, "version": issued.receipt.version,
         "position": issued.receipt.position, "token_id": issued.token_id, "token": issued.token},
        status=201, headers={"ETag": f'"{issued.receipt.version}"',
                             "Cache-Control": "no-store"},
    )


@router.post("/{username}/tokens/{token_id}/revoke", response_model=CommandResult,
             openapi_extra=command("user.manage"), summary="Thu hồi mã truy cập")
def revoke_token(
    principal: Admin, request: Request, office: OfficeDep, username: str, token_id: str,
    expected: IfMatch,
) -> Response:
    return command_answer(request, office.users.revoke_token(
        context(request, principal), username, token_id, expected=expected))


@router.post("/{username}/deactivate", response_model=CommandResult,
             openapi_extra=command("user.manage"), summary="Vô hiệu hóa người dùng")
def deactivate(
    principal: Admin, request: Request, office: OfficeDep, username: str, body: DeactivateIn,
    expected: IfMatch,
) -> Response:
    ctx = context(request, principal, reason=body.reason)
    return command_answer(request, office.users.deactivate(ctx, username, expected=expected))
