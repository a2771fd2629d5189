"""PostgreSQL: ``pg_dump`` of the office's schema at one snapshot, and ``pg_restore`` of it.

`dump` runs inside a read transaction of ours (REPEATABLE READ): it exports that transaction's
snapshot and hands it to ``pg_dump --snapshot``, so the dump and the log head we read in the same
transaction describe the same instant while the server goes on writing. `restore` loads a dump into
a schema that holds no table yet, in one transaction (``--single-transaction``); a dump taken from
another schema name is loaded under its own name and renamed.

Passwords go to the programs through ``PGPASSWORD``, never on a command line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import psycopg
from psycopg.sql import SQL, Identifier

from infra.backup.files import FILE_MODE
from infra.db import Cursor
from infra.settings import PostgresTarget

Connection = psycopg.Connection[Any]
_SEARCH: Final = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/opt/homebrew/bin")


class PgToolMissing(Exception):
    """``pg_dump`` or ``pg_restore`` is not installed where we can find it."""


class PgToolFailed(Exception):
    """``pg_dump`` or ``pg_restore`` failed; the message holds its standard error."""


def program(name: str) -> str:
    """The path of a PostgreSQL client program: on PATH, else in the usual install folders
    (the newest version first)."""
    found = shutil.which(name)
    if found:
        return found
    for pattern in _SEARCH:
        base, _, rest = pattern.partition("*")
        parent = Path(base)
        candidates = sorted(parent.glob(f"*{rest}"), reverse=True) if rest else [Path(pattern)]
        for folder in candidates:
            if (folder / name).exists():
                return str(folder / name)
    msg = f"{name} không được cài đặt (is not installed; install the PostgreSQL client programs)"
    raise PgToolMissing(msg)


def _run(args: list[str], target: PostgresTarget | None) -> str:
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if target is not None:
        env["PGPASSWORD"] = target.password
    done = subprocess.run(args, env=env, capture_output=True, text=True, errors="replace",  # noqa: S603
                          check=False)  # our own argument list, no shell
    if done.returncode != 0:
        name = Path(args[0]).name
        raise PgToolFailed(f"{name} exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    return done.stdout


def _db_args(target: PostgresTarget, dbname: str | None = None) -> list[str]:
    return ["--host", target.host, "--port", str(target.port), "--username", target.user,
            "--dbname", dbname or target.dbname]


def export_snapshot(cur: Cursor) -> str:
    """Inside a REPEATABLE READ transaction: its snapshot, for ``pg_dump --snapshot``."""
    cur.execute("SELECT pg_export_snapshot()")
    row = cur.fetchone()
    if row is None:  # pragma: no cover - the function always answers
        msg = "pg_export_snapshot() gave nothing"
        raise PgToolFailed(msg)
    return str(row[0])


def dump(target: PostgresTarget, snapshot: str, out_file: Path) -> None:
    """``pg_dump`` the target's schema, as it was in ``snapshot``, to the new file ``out_file``
    (custom format, mode 0600). The transaction that exported the snapshot must stay open."""
    fd = os.open(out_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)
    _run([program("pg_dump"), *_db_args(target), "--format=custom", "--no-password",
          f"--schema={target.schema_name}", f"--snapshot={snapshot}", f"--file={out_file}"],
         target)


def table_of_contents(dump_file: Path) -> list[str]:
    """The dump's table of contents (``pg_restore --list``): reading it checks the archive."""
    out = _run([program("pg_restore"), "--list", str(dump_file)], None)
    return [line for line in out.splitlines() if line and not line.startswith(";")]


@dataclass(frozen=True)
class SchemaState:
    """What a target schema holds: whether it exists, how many relations, how many events."""

    exists: bool
    relations: int
    events: int


@contextlib.contextmanager
def _connect(target: PostgresTarget, dbname: str | None = None) -> Iterator[Connection]:
    """An autocommit session; driver errors become `PgToolFailed` (the server's message)."""
    try:
        with psycopg.connect(host=target.host, port=target.port, user=target.user,
                             password=target.password, dbname=dbname or target.dbname,
                             autocommit=True, connect_timeout=10) as conn:
            yield conn
    except psycopg.Error as exc:
        raise PgToolFailed(f"PostgreSQL: {exc}") from None


