"""Rules of incoming documents (văn bản đến): registration with the year's next number, passing
on, follow-up until the reply.

All incoming documents go through the clerk and are registered with the next incoming number of
the year (ND 30, Art 4 and 22); a second registration of the same number-symbol from the same author
is warned about, never refused (ND 30, App. VI).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.actors import Secrecy
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
    incoming_series_id,
)
from domain.archive.rules.common import fact_date, not_before
from domain.archive.values import Urgency
from domain.events import Event
from domain.records import Context
from domain.reference.catalogue import unit
from domain.reference.model import Units
from domain.text import clean, clean_code, clean_optional


@dataclass(frozen=True)
class IncomingEntry:
    """A registration's values, checked and cleaned: the first step of registering. It names the
    records the second step needs: the year's series and the duplicate index of its
    (number-symbol, author)."""

    year: int
    received_on: date
    document_date: date | None
    author: str
    number_symbol: str
    document_type: str
    summary: str
    urgency: Urgency
    secrecy: Secrecy
    note: str | None

    @property
    def series_id(self) -> UUID:
        return incoming_series_id(self.year)

    @property
    def index_id(self) -> UUID:
        return duplicate_index_id(self.number_symbol, self.author)


def incoming_entry(
    *, today: date, author: str, number_symbol: str, document_type: str, summary: str,
    received_on: date | None = None, document_date: date | None = None,
    urgency: Urgency = Urgency.NORMAL, secrecy: Secrecy = Secrecy.NONE, note: str | None = None,
) -> IncomingEntry:
    """Check a registration: arrival today or earlier, a document not dated after it arrived.

    The number is of the year of ``today`` (the office's day), whatever the arrival date."""
    arrived = fact_date(today, received_on, "received_on")
    if document_date is not None and document_date > arrived:
        msg = "document_date: văn bản ghi ngày sau ngày đến (dated after it arrived)"
        raise DocumentDatedAfterArrival(msg, field="document_date")
    return IncomingEntry(
        year=today.year, received_on=arrived, document_date=document_date,
        author=clean(author, "author", max_length=300),
        number_symbol=clean(number_symbol, "number_symbol", max_length=100),
        document_type=clean(document_type, "document_type", max_length=100),
        summary=clean(summary, "summary", max_length=5000), note=clean_optional(note, "note"),
        urgency=Urgency(urgency), secrecy=Secrecy(secrecy),
    )


def register_incoming(
    ctx: Context, series: IncomingSeries | None, index: IncomingIndex | None, *,
    entry: IncomingEntry, document_id: UUID,
) -> list[Event]:
    """Register with the next number of the year's series (the year's first registration opens
    it), and note every earlier registration of the same number-symbol and author.

    ``series`` and ``index`` are the records ``entry`` names (``None``: not written yet)."""
    events: list[Event] = []
    version = series.version if series else 0
    if series is None:
        events.append(ctx.event(IncomingSeries.Opened, entry.series_id, 1, year=entry.year))
        version = 1
    number = (series.last if series else 0) + 1
    events.append(ctx.event(IncomingSeries.NumberTaken, entry.series_id, version + 1,
                            number=number, document_id=document_id))
    earlier = index.documents if index else ()
    events.append(ctx.event(IncomingIndex.Seen, entry.index_id, (index.version if index else 0) + 1,
                            document_id=document_id))
    events.append(ctx.event(
        IncomingDocument.Registered, document_id, 1, year=entry.year, number=number,
        received_on=entry.received_on, document_date=entry.document_date, urgency=entry.urgency,
        secrecy=entry.secrecy, duplicates=earlier, author=entry.author,
        number_symbol=entry.number_symbol, document_type=entry.document_type,
        summary=entry.summary, note=entry.note,
    ))
    return events


def _live(d: IncomingDocument) -> IncomingDocument:
    """A destroyed document keeps only its tombstone."""
    if d.status is IncomingStatus.DESTROYED:
        msg = "văn bản đã bị hủy (the document was destroyed)"
        raise DocumentDestroyed(msg)
    return d


def _not_replied(d: IncomingDocument) -> None:
    if d.status is IncomingStatus.REPLIED:
        msg = "văn bản đã được giải quyết (the reply is already recorded)"
        raise FollowUpAlreadyDone(msg)


def _in_handling(d: IncomingDocument) -> IncomingDocument:
    """Progress and replies are recorded while a document passed on awaits its reply."""
    _live(d)
    if d.status is IncomingStatus.REGISTERED:
        msg = "văn bản chưa được chuyển xử lý (not passed on yet)"
        raise DocumentNotPassedOn(msg)
    _not_replied(d)
    return d


def pass_on(
    ctx: Context, d: IncomingDocument, *, today: date, units: Units | None, to_unit: str,
    to_person: str | None = None, passed_on: date | None = None, deadline: date | None = None,
    received_by: str | None = None,
) -> list[Event]:
    """Pass the document to an active unit (and person) for action, on or after its arrival; a
    deadline, on or after that day, puts it under follow-up. Passing on again re-routes it; a
    replied document is not passed on."""
    _live(d)
    _not_replied(d)
    code = unit(units, clean_code(to_unit, "to_unit")).code
    day = not_before(fact_date(today, passed_on, "passed_on"), d.received_on, "passed_on")
    if deadline is not None and deadline < day:
        msg = "deadline: trước ngày chuyển (before the day it is passed on)"
        raise DeadlineBeforePassingOn(msg, field="deadline")
    return [ctx.follow(
        d, IncomingDocument.PassedOn, to_unit=code,
        to_person=clean_optional(to_person, "to_person", max_length=200), passed_on=day,
        deadline=deadline, received_by=clean_optional(received_by, "received_by", max_length=200),
    )]


def record_progress(
    ctx: Context, d: IncomingDocument, *, today: date, note: str, recorded_on: date | None = None,
) -> list[Event]:
    """A note on the progress of a document in handling, dated on or after it was passed on."""
    _in_handling(d)
    day = fact_date(today, recorded_on, "recorded_on")
    return [ctx.follow(d, IncomingDocument.ProgressRecorded, note=clean(note, "note"),
                       recorded_on=not_before(day, d.passed_on or d.received_on, "recorded_on"))]


def record_reply(
    ctx: Context, d: IncomingDocument, *, today: date, reply_number_symbol: str,
    replied_on: date | None = None,
) -> list[Event]:
    """The number-symbol of the reply closes the follow-up."""
    _in_handling(d)
    day = fact_date(today, replied_on, "replied_on")
    return [ctx.follow(
        d, IncomingDocument.Replied,
        reply_number_symbol=clean(reply_number_symbol, "reply_number_symbol", max_length=100),
        replied_on=not_before(day, d.received_on, "replied_on"),
    )]
