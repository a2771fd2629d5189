"""Fresh stores for one benchmark: an office (ours) or a library environment (bare), on either backend.

SQLite files go under ``options.workdir``; on PostgreSQL each store is a schema of its own in
``options.postgres_url``, dropped at the end.
"""

from __future__ import annotations

import contextlib
import shutil
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import psycopg
from psycopg.sql import SQL, Identifier

from api.bootstrap import Office, open_office
from bench.harness import Options
from infra.settings import Settings
from tests.support.office import seed_reference

BACKENDS = ("sqlite", "postgres")


@contextlib.contextmanager
def _place(backend: str, options: Options, label: str) -> Iterator[tuple[str, str]]:
    """(sqlite path or PostgreSQL URL, schema name): created empty, removed afterwards."""
    name = f"bench_{label}_{uuid.uuid4().hex[:8]}"
    if backend == "sqlite":
        folder = options.workdir.resolve() / name
        folder.mkdir(parents=True)
        try:
            yield str(folder / "store.sqlite"), ""
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    url = options.postgres_url
    if url is None:
        msg = "the PostgreSQL benchmarks need options.postgres_url"
        raise RuntimeError(msg)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SQL("CREATE SCHEMA {0}").format(Identifier(name)))
    try:
        yield url, name
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(SQL("DROP SCHEMA IF EXISTS {0} CASCADE").format(Identifier(name)))


@contextlib.contextmanager
def office_settings(backend: str, options: Options, label: str) -> Iterator[Settings]:
    """Settings for an empty office store (nothing opened yet)."""
    with _place(backend, options, label) as (where, schema):
        if backend == "sqlite":
            yield Settings(database_url=f"sqlite:///{where}", log_level="WARNING",
                           ledger_origin="bench.socai.local/log")
        else:
            yield Settings(database_url=f"{where}?schema={schema}", log_level="WARNING",
                           ledger_origin="bench.socai.local/log")


@contextlib.contextmanager
def fresh_office(backend: str, options: Options, label: str) -> Iterator[Office]:
    """An office over an empty store, with the demo's reference data (units, issuers, types)."""
    with office_settings(backend, options, label) as settings:
        office = open_office(settings)
        try:
            seed_reference(office)
            yield office
        finally:
            office.close()


@contextlib.contextmanager
def library_env(backend: str, options: Options, label: str) -> Iterator[dict[str, str]]:
    """The environment of a bare ``eventsourcing`` application (its own recorder and tables)."""
    with _place(backend, options, label) as (where, schema):
        if backend == "sqlite":
            yield {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": where}
            return
        parts = urlsplit(where)
        yield {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": parts.path.lstrip("/"), "POSTGRES_HOST": parts.hostname or "",
            "POSTGRES_PORT": str(parts.port or 5432), "POSTGRES_USER": parts.username or "",
            "POSTGRES_PASSWORD": parts.password or "", "POSTGRES_SCHEMA": schema,
        }


@contextlib.contextmanager
def raw_target(backend: str, options: Options, label: str) -> Iterator[tuple[str, str]]:
    """A place for plain driver inserts: (sqlite path or PostgreSQL URL, schema)."""
    with _place(backend, options, label) as place:
        yield place
