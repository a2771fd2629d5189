"""Access requests (reading, loans) and disposals (proposal, decision, destruction)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.auth import Principal, permit, require_clearance
from api.deps import AtPosition, OfficeDep, command, time_axis, version_at
from api.http import CommandResult, IfMatch, context, record_answer
from api.routers.archive.common import answer, cleared, view
from api.schemas.archive import (
    ApproveAccess,
    CancelDisposal,
    DecideDisposal,
    Destroy,
    HandOut,
    ProposeDisposal,
    RefuseAccess,
    RequestAccess,
    ReturnItem,
)
from domain.records import Record

router = APIRouter(prefix="/archive", tags=["archive"])
Reader = Annotated[Principal, permit("archive.read")]


def _request(office: OfficeDep, principal: Principal, request_id: UUID) -> Record:
    r = office.archive.get_access(request_id)
    cleared(principal, r)
    return r


@router.post("/access-requests", status_code=201, response_model=CommandResult,
             openapi_extra=command("archive.access.request"),
             summary="Đề nghị đọc tại chỗ hoặc mượn tài liệu")
def request_access(
    principal: Annotated[Principal, permit("archive.access.request")], request: Request,
    office: OfficeDep, body: RequestAccess,
) -> Response:
    *_, secrecy = office.archive.item_facts(body.item_kind, body.item_id)
    require_clearance(principal, secrecy)
    receipt = office.archive.request_access(context(request, principal), **body.model_dump())
    return answer(request, receipt, created=True,
                  location=f"/archive/access-requests/{receipt.record_id}")


@router.get("/access-requests/{request_id}", summary="Một yêu cầu khai thác")
def get_access(
    principal: Reader, office: OfficeDep, request_id: UUID, at: AtPosition,
) -> Response:
    _request(office, principal, request_id)
    r = office.archive.get_access(request_id, version=version_at(office, request_id, at))
    cleared(principal, r)
    return record_answer(r, view(r) | time_axis(at, None))


@router.post("/access-requests/{request_id}/approve", response_model=CommandResult,
             openapi_extra=command("archive.access.decide"), summary="Duyệt (mượn: kèm hạn trả)")
def approve(
    principal: Annotated[Principal, permit("archive.access.decide")], request: Request,
    office: OfficeDep, request_id: UUID, body: ApproveAccess, expected: IfMatch,
) -> Response:
    _request(office, principal, request_id)
    return answer(request, office.archive.approve_access(context(request, principal), request_id,
                                                         expected, **body.model_dump()))


@router.post("/access-requests/{request_id}/refuse", response_model=CommandResult,
             openapi_extra=command("archive.access.decide"), summary="Từ chối (kèm lý do)")
def refuse(
    principal: Annotated[Principal, permit("archive.access.decide")], request: Request,
    office: OfficeDep, request_id: UUID, body: RefuseAccess, expected: IfMatch,
) -> Response:
    _request(office, principal, request_id)
    return answer(request, office.archive.refuse_access(
        context(request, principal, reason=body.reason), request_id, expected,
        refused_on=body.refused_on))


@router.post("/access-requests/{request_id}/hand-out", response_model=CommandResult,
             openapi_extra=command("archive.access.lend"), summary="Giao tài liệu")
def hand_out(
    principal: Annotated[Principal, permit("archive.access.lend")], request: Request, office: OfficeDep,
    request_id: UUID, body: HandOut, expected: IfMatch,
) -> Response:
    _request(office, principal, request_id)
    return answer(request, office.archive.hand_out(context(request, principal), request_id,
                                                   expected, **body.model_dump()))


@router.post("/access-requests/{request_id}/return", response_model=CommandResult,
             openapi_extra=command("archive.access.lend"), summary="Nhận lại tài liệu")
def return_item(
    principal: Annotated[Principal, permit("archive.access.lend")], request: Request, office: OfficeDep,
    request_id: UUID, body: ReturnItem, expected: IfMatch,
) -> Response:
    _request(office, principal, request_id)
    return answer(request, office.archive.return_item(context(request, principal), request_id,
                                                      expected, **body.model_dump()))


def _files_cleared(office: OfficeDep, principal: Principal, file_ids: list[UUID]) -> None:
    for file_id in file_ids:
        cleared(principal, office.archive.get_file(file_id))


@router.post("/disposals", status_code=201, response_model=CommandResult,
             openapi_extra=command("archive.disposal.propose"),
             summary="Hội đồng xác định giá trị tài liệu đề nghị hủy hồ sơ hết hạn")
def propose(
    principal: Annotated[Principal, permit("archive.disposal.propose")], request: Request,
    office: OfficeDep, body: ProposeDisposal,
) -> Response:
    _files_cleared(office, principal, body.file_ids)
    receipt = office.archive.propose_disposal(context(request, principal), **body.model_dump())
    return answer(request, receipt, created=True, location=f"/archive/disposals/{receipt.record_id}")


@router.get("/disposals/{disposal_id}", summary="Một đợt hủy tài liệu")
def get_disposal(
    principal: Reader, office: OfficeDep, disposal_id: UUID, at: AtPosition,
) -> Response:
    d = office.archive.get_disposal(disposal_id, version=version_at(office, disposal_id, at))
    _files_cleared(office, principal, list(d.file_ids))
    return record_answer(d, view(d) | time_axis(at, None))


@router.post("/disposals/{disposal_id}/decide", response_model=CommandResult,
             openapi_extra=command("archive.disposal.decide"),
             summary="Quyết định hủy của người có thẩm quyền")
def decide(
    principal: Annotated[Principal, permit("archive.disposal.decide")], request: Request,
    office: OfficeDep, disposal_id: UUID, body: DecideDisposal, expected: IfMatch,
) -> Response:
    _files_cleared(office, principal, list(office.archive.get_disposal(disposal_id).file_ids))
    return answer(request, office.archive.decide_disposal(context(request, principal),
                                                          disposal_id, expected,
                                                          **body.model_dump()))


@router.post("/disposals/{disposal_id}/destroy", response_model=CommandResult,
             openapi_extra=command("archive.disposal.destroy"),
             summary="Hủy trong 15 ngày kể từ quyết định, kèm biên bản (để lại bản ghi hủy)")
def destroy(
    principal: Annotated[Principal, permit("archive.disposal.destroy")], request: Request,
    office: OfficeDep, disposal_id: UUID, body: Destroy, expected: IfMatch,
) -> Response:
    _files_cleared(office, principal, list(office.archive.get_disposal(disposal_id).file_ids))
    return answer(request, office.archive.destroy(
        context(request, principal, reason=body.reason), disposal_id, expected,
        **body.model_dump(exclude={"reason"})))


@router.post("/disposals/{disposal_id}/cancel", response_model=CommandResult,
             openapi_extra=command("archive.disposal.decide"), summary="Hủy bỏ đợt hủy")
def cancel(
    principal: Annotated[Principal, permit("archive.disposal.decide")], request: Request,
    office: OfficeDep, disposal_id: UUID, body: CancelDisposal, expected: IfMatch,
) -> Response:
    return answer(request, office.archive.cancel_disposal(
        context(request, principal, reason=body.reason), disposal_id, expected))
