"""One range of positions checked from the raw rows: the worker half of `socai verify`.

`scan_range` reads the log rows of positions ``lo+1 .. hi`` and their event rows over a connection
of its own (so that several processes can scan ranges at once; on PostgreSQL they share the main
transaction's snapshot), and checks for each row, in position order:

- the position is the next one (no gap) and the row has its event row;
- the recorded time does not decrease;
- the leaf hash recomputed from the event row (docs/verifying.md §2–§3) is the stored one;
- the chain hash is ``SHA-256(chain of the same record's previous version || leaf hash)``, that
  previous version exists and sits at an earlier position (version 1 chains from zero bytes).

Then it builds every perfect subtree lying inside the range from the stored leaf hashes and
compares each with the stored one, and hands back the range's aligned pieces (to join the trees of
the ranges) and the checkpoint records it met. Chain state is kept in a bounded cache of recent
records; the previous versions it does not hold are read in one query per chunk, so memory stays
flat however long the log is. Event rows are streamed in storage order beside the log rows (that
order is the position order unless someone moved rows) and looked up by key when they are not.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final
from uuid import UUID

from infra.ledger.encoding import GENESIS_CHAIN

try:  # CPython's own SHA-256 has no per-call OpenSSL set-up: faster for the ledger's short inputs.
    from _sha2 import sha256 as _sha256  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - Python 3.11
    try:
        from _sha256 import sha256 as _sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
    except ImportError:  # pragma: no cover - a build without it
        from hashlib import sha256 as _sha256  # type: ignore[assignment,unused-ignore]

CHUNK: Final = 8192
"""Log rows read per query."""

CACHE_RECORDS: Final = 50_000
"""Records whose last chain hash is kept in memory (two generations of this many at most)."""

_HEAD = struct.Struct(">xQ16sQI").pack  # 0x00, position, record id, version, len(topic)
_MIDDLE = struct.Struct(">qI").pack  # recorded time, len(payload)
_NODE = b"\x01"


@dataclass(frozen=True)
class Target:
    """Where a scanning process connects: an SQLite file, or a PostgreSQL schema and snapshot."""

    sqlite_path: str | None = None
    pg_conninfo: str | None = None
    pg_schema: str = "public"
    pg_snapshot: str | None = None


@dataclass(frozen=True)
class Fault:
    """Something wrong, at the first position it concerns (None: no position, e.g. a file)."""

    position: int | None
    message: str

    def sort_key(self) -> tuple[int, int]:
        return (0, self.position) if self.position is not None else (1, 0)


@dataclass(frozen=True)
class CheckpointRow:
    """A row of the checkpoint record, as stored."""

    position: int
    version: int
    recorded_us: int
    topic: str
    payload: bytes


@dataclass(frozen=True)
class RangeTask:
    """Scan positions ``lo+1 .. hi`` (leaf indices ``lo .. hi-1``)."""

    target: Target
    lo: int
    hi: int
    stored_size: int  # how far the stored subtrees reach (ledger_tree.size)
    sizes: tuple[int, ...] = ()  # tree sizes in (lo, hi] whose pieces are wanted (for roots)
    checkpoint_record: UUID | None = None


@dataclass
class RangeResult:
    """What a range scan found."""

    lo: int
    hi: int
    rows: int = 0  # log rows read
    matched: int = 0  # log rows that had their event row
    first_us: int | None = None
    last_us: int | None = None
    fault: Fault | None = None
    pieces: list[tuple[int, bytes]] = field(default_factory=list)  # aligned [lo, hi), in order
    partial: dict[int, list[tuple[int, bytes]]] = field(default_factory=dict)  # size → pieces
    checkpoints: list[CheckpointRow] = field(default_factory=list)
    complete: bool = True  # every position was there (the pieces are meaningful)

    def note(self, fault: Fault) -> None:
        if self.fault is None or fault.sort_key() < self.fault.sort_key():
            self.fault = fault


def subtree_fault(level: int, index: int, *, missing: bool) -> Fault:
    """A stored interior hash that is not the one rebuilt from the stored leaf hashes.

    It is reported at the last position it covers: the first position by which the stored tree
    and the leaves provably disagree (one of its leaves, or the node itself, was changed).
    """
    start, end = (index << level) + 1, (index + 1) << level
    what = "is missing" if missing else "differs from the one rebuilt from the leaf hashes"
    return Fault(end, f"the stored interior hash over positions {start}..{end} (level {level}, "
                      f"index {index}) {what}")


def aligned_pieces(lo: int, hi: int) -> list[tuple[int, int]]:
    """Split leaves ``[lo, hi)`` into maximal aligned perfect subtrees, left to right."""
    pieces = []
    while lo < hi:
        level = 0
        while lo % (2 << level) == 0 and lo + (2 << level) <= hi:
            level += 1
        pieces.append((level, lo >> level))
        lo += 1 << level
    return pieces


# Connections ---------------------------------------------------------------------------------------

_CONNECTIONS: dict[Target, Any] = {}


def close_connections() -> None:
    """Close the connections this process opened for scans (the in-process case)."""
    while _CONNECTIONS:
        _, conn = _CONNECTIONS.popitem()
        conn.close()


class _Backend:
    """The SQL that differs between SQLite and PostgreSQL, and how a record id comes back."""

    def __init__(self, target: Target) -> None:
        self.sqlite = target.sqlite_path is not None
        self.target = target
        conn = _CONNECTIONS.get(target)
        if conn is None:
            conn = _CONNECTIONS[target] = self._connect()
        self.conn: Any = conn
        if self.sqlite:
            self.log_sql = (
                "SELECT position, originator_id, originator_version, recorded_us, leaf_hash, "
                "chain_hash FROM office_log WHERE position > ? AND position <= ? "
                "ORDER BY position LIMIT ?"
            )
            self.events_sql = (
                "SELECT rowid, originator_id, originator_version, CAST(topic AS BLOB), state "
                "FROM stored_events WHERE rowid >= ? ORDER BY rowid LIMIT ?"
            )
            self.event_sql = (
                "SELECT CAST(topic AS BLOB), state FROM stored_events "
                "WHERE originator_id = ? AND originator_version = ?"
            )
            self.order_sql = (
                "SELECT rowid FROM stored_events WHERE originator_id = ? AND originator_version = ?"
            )
            self.subtrees_sql = (
                "SELECT idx, hash FROM ledger_subtrees WHERE level = ? AND idx >= ? AND idx < ? "
                "ORDER BY idx"
            )
        else:
            self.log_sql = (
                "SELECT position, uuid_send(originator_id), originator_version, recorded_us, "
                "leaf_hash, chain_hash FROM office_log WHERE position > %s AND position <= %s "
                "ORDER BY position LIMIT %s"
            )
            self.events_sql = (
                "SELECT notification_id, uuid_send(originator_id), originator_version, "
                "convert_to(topic, 'UTF8'), state FROM stored_events "
                "WHERE notification_id >= %s ORDER BY notification_id LIMIT %s"
            )
            self.event_sql = (
                "SELECT convert_to(topic, 'UTF8'), state FROM stored_events "
                "WHERE originator_id = %s AND originator_version = %s"
            )
            self.order_sql = (
                "SELECT notification_id FROM stored_events "
                "WHERE originator_id = %s AND originator_version = %s"
            )
            self.subtrees_sql = (
                "SELECT idx, hash FROM ledger_subtrees WHERE level = %s AND idx >= %s AND idx < %s "
                "ORDER BY idx"
            )

    def _connect(self) -> Any:
        if self.target.sqlite_path is not None:
            lite = sqlite3.connect(
                f"file:{self.target.sqlite_path}?mode=ro", uri=True, isolation_level=None,
                check_same_thread=False,
            )
            lite.execute("PRAGMA cache_size = -32768")  # 32 MiB
            return lite
        import psycopg  # only the PostgreSQL side needs the driver
        from psycopg.sql import SQL, Identifier

        pg = psycopg.connect(self.target.pg_conninfo or "", autocommit=True)
        pg.execute(SQL("SET search_path TO {0}").format(Identifier(self.target.pg_schema)))
        return pg

    @contextmanager
    def transaction(self) -> Iterator[Any]:
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

    def record_bytes(self, rid: Any) -> bytes:
        """A record id as it comes from a row, as its 16 bytes (``ValueError`` if it is none)."""
        if self.sqlite:
            if not isinstance(rid, str) or len(rid) != 32:
                raise ValueError(rid)
            return bytes.fromhex(rid)
        return bytes(rid)

    def record_param(self, rid: Any) -> Any:
        """A record id as it comes from a row, as a query parameter."""
        return rid if self.sqlite else UUID(bytes=bytes(rid))

    def record_key(self, record: UUID) -> Any:
        """A UUID in the form rows give it."""
        return record.hex if self.sqlite else record.bytes

    def previous_versions(
        self, cur: Any, wanted: Sequence[tuple[Any, int]]
    ) -> dict[tuple[Any, int], tuple[bytes, int]]:
        """``(record, version) → (chain hash, position)`` for the log rows that exist."""
        found: dict[tuple[Any, int], tuple[bytes, int]] = {}
        for start in range(0, len(wanted), 400):
            part = wanted[start:start + 400]
            if self.sqlite:
                values = ", ".join(["(?, ?)"] * len(part))
                cur.execute(
                    "SELECT l.originator_id, l.originator_version, l.chain_hash, l.position "
                    f"FROM (VALUES {values}) v JOIN office_log l ON l.originator_id = v.column1 "
                    "AND l.originator_version = v.column2",
                    [x for pair in part for x in pair],
                )
            else:
                cur.execute(
                    "SELECT uuid_send(l.originator_id), l.originator_version, l.chain_hash, "
                    "l.position FROM unnest(%s::uuid[], %s::bigint[]) AS v(id, version) "
                    "JOIN office_log l ON l.originator_id = v.id AND l.originator_version = v.version",
                    [[UUID(bytes=bytes(r)) for r, _ in part], [v for _, v in part]],
                )
            for rid, version, chain, position in cur.fetchall():
                key = rid if self.sqlite else bytes(rid)
                found[(key, int(version))] = (bytes(chain), int(position))
        return found


class _EventStream:
    """Event rows in storage order, matched to log rows by key; a point lookup when they differ."""

    LOOKAHEAD = 8

    def __init__(self, backend: _Backend, cur: Any, start: int | None) -> None:
        self.backend = backend
        self.cur = cur
        self.buf: list[Any] = []
        self.i = 0
        self.next_order = start
        self.lookups = 0

    def refill(self) -> None:
        if self.next_order is None:
            self.buf, self.i = [], 0
            return
        self.cur.execute(self.backend.events_sql, (self.next_order, CHUNK))
        self.buf, self.i = self.cur.fetchall(), 0
        self.next_order = int(self.buf[-1][0]) + 1 if self.buf else None

    def slow_take(self, rid: Any, version: int) -> tuple[bytes, bytes] | None:
        """The event row of ``(rid, version)`` when it is not the next one in the stream."""
        if self.i >= len(self.buf):
            self.refill()
        buf = self.buf
        for j in range(self.i, min(self.i + self.LOOKAHEAD, len(buf))):
            row = buf[j]
            if row[1] == rid and row[2] == version:
                self.i = j + 1
                return bytes(row[3]), bytes(row[4])
        self.lookups += 1
        self.cur.execute(self.backend.event_sql, (self.backend.record_param(rid), version))
        found = self.cur.fetchone()
        return (bytes(found[0]), bytes(found[1])) if found else None


# The scan -----------------------------------------------------------------------------------------


def scan_range(task: RangeTask) -> RangeResult:
    """Check positions ``task.lo+1 .. task.hi``; see the module's docstring."""
    backend = _Backend(task.target)
    with backend.transaction() as cur:
        return _Scan(backend, cur, task).run()


