"""Incoming and outgoing documents: registration, passing on, follow-up, dispatch, correction,
replacement, recall."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.auth import Principal, permit, require_clearance
from api.deps import AtPosition, OfficeDep, command
from api.http import CommandResult, IfMatch, context
from api.routers.archive.common import answer, cleared, show_at
from api.schemas.archive import (
    Correct,
    Dispatch,
    PassOn,
    Recall,
    RecordProgress,
    RecordReply,
    RegisterIncoming,
    RegisterOutgoing,
    Replace,
)
from domain.archive.values import ItemKind

router = APIRouter(prefix="/archive", tags=["archive"])
Reader = Annotated[Principal, permit("archive.read")]


@router.post("/incoming", status_code=201, response_model=CommandResult,
             openapi_extra=command("archive.incoming.register"),
             summary="Vào sổ văn bản đến (số đến theo năm; cảnh báo trùng số, ký hiệu)")
def register_incoming(
    principal: Annotated[Principal, permit("archive.incoming.register")], request: Request,
    office: OfficeDep, body: RegisterIncoming,
) -> Response:
    require_clearance(principal, body.secrecy)
    reg = office.archive.register_incoming(context(request, principal), **body.model_dump())
    warnings = [{"code": "duplicate-number-symbol", "earlier": str(d),
                 "detail": "trùng số, ký hiệu và tác giả với văn bản đã vào sổ"}
                for d in reg.duplicates]
    return answer(request, reg.receipt, created=True,
                  location=f"/archive/incoming/{reg.receipt.record_id}", year=reg.year,
                  number=reg.number, warnings=warnings)


@router.get("/incoming/{document_id}", summary="Một văn bản đến")
def get_incoming(
    principal: Reader, request: Request, office: OfficeDep, document_id: UUID, at: AtPosition,
) -> Response:
    return show_at(request, principal, office.archive.get_incoming, document_id, ItemKind.INCOMING,
                   at)


@router.post("/incoming/{document_id}/pass-on", response_model=CommandResult,
             openapi_extra=command("archive.incoming.pass_on"),
             summary="Chuyển văn bản đến cho đơn vị, cá nhân (kèm hạn giải quyết)")
def pass_on(
    principal: Annotated[Principal, permit("archive.incoming.pass_on")], request: Request,
    office: OfficeDep, document_id: UUID, body: PassOn, expected: IfMatch,
) -> Response:
    cleared(principal, office.archive.get_incoming(document_id))
    return answer(request, office.archive.pass_on(context(request, principal), document_id,
                                                  expected, **body.model_dump()))


@router.post("/incoming/{document_id}/progress", response_model=CommandResult,
             openapi_extra=command("archive.incoming.follow_up"), summary="Cập nhật tiến độ")
def progress(
    principal: Annotated[Principal, permit("archive.incoming.follow_up")], request: Request,
    office: OfficeDep, document_id: UUID, body: RecordProgress, expected: IfMatch,
) -> Response:
    cleared(principal, office.archive.get_incoming(document_id))
    return answer(request, office.archive.record_progress(
        context(request, principal), document_id, expected, **body.model_dump()))


@router.post("/incoming/{document_id}/reply", response_model=CommandResult,
             openapi_extra=command("archive.incoming.follow_up"),
             summary="Ghi số văn bản trả lời (kết thúc theo dõi)")
def reply(
    principal: Annotated[Principal, permit("archive.incoming.follow_up")], request: Request,
    office: OfficeDep, document_id: UUID, body: RecordReply, expected: IfMatch,
) -> Response:
    cleared(principal, office.archive.get_incoming(document_id))
    return answer(request, office.archive.record_reply(
        context(request, principal), document_id, expected, **body.model_dump()))


@router.post("/outgoing", status_code=201, response_model=CommandResult,
             openapi_extra=command("archive.outgoing.register"),
             summary="Cấp số văn bản đi (CV, BC, TTr, GM, BB…) theo quy tắc Đảng / Nhà nước")
def register_outgoing(
    principal: Annotated[Principal, permit("archive.outgoing.register")], request: Request,
    office: OfficeDep, body: RegisterOutgoing,
) -> Response:
    require_clearance(principal, body.secrecy)
    receipt = office.archive.register_outgoing(context(request, principal), **body.model_dump())
    doc = office.archive.get_outgoing(receipt.record_id) if receipt.record_id else None
    return answer(request, receipt, created=True, location=f"/archive/outgoing/{receipt.record_id}",
                  number_symbol=doc.number_symbol if doc else None)


@router.get("/outgoing/{document_id}", summary="Một văn bản đi")
def get_outgoing(
    principal: Reader, request: Request, office: OfficeDep, document_id: UUID, at: AtPosition,
) -> Response:
    return show_at(request, principal, office.archive.get_outgoing, document_id, ItemKind.OUTGOING,
                   at)


@router.post("/outgoing/{document_id}/dispatch", response_model=CommandResult,
             openapi_extra=command("archive.outgoing.dispatch"), summary="Phát hành (ngày chuyển)")
def dispatch(
    principal: Annotated[Principal, permit("archive.outgoing.dispatch")], request: Request,
    office: OfficeDep, document_id: UUID, body: Dispatch, expected: IfMatch,
) -> Response:
    cleared(principal, office.archive.get_outgoing(document_id))
    return answer(request, office.archive.dispatch(context(request, principal), document_id,
                                                   expected, **body.model_dump()))


def _new_document(office: OfficeDep, receipt_id: UUID | None) -> dict[str, str]:
    doc = office.archive.get_outgoing(receipt_id) if receipt_id else None
    return {"number_symbol": doc.number_symbol} if doc else {}


@router.post("/outgoing/{document_id}/correct", status_code=201, response_model=CommandResult,
             openapi_extra=command("archive.outgoing.correct"),
             summary="Đính chính sai sót thể thức bằng công văn (văn bản mới, liên kết hai chiều)")
def correct(
    principal: Annotated[Principal, permit("archive.outgoing.correct")], request: Request,
    office: OfficeDep, document_id: UUID, body: Correct, expected: IfMatch,
) -> Response:
    cleared(principal, office.archive.get_outgoing(document_id))
    receipt = office.archive.correct(context(request, principal), document_id, expected,
                                     **body.model_dump())
    return answer(request, receipt, created=True, location=f"/archive/outgoing/{receipt.record_id}",
                  **_new_document(office, receipt.record_id))


@router.post("/outgoing/{document_id}/replace", status_code=201, response_model=CommandResult,
             openapi_extra=command("archive.outgoing.replace"),
             summary="Thay thế bằng văn bản mới cùng hình thức (sai sót nội dung)")
def replace(
    principal: Annotated[Principal, permit("archive.outgoing.replace")], request: Request,
    office: OfficeDep, document_id: UUID, body: Replace, expected: IfMatch,
) -> Response:
    cleared(principal, office.archive.get_outgoing(document_id))
    fields = body.model_dump(exclude={"reason"})
    receipt = office.archive.replace_document(context(request, principal, reason=body.reason),
                                              document_id, expected, **fields)
    return answer(request, receipt, created=True, location=f"/archive/outgoing/{receipt.record_id}",
                  **_new_document(office, receipt.record_id))


@router.post("/outgoing/{document_id}/recall", response_model=CommandResult,
             openapi_extra=command("archive.outgoing.recall"),
             summary="Thu hồi: khóa bản lưu, thông báo nơi nhận")
def recall(
    principal: Annotated[Principal, permit("archive.outgoing.recall")], request: Request,
    office: OfficeDep, document_id: UUID, body: Recall, expected: IfMatch,
) -> Response:
    cleared(principal, office.archive.get_outgoing(document_id))
    return answer(request, office.archive.recall(context(request, principal, reason=body.reason),
                                                 document_id, expected,
                                                 recalled_on=body.recalled_on))
