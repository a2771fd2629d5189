"""The cost of clearance then and now: the same pages for a reader cleared for everything (no
check) and for a reader cleared for Mật (every row and event checked against the records index
then and now, parents included), over a log of 100k events.

Pages: the directive register and the assignment tracker (50 rows) live and as of random
positions, and the event feed (1000 events from a random position). The corpus's records are all
ordinary, so every row passes every check: the checks' whole cost, nothing filtered out.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable

from api.bootstrap import Office
from bench.bench_timetravel import grow, timed
from bench.corpus import interleaved
from bench.harness import Options, Result, scaled
from bench.stores import BACKENDS, fresh_office
from domain.actors import Secrecy
from projections.directives.queries import (
    AssignmentFilter,
    DirectiveFilter,
    list_assignments,
    list_directives,
)
from projections.feed import read_feed

SIZE = 100_000
QUERIES = 25
EVERYTHING = tuple(s.value for s in Secrecy)
MAT = (Secrecy.NONE.value, Secrecy.MAT.value)

Page = Callable[[tuple[str, ...], int | None], object]


def pages(office: Office) -> dict[str, Page]:
    db, on = office.store.db, office.clock().date()
    return {
        "directive register": lambda readable, at: list_directives(
            db, DirectiveFilter(), readable=readable, sort="issued", cursor=None, limit=50,
            at_position=at),
        "assignment tracker": lambda readable, at: list_assignments(
            db, AssignmentFilter(), on=on, readable=readable, sort="deadline", cursor=None,
            limit=50, at_position=at),
    }


def measure(office: Office, rng: random.Random) -> dict[str, list[float]]:
    """Milliseconds per query, for each page, reader and axis."""
    head = office.projections.head()
    out: dict[str, list[float]] = {}
    for name, page in pages(office).items():
        page(EVERYTHING, None)  # warm the caches the same way for both readers
        for _ in range(QUERIES):
            at = rng.randint(1, head)
            for reader, readable in (("all", EVERYTHING), ("mat", MAT)):
                out.setdefault(f"{name} live {reader}", []).append(
                    timed(lambda p=page, r=readable: p(r, None)))
                out.setdefault(f"{name} as_of {reader}", []).append(
                    timed(lambda p=page, r=readable, a=at: p(r, a)))
    for _ in range(QUERIES):
        after = rng.randint(0, max(head - 1000, 0))
        for reader, readable in (("all", EVERYTHING), ("mat", MAT)):
            out.setdefault(f"feed {reader}", []).append(timed(
                lambda a=after, r=readable: read_feed(office.store.db, after=a, head=head,
                                                      limit=1000, readable=r)))
    return out


def run(options: Options) -> list[Result]:
    results = []
    for backend in BACKENDS:
        with fresh_office(backend, options, "clearance") as office:
            target = scaled(SIZE, options)
            seconds = grow(office, interleaved(10_000_000, seed=11, step=(5, 60)), target)
            ms = measure(office, random.Random(7))
            events = f"{office.projections.head():,} (grown and projected in {seconds:,.0f} s)"
            for name in (*pages(office), "feed"):
                axes = ("live", "as_of") if name != "feed" else ("",)
                for axis in axes:
                    key = f"{name} {axis}".strip()
                    checked = statistics.median(ms[f"{key} mat"])
                    results.append(Result(
                        f"clearance {backend} {target:,} events: {key} for a Mật reader",
                        checked, "ms", "same page, reader cleared for everything",
                        statistics.median(ms[f"{key} all"]), target="same order as the floor",
                        notes={"events": events}))
    return results
