"""Outgoing documents (văn bản đi) other than directives: official letters, reports, submissions…

Each is numbered by the numbering service under the Party or State rule of its issuer, exactly as a
directive is when issued. After issue a format error is corrected by an official letter (itself an
outgoing document), a content error by a replacing document of the same form, and a recall freezes
the outgoing copy and tells the recipients (ND 30, Art 18).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from domain.actors import Secrecy
from domain.archive.status import status_machine
from domain.archive.values import Attachment, Urgency
from domain.events import Event
from domain.records import Fold, Record, new_record
from domain.reference.model import NumberingSystem


class OutgoingStatus(enum.StrEnum):
    ISSUED = "issued"  # đã cấp số
    SENT = "sent"  # đã phát hành
    REPLACED = "replaced"  # bị thay thế
    RECALLED = "recalled"  # bị thu hồi
    DESTROYED = "destroyed"

    @property
    def label(self) -> str:
        return {"issued": "Đã cấp số", "sent": "Đã phát hành", "replaced": "Bị thay thế",
                "recalled": "Bị thu hồi", "destroyed": "Đã hủy"}[self.value]


#: States in which the outgoing copy is frozen (no dispatch, attachment, correction, replacement).
FROZEN = frozenset({OutgoingStatus.REPLACED, OutgoingStatus.RECALLED, OutgoingStatus.DESTROYED})


@dataclass(frozen=True, kw_only=True)
class OutgoingDocument(Record):
    document_type: str
    issuer: str
    system: NumberingSystem
    number: int
    number_symbol: str
    series_id: UUID
    issued_on: date
    summary: str
    signer: str
    signer_title: str
    recipients: tuple[str, ...]
    copies: int
    file_copy_unit: str
    secrecy: Secrecy
    urgency: Urgency
    status: OutgoingStatus = OutgoingStatus.ISSUED
    sent_on: date | None = None
    received_by: str | None = None
    note: str | None = None
    corrects: UUID | None = None
    replaces: UUID | None = None
    corrected_by: tuple[UUID, ...] = ()
    replaced_by: UUID | None = None
    recalled_on: date | None = None
    attachments: tuple[Attachment, ...] = ()
    file_id: UUID | None = None

    @property
    def label(self) -> str:
        return self.number_symbol

    @dataclass(frozen=True, kw_only=True)
    class Registered(Event):
        document_type: str
        issuer: str
        system: NumberingSystem
        number: int
        number_symbol: str
        series_id: UUID
        issued_on: date
        summary: str
        signer: str
        signer_title: str
        recipients: tuple[str, ...]
        copies: int
        file_copy_unit: str
        secrecy: Secrecy
        urgency: Urgency
        note: str | None
        corrects: UUID | None
        replaces: UUID | None

    @dataclass(frozen=True, kw_only=True)
    class Dispatched(Event):
        sent_on: date
        received_by: str | None

    @dataclass(frozen=True, kw_only=True)
    class CorrectedBy(Event):
        letter_id: UUID
        letter_number_symbol: str

    @dataclass(frozen=True, kw_only=True)
    class ReplacedBy(Event):
        successor_id: UUID
        successor_number_symbol: str

    @dataclass(frozen=True, kw_only=True)
    class Recalled(Event):
        recalled_on: date
        recipients_notified: tuple[str, ...]

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


#: The outgoing document's status machine: the status each event leads to (others keep it). A
#: correcting letter changes nothing of the original's status.
OUTGOING_STATUS: dict[type[Event], OutgoingStatus] = {
    OutgoingDocument.Registered: OutgoingStatus.ISSUED,
    OutgoingDocument.Dispatched: OutgoingStatus.SENT,
    OutgoingDocument.ReplacedBy: OutgoingStatus.REPLACED,
    OutgoingDocument.Recalled: OutgoingStatus.RECALLED,
    OutgoingDocument.Destroyed: OutgoingStatus.DESTROYED,
}

#: An outgoing document's status after an event (the fold and the registers use it).
outgoing_status_after = status_machine(OUTGOING_STATUS)


fold_outgoing: Fold[OutgoingDocument] = Fold(OutgoingDocument)


@fold_outgoing.on(OutgoingDocument.Registered)
def _registered(_: None, e: OutgoingDocument.Registered) -> OutgoingDocument:
    return new_record(
        OutgoingDocument, e, document_type=e.document_type, issuer=e.issuer, system=e.system,
        number=e.number, number_symbol=e.number_symbol, series_id=e.series_id,
        issued_on=e.issued_on, summary=e.summary, signer=e.signer, signer_title=e.signer_title,
        recipients=e.recipients, copies=e.copies, file_copy_unit=e.file_copy_unit,
        secrecy=e.secrecy, urgency=e.urgency, note=e.note, corrects=e.corrects,
        replaces=e.replaces, status=outgoing_status_after(None, e),
    )


@fold_outgoing.on(OutgoingDocument.Dispatched)
def _dispatched(d: OutgoingDocument, e: OutgoingDocument.Dispatched) -> OutgoingDocument:
    return replace(d, status=outgoing_status_after(d.status, e), sent_on=e.sent_on,
                   received_by=e.received_by)


@fold_outgoing.on(OutgoingDocument.CorrectedBy)
def _corrected(d: OutgoingDocument, e: OutgoingDocument.CorrectedBy) -> OutgoingDocument:
    return replace(d, corrected_by=(*d.corrected_by, e.letter_id))


@fold_outgoing.on(OutgoingDocument.ReplacedBy)
def _replaced(d: OutgoingDocument, e: OutgoingDocument.ReplacedBy) -> OutgoingDocument:
    return replace(d, status=outgoing_status_after(d.status, e), replaced_by=e.successor_id)


@fold_outgoing.on(OutgoingDocument.Recalled)
def _recalled(d: OutgoingDocument, e: OutgoingDocument.Recalled) -> OutgoingDocument:
    return replace(d, status=outgoing_status_after(d.status, e), recalled_on=e.recalled_on)


@fold_outgoing.on(OutgoingDocument.Attached)
def _attached(d: OutgoingDocument, e: OutgoingDocument.Attached) -> OutgoingDocument:
    return replace(d, attachments=(*d.attachments, e.attachment))


@fold_outgoing.on(OutgoingDocument.Filed)
def _filed(d: OutgoingDocument, e: OutgoingDocument.Filed) -> OutgoingDocument:
    return replace(d, file_id=e.file_id)


@fold_outgoing.on(OutgoingDocument.Destroyed)
def _destroyed(d: OutgoingDocument, e: OutgoingDocument.Destroyed) -> OutgoingDocument:
    return replace(d, status=outgoing_status_after(d.status, e))
