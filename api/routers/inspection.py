"""The inspection commission's and auditors' routes: case files and inspection reports.

Every answer is as of a log position (``at_position`` / ``as_of``, default live) and evaluates
deadlines on ``on``; periods are days of recorded time in the office time zone.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from starlette.responses import Response

from api.auth import Principal, permit
from api.deps import AtPosition, OfficeDep, OnDate, readable_levels, time_axis
from api.http import Consistent, json_response
from api.inspection.casefile import Scope, Subject, build
from api.inspection.checkpoint import AskedSigner
from api.kinds import DIRECTIVE, PETITION
from api.reading import Seen, reading
from api.schemas.common import FilterDate
from domain.records import Record
from infra.ledger import casefile
from projections import inspection as reports
from projections.inspection import Thresholds, Window

router = APIRouter(prefix="/inspection", tags=["inspection"])
Reporter = Annotated[Principal, permit("inspection.report")]
CaseFiler = Annotated[Principal, permit("inspection.case_file")]
From = Annotated[FilterDate | None, Query(alias="from", description="từ ngày (thời điểm ghi sổ)")]
To = Annotated[FilterDate | None, Query(alias="to", description="đến ngày (thời điểm ghi sổ)")]
Format = Annotated[Literal["json", "zip"], Query(alias="format", description=(
    "json: the case file; zip: the case file and its HTML report"))]


def _window(office: OfficeDep, principal: Principal, on: date, at: int | None,
            start: date | None = None, end: date | None = None) -> Window:
    return Window(at, on, office.settings.zone, tuple(readable_levels(principal)), start, end)


def _answer(name: str, w: Window, items: list[Any], **extra: Any) -> dict[str, Any]:
    period = {"from": w.start, "to": w.end} if w.start or w.end else {}
    return {"report": name, "on": w.on, **period, **time_axis(w.at, None), **extra,
            "items": items}


@router.get("/reports/overdue-assignments",
            summary="Nhiệm vụ quá hạn theo đơn vị chủ trì (tại ngày ?on=)")
def overdue_assignments(principal: Reporter, office: OfficeDep, on: OnDate, _: Consistent,
                        at: AtPosition) -> dict[str, Any]:
    w = _window(office, principal, on, at)
    return _answer("overdue-assignments", w, reports.overdue_assignments(office.store.db, w))


@router.get("/reports/overdue-petitions",
            summary="Đơn thư quá thời hạn: đang quá hạn hoặc đã giải quyết trễ (tại ngày ?on=)")
def overdue_petitions(principal: Reporter, office: OfficeDep, on: OnDate, _: Consistent,
                      at: AtPosition) -> dict[str, Any]:
    w = _window(office, principal, on, at)
    return _answer("overdue-petitions", w, reports.overdue_petitions(office.store.db, w))


@router.get("/reports/clock-changes",
            summary="Gia hạn, tạm đình chỉ, tiếp tục, mở lại: ai, khi nào, lý do")
def clock_changes(principal: Reporter, office: OfficeDep, on: OnDate, _: Consistent,
                  at: AtPosition, start: From = None, end: To = None) -> dict[str, Any]:
    w = _window(office, principal, on, at, start, end)
    return _answer("clock-changes", w, reports.clock_changes(office.store.db, w))


@router.get("/reports/backdated",
            summary="Sự kiện có ngày nghiệp vụ sớm hơn ngày ghi sổ (nhập lùi ngày)")
def backdated(principal: Reporter, office: OfficeDep, on: OnDate, _: Consistent, at: AtPosition,
              start: From = None, end: To = None,
              min_days: Annotated[int, Query(ge=0, le=3650)] = 1) -> dict[str, Any]:
    w = _window(office, principal, on, at, start, end)
    return _answer("backdated", w, reports.backdated(office.store.db, w, min_days=min_days),
                   min_days=min_days)


@router.get("/reports/reveals",
            summary="Hồ sơ bị xem thông tin mật (danh tính người gửi đơn): ai, khi nào, vì sao")
def reveals(principal: Reporter, office: OfficeDep, on: OnDate, _: Consistent, at: AtPosition,
            start: From = None, end: To = None, flagged: bool | None = None) -> dict[str, Any]:
    w = _window(office, principal, on, at, start, end)
    return _answer("reveals", w, reports.reveals(office.store.db, w, flagged=flagged))


@router.get("/reports/actions", summary="Số thao tác của từng người trong kỳ, theo loại")
def actions(principal: Reporter, office: OfficeDep, on: OnDate, _: Consistent, at: AtPosition,
            start: From = None, end: To = None) -> dict[str, Any]:
    w = _window(office, principal, on, at, start, end)
    return _answer("actions", w, reports.actions(office.store.db, w))


@router.get("/reports/anomalies",
            summary="Dấu hiệu cần xem trước: gia hạn nhiều lần, xem danh tính ngoài người giải "
                    "quyết, sửa chữa dồn dập")
def anomalies(principal: Reporter, office: OfficeDep, on: OnDate, _: Consistent, at: AtPosition,
              start: From = None, end: To = None,
              extensions: Annotated[int, Query(ge=1, le=100)] = 2,
              burst: Annotated[int, Query(ge=2, le=1000)] = 5,
              window_minutes: Annotated[int, Query(ge=1, le=10080)] = 60) -> dict[str, Any]:
    w = _window(office, principal, on, at, start, end)
    t = Thresholds(extensions, burst, window_minutes)
    return _answer("anomalies", w, reports.anomalies(office.store.db, w, t),
                   thresholds={"extensions": extensions, "burst": burst,
                               "window_minutes": window_minutes})


# Case files ---------------------------------------------------------------------------------------


def _case_file(office: OfficeDep, principal: Principal, subject: Subject,
               on: date, at: int | None, fmt: str) -> Response:
    position = office.projections.head() if at is None else at
    office.projections.wait_for(position, timeout=10.0)
    scope = Scope(position=position, on=on, readable=tuple(readable_levels(principal)),
                  generated_by=principal.username)
    # A read never signs, nor registers the signer's account: the running signer is asked.
    case = build(office, subject, scope, lambda: None, signer=AskedSigner(office, position))
    name = f"ho-so-kiem-tra-{subject.kind}-{position}"
    if fmt == "zip":
        return Response(casefile.dump_zip(case), media_type="application/zip", headers={
            "Content-Disposition": f'attachment; filename="{name}.zip"'})
    return json_response(case, headers={"Content-Disposition": f'inline; filename="{name}.json"'})


@router.get("/case-files/petitions/{petition_id}", response_model=None,
            summary="Hồ sơ kiểm tra một đơn: sự kiện có chứng minh, sổ, thời hạn, báo cáo")
def petition_case_file(seen: Annotated[Seen[Record], reading(PETITION, "inspection.case_file",
                                                              param="petition_id")],
                       office: OfficeDep, on: OnDate, at: AtPosition, fmt: Format = "json",
                       ) -> Response:
    return _case_file(office, seen.principal, Subject("petition", str(seen.id)), on, at, fmt)


@router.get("/case-files/directives/{directive_id}", response_model=None,
            summary="Hồ sơ kiểm tra một văn bản chỉ đạo và các nhiệm vụ của nó")
def directive_case_file(seen: Annotated[Seen[Record], reading(DIRECTIVE, "inspection.case_file",
                                                               param="directive_id")],
                        office: OfficeDep, on: OnDate, at: AtPosition, fmt: Format = "json",
                        ) -> Response:
    return _case_file(office, seen.principal, Subject("directive", str(seen.id)), on, at, fmt)


@router.get("/case-files/units/{unit}", response_model=None,
            summary="Hồ sơ kiểm tra một đơn vị: nhiệm vụ chủ trì, văn bản soạn thảo, đơn thư "
                    "giải quyết")
def unit_case_file(principal: CaseFiler, office: OfficeDep, unit: str,
                   on: OnDate, at: AtPosition, fmt: Format = "json") -> Response:
    return _case_file(office, principal, Subject("unit", unit), on, at, fmt)


@router.get("/case-files/periods", response_model=None,
            summary="Hồ sơ kiểm tra một thời kỳ: văn bản ban hành, nhiệm vụ giao, đơn nhận trong kỳ")
def period_case_file(principal: CaseFiler, office: OfficeDep,
                     start: Annotated[FilterDate, Query(alias="from")],
                     end: Annotated[FilterDate, Query(alias="to")], on: OnDate, at: AtPosition,
                     fmt: Format = "json") -> Response:
    return _case_file(office, principal, Subject("period", None, start, end), on, at,
                      fmt)
