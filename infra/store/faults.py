"""Store faults: the database is unreachable, read-only or full.

These are not bugs and not the caller's fault; the answer is "try again later" (HTTP 503 with
``Retry-After``, a one-line message on the command line). :func:`classify` recognises them in any
error the drivers, their pools or the ``eventsourcing`` library raise (following ``__cause__`` and
``__context__``), so callers never match driver messages themselves. Every write is one
transaction, so a fault leaves nothing half-written.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import ClassVar

import psycopg
from eventsourcing import persistence as es


class StoreFault(es.OperationalError):
    """The store cannot answer now; nothing was written."""

    code: ClassVar[str] = "store-unavailable"
    title: ClassVar[str] = "Kho dữ liệu tạm thời không sẵn sàng"
    gloss: ClassVar[str] = "the store is unavailable"
    retry_after: ClassVar[int] = 5

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.gloss)


class StoreUnavailable(StoreFault):
    """The database cannot be reached (down, refusing connections, no connection in time)."""


class StoreReadOnly(StoreFault):
    """The database (or its filesystem) takes no writes."""

    code = "store-read-only"
    title = "Kho dữ liệu đang ở chế độ chỉ đọc"
    gloss = "the store is read-only"
    retry_after = 30


class StoreFull(StoreFault):
    """The disk or the database is full."""

    code = "store-full"
    title = "Kho dữ liệu đã đầy"
    gloss = "the store is full"
    retry_after = 60


# SQLite primary result codes (https://sqlite.org/rescode.html).
_SQLITE = {
    5: StoreUnavailable,  # SQLITE_BUSY: another writer held the lock past the timeout
    6: StoreUnavailable,  # SQLITE_LOCKED
    8: StoreReadOnly,  # SQLITE_READONLY (and its extended codes)
    10: StoreUnavailable,  # SQLITE_IOERR
    13: StoreFull,  # SQLITE_FULL
    14: StoreUnavailable,  # SQLITE_CANTOPEN
}
_SQLITE_WORDS = (
    ("readonly database", StoreReadOnly),
    ("read-only file system", StoreReadOnly),
    ("database or disk is full", StoreFull),
    ("no space left", StoreFull),
    ("database is locked", StoreUnavailable),
    ("disk i/o error", StoreUnavailable),
    ("unable to open database", StoreUnavailable),
)
# PostgreSQL SQLSTATE classes and codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_PG_CODES = {
    "25006": StoreReadOnly,  # read_only_sql_transaction (a standby, default_transaction_read_only)
    "53100": StoreFull,  # disk_full
    "53300": StoreUnavailable,  # too_many_connections
    "57P01": StoreUnavailable,  # admin_shutdown
    "57P02": StoreUnavailable,  # crash_shutdown
    "57P03": StoreUnavailable,  # cannot_connect_now (starting up, in recovery)
    "58030": StoreUnavailable,  # io_error
}
_PG_CLASSES = {"08": StoreUnavailable}  # connection exceptions
_PG_WORDS = (
    ("read-only transaction", StoreReadOnly),
    ("no space left", StoreFull),
    ("could not extend file", StoreFull),
    ("terminating connection", StoreUnavailable),
    ("server closed the connection", StoreUnavailable),
    ("connection failed", StoreUnavailable),
    ("connection refused", StoreUnavailable),
    ("couldn't get a connection", StoreUnavailable),
    ("consuming input failed", StoreUnavailable),
    ("the connection is closed", StoreUnavailable),
    ("the connection is lost", StoreUnavailable),
)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 20:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _one(exc: BaseException) -> type[StoreFault] | None:
    if isinstance(exc, StoreFault):
        return type(exc)
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int) and (code & 0xFF) in _SQLITE:
            return _SQLITE[code & 0xFF]
        return _by_words(str(exc), _SQLITE_WORDS)
    if isinstance(exc, psycopg.Error):
        state = exc.sqlstate or ""
        if state in _PG_CODES:
            return _PG_CODES[state]
        if state[:2] in _PG_CLASSES:
            return _PG_CLASSES[state[:2]]
        if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError) and not state:
            return StoreUnavailable  # no server answer at all (refused, lost, pool timeout)
        return _by_words(str(exc), _PG_WORDS)
    if isinstance(exc, es.OperationalError | es.InterfaceError | es.InternalError):
        # the library's translation; its cause may be missing when it re-raised a message
        return _by_words(str(exc), (*_SQLITE_WORDS, *_PG_WORDS))
    if isinstance(exc, OSError) and exc.errno is not None:
        if exc.errno == errno.ENOSPC:
            return StoreFull
        if exc.errno == errno.EROFS:
            return StoreReadOnly
    return None


def _by_words(message: str, table: tuple[tuple[str, type[StoreFault]], ...]
              ) -> type[StoreFault] | None:
    text = message.lower()
    for words, fault in table:
        if words in text:
            return fault
    return None


def classify(exc: BaseException) -> type[StoreFault] | None:
    """The store fault behind ``exc`` (or anything it was raised from), or ``None``."""
    for link in _chain(exc):
        found = _one(link)
        if found is not None:
            return found
    return None


def as_fault(exc: BaseException, *, sqlite_dir: Path | None = None) -> StoreFault | None:
    """``exc`` as a :class:`StoreFault` (the same object if it is one), or ``None``.

    With ``sqlite_dir`` (the SQLite file's directory), an unreachable store is told apart further
    by its filesystem: SQLite reports a read-only or full filesystem as "unable to open" or "disk
    I/O error" when the write-ahead log cannot be opened or grown."""
    if isinstance(exc, StoreFault) and sqlite_dir is None:
        return exc
    kind = type(exc) if isinstance(exc, StoreFault) else classify(exc)
    if kind is StoreUnavailable and sqlite_dir is not None:
        kind = filesystem_fault(sqlite_dir) or kind
    if kind is None:
        return None
    return exc if type(exc) is kind and isinstance(exc, StoreFault) else kind(kind.gloss)


FULL_BELOW_BYTES = 1024 * 1024
"""A filesystem with less free space than this is full (SQLite could not grow its files)."""


def filesystem_fault(folder: Path) -> type[StoreFault] | None:
    """Read-only or full, if the filesystem holding ``folder`` is; else ``None``."""
    try:
        stats = os.statvfs(folder)
    except OSError:
        return None
    if stats.f_flag & os.ST_RDONLY:
        return StoreReadOnly
    if stats.f_bavail * stats.f_frsize < FULL_BELOW_BYTES:
        return StoreFull
    return None
