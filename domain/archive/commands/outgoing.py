"""Commands on outgoing documents: register with a number from the numbering service, dispatch,
correct by official letter, replace by a new document, recall."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from domain.actors import Secrecy
from domain.application import Receipt
from domain.archive.commands.base import ArchiveBase
from domain.archive.errors import AlreadySent, DirectiveTypeNotOutgoing, OutgoingDocumentFrozen
from domain.archive.outgoing import FROZEN, OutgoingDocument, OutgoingStatus
from domain.archive.values import Urgency
from domain.errors import InvalidValue
from domain.events import Event
from domain.records import Context, expect_version
from domain.text import clean, clean_code, clean_optional

#: The type of the official letter that corrects a format error (công văn đính chính).
CORRECTION_TYPE = "CV"


def _recipients(values: Iterable[str]) -> tuple[str, ...]:
    out = tuple(dict.fromkeys(clean(v, "recipients", max_length=300) for v in values))
    if not out:
        msg = "recipients: cần ít nhất một nơi nhận (at least one recipient)"
        raise InvalidValue(msg, field="recipients")
    return out


class OutgoingCommands(ArchiveBase):
    def _issue(
        self, ctx: Context, *, document_type: str, issuer: str, issued_on: date, summary: str,
        signer: str, signer_title: str, recipients: Iterable[str], copies: int,
        file_copy_unit: str, secrecy: Secrecy, urgency: Urgency, note: str | None,
        corrects: UUID | None = None, replaces: UUID | None = None,
        expected: int | None = None,
    ) -> Receipt:
        """Number and register one document, exactly as ``Directives.issue`` numbers a directive:
        the allocation's events are stored with the document's, retried if another issue took the
        number first. A correcting letter or a replacement also links the original (at
        ``expected``) to the new number, in the same transaction."""
        doc_type = self.reference.document_type(document_type)
        if doc_type.directive:
            msg = (f"{doc_type.name} là văn bản chỉ đạo: cấp số khi ban hành văn bản chỉ đạo "
                   "(directive types are numbered by the directives context)")
            raise DirectiveTypeNotOutgoing(msg, field="document_type")
        unit = clean_code(file_copy_unit, "file_copy_unit")
        self.reference.unit(unit)
        if copies < 1:
            msg = "copies: ít nhất 1 bản (at least one copy)"
            raise InvalidValue(msg, field="copies")
        fields: dict[str, Any] = {
            "document_type": doc_type.code, "issuer": issuer, "issued_on": issued_on,
            "summary": clean(summary, "summary", max_length=5000),
            "signer": clean(signer, "signer", max_length=200),
            "signer_title": clean(signer_title, "signer_title", max_length=200),
            "recipients": _recipients(recipients), "copies": copies, "file_copy_unit": unit,
            "secrecy": Secrecy(secrecy), "urgency": Urgency(urgency),
            "note": clean_optional(note, "note"), "corrects": corrects, "replaces": replaces,
        }
        document_id = uuid4()
        original_id = corrects or replaces

        def attempt() -> Receipt:
            original = self._unfrozen(original_id, expected) if original_id else None
            allocation = self.numbering.allocate(
                ctx, issuer=issuer, document_type=doc_type.code, on=issued_on,
                secrecy=fields["secrecy"], document_id=document_id,
            )
            events: list[Event] = [*allocation.events, ctx.event(
                OutgoingDocument.Registered, document_id, 1, system=allocation.system,
                number=allocation.number, number_symbol=allocation.number_symbol,
                series_id=allocation.series_id, **fields,
            )]
            if original is not None and corrects:
                events.append(ctx.follow(original, OutgoingDocument.CorrectedBy,
                                         letter_id=document_id,
                                         letter_number_symbol=allocation.number_symbol))
            elif original is not None:
                events.append(ctx.follow(original, OutgoingDocument.ReplacedBy,
                                         successor_id=document_id,
                                         successor_number_symbol=allocation.number_symbol))
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
        return self._issue(
            ctx, document_type=document_type, issuer=issuer, issued_on=issued_on,
            summary=summary, signer=signer, signer_title=signer_title, recipients=recipients,
            copies=copies, file_copy_unit=file_copy_unit, secrecy=secrecy, urgency=urgency,
            note=note,
        )

    def _unfrozen(self, document_id: UUID, expected: int | None) -> OutgoingDocument:
        d = self.get_outgoing(document_id)
        expect_version(d, expected)
        if d.status in FROZEN:
            msg = f"văn bản đi đã {d.status.label.lower()}: bản lưu bị khóa (the copy is frozen)"
            raise OutgoingDocumentFrozen(msg, status=d.status.value)
        return d

    def dispatch(
        self, ctx: Context, document_id: UUID, expected: int | None, *, sent_on: date | None = None,
        received_by: str | None = None,
    ) -> Receipt:
        """Record the date sent (and who signed for it, where a courier book is kept)."""
        d = self._unfrozen(document_id, expected)
        if d.status is OutgoingStatus.SENT:
            msg = f"văn bản đã phát hành ngày {d.sent_on} (already sent)"
            raise AlreadySent(msg)
        day = self._not_before(self._fact_date(ctx, sent_on, "sent_on"), d.issued_on, "sent_on")
        event = ctx.follow(d, OutgoingDocument.Dispatched, sent_on=day,
                           received_by=clean_optional(received_by, "received_by", max_length=200))
        return self.record([event], record_id=d.id)

    def correct(
        self, ctx: Context, document_id: UUID, expected: int | None, *, issued_on: date,
        summary: str, signer: str, signer_title: str, recipients: Iterable[str] | None = None,
        copies: int = 1, note: str | None = None,
    ) -> Receipt:
        """A format error is corrected by an official letter (CV), numbered in its own series and
        linked both ways; the letter goes to the original's recipients unless told otherwise."""
        d = self._unfrozen(document_id, expected)
        return self._issue(
            ctx, document_type=CORRECTION_TYPE, issuer=d.issuer,
            issued_on=self._not_before(issued_on, d.issued_on, "issued_on"), summary=summary,
            signer=signer, signer_title=signer_title,
            recipients=d.recipients if recipients is None else recipients, copies=copies,
            file_copy_unit=d.file_copy_unit, secrecy=d.secrecy, urgency=Urgency.NORMAL, note=note,
            corrects=d.id, expected=expected,
        )

    def replace_document(
        self, ctx: Context, document_id: UUID, expected: int | None, *, issued_on: date,
        summary: str, signer: str, signer_title: str, recipients: Iterable[str] | None = None,
        copies: int | None = None, note: str | None = None,
    ) -> Receipt:
        """A content error is put right by a new document of the same form, which replaces the
        original (the original is frozen)."""
        reason = ctx.required_reason("thay thế văn bản đi")
        d = self._unfrozen(document_id, expected)
        return self._issue(
            ctx, document_type=d.document_type, issuer=d.issuer,
            issued_on=self._not_before(issued_on, d.issued_on, "issued_on"), summary=summary,
            signer=signer, signer_title=signer_title,
            recipients=d.recipients if recipients is None else recipients,
            copies=d.copies if copies is None else copies, file_copy_unit=d.file_copy_unit,
            secrecy=d.secrecy, urgency=d.urgency, note=note or reason, replaces=d.id,
            expected=expected,
        )

    def recall(
        self, ctx: Context, document_id: UUID, expected: int | None, *,
        recalled_on: date | None = None,
    ) -> Receipt:
        """Recall: the outgoing copy is frozen and every recipient is told (ND 30, Art 18)."""
        reason = ctx.required_reason("thu hồi văn bản")
        d = self._unfrozen(document_id, expected)
        day = self._not_before(self._fact_date(ctx, recalled_on, "recalled_on"), d.issued_on,
                               "recalled_on")
        event = ctx.follow(d, OutgoingDocument.Recalled, recalled_on=day,
                           recipients_notified=d.recipients, reason=reason)
        return self.record([event], record_id=d.id)

