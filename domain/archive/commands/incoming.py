"""Commands on incoming documents: register with the year's next number, pass on, follow up.

Each loads the records it acts on, gathers the facts, lets ``domain.archive.rules.incoming``
decide, and records the events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from domain.actors import Secrecy
from domain.application import Receipt
from domain.archive.commands.base import ArchiveBase
from domain.archive.incoming import (
    IncomingDocument,
    fold_incoming,
    fold_incoming_index,
    fold_incoming_series,
)
from domain.archive.rules import incoming as rules
from domain.archive.values import Urgency
from domain.records import Context


@dataclass(frozen=True)
class IncomingRegistration:
    """What registering answers: the receipt, the number taken, and earlier registrations of the
    same (number-symbol, issuer) — a warning, never a refusal (ND 30, App. VI)."""

    receipt: Receipt
    year: int
    number: int
    duplicates: tuple[UUID, ...]


class IncomingCommands(ArchiveBase):
    def register_incoming(
        self, ctx: Context, *, author: str, number_symbol: str, document_type: str, summary: str,
        received_on: date | None = None, document_date: date | None = None,
        urgency: Urgency = Urgency.NORMAL, secrecy: Secrecy = Secrecy.NONE,
        note: str | None = None,
    ) -> IncomingRegistration:
        """Register on arrival with the next incoming number of the year (office time zone)."""
        entry = rules.incoming_entry(
            today=self.today(ctx), author=author, number_symbol=number_symbol,
            document_type=document_type, summary=summary, received_on=received_on,
            document_date=document_date, urgency=urgency, secrecy=secrecy, note=note,
        )
        document_id = uuid4()

        def attempt() -> IncomingRegistration:
            series = self.find(entry.series_id, fold_incoming_series)
            index = self.find(entry.index_id, fold_incoming_index)
            events = rules.register_incoming(ctx, series, index, entry=entry,
                                             document_id=document_id)
            receipt = self.record(events, record_id=document_id)
            registered = next(e for e in events if isinstance(e, IncomingDocument.Registered))
            return IncomingRegistration(receipt, registered.year, registered.number,
                                        registered.duplicates)

        return self.retrying(attempt)

    def pass_on(
        self, ctx: Context, document_id: UUID, expected: int | None, *, to_unit: str,
        to_person: str | None = None, passed_on: date | None = None, deadline: date | None = None,
        received_by: str | None = None,
    ) -> Receipt:
        """Pass the document to a unit (and person) for action; a deadline puts it under
        follow-up. Passing on again re-routes it."""
        d = self.current(document_id, fold_incoming, expected)
        events = rules.pass_on(ctx, d, today=self.today(ctx), units=self.reference.units(),
                               to_unit=to_unit, to_person=to_person, passed_on=passed_on,
                               deadline=deadline, received_by=received_by)
        return self.record(events, record_id=d.id)

    def record_progress(
        self, ctx: Context, document_id: UUID, expected: int | None, *, note: str,
        recorded_on: date | None = None,
    ) -> Receipt:
        d = self.current(document_id, fold_incoming, expected)
        events = rules.record_progress(ctx, d, today=self.today(ctx), note=note,
                                       recorded_on=recorded_on)
        return self.record(events, record_id=d.id)

    def record_reply(
        self, ctx: Context, document_id: UUID, expected: int | None, *,
        reply_number_symbol: str, replied_on: date | None = None,
    ) -> Receipt:
        """The number-symbol of the reply closes the follow-up."""
        d = self.current(document_id, fold_incoming, expected)
        events = rules.record_reply(ctx, d, today=self.today(ctx),
                                    reply_number_symbol=reply_number_symbol, replied_on=replied_on)
        return self.record(events, record_id=d.id)
