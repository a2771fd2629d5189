"""Assignments: the tracker (overdue computed for ?on=DATE) and the commands units' work needs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.auth import Principal, permit, require_clearance
from api.deps import (
    AtPosition,
    BusinessTime,
    Limit,
    OfficeDep,
    OnDate,
    command,
    readable_levels,
    time_axis,
    version_at,
)
from api.http import CommandResult, Consistent, IfMatch, command_answer, context, record_answer
from api.problems import Problem
from api.schemas.common import FilterDate, PageOut
from api.schemas.directives import (
    CancelAssignment,
    CompleteAssignment,
    ExtendAssignment,
    ReportOnAssignment,
    UrgeAssignment,
)
from api.views import assignment_view
from projections.directives.queries import AssignmentFilter, list_assignments
from projections.query import BadCursor

F = TypeVar("F", bound=Callable[..., Any])
router = APIRouter(prefix="/assignments", tags=["assignments"])


def _visible(office: OfficeDep, principal: Principal, assignment_id: UUID) -> None:
    a = office.directives.get_assignment(assignment_id)
    require_clearance(principal, office.directives.get(a.directive_id).secrecy)


@router.get("", response_model=PageOut, summary="Theo dõi nhiệm vụ (quá hạn tính theo ngày ?on=)")
def tracker(
    principal: Annotated[Principal, permit("directive.read")], office: OfficeDep, on: OnDate,
    _: Consistent, at: AtPosition, business: BusinessTime, limit: Limit = 50,
    cursor: str | None = None, sort: Literal["deadline", "unit"] = "deadline",
    directive_id: UUID | None = None,
    unit: str | None = None, status: Literal["open", "completed", "cancelled"] | None = None,
    overdue: bool | None = None, due_before: FilterDate | None = None,
) -> PageOut:
    f = AssignmentFilter(directive_id=str(directive_id) if directive_id else None, unit=unit,
                         status=status, overdue=overdue, due_before=due_before)
    try:
        page = list_assignments(office.store.db, f, on=on, readable=readable_levels(principal),
                                sort=sort, cursor=cursor, limit=limit, at_position=at,
                                business=business)
    except BadCursor as exc:
        raise Problem(400, "bad-cursor", "Con trỏ phân trang không hợp lệ", str(exc)) from exc
    return PageOut(items=page.items, next_cursor=page.next_cursor, **time_axis(at, business))


@router.get("/{assignment_id}", summary="Một nhiệm vụ (trạng thái hiện tại)")
def get_assignment(
    principal: Annotated[Principal, permit("directive.read")], office: OfficeDep,
    assignment_id: UUID, on: OnDate, at: AtPosition,
) -> Response:
    a = office.directives.get_assignment(assignment_id,
                                         version=version_at(office, assignment_id, at))
    require_clearance(principal, office.directives.get(a.directive_id).secrecy)
    return record_answer(a, assignment_view(a, on) | time_axis(at, None))


def _command(name: str, summary: str, path: str) -> Callable[[F], F]:
    return router.post(f"/{{assignment_id}}/{path}", response_model=CommandResult,
                       openapi_extra=command(name), summary=summary)


@_command("assignment.report", "Đơn vị báo cáo (định kỳ, đột xuất, chuyên đề)", "reports")
def report(
    principal: Annotated[Principal, permit("assignment.report")], request: Request,
    office: OfficeDep, assignment_id: UUID, body: ReportOnAssignment, expected: IfMatch,
) -> Response:
    _visible(office, principal, assignment_id)
    return command_answer(request, office.directives.report(
        context(request, principal), assignment_id, expected, **body.model_dump()))


@_command("assignment.urge", "Đôn đốc", "urge")
def urge(
    principal: Annotated[Principal, permit("assignment.urge")], request: Request,
    office: OfficeDep, assignment_id: UUID, body: UrgeAssignment, expected: IfMatch,
) -> Response:
    _visible(office, principal, assignment_id)
    return command_answer(request, office.directives.urge(
        context(request, principal), assignment_id, expected, **body.model_dump()))


@_command("assignment.extend", "Gia hạn (kèm lý do)", "extend")
def extend(
    principal: Annotated[Principal, permit("assignment.extend")], request: Request,
    office: OfficeDep, assignment_id: UUID, body: ExtendAssignment, expected: IfMatch,
) -> Response:
    _visible(office, principal, assignment_id)
    ctx = context(request, principal, reason=body.reason)
    return command_answer(request, office.directives.extend(
        ctx, assignment_id, expected, new_deadline=body.new_deadline))


@_command("assignment.complete", "Hoàn thành nhiệm vụ", "complete")
def complete(
    principal: Annotated[Principal, permit("assignment.complete")], request: Request,
    office: OfficeDep, assignment_id: UUID, body: CompleteAssignment, expected: IfMatch,
) -> Response:
    _visible(office, principal, assignment_id)
    return command_answer(request, office.directives.complete(
        context(request, principal), assignment_id, expected, **body.model_dump()))


@_command("assignment.cancel", "Hủy nhiệm vụ (kèm lý do)", "cancel")
def cancel(
    principal: Annotated[Principal, permit("assignment.cancel")], request: Request,
    office: OfficeDep, assignment_id: UUID, body: CancelAssignment, expected: IfMatch,
) -> Response:
    _visible(office, principal, assignment_id)
    ctx = context(request, principal, reason=body.reason)
    return command_answer(request, office.directives.cancel(ctx, assignment_id, expected))
