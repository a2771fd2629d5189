"""Rules of outgoing documents (văn bản đi) other than directives: registration with a number from
the numbering service, dispatch, correction by official letter, replacement, recall.

After issue (ND 30, Art 18) a format error is corrected by an official letter (CV) numbered in its
own series, a content error by a new document of the same form that replaces the original, and a
recall freezes the outgoing copy and tells every recipient. A frozen copy takes nothing more.

Registering is in two steps: :func:`outgoing_entry` (or :func:`correction_entry`,
:func:`replacement_entry`) checks the values; the application then takes the next number of the
document's series from the numbering service (a fact) and :func:`register_outgoing` decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.actors import Secrecy
from domain.archive.errors import AlreadySent, DirectiveTypeNotOutgoing, OutgoingDocumentFrozen
from domain.archive.outgoing import FROZEN, OutgoingDocument, OutgoingStatus
from domain.archive.rules.common import fact_date, not_before
from domain.archive.values import Urgency
from domain.errors import InvalidValue
from domain.events import Event
from domain.numbering.service import Allocation
from domain.records import Context
from domain.reference.catalogue import document_type as known_type
from domain.reference.catalogue import unit
from domain.reference.model import DocumentTypes, Units
from domain.text import clean, clean_code, clean_optional

#: The type of the official letter that corrects a format error (công văn đính chính).
CORRECTION_TYPE = "CV"


@dataclass(frozen=True)
class OutgoingEntry:
    """An outgoing document's values, checked and cleaned, before it has a number; ``corrects``
    or ``replaces`` names the original a correcting letter or a replacement is linked to."""

    document_type: str
    issuer: str
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
    corrects: UUID | None = None
    replaces: UUID | None = None

    @property
    def original_id(self) -> UUID | None:
        return self.corrects or self.replaces


def _recipients(values: Iterable[str]) -> tuple[str, ...]:
    out = tuple(dict.fromkeys(clean(v, "recipients", max_length=300) for v in values))
    if not out:
        msg = "recipients: cần ít nhất một nơi nhận (at least one recipient)"
        raise InvalidValue(msg, field="recipients")
    return out


def outgoing_entry(
    *, types: DocumentTypes | None, units: Units | None, document_type: str, issuer: str,
    issued_on: date, summary: str, signer: str, signer_title: str, recipients: Iterable[str],
    file_copy_unit: str, copies: int = 1, secrecy: Secrecy = Secrecy.NONE,
    urgency: Urgency = Urgency.NORMAL, note: str | None = None, corrects: UUID | None = None,
    replaces: UUID | None = None,
) -> OutgoingEntry:
    """Check an outgoing document: a known type that is not a directive type (directives get
    their number when issued), an active unit keeping the file copy, at least one copy and one
    recipient. The issuer is checked by the numbering service, which knows its rule."""
    doc_type = known_type(types, document_type)
    if doc_type.directive:
        msg = (f"{doc_type.name} là văn bản chỉ đạo: cấp số khi ban hành văn bản chỉ đạo "
               "(directive types are numbered by the directives context)")
        raise DirectiveTypeNotOutgoing(msg, field="document_type")
    code = unit(units, clean_code(file_copy_unit, "file_copy_unit")).code
    if copies < 1:
        msg = "copies: ít nhất 1 bản (at least one copy)"
        raise InvalidValue(msg, field="copies")
    return OutgoingEntry(
        document_type=doc_type.code, issuer=issuer, issued_on=issued_on,
        summary=clean(summary, "summary", max_length=5000),
        signer=clean(signer, "signer", max_length=200),
        signer_title=clean(signer_title, "signer_title", max_length=200),
        recipients=_recipients(recipients), copies=copies, file_copy_unit=code,
        secrecy=Secrecy(secrecy), urgency=Urgency(urgency), note=clean_optional(note, "note"),
        corrects=corrects, replaces=replaces,
    )


def unfrozen(d: OutgoingDocument) -> OutgoingDocument:
    """A recalled, replaced or destroyed document's copy is frozen."""
    if d.status in FROZEN:
        msg = f"văn bản đi đã {d.status.label.lower()}: bản lưu bị khóa (the copy is frozen)"
        raise OutgoingDocumentFrozen(msg, status=d.status.value)
    return d


