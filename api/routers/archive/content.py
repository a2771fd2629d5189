"""Attachments: streamed uploads (raw body) and downloads; every read of a secret item's content
is an access event.

Uploads live under ``/archive/uploads/`` so that the JSON body limit does not apply there
(``api/app.py`` exempts :data:`UPLOAD_PREFIX`); the attachment limit is enforced while streaming.
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect
from starlette.responses import Response, StreamingResponse

from api.auth import Principal, permit, require_clearance
from api.bootstrap import Office
from api.deps import command
from api.http import CommandResult, IfMatch, context
from api.problems import Problem
from api.routers.archive.common import answer, trace
from domain.archive.values import Attachment, ItemKind

UPLOAD_PREFIX = "/archive/uploads/"
router = APIRouter(prefix="/archive", tags=["archive"])
DocumentKind = Literal["incoming", "outgoing"]

_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "description": "the file's bytes (raw body, any media type; Content-Length expected)",
        "content": {"application/octet-stream": {"schema": {"type": "string",
                                                              "format": "binary"}}},
    }
}


@router.post(
    "/uploads/{kind}/{document_id}", status_code=201, response_model=CommandResult,
    openapi_extra={**command("archive.attach"), **_UPLOAD_BODY},
    summary="Đính kèm tệp (thân yêu cầu là nội dung tệp; giới hạn SOCAI_MAX_ATTACHMENT_BYTES)",
)
async def upload(
    request: Request, kind: DocumentKind, document_id: UUID, expected: IfMatch,
    principal: Annotated[Principal, permit("archive.attach")],
    filename: Annotated[str, Query(min_length=1, max_length=255, description="tên tệp")],
) -> Response:
    office: Office = request.app.state.office
    item = ItemKind(kind)
    doc = await run_in_threadpool(office.archive.document, item, document_id)
    require_clearance(principal, doc.secrecy)
    length = request.headers.get("content-length")
    declared = int(length) if length and length.isdigit() else None
    writer = office.blobs.writer(filename, declared)
    try:
        async for chunk in request.stream():
            writer.write(chunk)
    except ClientDisconnect as exc:
        writer.abort()
        raise Problem(400, "upload-truncated", "Tệp tải lên không trọn vẹn",
                      "the client went away before the upload ended; nothing was stored") from exc
    except BaseException:
        writer.abort()
        raise
    pending = await run_in_threadpool(writer.finish)
    attachment = Attachment(pending.sha256, pending.size, pending.media_type, pending.filename)
    try:
        receipt = await run_in_threadpool(office.archive.attach, context(request, principal),
                                          item, document_id, expected, attachment)
    except BaseException:
        office.blobs.discard(pending)
        raise
    await run_in_threadpool(office.blobs.keep, pending)
    return answer(request, receipt, created=True,
                  location=f"/archive/{kind}/{document_id}/attachments/{pending.sha256}",
                  sha256=pending.sha256, size=pending.size, media_type=pending.media_type)


@router.get("/{kind}/{document_id}/attachments/{sha256}",
            summary="Tải nội dung tệp đính kèm (truy cập tài liệu mật được ghi sự kiện)",
            responses={200: {"content": {"application/octet-stream": {}}}})
def download(
    principal: Annotated[Principal, permit("archive.content.read")], request: Request,
    kind: DocumentKind, document_id: UUID, sha256: str,
) -> Response:
    office: Office = request.app.state.office
    item = ItemKind(kind)
    doc, attachment = office.archive.attachment_of(item, document_id, sha256)
    require_clearance(principal, doc.secrecy)
    if not office.blobs.exists(sha256):
        raise Problem(404, "content-missing", "Không tìm thấy nội dung tệp",
                      "the blob is missing from the store; run `socai fixity`")
    trace(request, principal, item, doc.id, doc.secrecy, f"content {sha256}")
    disposition = f"attachment; filename*=UTF-8''{quote(attachment.filename)}"
    return StreamingResponse(office.blobs.stream(sha256), media_type=attachment.media_type,
                             headers={"Content-Disposition": disposition,
                                      "Content-Length": str(attachment.size),
                                      "ETag": f'"{sha256}"'})
