"""Attachments: downloads; every read of a secret item's content is an access event.

Uploads are the command ``archive.attach`` (``api/commands/archive.py``): the request body is the
file, streamed after authentication and the checks. They live under ``/archive/uploads/`` so that the
JSON body limit does not apply there (``api/app.py`` exempts :data:`UPLOAD_PREFIX`); the attachment
limit is enforced while streaming.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import Response, StreamingResponse

from api.bootstrap import Office
from api.commands.archive import DocumentKind
from api.kinds import DOCUMENT
from api.problems import Problem
from api.reading import Seen, reading
from api.routers.archive.common import trace
from domain.archive.values import ItemKind
from domain.records import Record

UPLOAD_PREFIX = "/archive/uploads/"
router = APIRouter(prefix="/archive", tags=["archive"])


@router.get("/{kind}/{document_id}/attachments/{sha256}",
            summary="Tải nội dung tệp đính kèm (truy cập tài liệu mật được ghi sự kiện)",
            responses={200: {"content": {"application/octet-stream": {}}}})
def download(
    request: Request,
    seen: Annotated[Seen[Record], reading(DOCUMENT, "archive.content.read", param="document_id",
                                          at=None, params={"kind": DocumentKind})],
    kind: DocumentKind, sha256: str,
) -> Response:
    office: Office = request.app.state.office
    item = ItemKind(kind)
    doc, attachment = office.archive.attachment_of(item, seen.id, sha256)
    if not office.blobs.exists(sha256):
        raise Problem(404, "content-missing", "Không tìm thấy nội dung tệp",
                      "the blob is missing from the store; run `socai fixity`")
    trace(request, seen.principal, item, doc.id, doc.secrecy, f"content {sha256}")
    disposition = f"attachment; filename*=UTF-8''{quote(attachment.filename)}"
    return StreamingResponse(office.blobs.stream(sha256), media_type=attachment.media_type,
                             headers={"Content-Disposition": disposition,
                                      "Content-Length": str(attachment.size),
                                      "ETag": f'"{sha256}"'})
