"""Replay: the live log replayed into a temporary read model gives the live read models (at the
head) and their temporal view (at any position), table by table and export by export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from api.bootstrap import Office, all_projections
from api.demo.loader import load_demo
from domain.actors import Secrecy
from infra.db import Database
from projections.replay import View, replay, scratch_database, write_sheets
from projections.tables import Table, as_of

DAY = date(2026, 3, 2)


@pytest.fixture
def demo(bare_office: Office) -> Office:
    """The demo office (every context), its read models caught up."""
    load_demo(bare_office, DAY)
    bare_office.projections.catch_up()
    return bare_office


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Database]:
    db = scratch_database(tmp_path / "replay.sqlite")
    yield db
    db.close()


def tables() -> list[Table]:
    return [t for p in all_projections() for t in p.tables]


def rows(db: Database, table: Table, *, at: int | None = None, view: bool = False
         ) -> list[tuple[Any, ...]]:
    """The table's rows, sorted the same way whatever the store; with ``view``, only its view as
    of ``at`` (None: live) without ``valid_to``."""
    columns = [c for c in table.all_columns if not (view and c == "valid_to")]
    sql = f"SELECT {', '.join(columns)} FROM {table.name}"
    params: list[int] = []
    if view and table.temporal:
        clause, params = as_of(at)
        sql += f" WHERE {clause}"
    elif view and at is not None:
        sql += " WHERE position <= ?"
        params = [at]
    with db.read() as cur:
        cur.execute(sql, params)
        found = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r)
                 for r in cur.fetchall()]
    return sorted(found, key=repr)


def view(office: Office, at: int) -> View:
    return View(DAY, office.legal_calendar.working_calendar(at_position=at),
                tuple(s.value for s in Secrecy))


class TestReplayToTheHead:
    def test_every_table_equals_the_live_one(self, demo: Office, scratch: Database) -> None:
        """Row for row, validity spans included, in every read-model table."""
        head = demo.projections.head()
        assert replay(demo.store.db, demo.mapper, all_projections(), scratch, position=head) == head
        for table in tables():
            assert rows(scratch, table) == rows(demo.store.db, table), table.name


class TestReplayToAPosition:
    def test_every_table_equals_the_live_temporal_view(self, demo: Office,
                                                       scratch: Database) -> None:
        """Replayed to N, each table holds exactly the live rows current at N (append-only
        tables: the rows up to N)."""
        n = demo.projections.head() // 2
        assert replay(demo.store.db, demo.mapper, all_projections(), scratch, position=n) == n
        for table in tables():
            if not table.temporal and "position" not in table.column_names:
                continue
            assert rows(scratch, table, view=True) == rows(demo.store.db, table, at=n,
                                                            view=True), table.name

    def test_the_exported_registers_equal_the_live_ones_at_that_position(
        self, demo: Office, scratch: Database, tmp_path: Path
    ) -> None:
        """Every register and statistic written from the replay is byte for byte the one written
        from the live read models with at_position=N (CSV)."""
        n = demo.projections.head() * 2 // 3
        replay(demo.store.db, demo.mapper, all_projections(), scratch, position=n)
        replayed = write_sheets(scratch, tmp_path / "replayed", view(demo, n), formats=("csv",))
        live = write_sheets(demo.store.db, tmp_path / "live", view(demo, n), at_position=n,
                            formats=("csv",))
        assert [count for _, count, _ in replayed] == [count for _, count, _ in live]
        assert sum(count for _, count, _ in live) > 20
        for (_, _, (mine,)), (_, _, (theirs,)) in zip(replayed, live, strict=True):
            assert mine.read_bytes() == theirs.read_bytes(), mine.name
