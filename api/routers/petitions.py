"""Petitions: the register, the deadline board, statistics, the periodic report, one petition and
its deadlines explained; the legal calendar's views. (The commands, the identity's reveal among
them, are in ``api/commands/petitions.py``.)"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from starlette.responses import Response

from api.auth import Principal, permit, require_clearance
from api.deps import (
    INT64_MAX,
    AtPosition,
    BusinessTime,
    Limit,
    OfficeDep,
    OnDate,
    check_evaluation_moment,
    readable_levels,
    time_axis,
    time_travel,
)
from api.http import Consistent, json_response
from api.kinds import PETITION
from api.petition_views import petition_view
from api.problems import Problem
from api.reading import Seen, reading
from api.schemas.common import FilterDate, PageOut
from domain.petitions.model import Petition
from projections.exports import columns_from, to_csv, to_xlsx
from projections.petitions.identity_access import identity_access as access_log
from projections.petitions.queries import (
    REGISTER_COLUMNS,
    BoardFilter,
    RegisterFilter,
    deadline_board,
    list_petitions,
    load_cases,
    pseudonym_of,
    statistics,
)
from projections.petitions.report import COLUMNS as REPORT_COLUMNS
from projections.petitions.report import period, periodic_report
from projections.query import BadCursor, position_as_of

router = APIRouter(prefix="/petitions", tags=["petitions"])
calendar_router = APIRouter(prefix="/calendar", tags=["calendar"])
Reader = Annotated[Principal, permit("petition.read")]
Format = Literal["json", "csv", "xlsx"]
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def known_at(
    office: OfficeDep,
    as_known_at: Annotated[datetime | None, Query(description=(
        "recorded-time axis: use the data (petition, rules, calendar) as recorded at or before "
        "this instant"))] = None,
    at_position: Annotated[int | None, Query(ge=0, le=INT64_MAX, description=(
        "or: as of this log position"))] = None,
) -> int | None:
    if as_known_at is not None and at_position is not None:
        raise Problem(400, "time-travel-ambiguous", "Tham số thời điểm mâu thuẫn",
                      "give as_known_at or at_position, not both")
    check_evaluation_moment(office, "as_known_at", as_known_at)
    if as_known_at is not None:
        return position_as_of(office.store.db, as_known_at, office.settings.zone)
    return at_position


def _file(body: bytes, fmt: Format, name: str) -> Response:
    media = "text/csv; charset=utf-8" if fmt == "csv" else _XLSX
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


# Registers, board, statistics, reports (declared before /{petition_id}) ------------------------

def _register_filter(status: str | None, petition_class: str | None, channel: str | None,
                     handling: str | None, queue: str | None, unit: str | None,
                     received_from: date | None, received_to: date | None,
                     q: str | None) -> RegisterFilter:
    return RegisterFilter(status=status, petition_class=petition_class, channel=channel,
                          handling=handling, queue=queue, unit=unit, received_from=received_from,
                          received_to=received_to, text=q)


@router.get("", response_model=PageOut,
            summary="Sổ tiếp nhận, phân loại, xử lý đơn thư (bí danh thay cho họ tên)")
def register(
    principal: Reader, office: OfficeDep, _: Consistent, at: AtPosition, business: BusinessTime,
    limit: Limit = 50, cursor: str | None = None,
    sort: Literal["book", "received", "summary"] = "book",
    status: str | None = None, petition_class: str | None = None, channel: str | None = None,
    handling: str | None = None, queue: Literal["office", "inspection"] | None = None,
    unit: str | None = None, received_from: FilterDate | None = None,
    received_to: FilterDate | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> PageOut:
    f = _register_filter(status, petition_class, channel, handling, queue, unit, received_from,
                         received_to, q)
    try:
        page = list_petitions(office.store.db, f, readable=readable_levels(principal), sort=sort,
                              cursor=cursor, limit=limit, at_position=at, business=business)
    except BadCursor as exc:
        raise Problem(400, "bad-cursor", "Con trỏ phân trang không hợp lệ", str(exc)) from exc
    return PageOut(items=page.items, next_cursor=page.next_cursor, **time_axis(at, business))


@router.get("/export", summary="Xuất sổ đơn thư (CSV hoặc XLSX, bí danh thay cho họ tên)",
            response_class=Response)
def export_register(
    principal: Reader, office: OfficeDep, _: Consistent, at: AtPosition, business: BusinessTime,
    format: Literal["csv", "xlsx"] = "csv", status: str | None = None, petition_class: str | None = None,
    channel: str | None = None, handling: str | None = None,
    queue: Literal["office", "inspection"] | None = None, unit: str | None = None,
    received_from: FilterDate | None = None, received_to: FilterDate | None = None,
) -> Response:
    f = _register_filter(status, petition_class, channel, handling, queue, unit, received_from,
                         received_to, None)
    page = list_petitions(office.store.db, f, readable=readable_levels(principal), sort="book",
                          cursor=None, limit=10_000, at_position=at, business=business)
    rows = list(reversed(page.items))
    if format == "csv":
        return _file(to_csv(columns_from(REGISTER_COLUMNS), rows), "csv", "so-don-thu")
    return _file(to_xlsx(columns_from(REGISTER_COLUMNS), rows, title="Sổ đơn thư"), "xlsx",
                 "so-don-thu")


@router.get("/board", summary="Bảng theo dõi thời hạn: quá hạn, sắp đến hạn (tại ngày ?on=)")
def board(
    principal: Reader, office: OfficeDep, on: OnDate, _: Consistent, at: AtPosition,
    within: Annotated[int | None, Query(ge=0, le=366, description="working days")] = None,
    overdue: bool = False, handler: str | None = None, unit: str | None = None,
    queue: Literal["office", "inspection"] | None = None,
) -> dict[str, Any]:
    f = BoardFilter(within=within, overdue_only=overdue, handler=handler, unit=unit, queue=queue)
    rows = deadline_board(office.store.db, f, on=on,
                          calendar=office.legal_calendar.working_calendar(at_position=at),
                          readable=readable_levels(principal), at_position=at)
    return {"on": on, "within_working_days": within, **time_axis(at, None), "items": rows}


@router.get("/statistics", summary="Thống kê đơn thư: tỷ lệ đúng hạn, thời gian giải quyết, tồn")
def petition_statistics(
    principal: Reader, office: OfficeDep, on: OnDate, _: Consistent, at: AtPosition,
    group_by: Literal["class", "channel", "handling", "unit", "month", "quarter", "year"] = "class",
    received_from: FilterDate | None = None, received_to: FilterDate | None = None,
    prolonged_days: Annotated[int, Query(ge=1, le=3650)] = 90,
) -> dict[str, Any]:
    cases = load_cases(office.store.db, readable=readable_levels(principal), at_position=at)
    groups = statistics(cases, on=on, group_by=group_by,
                        calendar=office.legal_calendar.working_calendar(at_position=at),
                        received_from=received_from, received_to=received_to,
                        prolonged_days=prolonged_days)
    definition = ("on_time_rate = met / (met + missed + overdue on the evaluation date), on each "
                  "petition's main deadline (resolution, else acceptance, else notification); "
                  "average_working_days over deadlines met or missed; prolonged = unresolved "
                  f"more than {prolonged_days} days after receipt")
    return {"on": on, "group_by": group_by, **time_axis(at, None), "definition": definition,
            "groups": groups}


@router.get("/reports/periodic", summary="Báo cáo định kỳ: tháng, quý, 6, 9, 12 tháng",
            response_model=None)
def periodic(
    principal: Reader, office: OfficeDep, _: Consistent, at: AtPosition,
    year: Annotated[int, Query(ge=2000, le=2100)],
    kind: Literal["month", "quarter", "half", "nine", "year"] = "month",
    number: Annotated[int, Query(ge=1, le=12)] = 1, format: Format = "json",
) -> Response:
    try:
        p = period(kind, year, number)
    except ValueError as exc:
        raise Problem(422, "bad-period", "Kỳ báo cáo không hợp lệ", str(exc)) from exc
    cases = load_cases(office.store.db, readable=readable_levels(principal), at_position=at)
    report = periodic_report(cases, p)
    if format == "json":
        return json_response(report | time_axis(at, None))
    name = f"bao-cao-don-thu-{kind}-{number}-{year}"
    if format == "csv":
        return _file(to_csv(columns_from(REPORT_COLUMNS), report["rows"]), "csv", name)
    return _file(to_xlsx(columns_from(REPORT_COLUMNS), report["rows"], title=p.label), "xlsx",
                 name)


@router.get("/identity-access", summary="Nhật ký xem thông tin người gửi đơn (cần rà soát)")
def identity_access(
    principal: Annotated[Principal, permit("petition.audit")], office: OfficeDep, _: Consistent,
    flagged: bool | None = None, petition_id: UUID | None = None, limit: Limit = 100,
) -> dict[str, Any]:
    """Only the petitions within the caller's clearance, then and now; times in ISO 8601."""
    items = access_log(office.store.db, readable=readable_levels(principal), flagged=flagged,
                       petition_id=str(petition_id) if petition_id else None, limit=limit)
    return {"items": items}