def correction_entry(
    d: OutgoingDocument, *, types: DocumentTypes | None, units: Units | None, issued_on: date,
    summary: str, signer: str, signer_title: str, recipients: Iterable[str] | None = None,
    copies: int = 1, note: str | None = None,
) -> OutgoingEntry:
    """A format error is corrected by an official letter (CV) of the original's issuer, dated on
    or after it, going to the original's recipients unless told otherwise."""
    unfrozen(d)
    return outgoing_entry(
        types=types, units=units, document_type=CORRECTION_TYPE, issuer=d.issuer,
        issued_on=not_before(issued_on, d.issued_on, "issued_on"), summary=summary,
        signer=signer, signer_title=signer_title,
        recipients=d.recipients if recipients is None else recipients, copies=copies,
        file_copy_unit=d.file_copy_unit, secrecy=d.secrecy, urgency=Urgency.NORMAL, note=note,
        corrects=d.id,
    )


def replacement_entry(
    ctx: Context, d: OutgoingDocument, *, types: DocumentTypes | None, units: Units | None,
    issued_on: date, summary: str, signer: str, signer_title: str,
    recipients: Iterable[str] | None = None, copies: int | None = None, note: str | None = None,
) -> OutgoingEntry:
    """A content error is put right, with a reason, by a new document of the same form (type,
    issuer, recipients, copies, file copy, secrecy, urgency unless told otherwise), dated on or
    after the original; the reason is its note when none is given."""
    reason = ctx.required_reason("thay thế văn bản đi")
    unfrozen(d)
    return outgoing_entry(
        types=types, units=units, document_type=d.document_type, issuer=d.issuer,
        issued_on=not_before(issued_on, d.issued_on, "issued_on"), summary=summary,
        signer=signer, signer_title=signer_title,
        recipients=d.recipients if recipients is None else recipients,
        copies=d.copies if copies is None else copies, file_copy_unit=d.file_copy_unit,
        secrecy=d.secrecy, urgency=d.urgency, note=note or reason, replaces=d.id,
    )


def register_outgoing(
    ctx: Context, original: OutgoingDocument | None, *, entry: OutgoingEntry,
    allocation: Allocation, document_id: UUID,
) -> list[Event]:
    """Register the document with the number allocated to it (the allocation's events are stored
    with it); a correcting letter or a replacement also links the original, which must not be
    frozen, to the new number-symbol (a replaced original becomes frozen)."""
    if original is not None:
        unfrozen(original)
    events: list[Event] = [*allocation.events, ctx.event(
        OutgoingDocument.Registered, document_id, 1, system=allocation.system,
        number=allocation.number, number_symbol=allocation.number_symbol,
        series_id=allocation.series_id, document_type=entry.document_type, issuer=entry.issuer,
        issued_on=entry.issued_on, summary=entry.summary, signer=entry.signer,
        signer_title=entry.signer_title, recipients=entry.recipients, copies=entry.copies,
        file_copy_unit=entry.file_copy_unit, secrecy=entry.secrecy, urgency=entry.urgency,
        note=entry.note, corrects=entry.corrects, replaces=entry.replaces,
    )]
    if original is not None and entry.corrects:
        events.append(ctx.follow(original, OutgoingDocument.CorrectedBy, letter_id=document_id,
                                 letter_number_symbol=allocation.number_symbol))
    elif original is not None:
        events.append(ctx.follow(original, OutgoingDocument.ReplacedBy, successor_id=document_id,
                                 successor_number_symbol=allocation.number_symbol))
    return events


def dispatch(
    ctx: Context, d: OutgoingDocument, *, today: date, sent_on: date | None = None,
    received_by: str | None = None,
) -> list[Event]:
    """Record the date sent, once, on or after the issue date (and who signed for it)."""
    unfrozen(d)
    if d.status is OutgoingStatus.SENT:
        msg = f"văn bản đã phát hành ngày {d.sent_on} (already sent)"
        raise AlreadySent(msg)
    day = not_before(fact_date(today, sent_on, "sent_on"), d.issued_on, "sent_on")
    return [ctx.follow(d, OutgoingDocument.Dispatched, sent_on=day,
                       received_by=clean_optional(received_by, "received_by", max_length=200))]


def recall(
    ctx: Context, d: OutgoingDocument, *, today: date, recalled_on: date | None = None,
) -> list[Event]:
    """Recall, with a reason: the outgoing copy is frozen and every recipient named, to be told
    (ND 30, Art 18)."""
    reason = ctx.required_reason("thu hồi văn bản")
    unfrozen(d)
    day = not_before(fact_date(today, recalled_on, "recalled_on"), d.issued_on, "recalled_on")
    return [ctx.follow(d, OutgoingDocument.Recalled, recalled_on=day,
                       recipients_notified=d.recipients, reason=reason)]
