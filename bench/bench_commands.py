"""Commands per second through the application (issue + assign), on an SQLite file and on PostgreSQL.

Beside each figure, in the same run and on the same backend:

(a) a bare ``eventsourcing`` application (``bench/bare.py``) doing the same loads and saves with the
    same payload, without our metadata, rules, validation, office log or hashes, configured as the
    library's defaults; the target is that ours costs at most 20% more (ratio ≥ 0.80). Our
    applications keep loaded records (the library's aggregate cache), so the notes also give the
    bare app with that cache on;
(b) the raw-insert floor: the rows our run wrote to ``stored_events``, inserted again with the plain
    driver, one transaction per row.

Draft and appraise are set-up (not timed). Each issue takes the next number of its series: issues are
spread round-robin over every (issuer, directive type) pair of the demo reference data, so a series
grows by ``n / pairs`` numbers.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import psycopg

from api.bootstrap import Office
from bench.bare import BareOffice
from bench.corpus import SIGNERS, TASKS, TITLES, UNIT_CODES, bench_actor, issuable, series_of
from bench.harness import Options, Result, rate, scaled
from bench.stores import BACKENDS, fresh_office, library_env, raw_target
from domain.actors import Role, Secrecy
from domain.records import Context

ISSUED_ON = date(2026, 3, 2)


ROUNDS = 4  # ours, bare and ours-without-hashing take turns, so that a slow spell of the disk hits all


@dataclass
class Figures:
    """Accumulated over the rounds: commands, seconds and events of each kind of command."""

    n: int = 0
    t_issue: float = 0.0
    t_assign: float = 0.0
    e_issue: int = 0
    e_assign: int = 0

    def add(self, n: int, t_issue: float, t_assign: float, e_issue: int, e_assign: int) -> None:
        self.n += n
        self.t_issue += t_issue
        self.t_assign += t_assign
        self.e_issue += e_issue
        self.e_assign += e_assign

    @property
    def issue(self) -> float:
        return rate(self.n, self.t_issue)

    @property
    def assign(self) -> float:
        return rate(self.n, self.t_assign)

    @property
    def both(self) -> float:
        return rate(2 * self.n, self.t_issue + self.t_assign)

    def per_command(self) -> str:
        return f"{self.e_issue / self.n:.2f}, {self.e_assign / self.n:.2f}"


def _issue_args(i: int) -> dict[str, Any]:
    signer, title = SIGNERS[i % len(SIGNERS)]
    return {"issued_on": ISSUED_ON, "signer": signer, "signer_title": title}


def _assign_args(i: int) -> dict[str, Any]:
    units = [UNIT_CODES[1 + (i + k) % (len(UNIT_CODES) - 1)] for k in range(4)]
    return {"task": TASKS[i % len(TASKS)], "lead_unit": units[0],
            "cooperating_units": units[1:3], "monitoring_units": units[3:],
            "assigned_on": ISSUED_ON, "deadline": ISSUED_ON + timedelta(days=90)}


def _draft_args(i: int) -> dict[str, Any]:
    issuer, doc_type = issuable()[i % len(issuable())]
    title = f"{TITLES[i % len(TITLES)]} (số {i})"
    return {"document_type": doc_type, "title": title, "summary": "Trích yếu: " + title,
            "issuer": issuer, "drafting_unit": "VP"}


def _timed(items: Sequence[UUID], command: Callable[[int, UUID], object]) -> float:
    start = time.perf_counter()
    for i, item in enumerate(items):
        command(i, item)
    return time.perf_counter() - start


def _event_count(office: Office) -> int:
    with office.store.db.read() as cur:
        cur.execute("SELECT COUNT(*) FROM stored_events")
        row = cur.fetchone()
        return int(row[0]) if row else 0


def ours(office: Office, indexes: range, figures: Figures) -> None:
    """Issue then assign directives through :class:`Directives` (draft and appraise untimed)."""
    d = office.directives
    specialist, leader = bench_actor(Role.SPECIALIST), bench_actor(Role.LEADER)

    def ctx(who: Any) -> Context:
        return Context(who, datetime.now(UTC))

    ids = []
    for i in indexes:
        receipt = d.draft(ctx(specialist), **_draft_args(i), secrecy=Secrecy.NONE)
        assert receipt.record_id is not None
        d.appraise(ctx(leader), receipt.record_id, 1, passed=True)
        ids.append(receipt.record_id)
    first = indexes.start
    before = _event_count(office)
    t_issue = _timed(ids, lambda i, did: d.issue(ctx(leader), did, 2, **_issue_args(first + i)))
    middle = _event_count(office)
    t_assign = _timed(ids, lambda i, did: d.assign(ctx(specialist), did, 3,
                                                   **_assign_args(first + i)))
    figures.add(len(ids), t_issue, t_assign, middle - before, _event_count(office) - middle)


def bare(app: BareOffice, indexes: range, figures: Figures) -> None:
    """The same commands through the bare library application."""
    ids = []
    series = {}
    for i in indexes:
        args = _draft_args(i)
        key, system, _ = series_of(args["issuer"], args["document_type"], ISSUED_ON)
        series[i] = (key.issuer, key.symbol, key.period, system.value)
        did = app.draft(**args, secrecy=Secrecy.NONE.value)
        app.appraise(did)
        ids.append(did)
    first = indexes.start

    def issue(k: int, did: UUID) -> None:
        a = _issue_args(first + k)
        app.issue(did, series[first + k], a["issued_on"].isoformat(), a["signer"],
                  a["signer_title"])

    def assign(k: int, did: UUID) -> None:
        a = _assign_args(first + k)
        app.assign(did, **{**a, "assigned_on": a["assigned_on"].isoformat(),
                           "deadline": a["deadline"].isoformat()})

    before = app.recorder.max_notification_id() or 0
    t_issue = _timed(ids, issue)
    middle = app.recorder.max_notification_id() or 0
    t_assign = _timed(ids, assign)
    after = app.recorder.max_notification_id() or 0
    figures.add(len(ids), t_issue, t_assign, middle - before, after - middle)


def stored_rows(office: Office, limit: int) -> list[tuple[UUID, int, str, bytes]]:
    """The last ``limit`` rows our run wrote to the library's events table."""
    with office.store.db.read() as cur:
        cur.execute("SELECT e.originator_id, e.originator_version, e.topic, e.state "
                    "FROM office_log l JOIN stored_events e ON e.originator_id = l.originator_id "
                    "AND e.originator_version = l.originator_version "
                    "ORDER BY l.position DESC LIMIT ?", (limit,))
        return [(r[0] if isinstance(r[0], UUID) else UUID(r[0]), int(r[1]), r[2], bytes(r[3]))
                for r in cur.fetchall()]


