"""Assignments: the tracker (overdue computed for ?on=DATE) and one assignment (the commands units'
work needs are in ``api/commands/directives.py``)."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter
from starlette.responses import Response

from api.auth import Principal, permit
from api.deps import AtPosition, BusinessTime, Limit, OfficeDep, OnDate, readable_levels, time_axis
from api.http import Consistent, record_answer
from api.kinds import ASSIGNMENT
from api.problems import Problem
from api.reading import Seen, reading
from api.schemas.common import FilterDate, PageOut
from api.views import assignment_view
from domain.directives.model import Assignment
from projections.directives.queries import AssignmentFilter, list_assignments
from projections.query import BadCursor

router = APIRouter(prefix="/assignments", tags=["assignments"])


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
    seen: Annotated[Seen[Assignment], reading(ASSIGNMENT, "directive.read",
                                              param="assignment_id")],
    on: OnDate, at: AtPosition,
) -> Response:
    return record_answer(seen.record, assignment_view(seen.record, on) | time_axis(at, None))
