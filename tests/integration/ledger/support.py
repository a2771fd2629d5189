"""Helpers for the ledger's integration tests: fill a log quickly, read and tamper with raw rows."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from eventsourcing.persistence import StoredEvent

from api.bootstrap import Office
from domain.actors import Role
from domain.records import Context
from infra.ledger.merkle import MemorySubtreeSource
from tests.support.office import actor


def append_events(office: Office, count: int, *, records: int = 3, size: int = 60) -> list[int]:
    """Append ``count`` small events over a few records through the write path; their positions."""
    ids = [uuid4() for _ in range(records)]
    versions = dict.fromkeys(ids, 0)
    positions: list[int] = []
    for i in range(count):
        record = ids[i % records]
        versions[record] += 1
        payload = f'{{"n":{i},"s":"{"Sổ cái " * (size // 8)}"}}'.encode()
        event = StoredEvent(originator_id=record, originator_version=versions[record],
                            topic="tests.synthetic:Noted", state=payload)
        positions += office.store.recorder.insert_events([event])
    return positions


def leaf_hashes(office: Office) -> list[bytes]:
    with office.store.db.read() as cur:
        cur.execute("SELECT leaf_hash FROM office_log ORDER BY position")
        return [bytes(r[0]) for r in cur.fetchall()]


def stored_subtrees(office: Office) -> dict[tuple[int, int], bytes]:
    with office.store.db.read() as cur:
        cur.execute("SELECT level, idx, hash FROM ledger_subtrees")
        return {(int(a), int(b)): bytes(h) for a, b, h in cur.fetchall()}


def reference(office: Office) -> MemorySubtreeSource:
    """Every perfect subtree of the log's leaf hashes, computed in memory."""
    return MemorySubtreeSource(leaf_hashes(office))


def execute(office: Office, sql: str, params: Any = ()) -> int:
    """Run SQL behind the application's back (the tamperer's tool); return the rows touched."""
    with office.store.db.write() as cur:
        cur.execute(sql, params)
        return cur.rowcount


def signer_ctx(office: Office) -> Context:
    from api.actors import system_actor

    return Context(system_actor(office, "ledger-signer"), office.clock())


def someone() -> Context:
    from datetime import UTC, datetime

    return Context(actor(Role.ADMIN), datetime(2026, 3, 2, tzinfo=UTC))


def uuid_param(office: Office, value: UUID) -> Any:
    return office.store.db.dialect.uuid_param(value)
