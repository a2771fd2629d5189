"""Raw rows for `socai verify`'s scanning processes: connections of their own, SQL per backend.

A scanning process reaches the store through a `Target` (an SQLite file opened read-only, or a
PostgreSQL schema read in the main process's exported snapshot), reads log rows by position and
event rows in storage order (SQLite's rowid, PostgreSQL's notification id: the order in which the
write path inserted them, which is the position order unless someone moved rows), and looks rows
up by key when the two orders disagree. Record ids come back as bytes: SQLite's 32 hex digits, or
PostgreSQL's 16 raw bytes (``uuid_send``).
"""

from __future__ import annotations

import binascii
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final
from uuid import UUID

CHUNK: Final = 8192
"""Rows read per query."""


@dataclass(frozen=True)
class Target:
    """Where a scanning process connects: an SQLite file, or a PostgreSQL schema and snapshot."""

    sqlite_path: str | None = None
    pg_conninfo: str | None = None
    pg_schema: str = "public"
    pg_snapshot: str | None = None


_CONNECTIONS: dict[Target, Any] = {}


def close_connections() -> None:
    """Close the connections this process opened for scans (the in-process case)."""
    while _CONNECTIONS:
        _, conn = _CONNECTIONS.popitem()
        conn.close()


class Backend:
    """The SQL that differs between SQLite and PostgreSQL, over a connection of this process."""

    def __init__(self, target: Target) -> None:
        self.sqlite = target.sqlite_path is not None
        self.target = target
        conn = _CONNECTIONS.get(target)
        if conn is None:
            conn = _CONNECTIONS[target] = self._connect()
        self.conn: Any = conn
        if self.sqlite:
            rid, topic, mark = "CAST(originator_id AS BLOB)", "CAST(topic AS BLOB)", "?"
            order = "rowid"
            self.unhex: Any = binascii.unhexlify
        else:
            rid, topic, mark = "uuid_send(originator_id)", "convert_to(topic, 'UTF8')", "%s"
            order = "notification_id"
            self.unhex = bytes
        self.log_sql = (
            f"SELECT position, {rid}, originator_version, recorded_us, leaf_hash, chain_hash "
            f"FROM office_log WHERE position > {mark} AND position <= {mark} "
            f"ORDER BY position LIMIT {mark}"
        )
        self.events_sql = (
            f"SELECT {order}, {rid}, originator_version, {topic}, state FROM stored_events "
            f"WHERE {order} >= {mark} ORDER BY {order} LIMIT {mark}"
        )
        key = f"originator_id = {mark} AND originator_version = {mark}"
        self.event_sql = f"SELECT {topic}, state FROM stored_events WHERE {key}"
        self.order_sql = f"SELECT {order} FROM stored_events WHERE {key}"
        self.subtrees_sql = (
            f"SELECT idx, hash FROM ledger_subtrees WHERE level = {mark} AND idx >= {mark} "
            f"AND idx < {mark} ORDER BY idx"
        )
        # The usual case: the hashes alone are cheaper to read; the span says they are contiguous.
        self.subtree_hashes_sql = (
            f"SELECT hash FROM ledger_subtrees WHERE level = {mark} AND idx >= {mark} "
            f"AND idx < {mark} ORDER BY idx"
        )
        self.subtree_span_sql = (
            f"SELECT COUNT(*), MIN(idx), MAX(idx) FROM ledger_subtrees WHERE level = {mark} "
            f"AND idx >= {mark} AND idx < {mark}"
        )

    def _connect(self) -> Any:
        if self.target.sqlite_path is not None:
            lite = sqlite3.connect(
                f"file:{self.target.sqlite_path}?mode=ro", uri=True, isolation_level=None,
                check_same_thread=False,
            )
            lite.execute("PRAGMA cache_size = -16384")  # 16 MiB: the reads are mostly sequential
            return lite
        import psycopg  # only the PostgreSQL side needs the driver
        from psycopg.sql import SQL, Identifier

        pg = psycopg.connect(self.target.pg_conninfo or "", autocommit=True)
        pg.execute(SQL("SET search_path TO {0}").format(Identifier(self.target.pg_schema)))
        return pg

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """A read transaction (on PostgreSQL, in the main process's snapshot)."""
        if self.sqlite:
            cur = self.conn.cursor()
            cur.execute("BEGIN")
            try:
                yield cur
            finally:
                cur.execute("ROLLBACK")
                cur.close()
            return
        cur = self.conn.cursor(binary=True)
        cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            if self.target.pg_snapshot:
                cur.execute(f"SET TRANSACTION SNAPSHOT '{self.target.pg_snapshot}'")
            yield cur
        finally:
            cur.execute("ROLLBACK")
            cur.close()

    def param(self, rid: bytes) -> Any:
        """A record id as rows give it, as a query parameter."""
        return rid.decode("ascii") if self.sqlite else UUID(bytes=rid)

    def key(self, record: UUID) -> bytes:
        """A UUID in the form rows give it."""
        return record.hex.encode("ascii") if self.sqlite else record.bytes

    def previous_versions(
        self, cur: Any, wanted: Sequence[tuple[bytes, int]]
    ) -> dict[tuple[bytes, int], tuple[bytes, int]]:
        """``(record, version) → (chain hash, position)`` of the log rows that exist."""
        found: dict[tuple[bytes, int], tuple[bytes, int]] = {}
        for start in range(0, len(wanted), 400):
            part = wanted[start:start + 400]
            if self.sqlite:
                values = ", ".join(["(?, ?)"] * len(part))
                cur.execute(
                    "SELECT CAST(l.originator_id AS BLOB), l.originator_version, l.chain_hash, "
                    f"l.position FROM (VALUES {values}) v JOIN office_log l "
                    "ON l.originator_id = v.column1 AND l.originator_version = v.column2",
                    [x for rid, version in part for x in (rid.decode("ascii"), version)],
                )
            else:
                cur.execute(
                    "SELECT uuid_send(l.originator_id), l.originator_version, l.chain_hash, "
                    "l.position FROM unnest(%s::uuid[], %s::bigint[]) AS v(id, version) "
                    "JOIN office_log l ON l.originator_id = v.id AND l.originator_version = v.version",
                    [[UUID(bytes=rid) for rid, _ in part], [v for _, v in part]],
                )
            for rid, version, chain, position in cur.fetchall():
                found[(bytes(rid), int(version))] = (bytes(chain), int(position))
        return found

    def stream_start(self, cur: Any, rows: Sequence[Any]) -> int | None:
        """Where the event rows of these log rows start in storage order (the first one found)."""
        for row in rows[:16]:
            cur.execute(self.order_sql, (self.param(row[1]), row[2]))
            found = cur.fetchone()
            if found is not None:
                return int(found[0])
        return None


