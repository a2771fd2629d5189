"""Store faults are named from the real errors of SQLite, PostgreSQL and the library; LIKE
patterns from ``projections.query`` match wildcards literally in a real SQLite."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import psycopg
import pytest
from eventsourcing import persistence as es

from infra.store.faults import StoreFull, StoreReadOnly, StoreUnavailable, as_fault, classify
from projections.query import like_contains


class TestLike:
    def test_a_literal_percent_matches_only_itself_in_sqlite(self) -> None:
        """The pattern with ESCAPE '\\' finds "50%" and not "500"."""
        db = sqlite3.connect(":memory:")
        db.execute("CREATE TABLE t (x TEXT)")
        db.executemany("INSERT INTO t VALUES (?)", [("50%",), ("500",), ("a_b",), ("axb",)])
        found = [r[0] for r in db.execute("SELECT x FROM t WHERE x LIKE ? ESCAPE '\\'",
                                          (like_contains("%"),))]
        assert found == ["50%"]
        found = [r[0] for r in db.execute("SELECT x FROM t WHERE x LIKE ? ESCAPE '\\'",
                                          (like_contains("_"),))]
        assert found == ["a_b"]


def sqlite_error(tmp_path: Path, setup: list[str], statement: str, *, uri: str | None = None
                 ) -> sqlite3.Error:
    """The real error SQLite raises for ``statement`` after ``setup``."""
    path = tmp_path / "t.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE IF NOT EXISTS t (x BLOB)")
    db.close()
    conn = sqlite3.connect(uri or path, uri=uri is not None, isolation_level=None)
    for s in setup:
        conn.execute(s)
    try:
        conn.execute(statement)
    except sqlite3.Error as exc:
        return exc
    finally:
        conn.close()
    pytest.fail(f"{statement} did not fail")


class TestNamingFaults:
    def test_sqlite_full(self, tmp_path: Path) -> None:
        exc = sqlite_error(tmp_path, ["PRAGMA max_page_count = 2"],
                           "INSERT INTO t VALUES (zeroblob(100000))")
        assert classify(exc) is StoreFull

    def test_sqlite_read_only(self, tmp_path: Path) -> None:
        exc = sqlite_error(tmp_path, [], "INSERT INTO t VALUES (1)",
                           uri=f"file:{tmp_path / 't.sqlite'}?mode=ro")
        assert classify(exc) is StoreReadOnly

    def test_through_the_librarys_translation(self, tmp_path: Path) -> None:
        """The library re-raises driver errors as its own, with the driver's as the cause."""
        cause = sqlite_error(tmp_path, ["PRAGMA query_only = 1"], "INSERT INTO t VALUES (1)")
        wrapped = es.OperationalError(str(cause))
        wrapped.__cause__ = cause
        assert classify(wrapped) is StoreReadOnly

    def test_postgres_refusing_connections(self) -> None:
        with pytest.raises(psycopg.OperationalError) as caught:
            psycopg.connect("postgresql://postgres@127.0.0.1:1/postgres", connect_timeout=2)
        assert classify(caught.value) is StoreUnavailable

    def test_a_disk_full_oserror(self) -> None:
        assert classify(OSError(errno.ENOSPC, "No space left on device")) is StoreFull

    def test_other_errors_are_not_faults(self, tmp_path: Path) -> None:
        """A syntax error or a broken constraint is a bug or a conflict, not a fault."""
        assert classify(sqlite_error(tmp_path, [], "SELEC 1")) is None
        assert classify(ValueError("x")) is None

    def test_an_unreachable_sqlite_store_is_named_by_its_filesystem(self, tmp_path: Path
                                                                    ) -> None:
        """"unable to open" on a writable filesystem with room stays "unavailable"."""
        fault = as_fault(sqlite3.OperationalError("unable to open database file"),
                         sqlite_dir=tmp_path)
        assert type(fault) is StoreUnavailable
