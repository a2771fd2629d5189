"""Disposal: refused under a hold, before expiry, without a decision, after the 15-day window;
the tombstone; content leaves the blob store unless a live item still uses it; the ledger still
verifies."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from api.bootstrap import Office
from domain.archive.errors import (
    CouncilRequired,
    DestructionWindowPassed,
    DisposalDecisionMissing,
    LegalHoldBlocksDisposal,
    RetentionNotExpired,
)
from domain.archive.files import FileStatus
from domain.archive.incoming import IncomingStatus
from domain.archive.outgoing import OutgoingStatus
from domain.archive.values import ItemKind
from domain.errors import ReasonRequired
from infra.ledger.encoding import leaf_hash_of_event
from tests.support.archive import (
    CLERK,
    LEADER,
    add,
    attach_bytes,
    closed_file,
    open_file,
    register_in,
    register_out,
    seed_retention,
    version,
)
from tests.support.office import ctx_for, event_count

COUNCIL = ["Chánh Văn phòng (Chủ tịch)", "Trưởng phòng Lưu trữ", "Trưởng phòng Tổng hợp"]


@pytest.fixture(autouse=True)
def _retention(office: Office) -> None:
    seed_retention(office)


def propose(office: Office, *file_ids: UUID, day: date = date(2026, 2, 10)) -> UUID:
    receipt = office.archive.propose_disposal(ctx_for(office, CLERK), file_ids=file_ids,
                                              council=COUNCIL, proposal_reference="TTr 3/HĐ",
                                              proposed_on=day)
    assert receipt.record_id is not None
    return receipt.record_id


def decide(office: Office, disposal_id: UUID, day: date = date(2026, 2, 20)) -> None:
    office.archive.decide_disposal(ctx_for(office, LEADER), disposal_id,
                                   office.archive.get_disposal(disposal_id).version,
                                   decision_number="15/QĐ-VPTU", decided_by="Chánh Văn phòng",
                                   decided_on=day)


def destroy(office: Office, disposal_id: UUID, day: date = date(2026, 3, 2)) -> None:
    office.archive.destroy(ctx_for(office, CLERK, reason="Hết thời hạn bảo quản"), disposal_id,
                           office.archive.get_disposal(disposal_id).version,
                           minutes_number="BB 2/2026", destroyed_on=day)


class TestRefusals:
    def test_before_expiry(self, office: Office) -> None:
        """A 20-year file ended in 2014 expires on 1/1/2035: not proposed in 2026."""
        file_id = closed_file(office, "20N")
        with pytest.raises(RetentionNotExpired):
            propose(office, file_id)

    def test_permanent_files_never(self, office: Office) -> None:
        """A permanent file is never disposed of."""
        with pytest.raises(RetentionNotExpired):
            propose(office, closed_file(office, "VV"))

    def test_mixed_file_waits_for_its_most_valuable_document(self, office: Office) -> None:
        """A 5-year file holding a 20-year document is not yet disposable."""
        with pytest.raises(RetentionNotExpired):
            propose(office, closed_file(office, "05N", doc_classes=("05N", "20N")))

    def test_under_a_hold_nothing_is_proposed(self, office: Office) -> None:
        """A legal hold blocks the proposal; nothing is written."""
        file_id = closed_file(office, "05N")
        office.archive.place_hold(ctx_for(office, LEADER, reason="Vụ việc đang giải quyết"),
                                  file_id, version(office, file_id), reference="UBKT 7/2026")
        before = event_count(office)
        with pytest.raises(LegalHoldBlocksDisposal):
            propose(office, file_id)
        assert event_count(office) == before

    def test_a_hold_after_the_decision_blocks_destruction(self, office: Office) -> None:
        """A hold placed after the decision still stops the destruction, and moves no date."""
        file_id = closed_file(office, "05N")
        disposal_id = propose(office, file_id)
        decide(office, disposal_id)
        expires = office.archive.get_file(file_id).expires_on
        office.archive.place_hold(ctx_for(office, LEADER, reason="Tranh chấp"), file_id,
                                  version(office, file_id), reference="TA 1/2026")
        with pytest.raises(LegalHoldBlocksDisposal):
            destroy(office, disposal_id)
        assert office.archive.get_file(file_id).expires_on == expires
        assert office.archive.get_file(file_id).status is FileStatus.CLOSED

    def test_without_a_decision(self, office: Office) -> None:
        """Destruction needs the competent head's decision."""
        disposal_id = propose(office, closed_file(office, "05N"))
        with pytest.raises(DisposalDecisionMissing):
            destroy(office, disposal_id)

    def test_after_fifteen_days(self, office: Office) -> None:
        """Destruction happens within 15 days of the decision."""
        disposal_id = propose(office, closed_file(office, "05N"))
        decide(office, disposal_id, date(2026, 2, 10))
        with pytest.raises(DestructionWindowPassed):
            destroy(office, disposal_id, date(2026, 2, 26))

    def test_without_a_reason(self, office: Office) -> None:
        """Destruction states its reason."""
        disposal_id = propose(office, closed_file(office, "05N"))
        decide(office, disposal_id)
        with pytest.raises(ReasonRequired):
            office.archive.destroy(ctx_for(office, CLERK), disposal_id, 2,
                                   minutes_number="BB 2/2026")

    def test_a_council_of_three(self, office: Office) -> None:
        """The appraisal council has at least three members."""
        with pytest.raises(CouncilRequired):
            office.archive.propose_disposal(ctx_for(office, CLERK),
                                            file_ids=[closed_file(office, "05N")],
                                            council=COUNCIL[:2], proposal_reference="x")


