"""SQLite: a consistent copy of a live database file, and its integrity check.

`snapshot` uses SQLite's online backup API (``sqlite3.Connection.backup``) in one step: it copies
every page under one read transaction, so the copy is the database as it stood at one commit while
other connections (the server) go on writing to the WAL. The copy is switched out of WAL mode, so it
is one self-contained file.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from infra.backup.files import FILE_MODE, sync_dir


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(str(path), timeout=30, isolation_level=None)


def snapshot(source: Path, target: Path) -> None:
    """Copy the live database ``source`` to the new file ``target`` (0600), consistently."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)
    src = _connect(source)
    try:
        dst = _connect(target)
        try:
            src.backup(dst)  # pages=-1: every page in one step, under one read transaction
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    with open(target, "rb+") as f:
        os.fsync(f.fileno())
    sync_dir(target.parent)


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` finds wrong with the file (empty: nothing). The file is
    opened read-only and immutable, so checking a backup never changes it."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        return [f"cannot open: {exc}"]
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.Error as exc:
        return [f"not an SQLite database: {exc}"]
    finally:
        conn.close()
    found = [str(r[0]) for r in rows]
    return [] if found == ["ok"] else found


def event_count(path: Path) -> int:
    """How many events an SQLite store holds (0 if the file or its tables do not exist)."""
    if not path.exists():
        return 0
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        with contextlib.suppress(sqlite3.OperationalError):  # no such table: no events
            row = conn.execute("SELECT COUNT(*) FROM stored_events").fetchone()
            return int(row[0]) if row else 0
        return 0
    finally:
        conn.close()


def install(copy: Path, target: Path) -> None:
    """Put the restored file ``copy`` in place of ``target`` (which holds no events), removing the
    old file's WAL and shared-memory files first."""
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    copy.replace(target)
    target.chmod(FILE_MODE)
    sync_dir(target.parent)
