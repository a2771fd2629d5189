"""Access to the archive: requests for items still here, approval (a loan with its due date),
refusal with a reason, hand-out once, return; and the trail of every access to a secret item."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.actors import Secrecy
from domain.archive.access import (
    AccessKind,
    AccessRequest,
    AccessStatus,
    AccessTrail,
    fold_access,
    fold_trail,
)
from domain.archive.errors import (
    AccessNotApproved,
    AccessRequestNotPending,
    DateBeforeRegistration,
    DateInFuture,
    DocumentDestroyed,
    LoanNeedsDueDate,
    NotHandedOut,
)
from domain.archive.files import FileStatus
from domain.archive.outgoing import OutgoingStatus
from domain.archive.rules import access as rules
from domain.archive.values import ItemKind
from domain.errors import InvalidValue, ReasonRequired
from tests.unit.archive import support as s

TODAY = s.TODAY


class TestItemFacts:
    def test_a_file_by_its_reference_and_code(self) -> None:
        """A file shows its reference, title, archival code and secrecy."""
        f = s.archived(secrecy=Secrecy.MAT)
        assert rules.item_facts(f) == (f.reference, f.title, "VPTU/01/12/1", Secrecy.MAT)

    def test_a_filed_document_shows_its_files_code(self) -> None:
        """The holder's archival code, or its reference before handover."""
        doc = s.registered_out()
        assert rules.item_facts(doc, s.archived()).file_code == "VPTU/01/12/1"
        assert rules.item_facts(doc, s.closed()).file_code == "VP-01"
        assert rules.item_facts(doc).file_code is None

    def test_a_directive_by_its_number(self) -> None:
        """A directive's label is its number-symbol."""
        d = s.directive(secrecy=Secrecy.TOI_MAT)
        assert rules.item_facts(d) == ("07-CT/TU", d.title, None, Secrecy.TOI_MAT)

    def test_an_item_gone_is_refused(self) -> None:
        """Destroyed documents and files, transferred files, are no longer here."""
        for gone in (replace(s.registered_out(), status=OutgoingStatus.DESTROYED),
                     replace(s.closed(), status=FileStatus.TRANSFERRED)):
            with pytest.raises(DocumentDestroyed):
                rules.item_facts(gone)


class TestRequests:
    def test_the_borrower_defaults_to_the_actor(self) -> None:
        """The request keeps the item's facts and the borrower's unit."""
        f = s.closed()
        [event] = rules.request_access(s.ctx(), f, None, today=TODAY, request_id=uuid4(),
                                       kind=AccessKind.READING, item_kind=ItemKind.FILE,
                                       item_id=f.id, purpose="Nghiên cứu")
        assert isinstance(event, AccessRequest.Requested)
        assert (event.borrower, event.borrower_unit, event.item_label, event.requested_on) \
            == ("vanthu", "VP", "VP-01", TODAY)

    def test_approval_of_a_loan_needs_a_due_date(self) -> None:
        """A loan is approved with the day it is due back, on or after the approval."""
        r = s.requested()
        for due in (None, date(2026, 2, 2)):
            with pytest.raises(LoanNeedsDueDate):
                rules.approve_access(s.ctx(), r, today=TODAY, due_on=due,
                                     approved_on=date(2026, 2, 3))
        reading = s.requested(kind=AccessKind.READING)
        [event] = rules.approve_access(s.ctx(who=s.LEADER), reading, today=TODAY)
        assert isinstance(event, AccessRequest.Approved)
        assert (event.approved_by, event.due_on) == ("lanhdao", None)

    def test_approval_not_before_the_request(self) -> None:
        """approved_on before requested_on is refused."""
        with pytest.raises(DateBeforeRegistration):
            rules.approve_access(s.ctx(), s.requested(), today=TODAY, due_on=TODAY,
                                 approved_on=date(2026, 2, 1))

    def test_only_a_pending_request_is_decided(self) -> None:
        """Approved or refused once; refusal needs a reason."""
        r = s.approved()
        with pytest.raises(AccessRequestNotPending):
            rules.approve_access(s.ctx(), r, today=TODAY, due_on=TODAY)
        with pytest.raises(AccessRequestNotPending):
            rules.refuse_access(s.ctx("Không phù hợp"), r, today=TODAY)
        with pytest.raises(ReasonRequired):
            rules.refuse_access(s.ctx(), s.requested(), today=TODAY)
        [event] = rules.refuse_access(s.ctx("Không phù hợp"), s.requested(), today=TODAY)
        assert isinstance(event, AccessRequest.Refused)