class _Scan:
    def __init__(self, backend: _Backend, cur: Any, task: RangeTask) -> None:
        self.backend = backend
        self.cur = cur
        self.task = task
        self.result = RangeResult(task.lo, task.hi)
        self.leaves: list[bytes] = []
        self.young: dict[Any, tuple[int, bytes]] = {}
        self.old: dict[Any, tuple[int, bytes]] = {}
        self.checkpoint_key = (
            backend.record_key(task.checkpoint_record) if task.checkpoint_record else None
        )

    def run(self) -> RangeResult:
        result = self.result
        stream = _EventStream(self.backend, self.cur, self._stream_start())
        last = self.task.lo
        last_us: int | None = None
        while last < self.task.hi:
            self.cur.execute(self.backend.log_sql, (last, self.task.hi, CHUNK))
            rows = self.cur.fetchall()
            if not rows:
                break
            last_us = self._chunk(rows, stream, last_us)
            last = int(rows[-1][0])
            if not result.complete:
                break
        if result.complete and result.rows != self.task.hi - self.task.lo:
            missing = self.task.lo + result.rows + 1
            result.note(Fault(missing, "this position is missing from the log (no log row): "
                                       "an event was deleted"))
            result.complete = False
        if result.complete:
            self._tree()
        return result

    def _stream_start(self) -> int | None:
        """Where the event rows of this range start in storage order (from its first rows)."""
        self.cur.execute(self.backend.log_sql, (self.task.lo, self.task.hi, 16))
        for row in self.cur.fetchall():
            self.cur.execute(self.backend.order_sql, (self.backend.record_param(row[1]), row[2]))
            found = self.cur.fetchone()
            if found is not None:
                return int(found[0])
        return None

    def _chunk(self, rows: list[Any], stream: _EventStream, last_us: int | None) -> int | None:
        result = self.result
        backend = self.backend
        record_bytes = backend.record_bytes
        leaves_append = self.leaves.append
        young, old = self.young, self.old
        checkpoint_key = self.checkpoint_key
        sha = _sha256
        head, middle = _HEAD, _MIDDLE
        genesis = GENESIS_CHAIN
        check = result.fault is None
        deferred: list[tuple[int, Any, int, bytes, bytes]] = []
        expected = self.task.lo + result.rows + 1
        if result.first_us is None and rows:
            result.first_us = int(rows[0][3])
        buf, i = stream.buf, stream.i
        for position, rid, version, recorded_us, leaf, chain in rows:
            if position != expected:
                result.note(Fault(expected, "this position is missing from the log (no log row): "
                                            "an event was deleted"))
                result.complete = False
                return last_us
            expected += 1
            result.rows += 1
            leaf = bytes(leaf)
            leaves_append(leaf)
            # The event row: the next one in storage order, else looked for.
            if i < len(buf) and buf[i][1] == rid and buf[i][2] == version:
                topic, state = buf[i][3], buf[i][4]
                i += 1
            else:
                stream.i = i
                found = stream.slow_take(rid, version)
                buf, i = stream.buf, stream.i
                if found is None:
                    if check:
                        result.note(Fault(position, "the log row has no event row: the event "
                                                    "was deleted from the event table"))
                        check = False
                    continue
                topic, state = found
            result.matched += 1
            if checkpoint_key is not None and rid == checkpoint_key:
                result.checkpoints.append(CheckpointRow(
                    position, version, recorded_us, bytes(topic).decode("utf-8", "replace"),
                    bytes(state),
                ))
            if not check:
                continue
            if last_us is not None and recorded_us < last_us:
                result.note(Fault(position, "the recorded time is earlier than the previous "
                                            "event's: rows were moved or times changed"))
                check = False
                continue
            last_us = recorded_us
            try:
                record = record_bytes(rid)
                computed = sha(head(position, record, version, len(topic)) + topic
                               + middle(recorded_us, len(state)) + state).digest()
            except (ValueError, struct.error):
                result.note(Fault(position, "the event's fields cannot be encoded (record id, "
                                            "version or time out of range)"))
                check = False
                continue
            if computed != leaf:
                result.note(self._leaf_fault(position, record, version, topic, recorded_us,
                                             state, leaf))
                check = False
                continue
            chain = bytes(chain)
            if version == 1:
                if sha(genesis + leaf).digest() != chain:
                    result.note(Fault(position, "the chain hash does not follow from version 1's "
                                                "leaf hash"))
                    check = False
                    continue
            else:
                cached = young.get(rid) or old.get(rid)
                if cached is not None and cached[0] == version - 1:
                    if sha(cached[1] + leaf).digest() != chain:
                        result.note(Fault(position, "the chain hash does not follow from the "
                                                    "record's previous version"))
                        check = False
                        continue
                elif cached is not None and cached[0] >= version:
                    result.note(Fault(position, f"version {version} comes after version "
                                                f"{cached[0]} of the same record"))
                    check = False
                    continue
                else:
                    deferred.append((position, rid, version, leaf, chain))
            young[rid] = (version, chain)
            if len(young) >= CACHE_RECORDS:
                self.old = old = young
                self.young = young = {}
        stream.i = i
        if deferred:
            self._deferred_chains(deferred)
        self.young, self.old = young, old
        result.last_us = last_us if last_us is not None else result.last_us
        return last_us

    def _deferred_chains(self, deferred: list[tuple[int, Any, int, bytes, bytes]]) -> None:
        """Check chains whose previous version the cache did not hold (one query for all)."""
        found = self.backend.previous_versions(self.cur, [(rid, v - 1) for _, rid, v, _, _ in
                                                          deferred])
        for position, rid, version, leaf, chain in deferred:
            previous = found.get((rid, version - 1))
            if previous is None:
                self.result.note(Fault(position, f"version {version - 1} of this record is "
                                                 "missing from the log (its chain is broken)"))
                return
            if previous[1] >= position:
                self.result.note(Fault(position, f"version {version - 1} of this record sits at "
                                                 f"a later position ({previous[1]})"))
                return
            if _sha256(previous[0] + leaf).digest() != chain:
                self.result.note(Fault(position, "the chain hash does not follow from the "
                                                 "record's previous version"))
                return

    def _leaf_fault(self, position: int, record: bytes, version: int, topic: bytes,
                    recorded_us: int, state: bytes, leaf: bytes) -> Fault:
        """Say what is wrong with a leaf hash, naming a neighbour if the row moved by one place.

        The leaf data holds the position, so a row moved by one still hashes to its old place:
        stored for ``position − 1``, a row was inserted there; for ``position + 1``, the row that
        was here was deleted (the rest moved up) or two rows were swapped.
        """
        def at(other: int) -> bytes:
            data = _HEAD(other, record, version, len(topic)) + topic
            digest: bytes = _sha256(data + _MIDDLE(recorded_us, len(state)) + state).digest()
            return digest

        if position > 1 and at(position - 1) == leaf:
            return Fault(position - 1, f"an event was inserted at position {position - 1}: the "
                                       f"event stored there now sits at position {position}")
        if at(position + 1) == leaf:
            return Fault(position, f"the event here was stored at position {position + 1}: the "
                                   "event that was here was deleted or two rows were swapped")
        return Fault(position, "the leaf hash does not match the event row (its payload, topic, "
                               "record, version, time or position was changed)")

    # The tree ----------------------------------------------------------------------------------

    def _tree(self) -> None:
        """Build the perfect subtrees inside the range, compare the stored ones, hand out pieces."""
        lo, hi = self.task.lo, self.task.lo + len(self.leaves)
        levels: list[tuple[int, list[bytes]]] = [(lo, self.leaves)]  # (first index, hashes)
        level = 0
        while True:
            first_prev, prev = levels[-1]
            level += 1
            first = -(-lo >> level)  # ceil(lo / 2**level)
            end = hi >> level
            if first >= end:
                break
            off = 2 * first - first_prev
            hashes = [_sha256(_NODE + a + b).digest()
                      for a, b in zip(prev[off::2], prev[off + 1::2], strict=False)][: end - first]
            levels.append((first, hashes))
            self._compare(level, first, hashes)
        result = self.result
        for piece_level, index in aligned_pieces(lo, hi):
            first, hashes = levels[piece_level]
            result.pieces.append((piece_level, hashes[index - first]))
        for size in self.task.sizes:
            if lo < size <= hi:
                result.partial[size] = [
                    (lvl, levels[lvl][1][index - levels[lvl][0]])
                    for lvl, index in aligned_pieces(lo, size)
                ]

    def _compare(self, level: int, first: int, hashes: list[bytes]) -> None:
        """Compare the stored subtrees of one level inside the range with the rebuilt ones."""
        end = first + len(hashes)
        self.cur.execute(self.backend.subtrees_sql, (level, first, end))
        stored = self.cur.fetchall()
        expected = max(0, min(end, self.task.stored_size >> level) - first)
        if len(stored) == expected and [bytes(h) for _, h in stored] == hashes[:expected]:
            return
        have = {int(idx): bytes(h) for idx, h in stored}
        for index in range(first, end):
            got = have.get(index)
            if got is None and index >= first + expected:
                continue
            if got != hashes[index - first]:
                self.result.note(subtree_fault(level, index, missing=got is None))
                return
