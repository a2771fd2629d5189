"""Petitions: reception to closure, the register, the deadline board, statistics, the periodic
report, deadlines explained, and the identity's reveal. Also the legal calendar's admin routes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from api.auth import CurrentPrincipal, Principal, permit, require_clearance
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
from api.http import CommandResult, Consistent, IfMatch, command_answer, context, json_response
from api.permissions import allowed
from api.petition_views import identity_view, petition_view
from api.problems import Problem
from api.schemas.common import PageOut
from api.schemas.petitions import (
    AcceptPetition,
    AssignHandlers,
    ClassifyPetition,
    ClosePetition,
    ConcludePetition,
    ExtendPetition,
    FilePetition,
    GuidePetition,
    LinkRepeat,
    NotifyPetitioner,
    RaisePetitionSecrecy,
    ReceivePetition,
    RecomputeDeadlines,
    RecordOverride,
    RecordRule,
    ReferPetition,
    ReferralReply,
    ReopenPetition,
    ResumePetition,
    RevealIdentity,
    SuspendPetition,
    UrgeReferral,
    WithdrawPetition,
)
from domain.errors import InvalidValue, RecordNotFound
from domain.petitions.model import Handler
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

F = TypeVar("F", bound=Callable[..., Any])
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
    at_position: Annotated[int | None, Query(ge=0, description="or: as of this log position")
                           ] = None,
) -> int | None:
    if as_known_at is not None and at_position is not None:
        raise Problem(400, "time-travel-ambiguous", "Tham số thời điểm mâu thuẫn",
                      "give as_known_at or at_position, not both")
    if as_known_at is not None:
        return position_as_of(office.store.db, as_known_at, office.settings.zone)
    return at_position




def _file(body: bytes, fmt: Format, name: str) -> Response:
    media = "text/csv; charset=utf-8" if fmt == "csv" else _XLSX
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


# Registers, board, statistics, reports (declared before /{petition_id}) ------------------------


@router.post("", status_code=201, response_model=CommandResult,
             openapi_extra=command("petition.receive"), summary="Tiếp nhận đơn")
def receive(
    principal: Annotated[Principal, permit("petition.receive")], request: Request, office: OfficeDep,
    body: ReceivePetition,
) -> Response:
    require_clearance(principal, body.secrecy)
    fields = body.model_dump(exclude={"identity"})
    identity = body.identity.to_identity() if body.identity else None
    receipt = office.petitions.receive(context(request, principal), identity=identity, **fields)
    return command_answer(request, receipt, created=True,
                          location=f"/petitions/{receipt.record_id}")


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
    unit: str | None = None, received_from: date | None = None, received_to: date | None = None,
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
    received_from: date | None = None, received_to: date | None = None,
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
    received_from: date | None = None, received_to: date | None = None,
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


def _visible(office: OfficeDep, principal: Principal, petition_id: UUID) -> None:
    require_clearance(principal, office.petitions.get(petition_id).secrecy)


@router.get("/{petition_id}", summary="Một đơn (trạng thái hiện tại hoặc tại ?at_position=, "
                                     "bí danh thay cho họ tên)")
def get_petition(
    principal: Reader, office: OfficeDep, petition_id: UUID, at: AtPosition,
) -> Response:
    p = office.petitions.get(petition_id, version=version_at(office, petition_id, at))
    require_clearance(principal, office.petitions.get(petition_id).secrecy)
    return json_response(petition_view(p) | time_axis(at, None),
                         headers={"ETag": f'"{p.version}"'})


@router.get("/{petition_id}/deadlines",
            summary="Giải thích từng thời hạn: quy tắc, ngày tính, ngày không tính, gia hạn, "
                    "tạm đình chỉ; đạt / trễ tại ngày ?on=")
def deadlines(
    principal: Reader, office: OfficeDep, petition_id: UUID, on: OnDate,
    as_known_at: Annotated[datetime | None, Query(description=(
        "recorded-time axis: the petition, rules and calendar as recorded at or before it"))] = None,
    at_position: Annotated[int | None, Query(ge=0)] = None,
) -> dict[str, Any]:
    position = known_at(office, as_known_at, at_position)
    _visible(office, principal, petition_id)
    p, reports = office.petitions.deadlines(petition_id, at_position=position)
    return {"petition_id": petition_id, "book_no": p.book_no, "status": p.status.value,
            "on": on, "as_known_at": as_known_at, "at_position": position,
            "deadlines": [r.to_json_dict(on) for r in reports]}


@router.get("/{petition_id}/same-petitioner", response_model=PageOut,
            summary="Các đơn khác của cùng người gửi (khớp bằng mã băm có khóa, không lộ họ tên)")
def same_petitioner(
    principal: Reader, office: OfficeDep, petition_id: UUID, _: Consistent, limit: Limit = 50,
) -> PageOut:
    _visible(office, principal, petition_id)
    token = pseudonym_of(office.store.db, str(petition_id))
    if token is None:
        return PageOut(items=[], next_cursor=None, at_position=None)
    page = list_petitions(office.store.db, RegisterFilter(pseudonym=token),
                          readable=readable_levels(principal), sort="received", cursor=None,
                          limit=limit, at_position=None)
    items = [i for i in page.items if i["petition_id"] != str(petition_id)]
    return PageOut(items=items, next_cursor=None, at_position=None)


def _command(name: str, summary: str, path: str) -> Callable[[F], F]:
    return router.post(f"/{{petition_id}}/{path}", response_model=CommandResult,
                       openapi_extra=command(name), summary=summary)


@_command("petition.register", "Vào sổ tiếp nhận đơn (số theo năm)", "register")
def register_petition(
    principal: Annotated[Principal, permit("petition.register")], request: Request, office: OfficeDep,
    petition_id: UUID, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    return command_answer(request, office.petitions.register(
        context(request, principal), petition_id, expected))


@_command("petition.classify", "Phân loại đơn theo nội dung", "classify")
def classify(
    principal: Annotated[Principal, permit("petition.classify")], request: Request, office: OfficeDep,
    petition_id: UUID, body: ClassifyPetition, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    return command_answer(request, office.petitions.classify(
        context(request, principal), petition_id, expected, **body.model_dump()))


@_command("petition.classify", "Gộp đơn trùng nội dung, không có tình tiết mới", "link-repeat")
def link_repeat(
    principal: Annotated[Principal, permit("petition.classify")], request: Request, office: OfficeDep,
    petition_id: UUID, body: LinkRepeat, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    return command_answer(request, office.petitions.link_repeat(
        context(request, principal), petition_id, expected, **body.model_dump()))


@_command("petition.decide", "Thụ lý giải quyết", "accept")
def accept(
    principal: Annotated[Principal, permit("petition.decide")], request: Request, office: OfficeDep,
    petition_id: UUID, body: AcceptPetition, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    return command_answer(request, office.petitions.accept(
        context(request, principal), petition_id, expected, **body.model_dump()))


@_command("petition.decide", "Chuyển đơn đến cơ quan có thẩm quyền", "refer")
def refer(
    principal: Annotated[Principal, permit("petition.decide")], request: Request, office: OfficeDep,
    petition_id: UUID, body: ReferPetition, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    return command_answer(request, office.petitions.refer(
        context(request, principal), petition_id, expected, **body.model_dump()))


@_command("petition.decide", "Hướng dẫn người gửi đơn", "guide")
def guide(
    principal: Annotated[Principal, permit("petition.decide")], request: Request, office: OfficeDep,
    petition_id: UUID, body: GuidePetition, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    return command_answer(request, office.petitions.guide(
        context(request, principal), petition_id, expected, **body.model_dump()))


@_command("petition.decide", "Lưu đơn", "file")
def keep_on_file(
    principal: Annotated[Principal, permit("petition.decide")], request: Request, office: OfficeDep,
    petition_id: UUID, body: FilePetition, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    return command_answer(request, office.petitions.keep_on_file(
        context(request, principal), petition_id, expected, **body.model_dump()))


@_command("petition.notify", "Thông báo cho người gửi đơn", "notify")
def notify(
    principal: Annotated[Principal, permit("petition.notify")], request: Request, office: OfficeDep,
    petition_id: UUID, body: NotifyPetitioner, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    return command_answer(request, office.petitions.notify_petitioner(
        context(request, principal), petition_id, expected, **body.model_dump()))


@_command("petition.secrecy", "Nâng độ mật của vụ việc (kèm lý do; mọi người giải quyết phải "
          "được tiếp cận độ mật mới)", "raise-secrecy")
def raise_secrecy(
    principal: Annotated[Principal, permit("petition.secrecy")], request: Request,
    office: OfficeDep, petition_id: UUID, body: RaisePetitionSecrecy, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    require_clearance(principal, body.secrecy)
    ctx = context(request, principal, reason=body.reason)
    return command_answer(request, office.petitions.raise_secrecy(
        ctx, petition_id, expected, secrecy=body.secrecy))


@_command("petition.assign", "Phân công người giải quyết (mỗi người phải được tiếp cận độ mật "
          "của vụ việc)", "assign")
def assign(
    principal: Annotated[Principal, permit("petition.assign")], request: Request, office: OfficeDep,
    petition_id: UUID, body: AssignHandlers, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    handlers = []
    for username in body.handlers:
        try:
            user = office.users.by_username(username)
        except RecordNotFound as exc:
            msg = f"handlers: không có người dùng {username!r} (unknown user)"
            raise InvalidValue(msg, field="handlers") from exc
        handlers.append(Handler(user.id, user.username))
    return command_answer(request, office.petitions.assign_handlers(
        context(request, principal), petition_id, expected, handlers=handlers,
        handling_unit=body.handling_unit))


@_command("petition.clock", "Gia hạn giải quyết (kèm lý do, theo quy tắc)", "extend")
def extend(
    principal: Annotated[Principal, permit("petition.clock")], request: Request, office: OfficeDep,
    petition_id: UUID, body: ExtendPetition, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    ctx = context(request, principal, reason=body.reason)
    return command_answer(request, office.petitions.extend(
        ctx, petition_id, expected, granted_on=body.granted_on, length=body.length))


@_command("petition.clock", "Tạm đình chỉ (kèm lý do)", "suspend")
def suspend(
    principal: Annotated[Principal, permit("petition.clock")], request: Request, office: OfficeDep,
    petition_id: UUID, body: SuspendPetition, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    ctx = context(request, principal, reason=body.reason)
    return command_answer(request, office.petitions.suspend(
        ctx, petition_id, expected, suspended_on=body.suspended_on))


@_command("petition.clock", "Tiếp tục giải quyết (kèm lý do)", "resume")
def resume(
    principal: Annotated[Principal, permit("petition.clock")], request: Request, office: OfficeDep,
    petition_id: UUID, body: ResumePetition, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    ctx = context(request, principal, reason=body.reason)
    return command_answer(request, office.petitions.resume(
        ctx, petition_id, expected, resumed_on=body.resumed_on))


@_command("petition.withdraw", "Rút đơn (kèm lý do)", "withdraw")
def withdraw(
    principal: Annotated[Principal, permit("petition.withdraw")], request: Request, office: OfficeDep,
    petition_id: UUID, body: WithdrawPetition, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    ctx = context(request, principal, reason=body.reason)
    return command_answer(request, office.petitions.withdraw(
        ctx, petition_id, expected, withdrawn_on=body.withdrawn_on))


@_command("petition.conclude", "Kết luận giải quyết", "conclude")
def conclude(
    principal: Annotated[Principal, permit("petition.conclude")], request: Request, office: OfficeDep,
    petition_id: UUID, body: ConcludePetition, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    return command_answer(request, office.petitions.conclude(
        context(request, principal), petition_id, expected, **body.model_dump()))


@_command("petition.close", "Kết thúc vụ việc", "close")
def close(
    principal: Annotated[Principal, permit("petition.close")], request: Request, office: OfficeDep,
    petition_id: UUID, body: ClosePetition, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    return command_answer(request, office.petitions.close_case(
        context(request, principal), petition_id, expected, **body.model_dump()))


@_command("petition.reopen", "Mở lại khi có tố cáo tiếp (kèm lý do)", "reopen")
def reopen(
    principal: Annotated[Principal, permit("petition.reopen")], request: Request, office: OfficeDep,
    petition_id: UUID, body: ReopenPetition, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    ctx = context(request, principal, reason=body.reason)
    return command_answer(request, office.petitions.reopen(
        ctx, petition_id, expected, reopened_on=body.reopened_on))


@_command("petition.follow_up", "Đôn đốc cơ quan nhận đơn chuyển", "referral/urge")
def urge_referral(
    principal: Annotated[Principal, permit("petition.follow_up")], request: Request, office: OfficeDep,
    petition_id: UUID, body: UrgeReferral, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    return command_answer(request, office.petitions.urge_referral(
        context(request, principal), petition_id, expected, **body.model_dump()))


@_command("petition.follow_up", "Ghi nhận trả lời của cơ quan nhận đơn chuyển", "referral/reply")
def referral_reply(
    principal: Annotated[Principal, permit("petition.follow_up")], request: Request, office: OfficeDep,
    petition_id: UUID, body: ReferralReply, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    return command_answer(request, office.petitions.record_referral_reply(
        context(request, principal), petition_id, expected, **body.model_dump()))


@_command("petition.clock", "Tính lại thời hạn sau khi điều chỉnh lịch, quy tắc", "recompute")
def recompute(
    principal: Annotated[Principal, permit("petition.clock")], request: Request, office: OfficeDep,
    petition_id: UUID, body: RecomputeDeadlines, expected: IfMatch,
) -> Response:
    _visible(office, principal, petition_id)
    ctx = context(request, principal, reason=body.reason)
    return command_answer(request, office.petitions.recompute_deadlines(ctx, petition_id,
                                                                        expected))


@router.post("/{petition_id}/reveal",
             openapi_extra=command("petition.reveal") | {"x-refusal-recorded": True},
             summary="Xem thông tin người gửi đơn (kèm lý do; mọi lần xem và lần bị từ chối đều "
                     "được ghi lại)")
def reveal(request: Request, office: OfficeDep, petition_id: UUID, body: RevealIdentity,
           principal: CurrentPrincipal) -> Response:
    """No role gate before the domain: a refused attempt must be recorded, then answered 403."""
    ctx = context(request, principal, reason=body.reason)
    identity = office.petitions.reveal(ctx, petition_id,
                                       role_allows=allowed(principal.role, "petition.reveal"))
    office.projections.nudge()
    return json_response({"petition_id": petition_id, "identity": identity_view(identity)},
                         headers={"Cache-Control": "no-store"})


# The legal calendar ----------------------------------------------------------------------------


@calendar_router.get("/overrides", summary="Bảng điều chỉnh lịch làm việc (như đã biết tại thời điểm)")
def overrides(
    principal: Annotated[Principal, permit("calendar.read")], office: OfficeDep,
    as_known_at: datetime | None = None, at_position: Annotated[int | None, Query(ge=0)] = None,
) -> dict[str, Any]:
    position = known_at(office, as_known_at, at_position)
    facts = office.legal_calendar.overrides(at_position=position)
    return {"at_position": position, "items": [
        {"day": f.day, "kind": f.kind.value, "label": f.label, "legal_source": f.legal_source,
         "effective_from": f.effective_from, "recorded_at": f.recorded_at} for f in facts]}


@calendar_router.post("/overrides", status_code=201, response_model=CommandResult,
                      openapi_extra=command("calendar.change"),
                      summary="Ghi nhận ngày nghỉ, ngày làm bù, hoặc đính chính")
def record_override(
    principal: Annotated[Principal, permit("calendar.change")], request: Request, office: OfficeDep,
    body: RecordOverride,
) -> Response:
    receipt = office.legal_calendar.record_override(context(request, principal),
                                                    **body.model_dump())
    return command_answer(request, receipt, created=True, location="/calendar/overrides")


@calendar_router.get("/rules", summary="Quy tắc thời hạn (mọi phiên bản, như đã biết tại thời điểm)")
def rules(
    principal: Annotated[Principal, permit("calendar.read")], office: OfficeDep,
    as_known_at: datetime | None = None, at_position: Annotated[int | None, Query(ge=0)] = None,
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


@calendar_router.post("/rules", status_code=201, response_model=CommandResult,
                      openapi_extra=command("calendar.change"),
                      summary="Ghi nhận phiên bản mới của một quy tắc thời hạn")
def record_rule(
    principal: Annotated[Principal, permit("calendar.change")], request: Request, office: OfficeDep,
    body: RecordRule,
) -> Response:
    receipt = office.legal_calendar.record_rule(context(request, principal), **body.model_dump())
    return command_answer(request, receipt, created=True, location="/calendar/rules")
