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


def sign(office: Office) -> int:
    """Sign a checkpoint now; its tree size."""
    signed = office.signer.sign(signer_ctx(office))
    assert signed is not None
    return signed.checkpoint.size


def verify(office: Office, *, jobs: int = 1, range_bits: int | None = None,
           since: int | None = None, key: Any = None, witness: bool = True) -> Any:
    """Run `verify_store` on the office's store as `socai verify` does (with the witness file)."""
    from infra.ledger.keys import PUBLIC_KEY_FILE, read_verifier_key
    from infra.ledger.signer import witness_path
    from infra.ledger.verify import RANGE_BITS, ExternalCheckpoint, target_for, verify_store

    settings = office.settings
    pinned = key or read_verifier_key(settings.keys_path / PUBLIC_KEY_FILE)
    path = witness_path(settings.data_dir)
    external = [ExternalCheckpoint("the witness file", path.read_bytes())] \
        if witness and path.exists() else []
    return verify_store(office.store.db, target_for(settings), pinned, since=since,
                        external=external, jobs=jobs,
                        range_bits=RANGE_BITS if range_bits is None else range_bits)


def row(office: Office, position: int) -> dict[str, Any]:
    """The raw log row and event row at ``position``."""
    with office.store.db.read() as cur:
        cur.execute(
            "SELECT l.originator_id, l.originator_version, e.topic, e.state, l.recorded_us, "
            "l.leaf_hash, l.chain_hash FROM office_log l JOIN stored_events e ON "
            "e.originator_id = l.originator_id AND e.originator_version = l.originator_version "
            "WHERE l.position = ?", (position,))
        found = cur.fetchone()
    assert found is not None
    oid = found[0]
    return {"oid": oid, "record": oid if isinstance(oid, UUID) else UUID(oid),
            "version": int(found[1]), "topic": found[2], "state": bytes(found[3]),
            "recorded_us": int(found[4]), "leaf": bytes(found[5]), "chain": bytes(found[6])}


def shift_positions(office: Office, from_position: int, by: int) -> None:
    """Move every log row at or after ``from_position`` by ``by`` places (two steps: no clash)."""
    execute(office, "UPDATE office_log SET position = -(position + ?) WHERE position >= ?",
            (by, from_position))
    execute(office, "UPDATE office_log SET position = -position WHERE position < 0")