class TestHandOutAndReturn:
    def test_handed_out_once_on_an_approved_request(self) -> None:
        """The event keeps the item's secrecy as it is when it leaves."""
        f = s.closed(secrecy=Secrecy.MAT)
        with pytest.raises(AccessNotApproved):
            rules.hand_out(s.ctx(), s.requested(f), f, None, today=TODAY)
        r = s.approved(s.requested(f))
        declassified = replace(f, secrecy=Secrecy.NONE)
        [event] = rules.hand_out(s.ctx(), r, declassified, None, today=TODAY)
        assert isinstance(event, AccessRequest.HandedOut)
        assert event.secrecy is Secrecy.NONE
        out = s.after(fold_access, r, [event])
        with pytest.raises(AccessNotApproved):
            rules.hand_out(s.ctx(), out, f, None, today=TODAY)

    def test_an_item_gone_meanwhile_is_not_handed_out(self) -> None:
        """Destroyed after the approval: refused."""
        f = s.closed()
        r = s.approved(s.requested(f))
        with pytest.raises(DocumentDestroyed):
            rules.hand_out(s.ctx(), r, replace(f, status=FileStatus.DESTROYED), None,
                           today=TODAY)

    def test_only_an_item_handed_out_comes_back(self) -> None:
        """Return after hand-out, dated on or after it, the note as the event's reason."""
        f = s.closed()
        r = s.approved(s.requested(f))
        with pytest.raises(NotHandedOut):
            rules.return_item(s.ctx(), r, today=TODAY)
        out = s.after(fold_access, r, rules.hand_out(s.ctx(), r, f, None, today=TODAY,
                                                     handed_out_on=date(2026, 2, 10)))
        with pytest.raises(DateBeforeRegistration):
            rules.return_item(s.ctx(), out, today=TODAY, returned_on=date(2026, 2, 9))
        back = s.after(fold_access, out, rules.return_item(s.ctx(), out, today=TODAY,
                                                           note="Đủ"))
        assert (back.status, back.returned_on) == (AccessStatus.RETURNED, TODAY)

    def test_a_hand_out_is_not_in_the_future(self) -> None:
        """handed_out_on after today is refused."""
        with pytest.raises(DateInFuture):
            rules.hand_out(s.ctx(), s.approved(), s.closed(), None, today=TODAY,
                           handed_out_on=TODAY + timedelta(days=1))


class TestTrail:
    def test_only_secret_items_are_traced(self) -> None:
        """secrecy none is refused."""
        with pytest.raises(InvalidValue):
            rules.record_access(s.ctx(), None, item_kind=ItemKind.FILE, item_id=uuid4(),
                                secrecy=Secrecy.NONE, what="view")

    def test_each_access_is_the_trails_next_event(self) -> None:
        """The first access opens the item's trail; the next follows its version."""
        item = uuid4()
        [first] = rules.record_access(s.ctx(), None, item_kind=ItemKind.FILE, item_id=item,
                                      secrecy=Secrecy.MAT, what="view")
        trail = s.after(fold_trail, None, [first], first.originator_id)
        [second] = rules.record_access(s.ctx(), trail, item_kind=ItemKind.FILE, item_id=item,
                                       secrecy=Secrecy.MAT, what="content " + "a" * 64)
        assert isinstance(second, AccessTrail.Accessed)
        assert (second.originator_id, second.originator_version) == (first.originator_id, 2)
