"""One small database interface over SQLite and PostgreSQL.

Everything we write beside the library's own tables (the log rows, read models, tracking, idempotency
records, the ledger's subtree hashes) goes through :class:`Database`. SQL is written once with ``?``
placeholders and types from :class:`Dialect`; the PostgreSQL backend rewrites the placeholders.
Driver errors are translated into the library's persistence errors, so callers handle one family.

Two kinds of transaction:

- :meth:`Database.write` serialises writers (``BEGIN IMMEDIATE`` on SQLite, so that a reader that
  becomes a writer never meets ``SQLITE_BUSY`` half-way; a normal transaction on PostgreSQL, where the
  caller takes the table lock it needs);
- :meth:`Database.read` gives a consistent snapshot for queries.
"""

from __future__ import annotations

import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol
from uuid import UUID

import psycopg
from eventsourcing import persistence as es
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier

from infra.store.channels import channel
from infra.store.faults import as_fault

Row = Sequence[Any]


class Cursor(Protocol):
    """The part of a DB-API cursor that our code uses."""

    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Any: ...

    def executemany(self, sql: str, params: Sequence[Sequence[Any]], /) -> Any: ...

    def fetchone(self) -> Row | None: ...

    def fetchmany(self, size: int = ..., /) -> list[Row]: ...

    def fetchall(self) -> list[Row]: ...

    @property
    def rowcount(self) -> int: ...

    @property
    def description(self) -> Any: ...


@dataclass(frozen=True)
class Dialect:
    """The differences between the two SQL dialects that our DDL and queries need."""

    name: str
    blob: str
    bigint: str
    uuid: str
    integer_primary_key: str

    def uuid_param(self, value: UUID) -> str | UUID:
        """How the library's events table stores a record id in this dialect."""
        return value.hex if self.name == "sqlite" else value

    def uuid_value(self, value: Any) -> UUID:
        return value if isinstance(value, UUID) else UUID(str(value))


SQLITE = Dialect("sqlite", blob="BLOB", bigint="INTEGER", uuid="TEXT",
                 integer_primary_key="INTEGER PRIMARY KEY")
POSTGRES = Dialect("postgresql", blob="BYTEA", bigint="BIGINT", uuid="UUID",
                   integer_primary_key="BIGINT PRIMARY KEY")


class Database(ABC):
    """A pool of connections to one store."""

    dialect: Dialect

    @abstractmethod
    def write(self) -> Any:
        """Context manager: a serialised write transaction yielding a :class:`Cursor`."""

    @abstractmethod
    def read(self) -> Any:
        """Context manager: a read-only snapshot yielding a :class:`Cursor`."""

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """One read statement outside any explicit transaction (one round trip): for look-ups
        that need no snapshot across statements (a token, the log's head)."""

    @abstractmethod
    def lock_log(self, cursor: Cursor) -> None:
        """Inside :meth:`write`: take the lock that orders appends to the office log."""

    @abstractmethod
    def try_advisory_lock(self, cursor: Cursor, name: str) -> bool:
        """Inside :meth:`write`: take a named lock held until the transaction ends, or say no.
        The lock is the office's own: another schema on the same server has another."""

    def notify(self, cursor: Cursor, kind: str, payload: str) -> None:  # noqa: B027 - a no-op
        """Inside a transaction: tell the office's listeners (``infra.store.channels``) when it
        commits. Nothing on SQLite: one process does the work there, woken in memory."""

    @abstractmethod
    def close(self) -> None: ...

    def table_exists(self, name: str) -> bool:
        with self.read() as cur:
            if self.dialect is SQLITE:
                cur.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,))
            else:
                cur.execute("SELECT to_regclass(?) IS NOT NULL", (name,))
                row = cur.fetchone()
                return bool(row and row[0])
            return cur.fetchone() is not None


def _translate(exc: Exception, sqlite_dir: Path | None = None) -> Exception:
    """Map a driver error to the library's error family (style: translate at the boundary); a
    store that is unreachable, read-only or full becomes a :class:`StoreFault` (an
    ``OperationalError`` of the library's family)."""
    fault = as_fault(exc, sqlite_dir=sqlite_dir)
    if fault is not None:
        return fault
    pairs: list[tuple[tuple[type[Exception], ...], type[es.PersistenceError]]] = [
        ((sqlite3.IntegrityError, psycopg.IntegrityError), es.IntegrityError),
        ((sqlite3.OperationalError, psycopg.OperationalError), es.OperationalError),
        ((sqlite3.DataError, psycopg.DataError), es.DataError),
        ((sqlite3.ProgrammingError, psycopg.ProgrammingError), es.ProgrammingError),
        ((sqlite3.InterfaceError, psycopg.InterfaceError), es.InterfaceError),
        ((sqlite3.Error, psycopg.Error), es.DatabaseError),
    ]
    for drivers, ours in pairs:
        if isinstance(exc, drivers):
            return ours(str(exc))
    return exc


