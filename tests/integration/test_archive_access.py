"""Access: reading and loan requests, approval, hand-out, return; the trail of secret items."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from api.bootstrap import Office
from domain.actors import Role, Secrecy
from domain.archive.access import AccessKind, AccessStatus, access_trail_id, fold_trail
from domain.archive.errors import (
    AccessNotApproved,
    AccessRequestNotPending,
    LoanNeedsDueDate,
    NotHandedOut,
)
from domain.archive.values import ItemKind
from domain.errors import InvalidValue, ReasonRequired
from tests.support.archive import CLERK, LEADER, closed_file, seed_retention
from tests.support.office import actor, ctx_for

READER = actor(Role.SPECIALIST, clearance=Secrecy.MAT, name="test-reader")


@pytest.fixture
def file_id(office: Office) -> UUID:
    seed_retention(office)
    return closed_file(office, "VV", secrecy=Secrecy.MAT)


def request(office: Office, file_id: UUID, kind: AccessKind = AccessKind.LOAN) -> UUID:
    receipt = office.archive.request_access(
        ctx_for(office, READER), kind=kind, item_kind=ItemKind.FILE, item_id=file_id,
        purpose="Nghiên cứu phục vụ tổng kết", requested_on=date(2026, 2, 2))
    assert receipt.record_id is not None
    return receipt.record_id


class TestLoans:
    def test_a_loan_from_request_to_return(self, office: Office, file_id: UUID) -> None:
        """Requested, approved with a due date, handed out, returned."""
        a = office.archive
        rid = request(office, file_id)
        a.approve_access(ctx_for(office, LEADER), rid, 1, due_on=date(2026, 2, 20),
                         approved_on=date(2026, 2, 3))
        a.hand_out(ctx_for(office, CLERK), rid, 2, handed_out_on=date(2026, 2, 4))
        a.return_item(ctx_for(office, CLERK), rid, 3, returned_on=date(2026, 2, 18))
        r = a.get_access(rid)
        assert (r.status, r.approved_by, r.borrower, r.secrecy) == (
            AccessStatus.RETURNED, LEADER.username, READER.username, Secrecy.MAT)

    def test_a_loan_needs_a_due_date(self, office: Office, file_id: UUID) -> None:
        """Loans are approved with the day they are due back."""
        rid = request(office, file_id)
        with pytest.raises(LoanNeedsDueDate):
            office.archive.approve_access(ctx_for(office, LEADER), rid, 1)

    def test_reading_needs_no_due_date(self, office: Office, file_id: UUID) -> None:
        """A reading-room request is approved without a due date."""
        rid = request(office, file_id, AccessKind.READING)
        office.archive.approve_access(ctx_for(office, LEADER), rid, 1)
        assert office.archive.get_access(rid).status is AccessStatus.APPROVED

    def test_not_handed_out_before_approval(self, office: Office, file_id: UUID) -> None:
        """Only an approved request is handed out."""
        rid = request(office, file_id)
        with pytest.raises(AccessNotApproved):
            office.archive.hand_out(ctx_for(office, CLERK), rid, 1)

    def test_refusal_needs_a_reason_and_ends_the_request(self, office: Office,
                                                          file_id: UUID) -> None:
        """A refused request is not approved afterwards."""
        rid = request(office, file_id)
        with pytest.raises(ReasonRequired):
            office.archive.refuse_access(ctx_for(office, LEADER), rid, 1)
        office.archive.refuse_access(ctx_for(office, LEADER, reason="Không đúng mục đích"), rid, 1)
        with pytest.raises(AccessRequestNotPending):
            office.archive.approve_access(ctx_for(office, LEADER), rid, 2,
                                          due_on=date(2026, 3, 10))

    def test_only_what_is_out_comes_back(self, office: Office, file_id: UUID) -> None:
        """Returning an item never handed out is refused."""
        rid = request(office, file_id, AccessKind.READING)
        with pytest.raises(NotHandedOut):
            office.archive.return_item(ctx_for(office, CLERK), rid, 1)


class TestAccessTrail:
    def test_every_access_to_a_secret_item_is_an_event(self, office: Office,
                                                         file_id: UUID) -> None:
        """Two views of a secret file: two events on its access trail."""
        for _ in range(2):
            office.archive.record_access(ctx_for(office, READER), item_kind=ItemKind.FILE,
                                         item_id=file_id, secrecy=Secrecy.MAT, what="view")
        trail = office.archive.find(access_trail_id(file_id), fold_trail)
        assert trail is not None
        assert trail.accesses == 2

    def test_only_secret_items_are_traced(self, office: Office, file_id: UUID) -> None:
        """Tracing an ordinary item is a programming error, refused."""
        with pytest.raises(InvalidValue):
            office.archive.record_access(ctx_for(office, READER), item_kind=ItemKind.FILE,
                                         item_id=file_id, secrecy=Secrecy.NONE, what="view")
