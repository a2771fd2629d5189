"""Projection rebuild rate over a realistic log of 100k events, beside a raw read floor.

The log is written fast but correctly: whole directive lifecycles from ``bench/corpus.py`` (drafts,
issues with their series, assignments, reports, urgings, extensions, completions, reviews, closes),
encoded by our mapper and appended through :class:`OfficeLog` (positions, recorded time, leaf and
chain hashes) a few hundred events per transaction. The rebuild is ``socai projections rebuild``'s
:meth:`ProjectionRunner.rebuild`. The floor selects the same rows in the same batches and
orjson-decodes their state, nothing else. Target: ≥ 30% of the floor.
"""

from __future__ import annotations

import time
from uuid import UUID

import orjson
from eventsourcing.persistence import StoredEvent

from api.bootstrap import Office
from bench.corpus import interleaved
from bench.harness import Options, Result, peak_rss_mib, rate, scaled
from bench.stores import BACKENDS, fresh_office
from projections.runner import _SELECT_EVENTS

APPEND_EVENTS = 500  # events per appending transaction while generating


def generate(office: Office, events: int) -> int:
    """Append whole lifecycles until the log has at least ``events`` more events; return the head."""
    mapper, log, db = office.mapper, office.store.log, office.store.db
    pending: list[StoredEvent] = []
    written = 0

    def flush() -> None:
        with db.write() as cur:
            log.append(cur, pending)
        pending.clear()

    for command in interleaved(events // 25 + 1):
        pending.extend(mapper.to_stored_event(e) for e in command)
        written += len(command)
        if len(pending) >= APPEND_EVENTS:
            flush()
        if written >= events:
            break
    if pending:
        flush()
    return office.projections.head()


def raw_read(office: Office, head: int, batch: int) -> float:
    """Seconds to select every event (position order, in the runner's batches) and decode it."""
    start = time.perf_counter()
    for after in range(0, head, batch):
        with office.store.db.read() as cur:
            cur.execute(_SELECT_EVENTS, (after, after + batch))
            rows = cur.fetchall()
        for row in rows:
            orjson.loads(row[5])
    return time.perf_counter() - start


def _check(office: Office) -> str:
    """Rows in the register, and one directive folded from the generated log (it must fold)."""
    with office.store.db.read() as cur:
        cur.execute("SELECT COUNT(*), MIN(directive_id) FROM directive_register "
                    "WHERE valid_to IS NULL")
        row = cur.fetchone()
    assert row is not None
    folded = office.directives.get(UUID(str(row[1])))
    return f"{row[0]} directives in the register; {folded.number_symbol} folds to v{folded.version}"


def run(options: Options) -> list[Result]:
    target = scaled(100_000, options)
    results = []
    for backend in BACKENDS:
        with fresh_office(backend, options, "proj") as office:
            start = time.perf_counter()
            head = generate(office, target)
            generated = time.perf_counter() - start
            runner = office.projections
            start = time.perf_counter()
            runner.rebuild()
            rebuilt = time.perf_counter() - start
            assert runner.position() == head
            floor = raw_read(office, head, runner.batch_size)
            results.append(Result(
                f"projections {backend}: rebuild vs raw read", rate(head, rebuilt), "events/s",
                "select + orjson decode", rate(head, floor), target="≥ 0.30",
                notes={"events": f"{head:,} (generated at {rate(head, generated):,.0f} events/s)",
                       "batch size": str(runner.batch_size), "check": _check(office),
                       "peak RSS so far": f"{peak_rss_mib():,.0f} MiB",
                       "library one-tx-per-event runner (issue 2)": "≈1,700 events/s"}))
    return results
