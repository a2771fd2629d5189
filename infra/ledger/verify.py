"""`socai verify`: check a whole store from its raw rows (docs/verifying.md §9).

The log is cut into ranges of ``2**RANGE_BITS`` positions; each is checked by `scan.scan_range`
(row by row: positions, event rows, recorded times, leaf and chain hashes; and the stored subtrees
inside the range), in worker processes when there are several ranges and CPUs. This module joins
the ranges' trees with a `CompactRange` (comparing the stored subtrees that span ranges), computes
the root at every size a checkpoint names, and checks:

- every checkpoint record: its signature under the pinned key, its fields against its note, its
  size below its own position and above the previous checkpoint's, its root against the tree;
- the witness file and any checkpoint file given: signed by the pinned key and covered by the log
  (the log reaches their size and gives their root), which is what catches a truncated tail;
- that no event row lacks a log row, and no stored subtree reaches past the log's end.

Memory does not grow with the log: rows are read in chunks, chain state is a bounded cache, and the
tree is a right edge of O(log n) hashes. Every fault carries the first position it concerns; the
report names the first of all.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final

from psycopg.conninfo import make_conninfo

from domain.event_names import EVENT_NAMES
from domain.ledger.model import CHECKPOINTS_ID, Ledger
from infra.db import Cursor, Database
from infra.ledger.encoding import b64decode, b64encode
from infra.ledger.merkle import (
    CompactRange,
    MissingSubtreeError,
    ProofError,
    consistency_proof,
    root,
    verify_consistency,
)
from infra.ledger.note import Checkpoint, NoteError, VerifierKey, open_checkpoint
from infra.ledger.rows import Target, close_connections
from infra.ledger.scan import (
    CheckpointRow,
    Fault,
    RangeResult,
    RangeTask,
    scan_range,
    subtree_fault,
)
from infra.ledger.tree import CursorSubtreeSource, log_size, stored_size
from infra.settings import Settings

RANGE_BITS: Final = 14
#: A checkpoint record's topic: its name (each version) or the path it was stored under before names.
CHECKPOINT_TOPICS: Final = EVENT_NAMES.topics_of(Ledger.CheckpointSigned)

Progress = Callable[[int, int], None]


class VerifyUsageError(Exception):
    """The verification cannot start as asked (no such checkpoint for --since, …)."""


@dataclass(frozen=True)
class ExternalCheckpoint:
    """A signed note held outside the database: the witness file or a ``--checkpoint FILE``."""

    label: str
    note: bytes


@dataclass
class Report:
    """What `verify_store` checked and the first fault, if any."""

    size: int = 0
    start: int = 0  # positions after this one were checked (``--since``)
    checkpoints: int = 0
    last_checkpoint: Checkpoint | None = None
    external: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    seconds: float = 0.0
    jobs: int = 1

    @property
    def fault(self) -> Fault | None:
        """The fault at the first position (faults without a position come last)."""
        return min(self.faults, key=Fault.sort_key) if self.faults else None

    @property
    def ok(self) -> bool:
        return not self.faults

    @property
    def checked(self) -> int:
        return self.size - self.start


def verify_store(
    db: Database,
    target: Target,
    key: VerifierKey,
    *,
    since: int | None = None,
    external: Sequence[ExternalCheckpoint] = (),
    jobs: int | None = None,
    progress: Progress | None = None,
    range_bits: int = RANGE_BITS,
) -> Report:
    """Verify the store behind ``db`` (scanned through ``target``) under the pinned ``key``.

    ``external`` are checkpoints held outside the database (the witness file, files given by
    the operator); ``since`` starts after a checkpoint of that size (docs/verifying.md §9);
    ``jobs`` processes scan ranges of ``2**range_bits`` positions.
    """
    started = time.perf_counter()
    jobs = max(1, jobs if jobs is not None else min(os.cpu_count() or 1, 8))
    with _workers(jobs) as run, db.read() as cur:
        verification = _Verification(db, cur, target, key, since, external, jobs, run, progress)
        verification.range_bits = range_bits
        report = verification.run()
    report.seconds = time.perf_counter() - started
    return report


Runner = Callable[[Sequence[RangeTask]], Iterator[RangeResult]]


def _in_process(tasks: Sequence[RangeTask]) -> Iterator[RangeResult]:
    try:
        yield from map(scan_range, tasks)
    finally:
        close_connections()


@contextmanager
def _workers(jobs: int) -> Iterator[Runner]:
    """A function mapping `scan_range` over tasks, results in order: in processes if ``jobs`` > 1.

    With processes, the tasks start as soon as the function is called.
    """
    pools: list[Any] = []

    def run(tasks: Sequence[RangeTask]) -> Iterator[RangeResult]:
        if jobs == 1 or len(tasks) <= 1:
            return _in_process(tasks)
        # Workers open connections of their own; forked ones exit without running finalizers,
        # so the parent's inherited connections are never touched.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        pool = multiprocessing.get_context(method).Pool(min(jobs, len(tasks)))
        pools.append(pool)
        results: Iterator[RangeResult] = pool.imap(scan_range, tasks)
        return results

    try:
        yield run
    finally:
        for pool in pools:
            pool.terminate()
            pool.join()


def _parse_payload(row: CheckpointRow) -> dict[str, Any] | None:
    try:
        data = json.loads(row.payload)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    kinds = {"tree_size": int, "root_hash": str, "note": str, "key_id": str}
    for name, kind in kinds.items():
        if not isinstance(data.get(name), kind) or isinstance(data.get(name), bool):
            return None
    return data


class _Verification:
    def __init__(
        self, db: Database, cur: Cursor, target: Target, key: VerifierKey, since: int | None,
        external: Sequence[ExternalCheckpoint], jobs: int, run: Runner, progress: Progress | None,
    ) -> None:
        self.db = db
        self.cur = cur
        self.target = target
        self.key = key
        self.since = since
        self.external = external
        self.run_tasks = run
        self.progress = progress
        self.report = Report(jobs=jobs)
        self.roots: dict[int, bytes] = {}
        self.source = CursorSubtreeSource(cur)
        self.previous: tuple[int, int] | None = None  # the last checkpoint: (version, size)
        self.checkpoints_broken = False
        self.last_us: int | None = None
        self.range_bits = RANGE_BITS

    def fault(self, position: int | None, message: str) -> None:
        self.report.faults.append(Fault(position, message))

    def run(self) -> Report:
        cur, report = self.cur, self.report
        if self.db.dialect.name == "postgresql":
            cur.execute("SELECT pg_export_snapshot()")
            row = cur.fetchone()
            snapshot = str(row[0]) if row else None
            self.target = Target(pg_conninfo=self.target.pg_conninfo,
                                 pg_schema=self.target.pg_schema, pg_snapshot=snapshot)
        n = report.size = log_size(cur)
        tree_size = stored_size(cur)
        self._check_bounds(n)
        rows = self._checkpoint_rows()
        sizes = {d["tree_size"] for d in map(_parse_payload, rows) if d is not None}
        externals = self._open_externals()
        sizes |= {c.size for _, c in externals}
        start, compact = self._start(rows, n, tree_size)
        report.start = start
        tasks = [
            RangeTask(self.target, lo, hi, tree_size,
                      tuple(sorted(s for s in sizes if lo < s <= hi)), CHECKPOINTS_ID)
            for lo, hi in _ranges(start, n, self.range_bits)
        ]
        results = self.run_tasks(tasks)  # the workers start now; meanwhile, whole-store checks
        events = self._count_events()
        self._check_tree_end(n, tree_size)
        self._previous_checkpoint(rows, start)
        matched = self._join(results, compact, tree_size)
        self._finish_checkpoints(rows, start)
        for label, checkpoint in externals:
            self._covered(label, checkpoint, n)
        self._check_orphans(n, start, matched, events)
        if not rows:
            report.warnings.append("the log holds no signed checkpoint yet: only the hashes and "
                                   "their consistency were checked")
        return report

    # Set-up ----------------------------------------------------------------------------------------

    def _check_bounds(self, n: int) -> None:
        self.cur.execute("SELECT MIN(position) FROM office_log")
        row = self.cur.fetchone()
        if row and row[0] is not None and int(row[0]) < 1:
            self.fault(1, f"a log row has position {int(row[0])}, below 1")

    def _checkpoint_rows(self) -> list[CheckpointRow]:
        """The checkpoint record's rows (read once here for their sizes; checked in the scan)."""
        self.cur.execute(
            "SELECT l.position, l.originator_version, l.recorded_us, e.topic, e.state "
            "FROM office_log l JOIN stored_events e ON e.originator_id = l.originator_id "
            "AND e.originator_version = l.originator_version WHERE l.originator_id = ? "
            "ORDER BY l.position",
            (self.db.dialect.uuid_param(CHECKPOINTS_ID),),
        )
        return [CheckpointRow(int(p), int(v), int(t), str(topic), bytes(state))
                for p, v, t, topic, state in self.cur.fetchall()]

    def _open_externals(self) -> list[tuple[str, Checkpoint]]:
        opened = []
        for ext in self.external:
            try:
                checkpoint = open_checkpoint(ext.note, self.key)
            except NoteError as exc:
                self.fault(None, f"{ext.label} does not verify under the pinned key: {exc}")
                continue
            opened.append((ext.label, checkpoint))
            self.report.external.append(f"{ext.label}: size {checkpoint.size}")
        return opened

    def _start(
        self, rows: Sequence[CheckpointRow], n: int, tree_size: int
    ) -> tuple[int, CompactRange]:
        """Where the scan starts, and the tree's right edge there (``--since``: from storage)."""
        if self.since is None or self.since == 0:
            return 0, CompactRange()
        size = self.since
        signed = None
        for row in rows:
            data = _parse_payload(row)
            if data is not None and data["tree_size"] == size:
                try:
                    signed = open_checkpoint(data["note"], self.key)
                except NoteError as exc:
                    raise VerifyUsageError(
                        f"the checkpoint of size {size} (position {row.position}) does not verify "
                        f"under the pinned key: {exc}"
                    ) from None
        if signed is None or signed.size != size:
            raise VerifyUsageError(f"the log holds no checkpoint of size {size} to start from")
        if size > n or size > tree_size:
            raise VerifyUsageError(
                f"the stored tree reaches {tree_size} of {n} events, not the --since size {size}"
            )
        try:
            compact = CompactRange.from_source(size, self.source)
        except MissingSubtreeError as exc:
            raise VerifyUsageError(f"the stored tree lacks a subtree below {size}: {exc}") from None
        if compact.root() != signed.root_hash:
            self.fault(size, f"the stored tree's right edge at size {size} does not give the "
                             "signed root: verify without --since")
        self.roots[size] = signed.root_hash
        self.cur.execute("SELECT recorded_us FROM office_log WHERE position = ?", (size,))
        found = self.cur.fetchone()
        self.last_us = int(found[0]) if found else None
        return size, compact

    # The ranges ------------------------------------------------------------------------------------

    def _join(self, results: Iterator[RangeResult], compact: CompactRange, tree_size: int) -> int:
        """Join the ranges' trees as their results come (in order), checking the checkpoint
        records met on the way; return how many log rows had their event row."""
        report = self.report
        total = report.size - report.start
        matched = 0
        tree_ok = True
        for result in results:
            matched += result.matched
            if result.fault is not None:
                report.faults.append(result.fault)
            if self.last_us is not None and result.first_us is not None \
                    and result.first_us < self.last_us:
                self.fault(result.lo + 1, "the recorded time is earlier than the previous "
                                          "event's: rows were moved or times changed")
            if result.last_us is not None:
                self.last_us = result.last_us
            if tree_ok and result.complete:
                for size, pieces in result.partial.items():
                    partial = compact.copy()
                    for level, h in pieces:
                        partial.append_subtree(level, h)
                    self.roots[size] = partial.root()
                completed = []
                for level, h in result.pieces:
                    completed.extend(compact.append_subtree(level, h))
                self._compare_spanning(completed, tree_size)
            else:
                tree_ok = False
            for row in result.checkpoints:
                self._next_checkpoint(row)
            if self.progress is not None:
                self.progress(result.hi - report.start, total)
        return matched

    def _compare_spanning(self, completed: Sequence[tuple[int, int, bytes]], tree_size: int) -> None:
        """Compare the stored subtrees that span ranges with the joined tree."""
        if not completed:
            return
        stored = self.source.get_subtrees([(level, index) for level, index, _ in completed])
        for level, index, h in completed:
            got = stored.get((level, index))
            inside = (index + 1) << level <= tree_size
            if got is None and not inside:
                continue
            if got != h:
                self.report.faults.append(subtree_fault(level, index, missing=got is None))

    # Checkpoints ------------------------------------------------------------------------------------

    def _root(self, size: int) -> bytes | None:
        if size in self.roots:
            return self.roots[size]
        start = self.report.start
        if 0 < size < start:  # --since: below the start, the stored tree is trusted, if consistent
            try:
                found = root(size, self.source)
                proof = consistency_proof(size, start, self.source)
                verify_consistency(size, start, found, self.roots[start], proof)
            except (MissingSubtreeError, ProofError):
                return None
            self.roots[size] = found
            return found
        return None

    def _previous_checkpoint(self, all_rows: Sequence[CheckpointRow], start: int) -> None:
        """With --since, the last checkpoint record at or before the start is the previous one."""
        before = [r for r in all_rows if r.position <= start]
        data = _parse_payload(before[-1]) if before else None
        self.previous = (before[-1].version, data["tree_size"]) if before and data else None

    def _next_checkpoint(self, row: CheckpointRow) -> None:
        """Check a checkpoint record met by the scan (its size's root is known by then)."""
        if self.checkpoints_broken:
            return
        checkpoint = self._check_checkpoint(row, self.previous)
        if checkpoint is None:
            self.checkpoints_broken = True
            return
        self.report.checkpoints += 1
        self.report.last_checkpoint = checkpoint
        self.previous = (row.version, checkpoint.size)

    def _finish_checkpoints(self, all_rows: Sequence[CheckpointRow], start: int) -> None:
        report = self.report
        before = [r for r in all_rows if r.position <= start]
        if report.last_checkpoint is None and before:
            data = _parse_payload(before[-1])
            if data is not None:
                report.last_checkpoint = Checkpoint(self.key.name, data["tree_size"],
                                                    b64decode(data["root_hash"]))

    def _check_checkpoint(
        self, row: CheckpointRow, previous: tuple[int, int] | None
    ) -> Checkpoint | None:
        """Check one checkpoint record; on a fault, note it and return None."""
        where = f"checkpoint record (version {row.version})"
        if row.topic not in CHECKPOINT_TOPICS:
            self.fault(row.position, f"{where} holds a {row.topic!r} event, not a checkpoint")
            return None
        data = _parse_payload(row)
        if data is None:
            self.fault(row.position, f"{where}: its payload is not a checkpoint")
            return None
        try:
            checkpoint = open_checkpoint(data["note"], self.key)
        except NoteError as exc:
            self.fault(row.position, f"{where} does not verify under the pinned key "
                                     f"{self.key.to_text()}: {exc}")
            return None
        size = checkpoint.size
        if (size, b64encode(checkpoint.root_hash), data["key_id"]) != (
            data["tree_size"], data["root_hash"], self.key.key_id.hex(),
        ):
            self.fault(row.position, f"{where}: its tree size, root hash or key id differ from "
                                     "its signed note")
            return None
        if size >= row.position:
            self.fault(row.position, f"{where} covers {size} events, not only those before it")
            return None
        if previous is not None and size <= previous[1]:
            self.fault(row.position, f"{where} covers {size} events, not more than the previous "
                                     f"checkpoint's {previous[1]}")
            return None
        expected = self._root(size)
        if expected is None:
            self.fault(size, f"{where} of size {size}: the tree could not be rebuilt up to it")
            return None
        if expected != checkpoint.root_hash:
            self.fault(size, f"{where} signed root {b64encode(checkpoint.root_hash)} for the first "
                             f"{size} events, but they give {b64encode(expected)}: an event at or "
                             f"below position {size} was changed")
            return None
        return checkpoint

    def _covered(self, label: str, checkpoint: Checkpoint, n: int) -> None:
        """A checkpoint held outside the database must be covered by the log."""
        if checkpoint.size > n:
            self.fault(n + 1, f"{label} covers {checkpoint.size} events but the log ends at "
                              f"position {n}: the log was truncated")
            return
        expected = self._root(checkpoint.size) if checkpoint.size else None
        if checkpoint.size and expected != checkpoint.root_hash:
            self.fault(checkpoint.size, f"{label}: the first {checkpoint.size} events do not give "
                                        f"its signed root: an event at or below position "
                                        f"{checkpoint.size} was changed")

    # Whole-store checks -----------------------------------------------------------------------------

    def _count_events(self) -> int:
        self.cur.execute("SELECT COUNT(*) FROM stored_events")
        row = self.cur.fetchone()
        return int(row[0]) if row else 0

    def _check_orphans(self, n: int, start: int, matched: int, events: int) -> None:
        """No event row without a log row: count them, and find one if the counts differ.

        Such a row is outside the log, so it is reported after its end (a log row deleted in the
        middle is also a gap, reported at its position).
        """
        if events <= start + matched:
            return
        self.cur.execute(
            "SELECT e.originator_id, e.originator_version FROM stored_events e WHERE NOT EXISTS "
            "(SELECT 1 FROM office_log l WHERE l.originator_id = e.originator_id AND "
            "l.originator_version = e.originator_version) LIMIT 1"
        )
        orphan = self.cur.fetchone()
        if orphan is None:
            return
        record, version = self.db.dialect.uuid_value(orphan[0]), int(orphan[1])
        self.fault(n + 1, f"an event row (record {record}, version {version}) has no log row: it "
                          "was slipped into the event table, or its log row was deleted")

    def _check_tree_end(self, n: int, tree_size: int) -> None:
        """The stored tree reaches no further than the log."""
        if tree_size > n:
            self.fault(n + 1, f"the stored tree covers {tree_size} events but the log ends at "
                              f"position {n}: the log was truncated")
            return
        self.cur.execute("SELECT level, MAX(idx) FROM ledger_subtrees GROUP BY level")
        for level, top in self.cur.fetchall():
            if (int(top) + 1) << int(level) > n:
                self.fault(n + 1, f"stored interior hashes reach position {(int(top) + 1) << int(level)} "
                                  f"but the log ends at position {n}: the log was truncated")
                return


def _ranges(start: int, end: int, bits: int) -> Iterable[tuple[int, int]]:
    """``[lo, hi)`` leaf ranges from ``start`` to ``end``, aligned to ``2**bits``."""
    step = 1 << bits
    lo = start
    while lo < end:
        hi = min(end, (lo // step + 1) * step)
        yield lo, hi
        lo = hi



def target_for(settings: Settings) -> Target:
    """How scanning processes reach the configured store."""
    if not settings.is_postgres:
        return Target(sqlite_path=str(settings.sqlite_path.resolve()))
    pg = settings.postgres
    conninfo = make_conninfo(host=pg.host, port=pg.port, user=pg.user, password=pg.password,
                             dbname=pg.dbname)
    return Target(pg_conninfo=conninfo, pg_schema=pg.schema_name)
