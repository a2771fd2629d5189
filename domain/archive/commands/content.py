"""Commands on content: attaching a stored blob to a document, and recording fixity runs."""

from __future__ import annotations

import re
from datetime import datetime
from uuid import UUID, uuid4

from domain.application import Receipt
from domain.archive.commands.base import ArchiveBase, Document
from domain.archive.content import FixityRun
from domain.archive.errors import AttachmentAlreadyThere, DocumentDestroyed, OutgoingDocumentFrozen
from domain.archive.incoming import IncomingDocument, IncomingStatus
from domain.archive.outgoing import FROZEN, OutgoingDocument, OutgoingStatus
from domain.archive.values import Attachment, ItemKind
from domain.errors import InvalidValue, RecordNotFound
from domain.records import Context, expect_version
from domain.text import clean

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def check_sha256(value: str) -> str:
    if not _SHA256.match(value):
        msg = "sha256: 64 chữ số hệ 16 viết thường (64 lowercase hex digits)"
        raise InvalidValue(msg, field="sha256")
    return value


class ContentCommands(ArchiveBase):
    def attach(
        self, ctx: Context, kind: ItemKind, document_id: UUID, expected: int | None,
        attachment: Attachment,
    ) -> Receipt:
        """Attach content already in the blob store to a document; the blob's use is recorded
        in the same transaction."""
        doc = self.document(ItemKind(kind), document_id)
        expect_version(doc, expected)
        if doc.status in (IncomingStatus.DESTROYED, OutgoingStatus.DESTROYED):
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
        events = [ctx.follow(doc, cls, attachment=clean_attachment),
                  *self._blob_events(ctx, referenced=[(sha, doc.id, attachment.size)])]
        return self.record(events, record_id=doc.id)

    def attachment_of(self, kind: ItemKind, document_id: UUID, sha256: str
                      ) -> tuple[Document, Attachment]:
        """The document and its attachment with that hash (404 if not attached, 409 if destroyed)."""
        doc = self.document(ItemKind(kind), document_id)
        found = next((a for a in doc.attachments if a.sha256 == sha256), None)
        if found is None:
            msg = "văn bản không có tệp đính kèm này (no such attachment)"
            raise RecordNotFound(msg)
        if doc.status in (IncomingStatus.DESTROYED, OutgoingStatus.DESTROYED):
            msg = "nội dung đã bị hủy theo quyết định; chỉ còn bản ghi hủy (content destroyed)"
            raise DocumentDestroyed(msg)
        return doc, found

    def record_fixity(
        self, ctx: Context, *, started_at: datetime, checked: int, bytes_checked: int,
        mismatched: tuple[str, ...], missing: tuple[str, ...],
    ) -> Receipt:
        """One fixity run: how many blobs were re-hashed, which did not match, which are gone."""
        run_id = uuid4()
        event = ctx.event(FixityRun.FixityChecked, run_id, 1, started_at=started_at,
                          checked=checked, bytes_checked=bytes_checked,
                          mismatched=tuple(sorted(mismatched)), missing=tuple(sorted(missing)))
        return self.record([event], record_id=run_id)
