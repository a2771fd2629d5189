"""What every group of archive commands shares: wiring, the office's day, loading the records a
command acts on, the blob store's clean-up after a destruction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, tzinfo
from functools import partial
from typing import Any
from uuid import UUID

from domain.application import OfficeApplication
from domain.archive.content import ContentStore, blob_use_id, fold_blob_use
from domain.archive.disposal import RETENTION_TABLE_ID, RetentionTable, fold_retention
from domain.archive.files import ArchiveFile, fold_file
from domain.archive.incoming import IncomingDocument, fold_incoming
from domain.archive.outgoing import OutgoingDocument, fold_outgoing
from domain.archive.values import ItemKind
from domain.directives.model import Directive, fold_directive
from domain.errors import InvalidValue
from domain.numbering.service import Numbering
from domain.records import Context, Fold, R, expect_version
from domain.reference.service import Reference

Document = IncomingDocument | OutgoingDocument

#: The fold of each kind of record a file may hold.
DOCUMENT_FOLDS: dict[ItemKind, Fold[Any]] = {
    ItemKind.INCOMING: fold_incoming, ItemKind.OUTGOING: fold_outgoing,
    ItemKind.DIRECTIVE: fold_directive,
}


class ArchiveBase(OfficeApplication):
    """State and helpers of the archive application (see :class:`domain.archive.service.Archive`)."""

    reference: Reference
    numbering: Numbering
    zone: tzinfo
    content: ContentStore | None = None

    def wire(self, reference: Reference, *, zone: tzinfo, content: ContentStore | None = None
             ) -> None:
        """Called once by the wiring: reference data, the office time zone, the blob store."""
        self.reference = reference
        self.numbering = Numbering(self, reference)
        self.zone = zone
        self.content = content

    def today(self, ctx: Context) -> date:
        """The command's day in the office time zone (year boundaries use it too): the rules
        take it as a fact."""
        return ctx.now.astimezone(self.zone).date()

    # Loading -------------------------------------------------------------------------------------

    def current(self, record_id: UUID, fold: Fold[R], expected: int | None) -> R:
        """The record a command acts on, at the version the caller decided on (If-Match)."""
        record = self.load(record_id, fold)
        expect_version(record, expected)
        return record

    def get_incoming(self, document_id: UUID, *, version: int | None = None) -> IncomingDocument:
        return self.load(document_id, fold_incoming, version=version)

    def get_outgoing(self, document_id: UUID, *, version: int | None = None) -> OutgoingDocument:
        return self.load(document_id, fold_outgoing, version=version)

    def get_file(self, file_id: UUID, *, version: int | None = None) -> ArchiveFile:
        return self.load(file_id, fold_file, version=version)

    def get_directive(self, directive_id: UUID) -> Directive:
        return self.load(directive_id, fold_directive)

    def retention_table(self) -> RetentionTable | None:
        return self.find(RETENTION_TABLE_ID, fold_retention)

    def document(self, kind: ItemKind, document_id: UUID) -> Document:
        if kind is ItemKind.INCOMING:
            return self.get_incoming(document_id)
        if kind is ItemKind.OUTGOING:
            return self.get_outgoing(document_id)
        msg = f"kind: {kind.value} không có tệp đính kèm (only documents carry attachments)"
        raise InvalidValue(msg, field="kind")

    def find_document(self, kind: ItemKind, document_id: UUID
                      ) -> Document | Directive | None:
        """The document or directive of ``kind`` with that id, if there is one (``None`` for a
        kind a file cannot hold): the rules say what a missing one means."""
        fold = DOCUMENT_FOLDS.get(kind)
        return self.find(document_id, fold) if fold is not None else None

    # Blob references -----------------------------------------------------------------------------

    def blob_in_use(self, sha256: str) -> bool:
        use = self.find(blob_use_id(sha256), fold_blob_use)
        return use is not None and bool(use.items)

    def erase_unused(self, hashes: Iterable[str]) -> list[str]:
        """After a destruction is stored: remove the blobs no live item refers to any more."""
        removed: list[str] = []
        if self.content is None:
            return removed
        for sha in sorted(set(hashes)):
            if self.content.remove(sha, partial(self._unused, sha)):
                removed.append(sha)
        return removed

    def _unused(self, sha256: str) -> bool:
        return not self.blob_in_use(sha256)
