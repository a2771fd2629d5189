"""One runner feeds every projection from the office log, in batches.

For each batch the runner reads the events once (outside any lock), decodes each one once, then opens
one write transaction in which every projection that is behind applies the events it has not seen,
writes its rows and records its own position. A crash between batches loses nothing; a second runner
(another process) never applies an event twice, because positions are re-read under the write lock
(the positions' rows are locked on PostgreSQL).

A worker's runner has ``leases`` (``infra/leases.py``): it applies only the projections whose lease it
holds, and confirms their fences in the batch's transaction, so a worker that lost a lease writes
nothing more under it. A runner that ``follows`` (an API process whose projections a worker applies,
in this process or another) never applies anything on a request's behalf: it waits, woken by the
worker's batches (in memory, or ``NOTIFY`` on the office's ``projections`` channel).
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Final
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent

from infra.db import Cursor, Database
from infra.leases import Leases, projection_lease
from infra.logging import get_logger
from infra.store.notify import Wakeup
from projections.tables import RowCache, Table, TableBuffer, drop_statements

Progress = Callable[[int, int], None]
_log = get_logger("socai.projections")


@dataclass(frozen=True)
class LoggedEvent:
    """An event as the log holds it: position, recorded time, record, version, and the event."""

    position: int
    recorded_us: int
    record_id: UUID
    version: int
    topic: str
    event: Any


class Batch:
    """What a projection sees while applying one batch: a buffer per table."""

    def __init__(self, cursor: Cursor, caches: dict[str, RowCache] | None = None) -> None:
        self.cursor = cursor
        self.caches = caches
        self._buffers: dict[str, TableBuffer] = {}

    def table(self, table: Table) -> TableBuffer:
        buffer = self._buffers.get(table.name)
        if buffer is None:
            cache = None
            if self.caches is not None and table.temporal:
                cache = self.caches.get(table.name)
            buffer = self._buffers[table.name] = TableBuffer(table, self.cursor, cache)
        return buffer

    def flush(self) -> None:
        for buffer in self._buffers.values():
            buffer.flush()

    def remember(self) -> None:
        """After commit: keep the batch's final rows in the runner's caches."""
        for buffer in self._buffers.values():
            if buffer.cache is not None:
                buffer.cache.remember(buffer.final)


class Projection(ABC):
    """A read model: its tables, the events it reads, and how it applies them.

    Bump ``schema_version`` when the tables or the logic change: the runner then drops and rebuilds
    that projection from the log.
    """

    name: ClassVar[str]
    schema_version: ClassVar[int] = 1
    tables: ClassVar[Sequence[Table]]
    event_types: ClassVar[tuple[type, ...]] = ()  # empty: every event

    def wants(self, event: Any) -> bool:
        return not self.event_types or isinstance(event, self.event_types)

    @abstractmethod
    def apply(self, batch: Batch, e: LoggedEvent) -> None: ...


POSITIONS_DDL = (
    "CREATE TABLE IF NOT EXISTS projection_positions (name TEXT PRIMARY KEY, "
    "position {bigint} NOT NULL, schema_version INTEGER NOT NULL)"
)
_SELECT_EVENTS = (
    "SELECT l.position, l.recorded_us, l.originator_id, l.originator_version, e.topic, e.state "
    "FROM office_log l JOIN stored_events e ON e.originator_id = l.originator_id "
    "AND e.originator_version = l.originator_version "
    "WHERE l.position > ? AND l.position <= ? ORDER BY l.position"
)


ANALYZE_AFTER: Final = 10_000
"""Events applied by one catch-up after which the read-model statistics are refreshed."""


class ProjectionRunner:
    """Keeps every projection caught up with the log."""

    def __init__(
        self, db: Database, mapper: Mapper[UUID], projections: Sequence[Projection],
        *, batch_size: int = 2000, source: Database | None = None, upto: int | None = None,
    ) -> None:
        """``source`` is where the log is read from (default ``db``): a replay reads the live log
        and writes its read models into a temporary database, never into the live ones; ``upto``
        stops it at a log position (the read models as they stood then)."""
        names = [p.name for p in projections]
        if len(set(names)) != len(names):
            msg = f"projection names must be unique: {names}"
            raise ValueError(msg)
        self.db = db
        self.source = source or db
        self.upto = upto
        self.mapper = mapper
        self.projections = list(projections)
        self.batch_size = batch_size
        self._wake = threading.Event()
        self._step_lock = threading.Lock()
        self.worker_alive = False
        self.leases: Leases | None = None
        """A worker's leases: apply only the projections held, fenced (see the module)."""
        self.follows = False
        """The projections are applied by a worker (here or in another process): never here."""
        self.progress = Wakeup()
        """Fired by this runner's batches, and by another process's (``NOTIFY``)."""
        self.notified: Callable[[], bool] = lambda: False
        """Whether notifications from other processes arrive now (then waits poll rarely)."""
        self.follow_timeout = 2.0  # seconds a follower's catch_up waits for the worker
        self.settle = 0.02  # seconds the background worker waits after a wake-up (see run)
        self.analyze_after = ANALYZE_AFTER
        # Row caches, kept only for the length of one catch-up (see RowCache), and the projection
        # positions this runner last wrote, to notice another writer.
        self._caches: dict[str, RowCache] | None = None
        self._last_written: dict[str, int] | None = None

    # Set-up -------------------------------------------------------------------------------------

    def ensure_tables(self) -> None:
        """Create missing tables; drop and reset projections whose schema version changed."""
        with self.db.write() as cur:
            cur.execute(POSITIONS_DDL.format(bigint=self.db.dialect.bigint))
            cur.execute("SELECT name, schema_version FROM projection_positions")
            known = {r[0]: int(r[1]) for r in cur.fetchall()}
            for p in self.projections:
                if p.name in known and known[p.name] != p.schema_version:
                    for statement in drop_statements(p.tables):
                        cur.execute(statement)
                    cur.execute("DELETE FROM projection_positions WHERE name = ?", (p.name,))
                    known.pop(p.name)
                for table in p.tables:
                    for statement in table.ddl(self.db.dialect):
                        cur.execute(statement)
                if p.name not in known:
                    cur.execute(
                        "INSERT INTO projection_positions (name, position, schema_version) "
                        "VALUES (?, 0, ?)",
                        (p.name, p.schema_version),
                    )

    def rebuild(self, progress: Progress | None = None) -> int:
        """Drop every read model and rebuild it from the log."""
        with self._step_lock, self.db.write() as cur:
            for p in self.projections:
                for statement in drop_statements(p.tables):
                    cur.execute(statement)
                cur.execute("DELETE FROM projection_positions WHERE name = ?", (p.name,))
        self.ensure_tables()
        return self.catch_up(progress=progress, fresh=True)

    # Running ------------------------------------------------------------------------------------

    def head(self) -> int:
        rows = self.source.query("SELECT MAX(position) FROM office_log")
        head = int(rows[0][0]) if rows and rows[0][0] is not None else 0
        return head if self.upto is None else min(head, self.upto)

    def positions(self) -> dict[str, int]:
        return {r[0]: int(r[1]) for r in
                self.db.query("SELECT name, position FROM projection_positions")}

    def position(self) -> int:
        """How far every projection has read (the least of their positions)."""
        mine = self.positions()
        return min((mine.get(p.name, 0) for p in self.projections), default=0)

    def mine(self) -> list[Projection]:
        """The projections this runner may apply now (with leases: those it holds)."""
        if self.leases is None:
            return self.projections
        held = self.leases.held()
        return [p for p in self.projections if projection_lease(p.name) in held]

    def step(self) -> int:
        """Apply one batch; return how many events were applied (0: caught up)."""
        with self._step_lock:
            mine = self.mine()
            if not mine:
                return 0
            known = self.positions()
            start = min(known.get(p.name, 0) for p in mine)
            end = start + self.batch_size
            events = list(self._read(start, end if self.upto is None else min(end, self.upto)))
            if not events:
                return 0
            end = events[-1].position
            try:
                with self.db.write() as cur:
                    done = self._lock_positions(cur, [p.name for p in mine])
                    if self.leases is not None:
                        held = self.leases.confirm(cur, [projection_lease(p.name) for p in mine])
                        mine = [p for p in mine if projection_lease(p.name) in held]
                    if self._caches is not None and done != self._last_written:
                        for cache in self._caches.values():
                            cache.reset()  # another runner wrote: our rows may be stale
                    batch = Batch(cur, self._caches)
                    applied = False
                    for p in mine:
                        already = done.get(p.name, 0)
                        if already >= end:
                            continue
                        for e in events:
                            if e.position > already and p.wants(e.event):
                                p.apply(batch, e)
                        cur.execute(
                            "UPDATE projection_positions SET position = ? WHERE name = ?",
                            (end, p.name),
                        )
                        done[p.name] = end
                        applied = True
                    batch.flush()
                    if applied:
                        self.db.notify(cur, "projections", str(end))
            except BaseException:
                if self._caches is not None:
                    for cache in self._caches.values():
                        cache.reset()
                raise
            batch.remember()
            self._last_written = done
            self._announce()
            return len(events)

    def _lock_positions(self, cur: Cursor, names: list[str]) -> dict[str, int]:
        """The positions of ``names``, read in the batch's transaction (rows locked on
        PostgreSQL until it ends; SQLite's write transaction holds the whole file)."""
        marks = ", ".join("?" * len(names))
        lock = " FOR UPDATE" if self.db.dialect.name == "postgresql" else ""
        cur.execute(f"SELECT name, position FROM projection_positions WHERE name IN ({marks}) "
                    f"ORDER BY name{lock}", names)
        return {r[0]: int(r[1]) for r in cur.fetchall()}

    def catch_up(self, until: int | None = None, progress: Progress | None = None, *,
                 fresh: bool = False) -> int:
        """Apply batches until the log's head (or ``until``) is reached; return the position.

        Live rows are cached across the batches of this call (``fresh``: the tables were just
        created empty, so nothing needs to be looked up).
        """
        target = self.head() if until is None else until
        if self.follows:
            self.wait_for(target, self.follow_timeout)
            return self.position()
        owner = self._caches is None
        if owner:
            self._caches = {t.name: RowCache(complete=fresh)
                            for p in self.projections for t in p.tables if t.temporal}
            names = {p.name for p in self.mine()}
            self._last_written = {k: v for k, v in self.positions().items() if k in names}
        total = 0
        try:
            while True:
                applied = self.step()
                total += applied
                reached = self.position()
                if progress is not None:
                    progress(reached, target)
                if applied == 0 or reached >= target:
                    break
        finally:
            if owner:
                self._caches = None
                self._last_written = None
        if total >= self.analyze_after:
            self.refresh_statistics()
        return reached

    def refresh_statistics(self) -> None:
        """Have PostgreSQL re-read the size and spread of every read-model table.

        Its planner chooses between the live-row page indexes and a scan-and-sort from these
        statistics; after a rebuild or a long catch-up they describe the tables as they were
        (empty, or a tenth of their size) until autovacuum comes round, and a register page that
        takes a millisecond through its index takes hundreds scanning. SQLite's planner prefers
        the matching index without statistics, so it is left alone.
        """
        if self.db.dialect.name != "postgresql":
            return
        with self.db.write() as cur:
            for p in self.projections:
                for table in p.tables:
                    cur.execute(f"ANALYZE {table.name}")

    def _read(self, after: int, upto: int) -> Iterator[LoggedEvent]:
        with self.source.read() as cur:
            cur.execute(_SELECT_EVENTS, (after, upto))
            rows = cur.fetchall()
        to_event = self.mapper.to_domain_event
        for position, recorded_us, oid, version, topic, state in rows:
            record_id = oid if isinstance(oid, UUID) else UUID(oid)
            event = to_event(StoredEvent(record_id, int(version), topic, bytes(state)))
            yield LoggedEvent(int(position), int(recorded_us), record_id, int(version), topic,
                              event)

    # Waiting for read-your-writes ---------------------------------------------------------------

    def _announce(self) -> None:
        self.progress.fire()

    def nudge(self) -> None:
        """Wake the background worker: new events were written."""
        self._wake.set()

    def wait_for(self, position: int, timeout: float) -> bool:
        """Block until the projections have applied ``position`` (or ``timeout`` seconds pass).

        With no worker anywhere (a command-line process, a test), this runner catches up itself.
        Otherwise it waits for the worker: it reads the projections' positions, then sleeps until
        a batch is announced (in memory, or by ``NOTIFY`` from another process), re-reading at
        least every :attr:`poll` seconds in case a notification was missed — never a busy loop.
        """
        if not self.follows and not self.worker_alive:
            return self.position() >= position or self.catch_up(until=position) >= position
        deadline = time.monotonic() + timeout
        while True:
            seen = self.progress.generation
            if self.position() >= position:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self.nudge()
            self.progress.wait(seen, min(remaining, self.poll))

    @property
    def poll(self) -> float:
        """Seconds between two reads of the positions while waiting: long when notifications
        arrive, short when they cannot (SQLite with a worker in another process, a lost
        listener)."""
        return 1.0 if self.notified() else 0.1

    def run(self, stop: threading.Event, idle: float | Callable[[], float] = 0.5,
            chores: Sequence[Callable[[], object]] = ()) -> None:
        """The background loop of a worker: apply batches as events arrive (woken by
        :meth:`nudge`), looking at the log at least every ``idle`` seconds (a number, or a
        function giving it each turn). ``chores`` run on every turn of the loop and decide
        themselves how often to act."""
        self.worker_alive = True
        try:
            self._loop(stop, idle, chores)
        finally:
            self.worker_alive = False

    def _loop(self, stop: threading.Event, idle: float | Callable[[], float],
              chores: Sequence[Callable[[], object]] = ()) -> None:
        while not stop.is_set():
            pause = idle() if callable(idle) else idle
            for chore in chores:
                try:
                    chore()
                except Exception:  # noqa: BLE001 - a failed chore is tried again, not fatal
                    _log.exception("worker_chore_failed")
            try:
                applied = self.step()
            except Exception:  # noqa: BLE001 - a failing batch is retried after a pause, not fatal
                _log.exception("projection_batch_failed")
                stop.wait(min(pause * 4, 5.0))
                continue
            if applied == 0:
                if self._wake.wait(pause):
                    # Let a burst of commands land, then apply them in one batch rather than one
                    # write transaction per command competing with the commands themselves.
                    stop.wait(self.settle)
                self._wake.clear()
