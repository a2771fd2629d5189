"""Outgoing documents: registration with the number allocated, dispatch once, and after issue a
correcting letter, a replacement or a recall that freezes the copy (ND 30, Art 18)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.actors import Secrecy
from domain.archive.errors import (
    AlreadySent,
    DateBeforeRegistration,
    DirectiveTypeNotOutgoing,
    OutgoingDocumentFrozen,
)
from domain.archive.outgoing import OutgoingDocument, OutgoingStatus, fold_outgoing
from domain.archive.rules import outgoing as rules
from domain.archive.values import Urgency
from domain.errors import InvalidValue, ReasonRequired
from domain.reference.errors import UnknownReference
from tests.unit.archive import support as s
from tests.unit.reference.support import catalogues

TODAY = s.TODAY
ISSUED = date(2026, 2, 27)


def correction(d: OutgoingDocument, **values: object) -> rules.OutgoingEntry:
    fields: dict[str, object] = {"issued_on": TODAY, "summary": "Đính chính", "signer": "An",
                                 "signer_title": "Chánh Văn phòng"}
    fields.update(values)
    return rules.correction_entry(d, types=catalogues().types, units=catalogues().units,
                                  **fields)


def replacement(d: OutgoingDocument, reason: str | None = "Sai nội dung",
                **values: object) -> rules.OutgoingEntry:
    fields: dict[str, object] = {"issued_on": TODAY, "summary": "Văn bản thay thế",
                                 "signer": "An", "signer_title": "Chánh Văn phòng"}
    fields.update(values)
    return rules.replacement_entry(s.ctx(reason), d, types=catalogues().types,
                                   units=catalogues().units, **fields)


def frozen(d: OutgoingDocument) -> OutgoingDocument:
    return s.after(fold_outgoing, d, rules.recall(s.ctx("Sai thẩm quyền"), d, today=TODAY))


class TestEntry:
    def test_a_directive_type_is_numbered_by_the_directives_context(self) -> None:
        """CT, NQ, KL… get their number when the directive is issued."""
        with pytest.raises(DirectiveTypeNotOutgoing):
            s.out_entry(document_type="CT")

    @pytest.mark.parametrize(("field", "value"), [("document_type", "XX"),
                                                  ("file_copy_unit", "CU")])
    def test_unknown_types_and_units_are_refused(self, field: str, value: str) -> None:
        """The type and the unit keeping the file copy come from the catalogues (active)."""
        with pytest.raises(UnknownReference):
            s.out_entry(**{field: value})

    def test_at_least_one_copy_and_one_recipient(self) -> None:
        """Zero copies or no recipient is refused."""
        with pytest.raises(InvalidValue) as caught:
            s.out_entry(copies=0)
        assert caught.value.details == {"field": "copies"}
        with pytest.raises(InvalidValue) as caught:
            s.out_entry(recipients=[])
        assert caught.value.details == {"field": "recipients"}

    def test_recipients_are_cleaned_and_unique(self) -> None:
        """The same recipient twice is listed once, in the order given."""
        e = s.out_entry(recipients=[" Ban Tổ chức ", "Văn phòng", "Ban Tổ chức"])
        assert e.recipients == ("Ban Tổ chức", "Văn phòng")


class TestRegistration:
    def test_the_document_takes_the_allocated_number(self) -> None:
        """The allocation's events come first, then the document with its number-symbol."""
        allocation = replace(s.allocation(), events=[s.ctx().event(
            OutgoingDocument.Filed, uuid4(), 1, file_id=uuid4())])
        document_id = uuid4()
        events = rules.register_outgoing(s.ctx(), None, entry=s.out_entry(),
                                         allocation=allocation, document_id=document_id)
        assert events[0] is allocation.events[0]
        registered = events[1]
        assert isinstance(registered, OutgoingDocument.Registered)
        assert (registered.number_symbol, registered.originator_id) == ("05-CV/VPTU",
                                                                        document_id)
        assert len(events) == 2

    def test_a_correcting_letter_links_both_ways(self) -> None:
        """A CV of the same issuer to the original's recipients; the original names the letter."""
        d = s.registered_out(recipients=["Các ban đảng", "Các huyện ủy"], secrecy=Secrecy.MAT)
        e = correction(d)
        assert (e.document_type, e.issuer, e.recipients, e.secrecy, e.urgency, e.corrects) \
            == ("CV", d.issuer, d.recipients, Secrecy.MAT, Urgency.NORMAL, d.id)
        letter = uuid4()
        events = rules.register_outgoing(s.ctx(), d, entry=e, allocation=s.allocation(6, "06-CV"),
                                         document_id=letter)
        corrected = events[-1]
        assert isinstance(corrected, OutgoingDocument.CorrectedBy)
        assert (corrected.letter_id, corrected.letter_number_symbol) == (letter, "06-CV")
        assert s.after(fold_outgoing, d, events).status is OutgoingStatus.ISSUED

    def test_a_correction_is_not_dated_before_the_original(self) -> None:
        """The letter is dated on or after the original."""
        with pytest.raises(DateBeforeRegistration):
            correction(s.registered_out(), issued_on=ISSUED - timedelta(days=1))

    def test_a_replacement_needs_a_reason_and_freezes_the_original(self) -> None:
        """Same form as the original; the reason is its note; the original is replaced."""
        d = s.registered_out(copies=3, urgency=Urgency.KHAN)
        with pytest.raises(ReasonRequired):
            replacement(d, reason=None)
        e = replacement(d)
        assert (e.document_type, e.copies, e.urgency, e.note, e.replaces) \
            == ("CV", 3, Urgency.KHAN, "Sai nội dung", d.id)
        events = rules.register_outgoing(s.ctx(), d, entry=e, allocation=s.allocation(),
                                         document_id=uuid4())
        assert s.after(fold_outgoing, d, events).status is OutgoingStatus.REPLACED

    def test_a_frozen_original_takes_no_correction_or_replacement(self) -> None:
        """Recalled, replaced or destroyed: frozen, also when it froze after the entry."""
        d = s.registered_out()
        with pytest.raises(OutgoingDocumentFrozen):
            correction(frozen(d))
        with pytest.raises(OutgoingDocumentFrozen):
            replacement(frozen(d))
        with pytest.raises(OutgoingDocumentFrozen):
            rules.register_outgoing(s.ctx(), frozen(d), entry=correction(d),
                                    allocation=s.allocation(), document_id=uuid4())


