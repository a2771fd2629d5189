"""Can the store take a write now? The checks behind ``/readyz``.

- SQLite: the database file and its directory are writable (a read-only filesystem says no even to
  root), and the directory's filesystem has more than ``SOCAI_READY_MIN_FREE_BYTES`` free;
- PostgreSQL: the server answers, is not in recovery (a standby) and does not default to read-only
  transactions.

Each check is a :class:`Check` with a short, non-personal detail. A check never takes the write
lock (a long write would make readiness wait) and never writes.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

from eventsourcing import persistence as es

from infra.db import Database
from infra.settings import Settings
from infra.store.faults import as_fault


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def store_checks(settings: Settings, db: Database) -> list[Check]:
    """The store's checks for the configured backend (see the module docstring)."""
    if settings.is_postgres:
        return [_postgres(db)]
    return _sqlite(settings)


def _sqlite(settings: Settings) -> list[Check]:
    path = settings.sqlite_path
    folder = path.parent
    writable = path.exists() and os.access(path, os.W_OK) and os.access(folder, os.W_OK)
    checks = [Check("store_writable", writable,
                    "the SQLite file and its directory are writable" if writable
                    else "the SQLite file or its directory takes no writes")]
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = 0
    enough = free >= settings.ready_min_free_bytes
    checks.append(Check("free_space", enough,
                        f"{free} bytes free, {settings.ready_min_free_bytes} wanted"))
    return checks


def _postgres(db: Database) -> Check:
    try:
        rows = db.query("SELECT pg_is_in_recovery(), "
                        "current_setting('default_transaction_read_only')")
    except es.PersistenceError as exc:
        fault = as_fault(exc)
        return Check("store_writable", False, fault.gloss if fault else "the server did not answer")
    recovery, read_only = rows[0]
    if recovery:
        return Check("store_writable", False, "the server is in recovery (a standby)")
    if str(read_only).lower() == "on":
        return Check("store_writable", False, "the server defaults to read-only transactions")
    return Check("store_writable", True, "the server answers and takes writes")
