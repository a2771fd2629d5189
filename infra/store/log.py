"""Appending to the office log: positions, recorded time and hashes in the storing transaction.

This is the one write path of the system. Every batch of events that the applications save comes here
inside one write transaction, under the log lock, and leaves with:

- a gapless position (1, 2, 3, …) per event, in the order the batch gives them;
- one recorded time for the batch (microseconds, UTC), never earlier than the previous event's;
- its leaf hash and its record's chain hash (see ``docs/verifying.md`` §2–§3);
- on PostgreSQL, a ``NOTIFY`` on the office's ``log`` channel, delivered when the transaction
  commits (``infra/store/channels.py``): workers and read-your-writes waits wake on it.

The function is safe to run twice (the library retries ``insert_events`` on some errors): it reads
everything it needs inside the transaction, so a rolled-back attempt leaves no trace.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.persistence import IntegrityError, StoredEvent

from infra.db import Cursor, Database
from infra.ledger.encoding import GENESIS_CHAIN, chain_hash, leaf_hash_of_event
from infra.store.receipts import Claim, claim_in_append

Clock = Callable[[], int]


def wall_clock_us() -> int:
    return time.time_ns() // 1000


@dataclass(frozen=True)
class Appended:
    """What one append wrote: the positions of the events and their recorded time."""

    positions: list[int]
    recorded_us: int


class OfficeLog:
    """Writes events and their log rows; used by both recorders."""

    def __init__(self, db: Database, *, clock: Clock = wall_clock_us, hashing: bool = True) -> None:
        self.db = db
        self.clock = clock
        # ``hashing=False`` exists only so that ``make bench`` can show what hashing costs; the
        # wiring never sets it, and ``socai verify`` refuses such a store.
        self.hashing = hashing
        d = db.dialect
        self._insert_event = (
            "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)"
        )
        self._insert_log = (
            "INSERT INTO office_log (position, originator_id, originator_version, recorded_us, "
            "leaf_hash, chain_hash) VALUES (?, ?, ?, ?, ?, ?)"
        )
        self._uuid = d.uuid_param

    def append(self, cur: Cursor, events: Sequence[StoredEvent], *, claim: Claim | None = None,
               record_id: UUID | None = None) -> Appended:
        """Store ``events`` and their log rows; the caller owns the write transaction.

        With ``claim`` (an Idempotency-Key), the key's receipt — ``record_id``, the new version of
        every record in ``events``, their positions — is written first, under the log lock, or
        :class:`~infra.store.receipts.KeyAlreadyClaimed` is raised and nothing is written.
        """
        self.db.lock_log(cur)
        cur.execute("SELECT position, recorded_us FROM office_log ORDER BY position DESC LIMIT 1")
        last = cur.fetchone()
        last_position, last_us = (int(last[0]), int(last[1])) if last else (0, 0)
        recorded_us = max(self.clock(), last_us)
        if claim is not None:
            versions = {_id(e): e.originator_version for e in events}
            claim_in_append(cur, claim, record_id=record_id, versions=versions,
                            positions=range(last_position + 1, last_position + 1 + len(events)),
                            recorded_us=recorded_us)
        uuid = self._uuid
        # The events first: a taken (record, version) fails here, before anything else is written.
        cur.executemany(
            self._insert_event,
            [(uuid(_id(e)), e.originator_version, e.topic, e.state) for e in events],
        )
        chains = self._previous_chains(cur, events)
        rows = []
        position = last_position
        for e in events:
            position += 1
            record_id = _id(e)
            if self.hashing:
                leaf = leaf_hash_of_event(position, record_id, e.originator_version, e.topic,
                                          recorded_us, e.state)
                chain = chain_hash(chains[record_id], leaf)
            else:
                leaf = chain = GENESIS_CHAIN
            chains[record_id] = chain
            rows.append((position, uuid(record_id), e.originator_version, recorded_us, leaf, chain))
        cur.executemany(self._insert_log, rows)
        self.db.notify(cur, "log", str(position))  # the workers wake when this commits
        return Appended(list(range(last_position + 1, position + 1)), recorded_us)

    def _previous_chains(self, cur: Cursor, events: Sequence[StoredEvent]) -> dict[UUID, bytes]:
        """The chain hash each record had before this batch (genesis for new records)."""
        first_version: dict[UUID, int] = {}
        last_version: dict[UUID, int] = {}
        for e in events:
            record_id = _id(e)
            previous = last_version.get(record_id)
            if previous is None:
                first_version[record_id] = e.originator_version
            elif e.originator_version != previous + 1:
                msg = f"events of record {record_id} are not consecutive in one save"
                raise IntegrityError(msg)
            last_version[record_id] = e.originator_version
        chains: dict[UUID, bytes] = {}
        for record_id, version in first_version.items():
            if version == 1:
                chains[record_id] = GENESIS_CHAIN
                continue
            cur.execute(
                "SELECT chain_hash FROM office_log WHERE originator_id = ? AND originator_version = ?",
                (self._uuid(record_id), version - 1),
            )
            row = cur.fetchone()
            if row is None:
                msg = f"record {record_id} has no version {version - 1} to follow"
                raise IntegrityError(msg)
            chains[record_id] = bytes(row[0])
        return chains


def _id(event: StoredEvent) -> UUID:
    oid = event.originator_id
    return oid if isinstance(oid, UUID) else UUID(str(oid))
