"""Rules of content: attaching a stored blob to a document, who refers to each blob, and the
fixity runs that re-hash them.

A blob is kept while a live item refers to it: each attachment and each destruction writes, in
the same transaction, the blob's use (:class:`~domain.archive.content.BlobUse`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from uuid import UUID

from domain.archive.content import BlobUse, FixityRun, blob_use_id
from domain.archive.errors import AttachmentAlreadyThere, DocumentDestroyed, OutgoingDocumentFrozen
from domain.archive.incoming import IncomingDocument, IncomingStatus
from domain.archive.outgoing import FROZEN, OutgoingDocument, OutgoingStatus
from domain.archive.values import Attachment
from domain.errors import InvalidValue, RecordNotFound
from domain.events import Event
from domain.records import Context
from domain.text import clean

Document = IncomingDocument | OutgoingDocument

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def check_sha256(value: str) -> str:
    """A content hash as the blob store names it: 64 lowercase hex digits."""
    if not _SHA256.match(value):
        msg = "sha256: 64 chữ số hệ 16 viết thường (64 lowercase hex digits)"
        raise InvalidValue(msg, field="sha256")
    return value


def _destroyed(doc: Document) -> bool:
    return doc.status in (IncomingStatus.DESTROYED, OutgoingStatus.DESTROYED)


def blob_events(
    ctx: Context, uses: Mapping[str, BlobUse | None], *,
    referenced: Iterable[tuple[str, UUID, int]] = (), released: Iterable[tuple[str, UUID]] = (),
) -> list[Event]:
    """The uses of blobs taken, as (hash, item, size), and let go, as (hash, item), each blob's
    events versioned after its record in ``uses`` (``None`` or missing: no use recorded yet)."""
    versions: dict[str, int] = {}

    def next_version(sha: str) -> int:
        if sha not in versions:
            use = uses.get(sha)
            versions[sha] = use.version if use else 0
        versions[sha] += 1
        return versions[sha]

    events: list[Event] = []
    for sha, item_id, size in referenced:
        events.append(ctx.event(BlobUse.Referenced, blob_use_id(sha), next_version(sha),
                                sha256=sha, item_id=item_id, size=size))
    for sha, item_id in released:
        events.append(ctx.event(BlobUse.Released, blob_use_id(sha), next_version(sha),
                                sha256=sha, item_id=item_id))
    return events


def attach(ctx: Context, doc: Document, use: BlobUse | None, *, attachment: Attachment
           ) -> list[Event]:
    """Attach content already in the blob store to a live, unfrozen document, once per content;
    the blob's use (``use``: its record, ``None`` if none yet) is recorded with it."""
    if _destroyed(doc):
        msg = "văn bản đã bị hủy (the document was destroyed)"
        raise DocumentDestroyed(msg)
    if isinstance(doc, OutgoingDocument) and doc.status in FROZEN:
        msg = f"văn bản đi đã {doc.status.label.lower()}: bản lưu bị khóa (the copy is frozen)"
        raise OutgoingDocumentFrozen(msg, status=doc.status.value)
    sha = check_sha256(attachment.sha256)
    if any(a.sha256 == sha for a in doc.attachments):
        msg = "tệp này đã được đính kèm văn bản (the same content is already attached)"
        raise AttachmentAlreadyThere(msg, sha256=sha)
    if attachment.size < 0:
        msg = "size: không được âm (must not be negative)"
        raise InvalidValue(msg, field="size")
    clean_attachment = Attachment(
        sha, attachment.size, clean(attachment.media_type, "media_type", max_length=200),
        clean(attachment.filename, "filename", max_length=255),
    )
    cls = IncomingDocument.Attached if isinstance(doc, IncomingDocument) else \
        OutgoingDocument.Attached
    return [ctx.follow(doc, cls, attachment=clean_attachment),
            *blob_events(ctx, {sha: use}, referenced=[(sha, doc.id, attachment.size)])]


def attachment_of(doc: Document, sha256: str) -> Attachment:
    """The document's attachment with that hash, if it has one and its content still exists."""
    found = next((a for a in doc.attachments if a.sha256 == sha256), None)
    if found is None:
        msg = "văn bản không có tệp đính kèm này (no such attachment)"
        raise RecordNotFound(msg)
    if _destroyed(doc):
        msg = "nội dung đã bị hủy theo quyết định; chỉ còn bản ghi hủy (content destroyed)"
        raise DocumentDestroyed(msg)
    return found


def record_fixity(
    ctx: Context, *, run_id: UUID, started_at: datetime, checked: int, bytes_checked: int,
    mismatched: Iterable[str], missing: Iterable[str],
) -> list[Event]:
    """One fixity run: how many blobs were re-hashed, which did not match, which are gone."""
    return [ctx.event(FixityRun.FixityChecked, run_id, 1, started_at=started_at, checked=checked,
                      bytes_checked=bytes_checked, mismatched=tuple(sorted(mismatched)),
                      missing=tuple(sorted(missing)))]