def _expired_file_with_content(office: Office) -> tuple[UUID, UUID, UUID, str, str]:
    file_id = open_file(office, "05N")
    out_id = register_out(office)
    in_id = register_in(office).receipt.record_id
    assert in_id is not None
    sha_out = attach_bytes(office, ItemKind.OUTGOING, out_id, b"%PDF-1.7 outgoing copy")
    sha_in = attach_bytes(office, ItemKind.INCOMING, in_id, b"%PDF-1.7 incoming scan")
    add(office, file_id, out_id)
    add(office, file_id, in_id, ItemKind.INCOMING)
    office.archive.close_file(ctx_for(office, CLERK), file_id, version(office, file_id),
                              ended_on=date(2014, 12, 30))
    return file_id, out_id, in_id, sha_out, sha_in


class TestDestruction:
    def test_tombstone_keeps_decision_people_and_hashes(self, office: Office) -> None:
        """The file keeps what was destroyed, under which decision, by whom, with the hashes."""
        file_id, out_id, in_id, sha_out, sha_in = _expired_file_with_content(office)
        disposal_id = propose(office, file_id)
        decide(office, disposal_id)
        destroy(office, disposal_id)
        f = office.archive.get_file(file_id)
        t = f.tombstone
        assert f.status is FileStatus.DESTROYED
        assert t is not None
        assert (t.disposal_id, t.decision_number, t.decided_by, t.council) == (
            disposal_id, "15/QĐ-VPTU", "Chánh Văn phòng", tuple(COUNCIL))
        assert (t.destroyed_on, t.minutes_number, t.executed_by) == (
            date(2026, 3, 2), "BB 2/2026", CLERK.username)
        assert t.content_hashes == tuple(sorted([sha_out, sha_in]))
        assert {(d.document_id, d.kind) for d in t.documents} == {
            (out_id, ItemKind.OUTGOING), (in_id, ItemKind.INCOMING)}
        assert office.archive.get_outgoing(out_id).status is OutgoingStatus.DESTROYED
        assert office.archive.get_incoming(in_id).status is IncomingStatus.DESTROYED

    def test_content_leaves_the_blob_store(self, office: Office) -> None:
        """Destroyed content is removed from the blob store."""
        file_id, _, _, sha_out, sha_in = _expired_file_with_content(office)
        assert office.blobs.exists(sha_out)
        disposal_id = propose(office, file_id)
        decide(office, disposal_id)
        destroy(office, disposal_id)
        assert not office.blobs.exists(sha_out)
        assert not office.blobs.exists(sha_in)

    def test_content_a_live_item_uses_stays(self, office: Office) -> None:
        """The same scan attached to a live document is kept."""
        file_id, _, _, sha_out, _ = _expired_file_with_content(office)
        live = register_out(office)
        attach_bytes(office, ItemKind.OUTGOING, live, b"%PDF-1.7 outgoing copy")
        disposal_id = propose(office, file_id)
        decide(office, disposal_id)
        destroy(office, disposal_id)
        assert office.blobs.exists(sha_out)
        assert office.archive.blob_in_use(sha_out)


class TestLedgerAfterDisposal:
    # `socai verify` is being built on another branch; this checks what it will check, from the
    # raw rows: every leaf hash recomputes, and no event row written before the disposal changed.

    @staticmethod
    def rows(office: Office) -> list[tuple[object, ...]]:
        with office.store.db.read() as cur:
            cur.execute(
                "SELECT l.position, l.originator_id, l.originator_version, l.recorded_us, "
                "l.leaf_hash, e.topic, e.state FROM office_log l JOIN stored_events e "
                "ON e.originator_id = l.originator_id AND e.originator_version = "
                "l.originator_version ORDER BY l.position")
            return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r)
                    for r in cur.fetchall()]

    def test_every_leaf_still_verifies(self, office: Office) -> None:
        """After destruction the log is only longer: earlier rows are byte-identical and every
        stored leaf hash equals the one recomputed from the row."""
        file_id, *_ = _expired_file_with_content(office)
        disposal_id = propose(office, file_id)
        decide(office, disposal_id)
        before = self.rows(office)
        destroy(office, disposal_id)
        after = self.rows(office)
        assert after[: len(before)] == before
        assert [r[0] for r in after] == list(range(1, len(after) + 1))
        for position, oid, version_, recorded, leaf, topic, state in after:
            record = oid if isinstance(oid, UUID) else UUID(str(oid))
            assert leaf == leaf_hash_of_event(position, record, version_, topic, recorded, state)
