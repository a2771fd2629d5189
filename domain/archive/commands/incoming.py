"""Commands on incoming documents: register with the year's next number, pass on, follow up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from domain.actors import Secrecy
from domain.application import Receipt
from domain.archive.commands.base import ArchiveBase
from domain.archive.errors import (
    DeadlineBeforePassingOn,
    DocumentDatedAfterArrival,
    DocumentDestroyed,
    DocumentNotPassedOn,
    FollowUpAlreadyDone,
)
from domain.archive.incoming import (
    IncomingDocument,
    IncomingIndex,
    IncomingSeries,
    IncomingStatus,
    duplicate_index_id,
    fold_incoming_index,
    fold_incoming_series,
    incoming_series_id,
)
from domain.archive.values import Urgency
from domain.events import Event
from domain.records import Context, expect_version
from domain.text import clean, clean_code, clean_optional


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
        arrived = self._fact_date(ctx, received_on, "received_on")
        if document_date is not None and document_date > arrived:
            msg = "document_date: văn bản ghi ngày sau ngày đến (dated after it arrived)"
            raise DocumentDatedAfterArrival(msg, field="document_date")
        fields = {
            "author": clean(author, "author", max_length=300),
            "number_symbol": clean(number_symbol, "number_symbol", max_length=100),
            "document_type": clean(document_type, "document_type", max_length=100),
            "summary": clean(summary, "summary", max_length=5000),
            "note": clean_optional(note, "note"),
        }
        year = self.today(ctx).year
        document_id = uuid4()

        def attempt() -> IncomingRegistration:
            series_id = incoming_series_id(year)
            series = self.find(series_id, fold_incoming_series)
            events: list[Event] = []
            version = series.version if series else 0
            if series is None:
                events.append(ctx.event(IncomingSeries.Opened, series_id, 1, year=year))
                version = 1
            number = (series.last if series else 0) + 1
            events.append(ctx.event(IncomingSeries.NumberTaken, series_id, version + 1,
                                    number=number, document_id=document_id))
            index_id = duplicate_index_id(fields["number_symbol"] or "", fields["author"] or "")
            index = self.find(index_id, fold_incoming_index)
            earlier = index.documents if index else ()
            events.append(ctx.event(
                IncomingIndex.Seen, index_id, (index.version if index else 0) + 1,
                document_id=document_id,
            ))
            events.append(ctx.event(
                IncomingDocument.Registered, document_id, 1, year=year, number=number,
                received_on=arrived, document_date=document_date, urgency=Urgency(urgency),
                secrecy=Secrecy(secrecy), duplicates=earlier, **fields,
            ))
            receipt = self.record(events, record_id=document_id)
            return IncomingRegistration(receipt, year, number, earlier)

        return self.retrying(attempt)

    def _live_incoming(self, document_id: UUID, expected: int | None) -> IncomingDocument:
        d = self.get_incoming(document_id)
        expect_version(d, expected)
        if d.status is IncomingStatus.DESTROYED:
            msg = "văn bản đã bị hủy (the document was destroyed)"
            raise DocumentDestroyed(msg)
        return d

    def pass_on(
        self, ctx: Context, document_id: UUID, expected: int | None, *, to_unit: str,
        to_person: str | None = None, passed_on: date | None = None, deadline: date | None = None,
        received_by: str | None = None,
    ) -> Receipt:
        """Pass the document to a unit (and person) for action; a deadline puts it under
        follow-up. Passing on again re-routes it."""
        d = self._live_incoming(document_id, expected)
        if d.status is IncomingStatus.REPLIED:
            msg = "văn bản đã được giải quyết (the reply is already recorded)"
            raise FollowUpAlreadyDone(msg)
        unit = clean_code(to_unit, "to_unit")
        self.reference.unit(unit)
        day = self._not_before(self._fact_date(ctx, passed_on, "passed_on"), d.received_on,
                               "passed_on")
        if deadline is not None and deadline < day:
            msg = "deadline: trước ngày chuyển (before the day it is passed on)"
            raise DeadlineBeforePassingOn(msg, field="deadline")
        event = ctx.follow(
            d, IncomingDocument.PassedOn, to_unit=unit,
            to_person=clean_optional(to_person, "to_person", max_length=200), passed_on=day,
            deadline=deadline, received_by=clean_optional(received_by, "received_by",
                                                          max_length=200),
        )
        return self.record([event], record_id=d.id)

    def _in_handling(self, document_id: UUID, expected: int | None) -> IncomingDocument:
        d = self._live_incoming(document_id, expected)
        if d.status is IncomingStatus.REGISTERED:
            msg = "văn bản chưa được chuyển xử lý (not passed on yet)"
            raise DocumentNotPassedOn(msg)
        if d.status is IncomingStatus.REPLIED:
            msg = "văn bản đã được giải quyết (the reply is already recorded)"
            raise FollowUpAlreadyDone(msg)
        return d

    def record_progress(
        self, ctx: Context, document_id: UUID, expected: int | None, *, note: str,
        recorded_on: date | None = None,
    ) -> Receipt:
        d = self._in_handling(document_id, expected)
        day = self._fact_date(ctx, recorded_on, "recorded_on")
        event = ctx.follow(d, IncomingDocument.ProgressRecorded, note=clean(note, "note"),
                           recorded_on=self._not_before(day, d.passed_on or d.received_on,
                                                        "recorded_on"))
        return self.record([event], record_id=d.id)

    def record_reply(
        self, ctx: Context, document_id: UUID, expected: int | None, *,
        reply_number_symbol: str, replied_on: date | None = None,
    ) -> Receipt:
        """The number-symbol of the reply closes the follow-up."""
        d = self._in_handling(document_id, expected)
        day = self._fact_date(ctx, replied_on, "replied_on")
        event = ctx.follow(
            d, IncomingDocument.Replied,
            reply_number_symbol=clean(reply_number_symbol, "reply_number_symbol", max_length=100),
            replied_on=self._not_before(day, d.received_on, "replied_on"),
        )
        return self.record([event], record_id=d.id)