# One petition ----------------------------------------------------------------------------------


def _petition(at: Any = time_travel) -> Any:
    return reading(PETITION, "petition.read", param="petition_id", at=at)


@router.get("/{petition_id}", summary="Một đơn (trạng thái hiện tại hoặc tại ?at_position=, "
                                     "bí danh thay cho họ tên)")
def get_petition(seen: Annotated[Seen[Petition], _petition()], at: AtPosition) -> Response:
    p = seen.record
    return json_response(petition_view(p) | time_axis(at, None),
                         headers={"ETag": f'"{p.version}"'})


@router.get("/{petition_id}/deadlines",
            summary="Giải thích từng thời hạn: quy tắc, ngày tính, ngày không tính, gia hạn, "
                    "tạm đình chỉ; đạt / trễ tại ngày ?on=")
def deadlines(
    seen: Annotated[Seen[Petition], _petition(at=None)], office: OfficeDep, on: OnDate,
    as_known_at: Annotated[datetime | None, Query(description=(
        "recorded-time axis: the petition, rules and calendar as recorded at or before it"))] = None,
    at_position: Annotated[int | None, Query(ge=0, le=INT64_MAX)] = None,
) -> dict[str, Any]:
    position = known_at(office, as_known_at, at_position)
    p, reports = office.petitions.deadlines(seen.id, at_position=position)
    require_clearance(seen.principal, p.secrecy)  # then, as well as now
    return {"petition_id": seen.id, "book_no": p.book_no, "status": p.status.value,
            "on": on, "as_known_at": as_known_at, "at_position": position,
            "deadlines": [r.to_json_dict(on) for r in reports]}


