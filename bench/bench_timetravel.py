"""Time travel: a register page as of a random past time, over logs of 100k and 1M events.

The log is one growing office log of whole directive lifecycles (``bench/corpus.py``: drafts,
issues, assignments, reports, extensions, completions, reviews), appended through the real write
path with hashes, and its read models kept up by the real runner. At each size, a directive
register page (50 rows, newest issues first, as ``GET /directives?as_of=T`` asks it) is read as of
random recorded times T: the position recorded at or before T, then the temporal rows current at
it. The floor is the same page read live. Target: ≤ 1 s at 1M events.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Iterator

from eventsourcing.persistence import StoredEvent

from api.bootstrap import Office
from bench.corpus import Command, interleaved
from bench.harness import Options, Result, scaled
from bench.stores import BACKENDS, fresh_office
from domain.actors import Secrecy
from projections.directives.queries import (
    AssignmentFilter,
    DirectiveFilter,
    list_assignments,
    list_directives,
)
from projections.query import position_at_time

SIZES = (100_000, 1_000_000)
QUERIES = 25
APPEND = 1000
READABLE = [s.value for s in Secrecy]


def grow(office: Office, commands: Iterator[Command], until: int) -> float:
    """Append commands until the log holds ``until`` events; catch the read models up. Seconds."""
    mapper, log, db = office.mapper, office.store.log, office.store.db
    start = time.perf_counter()
    head = office.projections.head()
    pending: list[StoredEvent] = []
    while head + len(pending) < until:
        pending.extend(mapper.to_stored_event(e) for e in next(commands))
        if len(pending) >= APPEND:
            with db.write() as cur:
                log.append(cur, pending)
            head += len(pending)
            pending.clear()
    if pending:
        with db.write() as cur:
            log.append(cur, pending)
    office.projections.catch_up()
    return time.perf_counter() - start


def _times(office: Office, rng: random.Random) -> list[int]:
    with office.store.db.read() as cur:
        cur.execute("SELECT MIN(recorded_us), MAX(recorded_us) FROM office_log")
        row = cur.fetchone()
    assert row is not None
    return [rng.randint(int(row[0]), int(row[1])) for _ in range(QUERIES)]


def timed(query: Callable[[], object]) -> float:
    start = time.perf_counter()
    query()
    return (time.perf_counter() - start) * 1000


def measure(office: Office, rng: random.Random) -> dict[str, list[float]]:
    """Milliseconds per query: register pages as of random times, and live."""
    db = office.store.db

    def directives(at: int | None) -> object:
        return list_directives(db, DirectiveFilter(), readable=READABLE, sort="issued",
                               cursor=None, limit=50, at_position=at)

    def assignments(at: int | None) -> object:
        return list_assignments(db, AssignmentFilter(), on=office.clock().date(),
                                readable=READABLE, sort="deadline", cursor=None, limit=50,
                                at_position=at)

    out: dict[str, list[float]] = {"directives": [], "assignments": [], "position": [],
                                   "live directives": [], "live assignments": []}
    directives(None)  # warm the caches the same way for both
    for t in _times(office, rng):
        out["position"].append(timed(lambda t=t: position_at_time(db, t)))
        at = position_at_time(db, t)
        out["directives"].append(timed(lambda at=at: directives(at)) + out["position"][-1])
        out["assignments"].append(timed(lambda at=at: assignments(at)) + out["position"][-1])
        out["live directives"].append(timed(lambda: directives(None)))
        out["live assignments"].append(timed(lambda: assignments(None)))
    return out


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(options: Options) -> list[Result]:
    results = []
    for backend in BACKENDS:
        with fresh_office(backend, options, "timetravel") as office:
            # a command every 5–60 simulated seconds: 1M events stay within one committee term
            commands = interleaved(10_000_000, seed=11, step=(5, 60))
            rng = random.Random(5)
            previous: float | None = None
            for size in SIZES:
                target = scaled(size, options)
                seconds = grow(office, commands, target)
                head = office.projections.head()
                ms = measure(office, rng)
                median = statistics.median(ms["directives"])
                with office.store.db.read() as cur:
                    cur.execute("SELECT COUNT(*) FROM directive_register")
                    versions = cur.fetchone()
                notes = {
                    "events": f"{head:,} (grown and projected in {seconds:,.0f} s)",
                    "directive register rows (all versions)": f"{versions[0] if versions else 0:,}",
                    "p95": f"{p(ms['directives'], 0.95):,.1f} ms",
                    "of which position_at_time (median)":
                        f"{statistics.median(ms['position']):,.2f} ms",
                    "assignment tracker as_of (median / p95)":
                        f"{statistics.median(ms['assignments']):,.1f} / "
                        f"{p(ms['assignments'], 0.95):,.1f} ms "
                        f"(live {statistics.median(ms['live assignments']):,.1f} ms)",
                }
                if previous:
                    notes["growth vs the smaller log"] = f"×{median / previous:,.2f} for " \
                                                         f"×{size / SIZES[0]:,.0f} events"
                previous = median
                results.append(Result(
                    f"time travel {backend} {target:,} events: directive register as_of",
                    median, "ms", "same page live",
                    statistics.median(ms["live directives"]), target="≤ 1000 ms at 1M",
                    notes=notes))
    return results
