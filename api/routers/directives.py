"""Directives: commands along the lifecycle, the register, and one directive's current state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from api.auth import Principal, permit, require_clearance
from api.deps import (
    AtPosition,
    BusinessTime,
    Limit,
    OfficeDep,
    command,
    readable_levels,
    time_axis,
    version_at,
)
from api.http import CommandResult, Consistent, IfMatch, command_answer, context, record_answer
from api.problems import Problem
from api.schemas.common import FilterDate, PageOut
from api.schemas.directives import (
    AmendDirective,
    AppraiseDirective,
    AssignTask,
    CloseDirective,
    DisseminateDirective,
    DraftDirective,
    ImportDirective,
    InspectDirective,
    IssueDirective,
    ReviewDirective,
    ReviseDirective,
    RevokeDirective,
    SupersedeDirective,
)
from api.views import directive_view
from projections.directives.queries import DirectiveFilter, list_directives
from projections.query import BadCursor

F = TypeVar("F", bound=Callable[..., Any])
router = APIRouter(prefix="/directives", tags=["directives"])


def _visible(office: OfficeDep, principal: Principal, directive_id: UUID) -> None:
    require_clearance(principal, office.directives.get(directive_id).secrecy)


@router.post("", status_code=201, response_model=CommandResult,
             openapi_extra=command("directive.draft"), summary="Khởi thảo văn bản chỉ đạo")
def draft(
    principal: Annotated[Principal, permit("directive.draft")], request: Request,
    office: OfficeDep, body: DraftDirective,
) -> Response:
    require_clearance(principal, body.secrecy)
    receipt = office.directives.draft(context(request, principal), **body.model_dump())
    return command_answer(request, receipt, created=True,
                          location=f"/directives/{receipt.record_id}")


@router.post("/import", status_code=201, response_model=CommandResult,
             openapi_extra=command("directive.import"),
             summary="Nhập văn bản đã ban hành trước khi có hệ thống (số theo sổ cũ)")
def import_issued(
    principal: Annotated[Principal, permit("directive.import")], request: Request,
    office: OfficeDep, body: ImportDirective,
) -> Response:
    require_clearance(principal, body.secrecy)
    receipt = office.directives.import_issued(context(request, principal), **body.model_dump())
    return command_answer(request, receipt, created=True,
                          location=f"/directives/{receipt.record_id}")


@router.get("", response_model=PageOut, summary="Sổ theo dõi văn bản chỉ đạo")
def register(
    principal: Annotated[Principal, permit("directive.read")], office: OfficeDep,
    _: Consistent, at: AtPosition, business: BusinessTime, limit: Limit = 50,
    cursor: str | None = None, sort: Literal["issued", "title", "drafted"] = "issued",
    document_type: str | None = None,
    status: str | None = None, unit: str | None = None, issuer: str | None = None,
    issued_from: FilterDate | None = None, issued_to: FilterDate | None = None,
    q: Annotated[str | None, Query(max_length=200, description="tìm trong trích yếu, số")] = None,
) -> PageOut:
    try:
        f = DirectiveFilter(document_type=document_type, status=status, unit=unit, issuer=issuer,
                            issued_from=issued_from, issued_to=issued_to, text=q)
        page = list_directives(office.store.db, f, readable=readable_levels(principal), sort=sort,
                               cursor=cursor, limit=limit, at_position=at, business=business)
    except BadCursor as exc:
        raise Problem(400, "bad-cursor", "Con trỏ phân trang không hợp lệ", str(exc)) from exc
    return PageOut(items=page.items, next_cursor=page.next_cursor, **time_axis(at, business))


@router.get("/{directive_id}", summary="Một văn bản chỉ đạo (trạng thái hiện tại)")
def get_directive(
    principal: Annotated[Principal, permit("directive.read")], office: OfficeDep,
    directive_id: UUID, at: AtPosition,
) -> Response:
    d = office.directives.get(directive_id, version=version_at(office, directive_id, at))
    require_clearance(principal, office.directives.get(directive_id).secrecy)
    return record_answer(d, directive_view(d) | time_axis(at, None))


def _command(name: str, summary: str, path: str) -> Callable[[F], F]:
    return router.post(f"/{{directive_id}}/{path}", response_model=CommandResult,
                       openapi_extra=command(name), summary=summary)


@_command("directive.revise", "Chỉnh sửa dự thảo", "revise")
def revise(
    principal: Annotated[Principal, permit("directive.revise")], request: Request,
    office: OfficeDep, directive_id: UUID, body: ReviseDirective, expected: IfMatch,
) -> Response:
    _visible(office, principal, directive_id)
    if body.secrecy is not None:
        require_clearance(principal, body.secrecy)
    return command_answer(request, office.directives.revise(
        context(request, principal), directive_id, expected, **body.model_dump()))


@_command("directive.appraise", "Thẩm định dự thảo (đạt / trả lại)", "appraise")
def appraise(
    principal: Annotated[Principal, permit("directive.appraise")], request: Request,
    office: OfficeDep, directive_id: UUID, body: AppraiseDirective, expected: IfMatch,
) -> Response:
    _visible(office, principal, directive_id)
    return command_answer(request, office.directives.appraise(
        context(request, principal), directive_id, expected, **body.model_dump()))


@_command("directive.issue", "Ban hành: cấp số, ký hiệu", "issue")
def issue(
    principal: Annotated[Principal, permit("directive.issue")], request: Request,
    office: OfficeDep, directive_id: UUID, body: IssueDirective, expected: IfMatch,
) -> Response:
    _visible(office, principal, directive_id)
    return command_answer(request, office.directives.issue(
        context(request, principal), directive_id, expected, **body.model_dump()))


@_command("directive.disseminate", "Quán triệt, triển khai", "disseminate")
def disseminate(
    principal: Annotated[Principal, permit("directive.disseminate")], request: Request,
    office: OfficeDep, directive_id: UUID, body: DisseminateDirective, expected: IfMatch,
) -> Response:
    _visible(office, principal, directive_id)
    return command_answer(request, office.directives.disseminate(
        context(request, principal), directive_id, expected, **body.model_dump()))


@router.post("/{directive_id}/assignments", status_code=201, response_model=CommandResult,
             openapi_extra=command("directive.assign"), summary="Giao nhiệm vụ cho đơn vị")
def assign(
    principal: Annotated[Principal, permit("directive.assign")], request: Request,
    office: OfficeDep, directive_id: UUID, body: AssignTask, expected: IfMatch,
) -> Response:
    _visible(office, principal, directive_id)
    receipt = office.directives.assign(context(request, principal), directive_id, expected,
                                       **body.model_dump())
    return command_answer(request, receipt, created=True,
                          location=f"/assignments/{receipt.record_id}")


@_command("directive.inspect", "Kiểm tra việc thực hiện", "inspections")
def inspect(
    principal: Annotated[Principal, permit("directive.inspect")], request: Request,
    office: OfficeDep, directive_id: UUID, body: InspectDirective, expected: IfMatch,
) -> Response:
    _visible(office, principal, directive_id)
    return command_answer(request, office.directives.inspect(
        context(request, principal), directive_id, expected, **body.model_dump()))


@_command("directive.review", "Sơ kết", "preliminary-review")
def review_preliminary(
    principal: Annotated[Principal, permit("directive.review")], request: Request,
    office: OfficeDep, directive_id: UUID, body: ReviewDirective, expected: IfMatch,
) -> Response:
    _visible(office, principal, directive_id)
    return command_answer(request, office.directives.review_preliminary(
        context(request, principal), directive_id, expected, **body.model_dump()))


@_command("directive.review", "Tổng kết", "final-review")
def review_final(
    principal: Annotated[Principal, permit("directive.review")], request: Request,
    office: OfficeDep, directive_id: UUID, body: ReviewDirective, expected: IfMatch,
) -> Response:
    _visible(office, principal, directive_id)
    return command_answer(request, office.directives.review_final(
        context(request, principal), directive_id, expected, **body.model_dump()))


@_command("directive.close", "Kết thúc theo dõi", "close")
def close(
    principal: Annotated[Principal, permit("directive.close")], request: Request,
    office: OfficeDep, directive_id: UUID, body: CloseDirective, expected: IfMatch,
) -> Response:
    _visible(office, principal, directive_id)
    return command_answer(request, office.directives.close_directive(
        context(request, principal), directive_id, expected, **body.model_dump()))


@_command("directive.amend", "Sửa đổi, bổ sung", "amend")
def amend(
    principal: Annotated[Principal, permit("directive.amend")], request: Request,
    office: OfficeDep, directive_id: UUID, body: AmendDirective, expected: IfMatch,
) -> Response:
    _visible(office, principal, directive_id)
    return command_answer(request, office.directives.amend(
        context(request, principal), directive_id, expected, **body.model_dump()))


@_command("directive.supersede", "Thay thế bằng văn bản khác (liên kết hai chiều)", "supersede")
def supersede(
    principal: Annotated[Principal, permit("directive.supersede")], request: Request,
    office: OfficeDep, directive_id: UUID, body: SupersedeDirective, expected: IfMatch,
) -> Response:
    _visible(office, principal, directive_id)
    _visible(office, principal, body.successor_id)
    ctx = context(request, principal, reason=body.reason)
    return command_answer(request, office.directives.supersede(
        ctx, directive_id, expected, successor_id=body.successor_id))


@_command("directive.revoke", "Bãi bỏ (kèm lý do)", "revoke")
def revoke(
    principal: Annotated[Principal, permit("directive.revoke")], request: Request,
    office: OfficeDep, directive_id: UUID, body: RevokeDirective, expected: IfMatch,
) -> Response:
    _visible(office, principal, directive_id)
    ctx = context(request, principal, reason=body.reason)
    return command_answer(request, office.directives.revoke(
        ctx, directive_id, expected, revoked_on=body.revoked_on))