class EventStream:
    """Event rows in storage order, matched to log rows by key; point lookups where they differ."""

    LOOKAHEAD = 8

    def __init__(self, backend: Backend, cur: Any, start: int | None) -> None:
        self.backend = backend
        self.cur = cur
        self.buf: list[Any] = []
        self.i = 0
        self.next_order = start
        self.lookups = 0

    def _fill(self, wanted: int) -> None:
        """Make at least ``wanted`` rows available after ``i`` (unless the table ends)."""
        while len(self.buf) - self.i < wanted and self.next_order is not None:
            self.cur.execute(self.backend.events_sql, (self.next_order, CHUNK))
            more = self.cur.fetchall()
            self.buf = self.buf[self.i:] + more
            self.i = 0
            self.next_order = int(more[-1][0]) + 1 if more else None

    def match(
        self, rids: Sequence[bytes], versions: Sequence[int]
    ) -> tuple[list[Any], list[Any], int | None]:
        """The topics and payloads of these log rows' events, and the first row without one.

        Rows without an event row get None; the usual case (the next rows in storage order are
        exactly these) costs two list comparisons.
        """
        n = len(rids)
        self._fill(n)
        segment = self.buf[self.i:self.i + n]
        if len(segment) == n:
            _, erids, eversions, topics, states = zip(*segment, strict=True)
            if erids == tuple(rids) and eversions == tuple(versions):
                self.i += n
                return list(topics), list(states), None
        return self._slow(rids, versions)

    def _slow(
        self, rids: Sequence[bytes], versions: Sequence[int]
    ) -> tuple[list[Any], list[Any], int | None]:
        topics: list[Any] = []
        states: list[Any] = []
        missing: int | None = None
        for index, (rid, version) in enumerate(zip(rids, versions, strict=True)):
            found = self._take(rid, version)
            if found is None:
                missing = index if missing is None else missing
                topics.append(None)
                states.append(None)
            else:
                topics.append(found[0])
                states.append(found[1])
        return topics, states, missing

    def _take(self, rid: bytes, version: int) -> tuple[bytes, bytes] | None:
        self._fill(self.LOOKAHEAD)
        buf = self.buf
        for j in range(self.i, min(self.i + self.LOOKAHEAD, len(buf))):
            row = buf[j]
            if row[1] == rid and row[2] == version:
                self.i = j + 1
                return bytes(row[3]), bytes(row[4])
        self.lookups += 1
        self.cur.execute(self.backend.event_sql, (self.backend.param(rid), version))
        found = self.cur.fetchone()
        return (bytes(found[0]), bytes(found[1])) if found else None
