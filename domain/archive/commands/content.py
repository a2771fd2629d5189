"""Commands on content: attaching a stored blob to a document, and recording fixity runs.

Each loads the records it acts on (the document, the blob's use), lets
``domain.archive.rules.content`` decide, and records the events."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from domain.application import Receipt
from domain.archive.commands.base import ArchiveBase, Document
from domain.archive.content import blob_use_id, fold_blob_use
from domain.archive.rules import content as rules
from domain.archive.values import Attachment, ItemKind
from domain.records import Context, expect_version


class ContentCommands(ArchiveBase):
    def attach(
        self, ctx: Context, kind: ItemKind, document_id: UUID, expected: int | None,
        attachment: Attachment,
    ) -> Receipt:
        """Attach content already in the blob store to a document; the blob's use is recorded
        in the same transaction."""
        doc = self.document(ItemKind(kind), document_id)
        expect_version(doc, expected)
        use = self.find(blob_use_id(attachment.sha256), fold_blob_use)
        return self.record(rules.attach(ctx, doc, use, attachment=attachment), record_id=doc.id)

    def attachment_of(self, kind: ItemKind, document_id: UUID, sha256: str
                      ) -> tuple[Document, Attachment]:
        """The document and its attachment with that hash (404 if not attached, 409 if destroyed)."""
        doc = self.document(ItemKind(kind), document_id)
        return doc, rules.attachment_of(doc, sha256)

    def record_fixity(
        self, ctx: Context, *, started_at: datetime, checked: int, bytes_checked: int,
        mismatched: tuple[str, ...], missing: tuple[str, ...],
    ) -> Receipt:
        """One fixity run: how many blobs were re-hashed, which did not match, which are gone."""
        run_id = uuid4()
        events = rules.record_fixity(ctx, run_id=run_id, started_at=started_at, checked=checked,
                                     bytes_checked=bytes_checked, mismatched=mismatched,
                                     missing=missing)
        return self.record(events, record_id=run_id)
