"""Commands on the retention table and on disposals: propose, decide, destroy, cancel.

Destruction writes, in one transaction: the disposal's minutes, a tombstone on every file, a
``Destroyed`` event on every document in them, and the release of their blobs; after it is stored,
the blobs that no live item refers to any more are removed from the blob store.

Each command loads the records it acts on (the disposal, its files, their documents, the uses of
their blobs), lets ``domain.archive.rules.disposal`` (or ``.retention``) decide, and records the
events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID, uuid4

from domain.application import Receipt
from domain.archive.commands.base import ArchiveBase
from domain.archive.content import BlobUse, blob_use_id, fold_blob_use
from domain.archive.disposal import RETENTION_TABLE_ID, Disposal, fold_disposal
from domain.archive.files import ArchiveFile, fold_file
from domain.archive.incoming import IncomingDocument
from domain.archive.outgoing import OutgoingDocument
from domain.archive.rules import disposal as rules
from domain.archive.rules.retention import define_retention_class
from domain.archive.values import ItemKind
from domain.records import Context


class DisposalCommands(ArchiveBase):
    # The retention table (admin) ------------------------------------------------------------------

    def define_retention_class(
        self, ctx: Context, *, code: str, name: str, years: int | None, active: bool = True
    ) -> Receipt:
        """Add or change a row of the retention table (``years`` None: permanent). Files already
        holding the class keep the years they were given: nothing is extended silently."""
        events = define_retention_class(ctx, self.retention_table(), code=code, name=name,
                                        years=years, active=active)
        return self.record(events, record_id=RETENTION_TABLE_ID)

    # Disposals ------------------------------------------------------------------------------------

    def get_disposal(self, disposal_id: UUID, *, version: int | None = None) -> Disposal:
        return self.load(disposal_id, fold_disposal, version=version)

    def _files(self, d: Disposal) -> list[ArchiveFile]:
        return [self.get_file(file_id) for file_id in d.file_ids]

    def propose_disposal(
        self, ctx: Context, *, file_ids: Iterable[UUID], council: Iterable[str],
        proposal_reference: str, proposed_on: date | None = None,
    ) -> Receipt:
        """The appraisal council proposes a list of expired files for destruction."""
        ids = tuple(file_ids)
        files = {file_id: self.find(file_id, fold_file) for file_id in ids}
        disposal_id = uuid4()
        events = rules.propose_disposal(
            ctx, files, today=self.today(ctx), disposal_id=disposal_id, file_ids=ids,
            council=council, proposal_reference=proposal_reference, proposed_on=proposed_on,
        )
        return self.record(events, record_id=disposal_id)

    def decide_disposal(
        self, ctx: Context, disposal_id: UUID, expected: int | None, *, decision_number: str,
        decided_by: str, decided_on: date | None = None,
    ) -> Receipt:
        """The competent head's decision to destroy the proposed files."""
        d = self.current(disposal_id, fold_disposal, expected)
        events = rules.decide_disposal(ctx, d, self._files(d), today=self.today(ctx),
                                       decision_number=decision_number, decided_by=decided_by,
                                       decided_on=decided_on)
        return self.record(events, record_id=d.id)

    def destroy(
        self, ctx: Context, disposal_id: UUID, expected: int | None, *, minutes_number: str,
        destroyed_on: date | None = None,
    ) -> Receipt:
        """Destroy the decided files within 15 days of the decision, with minutes; each file
        keeps a tombstone and its documents' content leaves the blob store."""
        d = self.current(disposal_id, fold_disposal, expected)
        files = self._files(d)
        documents: dict[UUID, IncomingDocument | OutgoingDocument] = {
            filed.document_id: self.document(filed.kind, filed.document_id)
            for f in files for filed in f.documents
            if filed.kind in (ItemKind.INCOMING, ItemKind.OUTGOING)
        }
        uses: dict[str, BlobUse | None] = {
            a.sha256: self.find(blob_use_id(a.sha256), fold_blob_use)
            for doc in documents.values() for a in doc.attachments
        }
        events = rules.destroy(ctx, d, files, documents, uses, today=self.today(ctx),
                               minutes_number=minutes_number, destroyed_on=destroyed_on)
        receipt = self.record(events, record_id=d.id)
        done = next(e for e in events if isinstance(e, Disposal.Destroyed))
        self.erase_unused(done.content_hashes)
        return receipt

    def cancel_disposal(self, ctx: Context, disposal_id: UUID, expected: int | None) -> Receipt:
        d = self.current(disposal_id, fold_disposal, expected)
        return self.record(rules.cancel_disposal(ctx, d), record_id=d.id)
