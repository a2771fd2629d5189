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

import binascii
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final
from uuid import UUID

from infra.ledger.encoding import GENESIS_CHAIN
from infra.ledger.rows import CHUNK, Backend, EventStream, Target

try:  # CPython's own SHA-256 has no per-call OpenSSL set-up: faster for the ledger's short inputs.
    from _sha2 import sha256 as _sha256  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - Python 3.11
    try:
        from _sha256 import sha256 as _sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
    except ImportError:  # pragma: no cover - a build without it
        from hashlib import sha256 as _sha256  # type: ignore[assignment,unused-ignore]

CACHE_RECORDS: Final = 50_000
"""Records whose last chain hash is kept in memory (two generations of this many at most)."""

_HEAD = struct.Struct(">xQ16sQI").pack  # 0x00, position, record id, version, len(topic)
_MIDDLE = struct.Struct(">qI").pack  # recorded time, len(payload)
_NODE = b"\x01"


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


# The scan -----------------------------------------------------------------------------------------


def scan_range(task: RangeTask) -> RangeResult:
    """Check positions ``task.lo+1 .. task.hi``; see the module's docstring."""
    backend = Backend(task.target)
    with backend.transaction() as cur:
        return _Scan(backend, cur, task).run()


def _leaf(position: int, record: bytes, version: int, topic: bytes, recorded_us: int,
          state: bytes) -> bytes:
    data = b"".join((_HEAD(position, record, version, len(topic)), topic,
                     _MIDDLE(recorded_us, len(state)), state))
    digest: bytes = _sha256(data).digest()
    return digest

_MISSING_ROW = "this position is missing from the log (no log row): an event was deleted"


