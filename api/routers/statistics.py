"""Statistics computed from the registers, live or as of a log position."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter

from api.auth import Principal, permit
from api.deps import AtPosition, OfficeDep, OnDate, readable_levels, time_axis
from api.http import Consistent
from projections.directives.queries import assignment_statistics, directive_statistics

router = APIRouter(prefix="/statistics", tags=["registers"])
Reader = Annotated[Principal, permit("directive.read")]
GroupBy = Literal["type", "status", "unit", "month"]


@router.get("/directives", summary="Thống kê văn bản chỉ đạo theo loại, trạng thái, đơn vị, tháng")
def directives(office: OfficeDep, principal: Reader, _: Consistent, at: AtPosition,
               group_by: GroupBy = "type") -> dict[str, Any]:
    rows = directive_statistics(office.store.db, group_by=group_by,
                                readable=readable_levels(principal), at_position=at)
    return {"group_by": group_by, **time_axis(at, None), "groups": rows}


@router.get("/assignments", summary="Thống kê nhiệm vụ và tỷ lệ đúng hạn tại ngày ?on=")
def assignments(office: OfficeDep, principal: Reader, on: OnDate, _: Consistent, at: AtPosition,
                group_by: GroupBy = "unit") -> dict[str, Any]:
    rows = assignment_statistics(office.store.db, on=on, group_by=group_by,
                                 readable=readable_levels(principal), at_position=at)
    definition = ("on_time_rate = completed_on_time / (completed + overdue on the evaluation "
                  "date); null when there is nothing to rate")
    evaluated: date = on
    return {"group_by": group_by, "on": evaluated, **time_axis(at, None),
            "definition": definition, "groups": rows}