class SQLiteDatabase(Database):
    """SQLite through the library's datastore and its connection pool (WAL mode)."""

    dialect = SQLITE

    def __init__(self, datastore: Any) -> None:
        self.datastore = datastore
        name = str(getattr(datastore.pool, "db_name", ""))
        self.folder = None if not name or ":memory:" in name or name.startswith("file:") else \
            Path(name).parent
        """The SQLite file's directory: a fault there is told apart by its filesystem."""

    @contextmanager
    def _transaction(self, *, writer: bool) -> Iterator[Cursor]:
        conn = self.datastore.pool.get_connection(is_writer=writer)
        raw: sqlite3.Connection = conn._sqlite_conn
        cur = raw.cursor()
        cur.row_factory = None  # plain tuples, as on PostgreSQL (the pool sets sqlite3.Row)
        try:
            cur.execute("BEGIN IMMEDIATE" if writer else "BEGIN")
            try:
                yield cur
            except BaseException:
                raw.rollback()
                raise
            if writer:
                raw.commit()
            else:
                raw.rollback()
        except (sqlite3.Error, es.PersistenceError) as exc:
            if isinstance(exc, sqlite3.Error):
                raise _translate(exc, self.folder) from exc
            fault = as_fault(exc, sqlite_dir=self.folder)  # the library's, or ours: refined
            if fault is None or fault is exc:
                raise
            raise fault from exc
        finally:
            cur.close()
            self.datastore.pool.put_connection(conn)

    def write(self) -> Any:
        return self._transaction(writer=True)

    def read(self) -> Any:
        return self._transaction(writer=False)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        conn = self.datastore.pool.get_connection(is_writer=False)
        raw: sqlite3.Connection = conn._sqlite_conn
        cur = raw.cursor()
        cur.row_factory = None
        try:
            cur.execute(sql, params)
            return cur.fetchall()
        except sqlite3.Error as exc:
            raise _translate(exc, self.folder) from exc
        finally:
            cur.close()
            self.datastore.pool.put_connection(conn)

    def lock_log(self, cursor: Cursor) -> None:
        """``BEGIN IMMEDIATE`` already holds the database's single write lock."""

    def try_advisory_lock(self, cursor: Cursor, name: str) -> bool:
        """SQLite has one writer at a time: a write transaction already excludes other signers."""
        return True

    def close(self) -> None:
        self.datastore.close()


@lru_cache(maxsize=4096)
def _pg_sql(sql: str) -> str:
    """Rewrite ``?`` placeholders for psycopg (our SQL never holds a literal ``?`` or ``%``)."""
    return re.sub(r"\?", "%s", sql)


class _PgCursor:
    """A psycopg cursor that accepts our ``?`` SQL."""

    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = (), /) -> Any:
        return self._cursor.execute(_pg_sql(sql), params, prepare=True)

    def executemany(self, sql: str, params: Sequence[Sequence[Any]], /) -> Any:
        return self._cursor.executemany(_pg_sql(sql), params)

    def fetchone(self) -> Row | None:
        return self._cursor.fetchone()

    def fetchmany(self, size: int = 0, /) -> list[Row]:
        return self._cursor.fetchmany(size)

    def fetchall(self) -> list[Row]:
        return self._cursor.fetchall()

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def description(self) -> Any:
        return self._cursor.description


class PostgresDatabase(Database):
    """PostgreSQL through the library's datastore (a psycopg 3 pool)."""

    dialect = POSTGRES

    def __init__(self, datastore: Any) -> None:
        self.datastore = datastore
        self.schema = str(getattr(datastore, "schema", "") or "public")
        """The office's schema: its locks and notification channels are its own."""

    @contextmanager
    def _transaction(self, *, writer: bool) -> Iterator[Cursor]:
        try:
            with (
                self.datastore.get_connection() as conn,
                conn.transaction(force_rollback=not writer),
            ):
                raw = conn.cursor(row_factory=tuple_row)
                if not writer:
                    raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                yield _PgCursor(raw)
        except psycopg.Error as exc:
            raise _translate(exc) from exc

    def write(self) -> Any:
        return self._transaction(writer=True)

    def read(self) -> Any:
        return self._transaction(writer=False)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            with self.datastore.get_connection() as conn:  # autocommit: one statement, one trip
                cur = conn.cursor(row_factory=tuple_row)
                cur.execute(_pg_sql(sql), params, prepare=True)
                rows: list[Row] = cur.fetchall()
                return rows
        except psycopg.Error as exc:
            raise _translate(exc) from exc

    def lock_log(self, cursor: Cursor) -> None:
        cursor.execute("LOCK TABLE office_log IN EXCLUSIVE MODE")

    def try_advisory_lock(self, cursor: Cursor, name: str) -> bool:
        cursor.execute("SELECT pg_try_advisory_xact_lock(hashtext(?), hashtext(?))",
                       (self.schema, name))
        row = cursor.fetchone()
        return bool(row and row[0])

    def notify(self, cursor: Cursor, kind: str, payload: str) -> None:
        cursor.execute("SELECT pg_notify(?, ?)", (channel(self.schema, kind), payload))

    def close(self) -> None:
        self.datastore.close()


def quote_ident(name: str) -> SQL | Identifier:
    """A quoted identifier for PostgreSQL DDL built from our own names."""
    return Identifier(name)
