"""The office log: gapless positions, recorded time, write-time hashes, nothing ever rewritten."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from api.bootstrap import Office
from infra.ledger.encoding import GENESIS_CHAIN, chain_hash, leaf_hash_of_event


def rows(office: Office) -> list[tuple[object, ...]]:
    with office.store.db.read() as cur:
        cur.execute(
            "SELECT l.position, l.originator_id, l.originator_version, l.recorded_us, "
            "l.leaf_hash, l.chain_hash, e.topic, e.state FROM office_log l JOIN stored_events e "
            "ON e.originator_id = l.originator_id AND e.originator_version = "
            "l.originator_version ORDER BY l.position"
        )
        return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r)
                for r in cur.fetchall()]


def append(office: Office, record: object, version: int, state: bytes = b"{}") -> list[int]:
    event = StoredEvent(originator_id=record, originator_version=version, topic="t:T",
                        state=state)
    return list(office.store.recorder.insert_events([event]))


class TestPositions:
    def test_positions_run_from_one_without_gaps(self, bare_office: Office) -> None:
        """Each stored event gets the next position, across records."""
        a, b = uuid4(), uuid4()
        got = append(bare_office, a, 1) + append(bare_office, b, 1) + append(bare_office, a, 2)
        assert got == [1, 2, 3]

    def test_a_refused_write_leaves_no_gap(self, bare_office: Office) -> None:
        """A version conflict rolls back the whole transaction; the next event takes the next
        position."""
        a = uuid4()
        append(bare_office, a, 1)
        with pytest.raises(IntegrityError):
            append(bare_office, a, 1)
        assert append(bare_office, a, 2) == [2]
        assert [r[0] for r in rows(bare_office)] == [1, 2]

    def test_recorded_time_never_decreases(self, bare_office: Office) -> None:
        """Recorded times follow positions even if the wall clock steps back."""
        times = iter([5_000_000, 4_000_000, 6_000_000])
        bare_office.store.log.clock = lambda: next(times)
        a = uuid4()
        for v in (1, 2, 3):
            append(bare_office, a, v)
        assert [r[3] for r in rows(bare_office)] == [5_000_000, 5_000_000, 6_000_000]


class TestHashes:
    def test_leaf_and_chain_hashes_are_stored_with_each_event(self, bare_office: Office) -> None:
        """The stored leaf hash covers position, record, version, topic, time and payload; the
        chain hash links a record's events."""
        a = uuid4()
        append(bare_office, a, 1, b'{"x":1}')
        append(bare_office, uuid4(), 1)
        append(bare_office, a, 2, b'{"x":2}')
        previous = GENESIS_CHAIN
        for position, oid, version, recorded, leaf, chain, topic, state in rows(bare_office):
            record = oid if isinstance(oid, UUID) else UUID(oid)
            assert leaf == leaf_hash_of_event(position, record, version, topic, recorded, state)
            if record == a:
                assert chain == chain_hash(previous, leaf)
                previous = chain

    def test_an_event_needs_its_predecessor(self, bare_office: Office) -> None:
        """Version 3 cannot be stored before version 2 exists: the chain would have no link."""
        a = uuid4()
        append(bare_office, a, 1)
        with pytest.raises(IntegrityError):
            append(bare_office, a, 3)
        assert len(rows(bare_office)) == 1


class TestNothingIsRewritten:
    def test_commands_never_change_stored_rows(self, office: Office) -> None:
        """After many commands (corrections included), every earlier row is byte-identical."""
        from domain.actors import Role
        from tests.support.office import actor, ctx_for, issued_directive

        leader = actor(Role.LEADER)
        before = rows(office)
        did = issued_directive(office, leader)
        middle = rows(office)
        issued_on = office.directives.get(did).issued_on
        assert issued_on is not None
        office.directives.amend(ctx_for(office, leader), did, 3, reference="02-QĐ/TU",
                                summary="Sửa đổi điểm 2", amended_on=issued_on)
        office.directives.revoke(ctx_for(office, leader, reason="Không còn phù hợp"), did, 4,
                                 revoked_on=issued_on)
        after = rows(office)
        assert after[: len(before)] == before
        assert after[: len(middle)] == middle
        assert len(after) == len(middle) + 2
