"""Gauges read from the store when scraped: the same from every process of an office.

The log's head; each projection's position and lag (events behind the head, and seconds: the age
of the oldest event it has not applied); the latest signed checkpoint (tree size, age, events not
yet covered); the last `socai verify` and `socai fixity` runs (from the log's own events,
``projections/operations.py``); the leases (seconds left: negative means nobody holds it). Read at
most every ``max_age`` seconds, however often scraped; a store that does not answer gives
``socai_store_up 0`` and nothing else.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from eventsourcing import persistence as es
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from api.bootstrap import Office
from infra.leases import Lease, Leases
from projections.operations import LastRun, last_runs


@dataclass
class Reading:
    """One look at the store."""

    now_us: int
    head: int = 0
    head_us: int = 0
    projections: dict[str, tuple[int, int, float]] = field(default_factory=dict)
    checkpoint: tuple[int, float] | None = None  # tree size, signed at (seconds since epoch)
    runs: dict[str, LastRun] = field(default_factory=dict)
    leases: list[Lease] = field(default_factory=list)


def read_store(office: Office) -> Reading:
    """Everything the gauges show, read now."""
    now_us = int(office.clock().timestamp() * 1_000_000)
    reading = Reading(now_us)
    db = office.store.db
    with db.read() as cur:
        cur.execute("SELECT position, recorded_us FROM office_log ORDER BY position DESC LIMIT 1")
        row = cur.fetchone()
        if row is not None:
            reading.head, reading.head_us = int(row[0]), int(row[1])
        cur.execute("SELECT name, position FROM projection_positions")
        positions = {str(r[0]): int(r[1]) for r in cur.fetchall()}
        for p in office.projections.projections:
            position = positions.get(p.name, 0)
            behind, seconds = max(reading.head - position, 0), 0.0
            if behind:
                cur.execute("SELECT recorded_us FROM office_log WHERE position = ?",
                            (position + 1,))
                oldest = cur.fetchone()
                seconds = max(now_us - int(oldest[0]), 0) / 1e6 if oldest else 0.0
            reading.projections[p.name] = (position, behind, seconds)
    latest = office.checkpoints.latest()
    if latest is not None:
        reading.checkpoint = (latest.tree_size, latest.signed_at.timestamp())
    reading.runs = last_runs(db)
    reading.leases = Leases(db).rows()
    return reading


class StoreGauges(Collector):
    """A Prometheus collector of :func:`read_store`, cached for ``max_age`` seconds."""

    def __init__(self, office: Office, *, max_age: float = 2.0) -> None:
        self.office = office
        self.label = office.settings.office_code
        self.max_age = max_age
        self._lock = threading.Lock()
        self._cached: tuple[float, Reading | None] = (-1e9, None)

    def reading(self) -> Reading | None:
        with self._lock:
            at, cached = self._cached
            if time.monotonic() - at < self.max_age:
                return cached
            try:
                fresh: Reading | None = read_store(self.office)
            except (es.PersistenceError, OSError):
                fresh = None
            self._cached = (time.monotonic(), fresh)
            return fresh

    def collect(self) -> Iterator[Metric]:
        r = self.reading()
        office = self.label
        yield _gauge("socai_store_up", "1 if the store answered the last look", office,
                     1 if r else 0)
        if r is None:
            return
        yield _gauge("socai_log_head", "events in the office log (its last position)", office,
                     r.head)
        yield _gauge("socai_log_last_recorded_timestamp_seconds", "when the last event was "
                     "recorded", office, r.head_us / 1e6)
        position = GaugeMetricFamily("socai_projection_position", "the last position each "
                                     "projection applied", labels=["office", "projection"])
        behind = GaugeMetricFamily("socai_projection_lag_events", "events each projection is "
                                   "behind the log", labels=["office", "projection"])
        late = GaugeMetricFamily("socai_projection_lag_seconds", "age of the oldest event each "
                                 "projection has not applied (0 when caught up)",
                                 labels=["office", "projection"])
        for name, (at, events, seconds) in sorted(r.projections.items()):
            position.add_metric([office, name], at)
            behind.add_metric([office, name], events)
            late.add_metric([office, name], seconds)
        yield from (position, behind, late)
        if r.checkpoint is not None:
            size, signed_at = r.checkpoint
            yield _gauge("socai_checkpoint_tree_size", "events covered by the latest signed "
                         "checkpoint", office, size)
            yield _gauge("socai_checkpoint_age_seconds", "age of the latest signed checkpoint",
                         office, max(r.now_us / 1e6 - signed_at, 0.0))
            yield _gauge("socai_checkpoint_unsigned_events", "events recorded after the latest "
                         "signed checkpoint", office, max(r.head - size, 0))
        for kind, what in (("verify", "socai verify"), ("fixity", "socai fixity")):
            run = r.runs.get(kind)
            if run is None:
                continue
            yield _gauge(f"socai_{kind}_last_run_timestamp_seconds", f"when the last {what} "
                         "run was recorded", office, run.recorded_us / 1e6)
            yield _gauge(f"socai_{kind}_last_ok", f"1 if the last {what} run found nothing "
                         "wrong", office, 1 if run.ok else 0)
            yield _gauge(f"socai_{kind}_last_problems", f"problems the last {what} run found",
                         office, run.problems)
        left = GaugeMetricFamily("socai_lease_seconds_left", "seconds until each lease expires "
                                 "(negative: nobody renews it — no worker holds it)",
                                 labels=["office", "lease"])
        fence = GaugeMetricFamily("socai_lease_fence", "how many times each lease was taken",
                                  labels=["office", "lease"])
        for lease in r.leases:
            left.add_metric([office, lease.name], (lease.expires_us - r.now_us) / 1e6)
            fence.add_metric([office, lease.name], lease.fence)
        yield from (left, fence)


def _gauge(name: str, documentation: str, office: str, value: float) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=["office"])
    family.add_metric([office], value)
    return family
