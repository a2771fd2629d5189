"""Incoming documents (văn bản đến), their yearly number series, and the duplicate index.

A document is registered on arrival with the next incoming number of the year (in the office time
zone), passed on to a unit or person (with a deadline when action is needed), followed up until the
reply, filed, and in the end destroyed with its file. The series is a record, so taking a number is an
event written with the document: no gap and no duplicate under concurrency (as for outgoing numbers).
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from uuid import UUID, uuid5

from domain.actors import Secrecy
from domain.archive.status import status_machine
from domain.archive.values import Attachment, Urgency
from domain.events import Event
from domain.records import Fold, Record, new_record

ARCHIVE_NAMESPACE = UUID("5d2f7a18-9c3e-5b4d-8e6f-2a1b0c9d8e7f")


def incoming_series_id(year: int) -> UUID:
    return uuid5(ARCHIVE_NAMESPACE, f"incoming-series|{year}")


def duplicate_key(number_symbol: str, author: str) -> str:
    """(number-symbol, issuer) compared without case, spacing or Unicode form differences."""

    def norm(text: str) -> str:
        return "".join(unicodedata.normalize("NFC", text).casefold().split())

    return f"{norm(number_symbol)}|{norm(author)}"


def duplicate_index_id(number_symbol: str, author: str) -> UUID:
    return uuid5(ARCHIVE_NAMESPACE, f"incoming-index|{duplicate_key(number_symbol, author)}")


class IncomingStatus(enum.StrEnum):
    REGISTERED = "registered"  # đã vào sổ, chưa chuyển
    PASSED_ON = "passed_on"  # đã chuyển cho đơn vị / cá nhân
    REPLIED = "replied"  # đã trả lời / hoàn thành
    DESTROYED = "destroyed"

    @property
    def label(self) -> str:
        return {"registered": "Đã vào sổ", "passed_on": "Đã chuyển xử lý",
                "replied": "Đã giải quyết", "destroyed": "Đã hủy"}[self.value]


@dataclass(frozen=True, kw_only=True)
class IncomingDocument(Record):
    year: int
    number: int
    received_on: date
    author: str
    number_symbol: str
    document_date: date | None
    document_type: str
    summary: str
    urgency: Urgency
    secrecy: Secrecy
    status: IncomingStatus = IncomingStatus.REGISTERED
    to_unit: str | None = None
    to_person: str | None = None
    passed_on: date | None = None
    received_by: str | None = None
    deadline: date | None = None
    progress: tuple[str, ...] = ()
    reply_number_symbol: str | None = None
    replied_on: date | None = None
    note: str | None = None
    attachments: tuple[Attachment, ...] = ()
    file_id: UUID | None = None
    duplicates: tuple[UUID, ...] = ()

    @property
    def label(self) -> str:
        return f"Đến số {self.number}/{self.year}"

    @dataclass(frozen=True, kw_only=True)
    class Registered(Event):
        year: int
        number: int
        received_on: date
        author: str
        number_symbol: str
        document_date: date | None
        document_type: str
        summary: str
        urgency: Urgency
        secrecy: Secrecy
        note: str | None
        duplicates: tuple[UUID, ...]

    @dataclass(frozen=True, kw_only=True)
    class PassedOn(Event):
        to_unit: str
        to_person: str | None
        passed_on: date
        deadline: date | None
        received_by: str | None

    @dataclass(frozen=True, kw_only=True)
    class ProgressRecorded(Event):
        recorded_on: date
        note: str

    @dataclass(frozen=True, kw_only=True)
    class Replied(Event):
        replied_on: date
        reply_number_symbol: str

    @dataclass(frozen=True, kw_only=True)
    class Attached(Event):
        attachment: Attachment

    @dataclass(frozen=True, kw_only=True)
    class Filed(Event):
        file_id: UUID

    @dataclass(frozen=True, kw_only=True)
    class Destroyed(Event):
        disposal_id: UUID
        decision_number: str
        content_hashes: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class IncomingSeries(Record):
    """The incoming numbers of one year (sổ đăng ký văn bản đến)."""

    year: int
    last: int = 0

    @dataclass(frozen=True, kw_only=True)
    class Opened(Event):
        year: int

    @dataclass(frozen=True, kw_only=True)
    class NumberTaken(Event):
        number: int
        document_id: UUID


@dataclass(frozen=True, kw_only=True)
class IncomingIndex(Record):
    """Every registration of one (number-symbol, issuer): the second one is warned about. The
    pair itself is only in the record's id (a hash), so a secret document's number is not shown
    to readers of the office-wide event feed."""

    documents: tuple[UUID, ...] = field(default_factory=tuple)

    @dataclass(frozen=True, kw_only=True)
    class Seen(Event):
        document_id: UUID


#: The incoming document's status machine: the status each event leads to (others keep it).
INCOMING_STATUS: dict[type[Event], IncomingStatus] = {
    IncomingDocument.Registered: IncomingStatus.REGISTERED,
    IncomingDocument.PassedOn: IncomingStatus.PASSED_ON,
    IncomingDocument.Replied: IncomingStatus.REPLIED,
    IncomingDocument.Destroyed: IncomingStatus.DESTROYED,
}

#: An incoming document's status after an event (the fold and the registers use it).
incoming_status_after = status_machine(INCOMING_STATUS)


fold_incoming: Fold[IncomingDocument] = Fold(IncomingDocument)
fold_incoming_series: Fold[IncomingSeries] = Fold(IncomingSeries)
fold_incoming_index: Fold[IncomingIndex] = Fold(IncomingIndex)


@fold_incoming.on(IncomingDocument.Registered)
def _registered(_: None, e: IncomingDocument.Registered) -> IncomingDocument:
    return new_record(
        IncomingDocument, e, year=e.year, number=e.number, received_on=e.received_on,
        author=e.author, number_symbol=e.number_symbol, document_date=e.document_date,
        document_type=e.document_type, summary=e.summary, urgency=e.urgency, secrecy=e.secrecy,
        note=e.note, duplicates=e.duplicates, status=incoming_status_after(None, e),
    )


@fold_incoming.on(IncomingDocument.PassedOn)
def _passed(d: IncomingDocument, e: IncomingDocument.PassedOn) -> IncomingDocument:
    return replace(d, status=incoming_status_after(d.status, e), to_unit=e.to_unit,
                   to_person=e.to_person, passed_on=e.passed_on, deadline=e.deadline,
                   received_by=e.received_by)


@fold_incoming.on(IncomingDocument.ProgressRecorded)
def _progress(d: IncomingDocument, e: IncomingDocument.ProgressRecorded) -> IncomingDocument:
    return replace(d, progress=(*d.progress, e.note))


@fold_incoming.on(IncomingDocument.Replied)
def _replied(d: IncomingDocument, e: IncomingDocument.Replied) -> IncomingDocument:
    return replace(d, status=incoming_status_after(d.status, e), replied_on=e.replied_on,
                   reply_number_symbol=e.reply_number_symbol)


@fold_incoming.on(IncomingDocument.Attached)
def _attached(d: IncomingDocument, e: IncomingDocument.Attached) -> IncomingDocument:
    return replace(d, attachments=(*d.attachments, e.attachment))


@fold_incoming.on(IncomingDocument.Filed)
def _filed(d: IncomingDocument, e: IncomingDocument.Filed) -> IncomingDocument:
    return replace(d, file_id=e.file_id)


@fold_incoming.on(IncomingDocument.Destroyed)
def _destroyed(d: IncomingDocument, e: IncomingDocument.Destroyed) -> IncomingDocument:
    return replace(d, status=incoming_status_after(d.status, e))


@fold_incoming_series.on(IncomingSeries.Opened)
def _series_opened(_: None, e: IncomingSeries.Opened) -> IncomingSeries:
    return new_record(IncomingSeries, e, year=e.year)


@fold_incoming_series.on(IncomingSeries.NumberTaken)
def _taken(s: IncomingSeries, e: IncomingSeries.NumberTaken) -> IncomingSeries:
    return replace(s, last=e.number)


@fold_incoming_index.on(IncomingIndex.Seen)
def _seen(state: IncomingIndex | None, e: IncomingIndex.Seen) -> IncomingIndex:
    base = state or new_record(IncomingIndex, e)
    return replace(base, documents=(*base.documents, e.document_id))