class _Scan:
    """Checks one range chunk by chunk; each check runs over a whole chunk at once (list
    comprehensions and list comparisons), and the first failing row of any check is the fault."""

    def __init__(self, backend: Backend, cur: Any, task: RangeTask) -> None:
        self.backend = backend
        self.cur = cur
        self.task = task
        self.result = RangeResult(task.lo, task.hi)
        self.leaves: list[bytes] = []
        self.cache: dict[bytes, tuple[int, bytes]] = {}  # record → (last version, its chain)
        self.checkpoint_key = backend.key(task.checkpoint_record) if task.checkpoint_record else None

    def run(self) -> RangeResult:
        result, task, cur = self.result, self.task, self.cur
        cur.execute(self.backend.log_sql, (task.lo, task.hi, 16))
        stream = EventStream(self.backend, cur, self.backend.stream_start(cur, cur.fetchall()))
        last = task.lo
        while last < task.hi and result.complete:
            cur.execute(self.backend.log_sql, (last, task.hi, CHUNK))
            rows = cur.fetchall()
            if not rows:
                break
            self._chunk(rows, stream)
            last = int(rows[-1][0])
        if result.complete and result.rows != task.hi - task.lo:
            result.note(Fault(task.lo + result.rows + 1, _MISSING_ROW))
            result.complete = False
        if result.complete:
            self._tree()
        return result

    def _chunk(self, rows: list[Any], stream: EventStream) -> None:
        result = self.result
        positions, rids, versions, times, leaves, chains = zip(*rows, strict=True)
        first = self.task.lo + result.rows + 1
        limit = len(rows)  # rows checked: those before a gap or a missing event row
        faults: list[Fault] = []
        if positions[-1] != first + limit - 1:
            gap = next(i for i, p in enumerate(positions) if p != first + i)
            faults.append(Fault(first + gap, _MISSING_ROW))
            result.complete = False
            limit = gap
        topics, states, missing = stream.match(rids[:limit], versions[:limit])
        self.leaves.extend(leaves[:limit])
        result.rows += limit
        result.matched += limit - sum(1 for t in topics if t is None) if missing is not None \
            else limit
        if result.first_us is None and limit:
            result.first_us = times[0]
        if self.checkpoint_key is not None and self.checkpoint_key in rids:
            result.checkpoints.extend(
                CheckpointRow(positions[i], versions[i], times[i],
                              bytes(topics[i]).decode("utf-8", "replace"), bytes(states[i]))
                for i in range(limit) if rids[i] == self.checkpoint_key and topics[i] is not None
            )
        if missing is not None:
            faults.append(Fault(positions[missing], "the log row has no event row: the event was "
                                                    "deleted from the event table"))
            limit = missing
        if result.fault is None and limit:
            faults += self._check(positions[:limit], rids[:limit], versions[:limit],
                                  times[:limit], leaves[:limit], chains[:limit], topics[:limit],
                                  states[:limit])
        elif limit:
            self._remember(rids[:limit], versions[:limit], chains[:limit])
        if limit:
            result.last_us = times[limit - 1]
        for fault in faults:
            result.note(fault)

    def _check(self, positions: Sequence[int], rids: Sequence[bytes], versions: Sequence[int],
               times: Sequence[int], leaves: Sequence[bytes], chains: Sequence[bytes],
               topics: Sequence[bytes], states: Sequence[bytes]) -> list[Fault]:
        """Times, leaf hashes and chain hashes of rows that all have their event row."""
        faults: list[Fault] = []
        # Recorded times never decrease (a sorted list sorts in linear time).
        previous = self.result.last_us
        ordered = list(times)
        if ordered != sorted(ordered) or (previous is not None and ordered[0] < previous):
            last = previous if previous is not None else ordered[0]
            for position, t in zip(positions, ordered, strict=True):
                if t < last:
                    faults.append(Fault(position, "the recorded time is earlier than the previous "
                                                  "event's: rows were moved or times changed"))
                    break
                last = t
        # Leaf hashes, recomputed from the event rows.
        unhex, head, middle, join, sha = self.backend.unhex, _HEAD, _MIDDLE, b"".join, _sha256
        try:
            computed = [
                sha(join((head(p, unhex(r), v, len(t)), t, middle(u, len(s)), s))).digest()
                for p, r, v, u, t, s in zip(positions, rids, versions, times, topics, states,
                                            strict=True)
            ]
        except (ValueError, TypeError, binascii.Error, struct.error):
            computed = [self._leaf_or_none(*row) for row in
                        zip(positions, rids, versions, times, topics, states, strict=True)]
        if computed != list(leaves):
            i = next(i for i, (a, b) in enumerate(zip(computed, leaves, strict=True)) if a != b)
            faults.append(self._leaf_fault(positions[i], rids[i], versions[i], topics[i],
                                           times[i], states[i], leaves[i]))
        faults += self._chains(positions, rids, versions, leaves, chains)
        return faults

    def _remember(self, rids: Sequence[bytes], versions: Sequence[int],
                  chains: Sequence[bytes]) -> None:
        cache = self.cache
        for rid, version, chain in zip(rids, versions, chains, strict=True):
            cache[rid] = (version, chain)
        if len(cache) > CACHE_RECORDS:
            cache.clear()

    def _chains(self, positions: Sequence[int], rids: Sequence[bytes], versions: Sequence[int],
                leaves: Sequence[bytes], chains: Sequence[bytes]) -> list[Fault]:
        """Each chain hash follows from the stored chain hash of the record's previous version."""
        cache, genesis = self.cache, GENESIS_CHAIN
        previous: list[bytes | None] = []
        misses: list[int] = []
        faults: list[Fault] = []
        for i, (rid, version, chain) in enumerate(zip(rids, versions, chains, strict=True)):
            if version == 1:
                previous.append(genesis)
            else:
                cached = cache.get(rid)
                if cached is not None and cached[0] == version - 1:
                    previous.append(cached[1])
                else:
                    previous.append(None)
                    misses.append(i)
            cache[rid] = (version, chain)
        if len(cache) > CACHE_RECORDS:
            cache.clear()
        if misses:
            found = self.backend.previous_versions(
                self.cur, [(rids[i], versions[i] - 1) for i in misses])
            for i in misses:
                before = found.get((rids[i], versions[i] - 1))
                if before is None:
                    faults.append(Fault(positions[i], f"version {versions[i] - 1} of this record "
                                                      "is missing from the log (the chain breaks)"))
                elif before[1] >= positions[i]:
                    faults.append(Fault(positions[i], f"version {versions[i] - 1} of this record "
                                                      f"sits at a later position ({before[1]})"))
                else:
                    previous[i] = before[0]
        sha = _sha256
        computed = [sha(p + leaf).digest() if p is not None else chain
                    for p, leaf, chain in zip(previous, leaves, chains, strict=True)]
        if computed != list(chains):
            i = next(i for i, (a, b) in enumerate(zip(computed, chains, strict=True)) if a != b)
            faults.append(Fault(positions[i], "the chain hash does not follow from the record's "
                                              "previous version"))
        return faults

    def _leaf_or_none(self, position: int, rid: bytes, version: int, recorded_us: int,
                      topic: bytes, state: bytes) -> bytes | None:
        try:
            return _leaf(position, self.backend.unhex(rid), version, topic, recorded_us, state)
        except (ValueError, TypeError, binascii.Error, struct.error):
            return None

    def _leaf_fault(self, position: int, rid: bytes, version: int, topic: bytes,
                    recorded_us: int, state: bytes, leaf: bytes) -> Fault:
        """Say what is wrong with a leaf hash, naming a neighbour if the row moved by one place.

        The leaf data holds the position, so a row moved by one still hashes to its old place:
        stored for ``position − 1``, a row was inserted there; for ``position + 1``, the row that
        was here was deleted (the rest moved up) or two rows were swapped.
        """
        try:
            record = self.backend.unhex(rid)
            if position > 1 and _leaf(position - 1, record, version, topic, recorded_us,
                                      state) == leaf:
                return Fault(position - 1, f"an event was inserted at position {position - 1}: "
                                           f"the event stored there now sits at {position}")
            if _leaf(position + 1, record, version, topic, recorded_us, state) == leaf:
                return Fault(position, f"the event here was stored at position {position + 1}: "
                                       "the event that was here was deleted or two rows swapped")
        except (ValueError, TypeError, binascii.Error, struct.error):
            return Fault(position, "the event's fields cannot be encoded (record id, version or "
                                   "time out of range)")
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
        expected = max(0, min(end, self.task.stored_size >> level) - first)
        self.cur.execute(self.backend.subtree_span_sql, (level, first, end))
        span = tuple(self.cur.fetchone() or (0, None, None))
        contiguous = span == (expected, first, first + expected - 1) or span[0] == expected == 0
        self.cur.execute(self.backend.subtree_hashes_sql, (level, first, end))
        if contiguous and [bytes(h) for (h,) in self.cur.fetchall()] == hashes[:expected]:
            return
        self.cur.execute(self.backend.subtrees_sql, (level, first, end))
        stored = self.cur.fetchall()
        have = {int(idx): bytes(h) for idx, h in stored}
        for index in range(first, end):
            got = have.get(index)
            if got is None and index >= first + expected:
                continue
            if got != hashes[index - first]:
                self.result.note(subtree_fault(level, index, missing=got is None))
                return
