"""Open the office store on SQLite or PostgreSQL from the settings, and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg.sql import SQL, Identifier

from infra.db import Database, PostgresDatabase, SQLiteDatabase
from infra.settings import PostgresTarget, Settings
from infra.store.log import Clock, OfficeLog, wall_clock_us
from infra.store.recorders import (
    OfficePostgresRecorder,
    OfficeSQLiteRecorder,
)


class _SchemaDatastore(PostgresDatastore):
    """The library's datastore, with our unqualified tables resolved in the configured schema."""

    def after_connect_func(self) -> Callable[[psycopg.Connection[Any]], None]:
        library_setup = super().after_connect_func()
        search_path = SQL("SET search_path TO {0}").format(Identifier(self.schema))

        def after_connect(conn: psycopg.Connection[Any]) -> None:
            library_setup(conn)
            conn.execute(search_path)

        return after_connect


@dataclass
class Store:
    """The database, the library recorder that writes the office log, and the log writer."""

    db: Database
    recorder: OfficeSQLiteRecorder | OfficePostgresRecorder
    log: OfficeLog

    def close(self) -> None:
        self.db.close()


def ensure_postgres_schema(target: PostgresTarget) -> None:
    with psycopg.connect(
        host=target.host, port=target.port, user=target.user, password=target.password,
        dbname=target.dbname, autocommit=True,
    ) as conn:
        conn.execute(SQL("CREATE SCHEMA IF NOT EXISTS {0}").format(Identifier(target.schema_name)))


def open_store(settings: Settings, *, clock: Clock = wall_clock_us, hashing: bool = True) -> Store:
    """Connect, create missing tables, and return the store. Called once at start-up."""
    db: Database
    if settings.is_postgres:
        target = settings.postgres
        ensure_postgres_schema(target)
        pg = _SchemaDatastore(
            dbname=target.dbname, host=target.host, port=target.port, user=target.user,
            password=target.password, schema=target.schema_name,
            pool_size=settings.pg_pool_size, max_overflow=settings.pg_pool_size,
            max_waiting=0, lock_timeout=30, idle_in_transaction_session_timeout=60,
            connect_timeout=settings.pg_connect_timeout,  # then 503 (infra.store.faults)
        )
        db = PostgresDatabase(pg)
        log = OfficeLog(db, clock=clock, hashing=hashing)
        pg_recorder = OfficePostgresRecorder(pg, db, log)
        pg_recorder.create_table()
        return Store(db, pg_recorder, log)
    path = settings.sqlite_path
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    sq = SQLiteDatastore(str(path), lock_timeout=30, pool_size=8, max_overflow=8)
    db = SQLiteDatabase(sq)
    log = OfficeLog(db, clock=clock, hashing=hashing)
    sq_recorder = OfficeSQLiteRecorder(sq, db, log)
    sq_recorder.create_table()
    return Store(db, sq_recorder, log)