def raw_inserts(backend: str, where: str, schema: str,
                rows: list[tuple[UUID, int, str, bytes]]) -> float:
    """Rows per second, one transaction per row, plain driver (the library's table shape)."""
    if backend == "sqlite":
        conn = sqlite3.connect(where, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE raw_events (originator_id TEXT, originator_version INTEGER, "
                     "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))")
        start = time.perf_counter()
        for oid, version, topic, state in rows:
            conn.execute("BEGIN")
            conn.execute("INSERT INTO raw_events VALUES (?, ?, ?, ?)",
                         (oid.hex, version, topic, state))
            conn.execute("COMMIT")
        elapsed = time.perf_counter() - start
        conn.close()
        return rate(len(rows), elapsed)
    with psycopg.connect(where) as pg:
        pg.execute(f'SET search_path TO "{schema}"')
        pg.execute("CREATE TABLE raw_events (originator_id uuid, originator_version int, "
                   "topic text, state bytea, PRIMARY KEY (originator_id, originator_version))")
        pg.commit()
        start = time.perf_counter()
        for row in rows:
            pg.execute("INSERT INTO raw_events VALUES (%s, %s, %s, %s)", row, prepare=True)
            pg.commit()
        return rate(len(rows), time.perf_counter() - start)


def run(options: Options) -> list[Result]:
    n = scaled(1000, options)
    results: list[Result] = []
    for backend in BACKENDS:
        mine, unhashed, lib, lib_cached = Figures(), Figures(), Figures(), Figures()
        with (fresh_office(backend, options, "cmd") as office,
              fresh_office(backend, options, "cmd_nohash") as office_nohash,
              library_env(backend, options, "cmd_bare") as env,
              library_env(backend, options, "cmd_bare_cached") as env_cached):
            office_nohash.store.log.hashing = False
            app = BareOffice(env=env)
            # Our applications keep loaded records (AGGREGATE_CACHE_MAXSIZE); the floor is the
            # library's default, and this is the bare app with the same setting, for comparison.
            app_cached = BareOffice(env={**env_cached, "AGGREGATE_CACHE_MAXSIZE": "1000"})
            for r in range(ROUNDS):
                indexes = range(r * n // ROUNDS, (r + 1) * n // ROUNDS)
                ours(office, indexes, mine)
                bare(app, indexes, lib)
                ours(office_nohash, indexes, unhashed)
                bare(app_cached, indexes, lib_cached)
            app.close()
            app_cached.close()
            rows = stored_rows(office, min(4 * n, scaled(2000, options)))
        with raw_target(backend, options, "cmd_raw") as (where, schema):
            floor = raw_inserts(backend, where, schema, rows)
        notes = {
            "issue cmd/s (ours / bare)": f"{mine.issue:,.0f} / {lib.issue:,.0f}",
            "assign cmd/s (ours / bare)": f"{mine.assign:,.0f} / {lib.assign:,.0f}",
            "events per issue, assign (ours / bare)": f"{mine.per_command()} / {lib.per_command()}",
            "ours without hashing (cmd/s)": f"{unhashed.both:,.0f}",
            "bare app with the library's aggregate cache (cmd/s)":
                f"{lib_cached.both:,.0f} (ours / it: {mine.both / lib_cached.both:.2f})",
            "commands": f"{n} issue + {n} assign, in {ROUNDS} rounds taking turns with the bare app",
        }
        results.append(Result(f"commands {backend}: ours vs bare library app", mine.both,
                              "commands/s", "bare eventsourcing app", lib.both,
                              target="≥ 0.80 (cost ≤ 20%)", notes=notes))
        results.append(Result(f"commands {backend}: ours vs raw insert", mine.both, "commands/s",
                              f"raw insert, 1 tx/row ({len(rows)} rows)", floor))
    return results