@router.get("/{petition_id}/same-petitioner", response_model=PageOut,
            summary="Các đơn khác của cùng người gửi (khớp bằng mã băm có khóa, không lộ họ tên)")
def same_petitioner(
    seen: Annotated[Seen[Petition], _petition(at=None)], office: OfficeDep, _: Consistent,
    limit: Limit = 50,
) -> PageOut:
    principal, petition_id = seen.principal, seen.id
    token = pseudonym_of(office.store.db, str(petition_id))
    if token is None:
        return PageOut(items=[], next_cursor=None, at_position=None)
    page = list_petitions(office.store.db, RegisterFilter(pseudonym=token),
                          readable=readable_levels(principal), sort="received", cursor=None,
                          limit=limit, at_position=None)
    items = [i for i in page.items if i["petition_id"] != str(petition_id)]
    return PageOut(items=items, next_cursor=None, at_position=None)


# The legal calendar ----------------------------------------------------------------------------


@calendar_router.get("/overrides", summary="Bảng điều chỉnh lịch làm việc (như đã biết tại thời điểm)")
def overrides(
    principal: Annotated[Principal, permit("calendar.read")], office: OfficeDep,
    as_known_at: datetime | None = None,
    at_position: Annotated[int | None, Query(ge=0, le=INT64_MAX)] = None,
) -> dict[str, Any]:
    position = known_at(office, as_known_at, at_position)
    facts = office.legal_calendar.overrides(at_position=position)
    return {"at_position": position, "items": [
        {"day": f.day, "kind": f.kind.value, "label": f.label, "legal_source": f.legal_source,
         "effective_from": f.effective_from, "recorded_at": f.recorded_at} for f in facts]}

@calendar_router.get("/rules", summary="Quy tắc thời hạn (mọi phiên bản, như đã biết tại thời điểm)")
def rules(
    principal: Annotated[Principal, permit("calendar.read")], office: OfficeDep,
    as_known_at: datetime | None = None,
    at_position: Annotated[int | None, Query(ge=0, le=INT64_MAX)] = None,
) -> dict[str, Any]:
    position = known_at(office, as_known_at, at_position)
    book = office.legal_calendar.rule_book(at_position=position)
    items = [
        {"code": r.code, "name_vi": r.name_vi, "legal_source": r.legal_source,
         "length": r.length, "day_type": r.day_type.value, "start_event": r.start_event.value,
         "max_extensions": r.max_extensions, "extension_length": r.extension_length,
         "extension_day_type": r.extension_day_type.value, "effective_from": r.effective_from,
         "effective_to": r.effective_to, "recorded_at": r.recorded_at}
        for code in book.codes() for r in book.versions(code)
    ]
    return {"at_position": position, "items": items}
