"""The archive registers: JSON pages or CSV / XLSX exports with Vietnamese headers."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from starlette.responses import Response

from api.auth import Principal, permit
from api.deps import AtPosition, BusinessTime, Limit, OfficeDep, OnDate, readable_levels, time_axis
from api.http import Consistent
from api.problems import Problem
from api.schemas.common import FilterDate, PageOut, Year
from projections.archive.queries import (
    RegisterFilter,
    UnknownFilter,
    export_register,
    list_register,
    register,
)
from projections.exports import MEDIA_TYPES
from projections.query import BadCursor

router = APIRouter(prefix="/registers", tags=["registers"])
Name = Literal["incoming", "outgoing", "follow-up", "files", "loans", "disposal"]
Format = Literal["json", "csv", "xlsx"]
DEFAULT_SORT = {"incoming": "number", "outgoing": "issued", "follow-up": "deadline",
                "files": "code", "loans": "date", "disposal": "expiry"}


@router.get("/{name}", response_model=PageOut,
            summary="Sổ văn bản đến, đi, theo dõi giải quyết, mục lục hồ sơ, khai thác, hủy",
            responses={200: {"content": {MEDIA_TYPES["csv"]: {}, MEDIA_TYPES["xlsx"]: {}}}})
def register_view(
    principal: Annotated[Principal, permit("archive.read")], office: OfficeDep, name: Name, on: OnDate,
    _: Consistent, at: AtPosition, business: BusinessTime,
    period_from: Annotated[FilterDate | None, Query(alias="from", description="từ ngày")] = None,
    period_to: Annotated[FilterDate | None, Query(alias="to", description="đến ngày")] = None,
    status: str | None = None, unit: str | None = None, urgency: str | None = None,
    year: Year | None = None, document_type: str | None = None, issuer: str | None = None,
    source: str | None = None, kind: str | None = None, fonds: str | None = None,
    disposal_status: str | None = None,
    overdue: Annotated[bool | None, Query(description="quá hạn tại ngày ?on=")] = None,
    q: Annotated[str | None, Query(max_length=200)] = None, sort: str | None = None, limit: Limit = 50,
    cursor: str | None = None,
    fmt: Annotated[Format, Query(alias="format", description="json, csv hoặc xlsx")] = "json",
) -> Response | PageOut:
    given = {"status": status, "unit": unit, "urgency": urgency,
             "year": None if year is None else str(year), "document_type": document_type,
             "issuer": issuer, "source": source, "kind": kind, "fonds": fonds,
             "disposal_status": disposal_status}
    f = RegisterFilter(period_from=period_from, period_to=period_to, text=q, overdue=overdue,
                       fields={k: v for k, v in given.items() if v is not None})
    order = sort or DEFAULT_SORT[name]
    readable = readable_levels(principal)
    try:
        if fmt != "json":
            data = export_register(office.store.db, name, fmt, f, on=on, readable=readable,
                                   sort=order, at_position=at, business=business)
            filename = f"{name}-{on.isoformat()}.{fmt}"
            return Response(data, media_type=MEDIA_TYPES[fmt], headers={
                "Content-Disposition": f'attachment; filename="{filename}"'})
        page = list_register(office.store.db, name, f, on=on, readable=readable, sort=order,
                             cursor=cursor, limit=limit, at_position=at, business=business)
    except UnknownFilter as exc:
        raise Problem(400, "unknown-filter", "Tham số lọc không hợp lệ", str(exc),
                      sorts=sorted(register(name).orders),
                      filters=sorted(register(name).filters)) from exc
    except BadCursor as exc:
        raise Problem(400, "bad-cursor", "Con trỏ phân trang không hợp lệ", str(exc)) from exc
    return PageOut(items=page.items, next_cursor=page.next_cursor, **time_axis(at, business))
