"""The Idempotency-Key's receipt is written by the append, in the transaction of the command's
events: both or neither; a key claimed first makes a second append write nothing (both stores)."""

from __future__ import annotations

import pytest

from api.bootstrap import Office
from domain.actors import Role
from domain.application import CommandWroteTwice, command_write, side_write
from domain.directives.errors import DirectiveNotDraft
from domain.records import Context
from infra.store.receipts import Claim, KeyAlreadyClaimed, KeyScope
from tests.support.office import actor, ctx_for, event_count

LEADER = actor(Role.LEADER)
SCOPE = KeyScope(LEADER.user_id, "POST", "/directives", "khoa-1")


def claim(scope: KeyScope = SCOPE, *, fingerprint: str = "f" * 64,
          not_before_us: int = 0) -> Claim:
    return Claim(scope, fingerprint, 201, not_before_us=not_before_us)


def draft(office: Office, ctx: Context | None = None) -> object:
    return office.directives.draft(ctx or ctx_for(office, LEADER), document_type="CT",
                                   title="Về kỷ luật", issuer="TU", drafting_unit="VP")


class TestTheReceiptIsWrittenWithTheEvents:
    def test_the_receipt_names_the_record_versions_and_positions(self, office: Office) -> None:
        """Record id, every changed record's version, the positions, status and fingerprint."""
        with command_write(idempotency=claim()) as write:
            draft(office)
        receipt = write.receipt
        assert receipt is not None
        found = office.receipts.find(SCOPE, not_before_us=0)
        assert found is not None
        assert (found.record_id, dict(found.versions), found.positions, found.status) == (
            receipt.record_id, receipt.versions, receipt.positions, 201)
        assert found.fingerprint == "f" * 64

    def test_a_refused_command_leaves_no_receipt(self, office: Office) -> None:
        """A rule refuses: no events, no key claimed (a retry runs again)."""
        with command_write() as first:
            draft(office)
        assert first.receipt is not None
        record_id = first.receipt.record_id
        assert record_id is not None
        office.directives.appraise(ctx_for(office, LEADER), record_id, 1, passed=True)
        before = event_count(office)
        with pytest.raises(DirectiveNotDraft), command_write(idempotency=claim()):
            office.directives.revise(ctx_for(office, LEADER), record_id, 2, title="Khác")
        assert event_count(office) == before
        assert office.receipts.find(SCOPE, not_before_us=0) is None

    def test_a_claimed_key_makes_the_second_append_write_nothing(self, office: Office) -> None:
        """The duplicate finds the key under the log lock: KeyAlreadyClaimed, events rolled
        back, the first receipt unchanged."""
        with command_write(idempotency=claim()):
            draft(office)
        first = office.receipts.find(SCOPE, not_before_us=0)
        before = event_count(office)
        with pytest.raises(KeyAlreadyClaimed), command_write(idempotency=claim()):
            draft(office)
        assert event_count(office) == before
        assert office.receipts.find(SCOPE, not_before_us=0) == first

    def test_an_expired_claim_is_replaced(self, office: Office) -> None:
        """A row older than the claim's horizon frees the key: the new command claims it."""
        with command_write(idempotency=claim()):
            draft(office)
        old = office.receipts.find(SCOPE, not_before_us=0)
        assert old is not None
        horizon = old.created_us + 1
        assert office.receipts.find(SCOPE, not_before_us=horizon) is None
        with command_write(idempotency=claim(not_before_us=horizon)) as write:
            draft(office)
        new = office.receipts.find(SCOPE, not_before_us=horizon)
        assert new is not None
        assert write.receipt is not None
        assert new.record_id == write.receipt.record_id != old.record_id

    def test_purging_deletes_only_what_expired(self, office: Office) -> None:
        """``Receipts.purge(before_us)``."""
        with command_write(idempotency=claim()):
            draft(office)
        other = KeyScope(LEADER.user_id, "POST", "/directives", "khoa-2")
        with command_write(idempotency=claim(other)):
            draft(office)
        newest = office.receipts.find(other, not_before_us=0)
        assert newest is not None
        assert office.receipts.purge(before_us=newest.created_us) in (0, 1)
        assert office.receipts.find(other, not_before_us=0) is not None
        assert office.receipts.purge(before_us=newest.created_us + 1) >= 1
        assert office.receipts.find(other, not_before_us=0) is None


class TestOneWritePerCommand:
    def test_a_second_write_in_one_command_is_a_programming_error(self, office: Office) -> None:
        """Two writes under one command_write would split what the key covers: refused."""
        with command_write():
            draft(office)
            with pytest.raises(CommandWroteTwice):
                draft(office)

    def test_a_side_write_is_allowed_and_carries_no_claim(self, office: Office) -> None:
        """A write of its own (a system actor registered on first use) stays outside."""
        with command_write(idempotency=claim()) as write:
            with side_write():
                draft(office)
            draft(office)
        assert write.receipt is not None
        found = office.receipts.find(SCOPE, not_before_us=0)
        assert found is not None
        assert found.record_id == write.receipt.record_id
