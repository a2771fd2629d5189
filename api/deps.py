"""Typed dependencies shared by the routers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from api.auth import Principal
from api.bootstrap import Office
from api.problems import Problem
from domain.actors import Role, Secrecy
from projections.query import position_as_of
from projections.timetravel import BusinessAsOf


def office_of(request: Request) -> Office:
    office: Office = request.app.state.office
    return office


OfficeDep = Annotated[Office, Depends(office_of)]


def readable_levels(principal: Principal) -> list[str]:
    if principal.role is Role.SYSTEM:
        return [s.value for s in Secrecy]
    return [s.value for s in Secrecy if principal.clearance.covers(s)]


INT64_MAX = 2**63 - 1
"""The largest integer a parameter may carry (both stores keep 64-bit integers)."""


def evaluation_range(office: Office) -> tuple[date, date]:
    """The evaluation dates the office answers for: 1 January of ``SOCAI_EVALUATION_FIRST_YEAR``
    to 31 December of this year plus ``SOCAI_EVALUATION_YEARS_FORWARD`` (office time zone)."""
    settings = office.settings
    this_year = office.clock().astimezone(settings.zone).year
    return (date(settings.evaluation_first_year, 1, 1),
            date(this_year + settings.evaluation_years_forward, 12, 31))


def check_evaluation_moment(office: Office, name: str, value: date | datetime | None) -> None:
    """422 ``evaluation-date-out-of-range`` unless ``value`` (a date, or a moment's calendar day)
    lies in :func:`evaluation_range`. Checked before any arithmetic, so year 1 or 9999 cannot
    overflow a time-zone conversion."""
    if value is None:
        return
    first, last = evaluation_range(office)
    day = value.date() if isinstance(value, datetime) else value
    if not first <= day <= last:
        raise Problem(
            422, "evaluation-date-out-of-range", "Ngày đánh giá ngoài phạm vi hỗ trợ",
            f"{name}: {day.isoformat()} nằm ngoài {first.isoformat()} … {last.isoformat()} "
            f"(outside the supported range; SOCAI_EVALUATION_FIRST_YEAR, "
            f"SOCAI_EVALUATION_YEARS_FORWARD)",
            field=name, first=first.isoformat(), last=last.isoformat(),
        )


def evaluation_date(
    request: Request,
    on: Annotated[date | None, Query(description=(
        "evaluation date for overdue / days late (default: today in the office time zone); "
        "1 January of SOCAI_EVALUATION_FIRST_YEAR to 31 December of next year + 1"))] = None,
) -> date:
    office = office_of(request)
    if on is not None:
        check_evaluation_moment(office, "on", on)
        return on
    return office.clock().astimezone(office.settings.zone).date()


OnDate = Annotated[date, Depends(evaluation_date)]


def time_travel(
    request: Request,
    at_position: Annotated[int | None, Query(ge=0, le=INT64_MAX, description=(
        "answer as the read model stood when the log had this many events"))] = None,
    as_of: Annotated[datetime | None, Query(description=(
        "answer as of this recorded time (the last position recorded at or before it)"))] = None,
) -> int | None:
    """The log position a query should reflect (``None``: live), on the recorded-time axis."""
    if at_position is not None and as_of is not None:
        raise Problem(400, "time-travel-ambiguous", "Tham số thời điểm mâu thuẫn",
                      "give at_position or as_of, not both")
    office = office_of(request)
    check_evaluation_moment(office, "as_of", as_of)
    if as_of is not None:
        found = position_as_of(office.store.db, as_of, office.settings.zone)
        return _travelled(request, "recorded", found)
    if at_position is not None:
        head = office.projections.head()
        if at_position > head:
            raise Problem(409, "position-not-reached", "Vị trí chưa có trong nhật ký",
                          f"position {at_position} is past the end of the log ({head})")
        if not office.projections.wait_for(at_position, timeout=10.0):
            problem = Problem(503, "projections-behind", "Dữ liệu tổng hợp chưa cập nhật kịp",
                              f"read models have not reached position {at_position} yet; retry")
            problem.headers["Retry-After"] = "1"
            raise problem
        _travelled(request, "recorded", at_position)
    return at_position


def _travelled(request: Request, axis: str, position: int | None) -> int | None:
    """Note the axis and position of the answer; the middleware puts them in ``X-Time-Axis``
    and ``X-At-Position`` (also on CSV / XLSX answers, whose bodies cannot say it)."""
    request.state.time_travel = (axis, position)
    return position


def business_time(
    request: Request, at: Annotated[int | None, Depends(time_travel)],
    business_as_of: Annotated[date | None, Query(description=(
        "business-time axis: each record as it stood after its last event that happened on or "
        "before this date (receipt, issue, act dates), among the events recorded up to "
        "at_position / as_of (default: all)"))] = None,
) -> BusinessAsOf | None:
    if business_as_of is None:
        return None
    check_evaluation_moment(office_of(request), "business_as_of", business_as_of)
    _travelled(request, "business", at)
    return BusinessAsOf.of(business_as_of, office_of(request).settings.zone)


def time_axis(at: int | None, business: BusinessAsOf | None) -> dict[str, Any]:
    """The fields every time-travelled answer carries: position, axis, business date."""
    axis = "business" if business else ("recorded" if at is not None else "live")
    return {"at_position": at, "time_axis": axis,
            "business_as_of": business.day if business else None}


AtPosition = Annotated[int | None, Depends(time_travel)]
BusinessTime = Annotated[BusinessAsOf | None, Depends(business_time)]
Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
