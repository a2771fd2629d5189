"""Commands on files (hồ sơ): open, add documents, close, keep back, hand over with an archival
code, declassify, transfer to the historical archive, place and release legal holds.

Each loads the records it acts on, gathers the facts (the retention table, units, the documents
and codes a command names), lets ``domain.archive.rules.files`` decide, and records the events."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from domain.actors import Secrecy
from domain.application import Receipt
from domain.archive.commands.base import ArchiveBase
from domain.archive.files import (
    directive_filing_id,
    fold_code_slot,
    fold_directive_filing,
    fold_file,
)
from domain.archive.rules import files as rules
from domain.archive.rules.retention import retention_class
from domain.archive.values import ItemKind, RetentionClass
from domain.records import Context


class FileCommands(ArchiveBase):
    def retention_class(self, code: str) -> RetentionClass:
        """The active class ``code`` of the retention table."""
        return retention_class(self.retention_table(), code)

    def open_file(
        self, ctx: Context, *, reference: str, title: str, unit: str, retention_class: str,
        opened_on: date | None = None, secrecy: Secrecy = Secrecy.NONE,
    ) -> Receipt:
        """Open a file for a piece of work; its retention class comes from the retention table."""
        file_id = uuid4()
        events = rules.open_file(
            ctx, self.retention_table(), today=self.today(ctx), units=self.reference.units(),
            file_id=file_id, reference=reference, title=title, unit=unit,
            retention_class=retention_class, opened_on=opened_on, secrecy=secrecy,
        )
        return self.record(events, record_id=file_id)

    def add_document(
        self, ctx: Context, file_id: UUID, expected: int | None, *, kind: ItemKind,
        document_id: UUID, retention_class: str | None = None,
    ) -> Receipt:
        """Add a registered document (incoming, outgoing or a directive) to an open file. The
        document keeps the retention class given (default: the file's); the file takes the
        longest of them."""
        f = self.current(file_id, fold_file, expected)
        document = self.find_document(kind, document_id)
        filing = (self.find(directive_filing_id(document_id), fold_directive_filing)
                  if kind == ItemKind.DIRECTIVE else None)
        events = rules.add_document(
            ctx, f, self.retention_table(), today=self.today(ctx), kind=kind,
            document_id=document_id, document=document, filing=filing,
            retention_class=retention_class,
        )
        return self.record(events, record_id=f.id)

    def close_file(
        self, ctx: Context, file_id: UUID, expected: int | None, *, ended_on: date | None = None
    ) -> Receipt:
        """Close the file: ``ended_on`` (the day the work ended) starts the retention clock."""
        f = self.current(file_id, fold_file, expected)
        return self.record(rules.close_file(ctx, f, today=self.today(ctx), ended_on=ended_on),
                           record_id=f.id)

    def keep_back(
        self, ctx: Context, file_id: UUID, expected: int | None, *, until: date,
        approval_reference: str,
    ) -> Receipt:
        """The unit keeps a closed file back, at most 2 years beyond the handover deadline, with
        the head's written approval."""
        f = self.current(file_id, fold_file, expected)
        return self.record(rules.keep_back(ctx, f, until=until,
                                           approval_reference=approval_reference),
                           record_id=f.id)

    def hand_over(
        self, ctx: Context, file_id: UUID, expected: int | None, *, fonds: str, inventory: str,
        box: str, file_number: int, received_by: str, handed_over_on: date | None = None,
    ) -> Receipt:
        """The office archive receives a closed file kept 5 years or more and gives it its
        archival code (phông · mục lục · hộp · hồ sơ số)."""
        f = self.current(file_id, fold_file, expected)
        code = rules.archival_code(f, fonds=fonds, inventory=inventory, box=box,
                                   file_number=file_number)
        slot = self.find(code.record_id, fold_code_slot)
        events = rules.hand_over(ctx, f, slot, today=self.today(ctx), code=code,
                                 received_by=received_by, handed_over_on=handed_over_on)
        return self.record(events, record_id=f.id)

    def declassify(
        self, ctx: Context, file_id: UUID, expected: int | None, *, secrecy: Secrecy,
        decision_reference: str, declassified_on: date | None = None,
    ) -> Receipt:
        """Lower (or lift) a file's secrecy under a decision, with a reason."""
        f = self.current(file_id, fold_file, expected)
        events = rules.declassify(ctx, f, today=self.today(ctx), secrecy=secrecy,
                                  decision_reference=decision_reference,
                                  declassified_on=declassified_on)
        return self.record(events, record_id=f.id)

    def transfer(
        self, ctx: Context, file_id: UUID, expected: int | None, *, receiving_archive: str,
        reference: str, transferred_on: date | None = None,
    ) -> Receipt:
        """Transfer a permanent, non-secret archived file to the historical archive."""
        f = self.current(file_id, fold_file, expected)
        events = rules.transfer(ctx, f, today=self.today(ctx),
                                receiving_archive=receiving_archive, reference=reference,
                                transferred_on=transferred_on)
        return self.record(events, record_id=f.id)

    def place_hold(
        self, ctx: Context, file_id: UUID, expected: int | None, *, reference: str,
        placed_on: date | None = None,
    ) -> Receipt:
        """A legal hold (inspection, dispute, case): blocks disposal and extends nothing."""
        f = self.current(file_id, fold_file, expected)
        events = rules.place_hold(ctx, f, today=self.today(ctx), hold_id=uuid4(),
                                  reference=reference, placed_on=placed_on)
        return self.record(events, record_id=f.id)

    def release_hold(
        self, ctx: Context, file_id: UUID, expected: int | None, *, hold_id: UUID,
        released_on: date | None = None,
    ) -> Receipt:
        f = self.current(file_id, fold_file, expected)
        events = rules.release_hold(ctx, f, today=self.today(ctx), hold_id=hold_id,
                                    released_on=released_on)
        return self.record(events, record_id=f.id)