def schema_state(target: PostgresTarget) -> SchemaState:
    with _connect(target) as conn:
        row = conn.execute(
            "SELECT count(c.oid) FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid "
            "WHERE n.nspname = %s GROUP BY n.oid", (target.schema_name,)).fetchone()
        if row is None:
            return SchemaState(exists=False, relations=0, events=0)
        relations = int(str(row[0]))
        events = 0
        found = conn.execute("SELECT to_regclass(%s)",
                             (f'"{target.schema_name}".stored_events',)).fetchone()
        if found is not None and found[0] is not None:
            counted = conn.execute(SQL("SELECT count(*) FROM {0}.stored_events").format(
                Identifier(target.schema_name))).fetchone()
            events = int(str(counted[0])) if counted else 0
        return SchemaState(exists=True, relations=relations, events=events)


def _schema_exists(conn: Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (name,)).fetchone() \
        is not None


def restore(target: PostgresTarget, dump_file: Path, dumped_schema: str,
            dbname: str | None = None) -> None:
    """Load ``dump_file`` (of the schema ``dumped_schema``) into the target's schema, which must
    hold no relation. All or nothing: one transaction (then a rename if the names differ)."""
    name = target.schema_name
    with _connect(target, dbname) as conn:
        target_exists = _schema_exists(conn, name)
        if name != dumped_schema and _schema_exists(conn, dumped_schema):
            msg = (f"the database already has a schema {dumped_schema!r}, the one the dump was "
                   f"taken from; restore into another database, or into schema {dumped_schema!r}")
            raise PgToolFailed(msg)
        if name != dumped_schema and target_exists:
            conn.execute(SQL("DROP SCHEMA {0}").format(Identifier(name)))  # empty: no CASCADE
            target_exists = False
    args = [program("pg_restore"), *_db_args(target, dbname), "--no-owner", "--no-acl",
            "--single-transaction", "--exit-on-error", "--no-password"]
    with tempfile.TemporaryDirectory(prefix="socai-restore-") as scratch:
        if target_exists:  # same name, schema already there (e.g. public): skip its CREATE SCHEMA
            listing = Path(scratch) / "toc.list"  # the backup directory is never written to
            toc = [line for line in table_of_contents(dump_file)
                   if not _creates_schema(line, dumped_schema)]
            listing.write_text("\n".join(toc) + "\n", encoding="utf-8")
            args.append(f"--use-list={listing}")
        _run([*args, str(dump_file)], target)
    if name != dumped_schema:
        with _connect(target, dbname) as conn:
            conn.execute(SQL("ALTER SCHEMA {0} RENAME TO {1}").format(
                Identifier(dumped_schema), Identifier(name)))


def _creates_schema(toc_line: str, schema: str) -> bool:
    """A TOC line that creates the schema itself, or comments on it:
    ``4; 2615 2200 SCHEMA - public owner`` or ``9; 0 0 COMMENT - SCHEMA public owner``."""
    parts = toc_line.split()
    return parts[3:6] == ["SCHEMA", "-", schema] or parts[3:7] == ["COMMENT", "-", "SCHEMA", schema]


def drop_schema(target: PostgresTarget) -> None:
    """Drop the target's schema and everything in it (only for one this restore just filled)."""
    with _connect(target) as conn:
        conn.execute(SQL("DROP SCHEMA IF EXISTS {0} CASCADE").format(Identifier(target.schema_name)))


def create_database(target: PostgresTarget, dbname: str) -> None:
    with _connect(target) as conn:
        conn.execute(SQL("CREATE DATABASE {0}").format(Identifier(dbname)))


def drop_database(target: PostgresTarget, dbname: str) -> None:
    with _connect(target) as conn:
        conn.execute(SQL("DROP DATABASE IF EXISTS {0} WITH (FORCE)").format(Identifier(dbname)))