class TestDispatchAndRecall:
    def test_dispatched_once(self) -> None:
        """The date sent is recorded once; corrections go out as letters of their own."""
        d = s.registered_out()
        sent = s.after(fold_outgoing, d, rules.dispatch(s.ctx(), d, today=TODAY,
                                                        received_by="Bưu điện"))
        assert (sent.status, sent.sent_on, sent.received_by) == (OutgoingStatus.SENT, TODAY,
                                                                 "Bưu điện")
        with pytest.raises(AlreadySent):
            rules.dispatch(s.ctx(), sent, today=TODAY)

    def test_not_sent_before_it_was_issued(self) -> None:
        """sent_on before the issue date is refused."""
        with pytest.raises(DateBeforeRegistration):
            rules.dispatch(s.ctx(), s.registered_out(), today=TODAY,
                           sent_on=ISSUED - timedelta(days=1))

    def test_recall_needs_a_reason_and_names_every_recipient(self) -> None:
        """The recall event lists the recipients to tell; the copy is frozen after it."""
        d = s.registered_out(recipients=["A", "B"])
        with pytest.raises(ReasonRequired):
            rules.recall(s.ctx(), d, today=TODAY)
        [event] = rules.recall(s.ctx("Sai thẩm quyền"), d, today=TODAY)
        assert isinstance(event, OutgoingDocument.Recalled)
        assert (event.recipients_notified, event.reason) == (("A", "B"), "Sai thẩm quyền")
        with pytest.raises(OutgoingDocumentFrozen):
            rules.dispatch(s.ctx(), s.after(fold_outgoing, d, [event]), today=TODAY)
