"""Files (hồ sơ) and the retention table: open, fill, close, keep back, hand over, declassify,
transfer, legal holds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.auth import Principal, permit, require_clearance
from api.deps import AtPosition, OfficeDep, command
from api.http import CommandResult, IfMatch, context
from api.routers.archive.common import answer, cleared, show_at
from api.schemas.archive import (
    AddDocument,
    CloseFile,
    Declassify,
    HandOver,
    KeepBack,
    OpenFile,
    PlaceHold,
    ReleaseHold,
    RetentionClassIn,
    Transfer,
)
from domain.archive.values import ItemKind

F = TypeVar("F", bound=Callable[..., Any])
router = APIRouter(prefix="/archive", tags=["archive"])
Reader = Annotated[Principal, permit("archive.read")]


def _command(name: str, summary: str, path: str) -> Callable[[F], F]:
    return router.post(f"/files/{{file_id}}/{path}", response_model=CommandResult,
                       openapi_extra=command(name), summary=summary)


@router.get("/retention-classes", summary="Bảng thời hạn bảo quản")
def retention_classes(office: OfficeDep, _: Reader) -> dict[str, Any]:
    table = office.archive.retention_table()
    if table is None:
        return {"version": 0, "items": []}
    items = [{**asdict(c), "label": c.label} for c in table.classes.values()]
    return {"version": table.version, "items": items}


@router.post("/retention-classes", response_model=CommandResult,
             openapi_extra=command("archive.retention.change"),
             summary="Thêm hoặc sửa nhóm thời hạn bảo quản (không kéo dài hồ sơ đã lập)")
def define_retention_class(
    principal: Annotated[Principal, permit("archive.retention.change")], request: Request,
    office: OfficeDep, body: RetentionClassIn,
) -> Response:
    return answer(request, office.archive.define_retention_class(
        context(request, principal), **body.model_dump()))


@router.post("/files", status_code=201, response_model=CommandResult,
             openapi_extra=command("archive.file.manage"), summary="Mở hồ sơ")
def open_file(
    principal: Annotated[Principal, permit("archive.file.manage")], request: Request, office: OfficeDep,
    body: OpenFile,
) -> Response:
    require_clearance(principal, body.secrecy)
    receipt = office.archive.open_file(context(request, principal), **body.model_dump())
    return answer(request, receipt, created=True, location=f"/archive/files/{receipt.record_id}")


@router.get("/files/{file_id}", summary="Một hồ sơ (thời hạn bảo quản, mã lưu trữ, phong tỏa)")
def get_file(
    principal: Reader, request: Request, office: OfficeDep, file_id: UUID, at: AtPosition,
) -> Response:
    def extra(f: Any) -> dict[str, Any]:
        return {"retention_years": f.retention_years, "expires_on": f.expires_on,
                "handover_due": f.handover_due, "on_hold": f.on_hold}

    return show_at(request, principal, office.archive.get_file, file_id, ItemKind.FILE, at, extra)


@_command("archive.file.manage", "Thêm văn bản vào hồ sơ", "documents")
def add_document(
    principal: Annotated[Principal, permit("archive.file.manage")], request: Request, office: OfficeDep,
    file_id: UUID, body: AddDocument, expected: IfMatch,
) -> Response:
    cleared(principal, office.archive.get_file(file_id))
    return answer(request, office.archive.add_document(context(request, principal), file_id,
                                                       expected, **body.model_dump()))


@_command("archive.file.manage", "Kết thúc hồ sơ (ngày kết thúc công việc)", "close")
def close_file(
    principal: Annotated[Principal, permit("archive.file.manage")], request: Request, office: OfficeDep,
    file_id: UUID, body: CloseFile, expected: IfMatch,
) -> Response:
    cleared(principal, office.archive.get_file(file_id))
    return answer(request, office.archive.close_file(context(request, principal), file_id,
                                                     expected, **body.model_dump()))


@_command("archive.file.keep_back", "Giữ lại hồ sơ ở đơn vị (tối đa 2 năm)", "keep-back")
def keep_back(
    principal: Annotated[Principal, permit("archive.file.keep_back")], request: Request,
    office: OfficeDep, file_id: UUID, body: KeepBack, expected: IfMatch,
) -> Response:
    cleared(principal, office.archive.get_file(file_id))
    return answer(request, office.archive.keep_back(context(request, principal), file_id,
                                                    expected, **body.model_dump()))


@_command("archive.file.hand_over", "Nộp lưu vào lưu trữ cơ quan, cấp mã lưu trữ", "hand-over")
def hand_over(
    principal: Annotated[Principal, permit("archive.file.hand_over")], request: Request,
    office: OfficeDep, file_id: UUID, body: HandOver, expected: IfMatch,
) -> Response:
    cleared(principal, office.archive.get_file(file_id))
    return answer(request, office.archive.hand_over(context(request, principal), file_id,
                                                    expected, **body.model_dump()))


@_command("archive.file.declassify", "Giải mật, giảm độ mật (kèm lý do)", "declassify")
def declassify(
    principal: Annotated[Principal, permit("archive.file.declassify")], request: Request,
    office: OfficeDep, file_id: UUID, body: Declassify, expected: IfMatch,
) -> Response:
    cleared(principal, office.archive.get_file(file_id))
    return answer(request, office.archive.declassify(
        context(request, principal, reason=body.reason), file_id, expected,
        **body.model_dump(exclude={"reason"})))


@_command("archive.file.transfer", "Nộp lưu vào lưu trữ lịch sử", "transfer")
def transfer(
    principal: Annotated[Principal, permit("archive.file.transfer")], request: Request,
    office: OfficeDep, file_id: UUID, body: Transfer, expected: IfMatch,
) -> Response:
    cleared(principal, office.archive.get_file(file_id))
    return answer(request, office.archive.transfer(context(request, principal), file_id,
                                                   expected, **body.model_dump()))


@_command("archive.hold", "Phong tỏa hồ sơ (chặn hủy, không kéo dài thời hạn)", "holds")
def place_hold(
    principal: Annotated[Principal, permit("archive.hold")], request: Request, office: OfficeDep,
    file_id: UUID, body: PlaceHold, expected: IfMatch,
) -> Response:
    cleared(principal, office.archive.get_file(file_id))
    return answer(request, office.archive.place_hold(
        context(request, principal, reason=body.reason), file_id, expected,
        **body.model_dump(exclude={"reason"})))


@router.post("/files/{file_id}/holds/{hold_id}/release", response_model=CommandResult,
             openapi_extra=command("archive.hold"), summary="Gỡ phong tỏa (kèm lý do)")
def release_hold(
    principal: Annotated[Principal, permit("archive.hold")], request: Request, office: OfficeDep,
    file_id: UUID, hold_id: UUID, body: ReleaseHold, expected: IfMatch,
) -> Response:
    cleared(principal, office.archive.get_file(file_id))
    return answer(request, office.archive.release_hold(
        context(request, principal, reason=body.reason), file_id, expected, hold_id=hold_id,
        released_on=body.released_on))
