"""Commands on outgoing documents: register with a number from the numbering service, dispatch,
correct by official letter, replace by a new document, recall.

Each loads the records it acts on, gathers the facts (reference catalogues, the number the
numbering service allocates), lets ``domain.archive.rules.outgoing`` decide, and records the events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID, uuid4

from domain.actors import Secrecy
from domain.application import Receipt
from domain.archive.commands.base import ArchiveBase
from domain.archive.outgoing import fold_outgoing
from domain.archive.rules import outgoing as rules
from domain.archive.rules.outgoing import OutgoingEntry
from domain.archive.values import Urgency
from domain.records import Context


class OutgoingCommands(ArchiveBase):
    def _issue(self, ctx: Context, entry: OutgoingEntry, expected: int | None = None) -> Receipt:
        """Number and register one document, exactly as ``Directives.issue`` numbers a directive:
        the allocation's events are stored with the document's, retried if another issue took the
        number first. A correcting letter or a replacement also links the original (at
        ``expected``) to the new number, in the same transaction."""
        document_id = uuid4()
        original_id = entry.original_id

        def attempt() -> Receipt:
            original = (self.current(original_id, fold_outgoing, expected) if original_id
                        else None)
            allocation = self.numbering.allocate(
                ctx, issuer=entry.issuer, document_type=entry.document_type, on=entry.issued_on,
                secrecy=entry.secrecy, document_id=document_id,
            )
            events = rules.register_outgoing(ctx, original, entry=entry, allocation=allocation,
                                             document_id=document_id)
            return self.record(events, record_id=document_id)

        return self.retrying(attempt)

    def register_outgoing(
        self, ctx: Context, *, document_type: str, issuer: str, issued_on: date, summary: str,
        signer: str, signer_title: str, recipients: Iterable[str], file_copy_unit: str,
        copies: int = 1, secrecy: Secrecy = Secrecy.NONE, urgency: Urgency = Urgency.NORMAL,
        note: str | None = None,
    ) -> Receipt:
        """Register an outgoing document (CV, BC, TTr, GM, BB, …) with the next number of its
        series under the issuer's Party or State rule."""
        entry = rules.outgoing_entry(
            types=self.reference.document_types(), units=self.reference.units(),
            document_type=document_type, issuer=issuer, issued_on=issued_on, summary=summary,
            signer=signer, signer_title=signer_title, recipients=recipients, copies=copies,
            file_copy_unit=file_copy_unit, secrecy=secrecy, urgency=urgency, note=note,
        )
        return self._issue(ctx, entry)

    def dispatch(
        self, ctx: Context, document_id: UUID, expected: int | None, *, sent_on: date | None = None,
        received_by: str | None = None,
    ) -> Receipt:
        """Record the date sent (and who signed for it, where a courier book is kept)."""
        d = self.current(document_id, fold_outgoing, expected)
        events = rules.dispatch(ctx, d, today=self.today(ctx), sent_on=sent_on,
                                received_by=received_by)
        return self.record(events, record_id=d.id)

    def correct(
        self, ctx: Context, document_id: UUID, expected: int | None, *, issued_on: date,
        summary: str, signer: str, signer_title: str, recipients: Iterable[str] | None = None,
        copies: int = 1, note: str | None = None,
    ) -> Receipt:
        """A format error is corrected by an official letter (CV), numbered in its own series and
        linked both ways; the letter goes to the original's recipients unless told otherwise."""
        d = self.current(document_id, fold_outgoing, expected)
        entry = rules.correction_entry(
            d, types=self.reference.document_types(), units=self.reference.units(),
            issued_on=issued_on, summary=summary, signer=signer, signer_title=signer_title,
            recipients=recipients, copies=copies, note=note,
        )
        return self._issue(ctx, entry, expected)

    def replace_document(
        self, ctx: Context, document_id: UUID, expected: int | None, *, issued_on: date,
        summary: str, signer: str, signer_title: str, recipients: Iterable[str] | None = None,
        copies: int | None = None, note: str | None = None,
    ) -> Receipt:
        """A content error is put right by a new document of the same form, which replaces the
        original (the original is frozen)."""
        d = self.current(document_id, fold_outgoing, expected)
        entry = rules.replacement_entry(
            ctx, d, types=self.reference.document_types(), units=self.reference.units(),
            issued_on=issued_on, summary=summary, signer=signer, signer_title=signer_title,
            recipients=recipients, copies=copies, note=note,
        )
        return self._issue(ctx, entry, expected)

    def recall(
        self, ctx: Context, document_id: UUID, expected: int | None, *,
        recalled_on: date | None = None,
    ) -> Receipt:
        """Recall: the outgoing copy is frozen and every recipient is told (ND 30, Art 18)."""
        d = self.current(document_id, fold_outgoing, expected)
        events = rules.recall(ctx, d, today=self.today(ctx), recalled_on=recalled_on)
        return self.record(events, record_id=d.id)
