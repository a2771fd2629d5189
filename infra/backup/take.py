"""`socai backup --out DIR`: the database at one instant, its attachments, the public key, a manifest.

What a backup holds (docs/operations.md, "Backup"):

- ``socai.sqlite`` (SQLite, the online backup API) or ``socai.pgdump`` (PostgreSQL, ``pg_dump``
  custom format of the office's schema), taken while the server writes;
- ``blobs/ab/cd/<sha256>``: every attachment the log refers to at the backup's position;
- ``keys/ledger-ed25519.pub``: the office's **public** key. Never the private signing key, never
  the petition keys: they are kept apart (``socai keys backup``);
- ``manifest.json`` (`infra.backup.manifest`): the log's position, head leaf hash and root hash at
  the backup, the time, the store kind, counts, and the SHA-256 of every other file.

Every file is written 0600 in a 0700 directory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from domain.ledger.model import CHECKPOINTS_ID
from infra.backup import postgres, sqlite
from infra.backup.blobs import copy_blobs
from infra.backup.files import copy_private, empty_or_missing, private_dir, sha256_file
from infra.backup.manifest import (
    BLOB_DIR,
    MANIFEST,
    PG_DUMP_FILE,
    PUBLIC_KEY_DIR,
    SQLITE_FILE,
    FileEntry,
    LogState,
    Manifest,
)
from infra.db import Cursor, Database
from infra.ledger.encoding import b64encode
from infra.ledger.heads import LogHead, read_head
from infra.ledger.keys import PUBLIC_KEY_FILE
from infra.settings import Settings

ReferencedBlobs = Callable[[int], Iterable[str]]
"""The SHA-256 of every attachment the log refers to at a position."""


class BackupRefused(Exception):
    """The backup cannot be taken as asked (the output directory is not empty, …)."""


@dataclass
class TakenBackup:
    manifest: Manifest
    directory: Path
    warnings: list[str] = field(default_factory=list)  # attachments not copied, no public key


def _checkpoints(cur: Cursor, sqlite_store: bool, upto: int) -> int:
    record = CHECKPOINTS_ID.hex if sqlite_store else CHECKPOINTS_ID
    cur.execute("SELECT COUNT(*) FROM office_log WHERE originator_id = ? AND position <= ?",
                (record, upto))
    row = cur.fetchone()
    return int(row[0]) if row else 0


def _snapshot_sqlite(settings: Settings, out: Path) -> tuple[LogHead, int]:
    copy = out / SQLITE_FILE
    sqlite.snapshot(settings.sqlite_path, copy)
    conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        cur = conn.cursor()
        head = read_head(cur)
        return head, _checkpoints(cur, True, head.size)
    finally:
        conn.close()


def _snapshot_postgres(settings: Settings, db: Database, out: Path) -> tuple[LogHead, int]:
    with db.read() as cur:  # REPEATABLE READ: the dump and the head see the same instant
        # The pool closes sessions idle in a transaction after a minute; a dump may take longer
        # (pg_dump imports the snapshot as it starts, but the transaction must end cleanly).
        cur.execute("SET LOCAL idle_in_transaction_session_timeout = 0")
        snapshot = postgres.export_snapshot(cur)
        head = read_head(cur)
        checkpoints = _checkpoints(cur, False, head.size)
        postgres.dump(settings.postgres, snapshot, out / PG_DUMP_FILE)
    return head, checkpoints


def take_backup(settings: Settings, db: Database, out: Path, referenced_blobs: ReferencedBlobs,
                now: datetime) -> TakenBackup:
    """Back the store up into the new or empty directory ``out``; return the manifest written."""
    if not empty_or_missing(out):
        msg = (f"thư mục {out} không trống (the output directory is not empty: "
               "each backup goes into a new directory)")
        raise BackupRefused(msg)
    private_dir(out)
    out.chmod(0o700)
    if settings.is_postgres:
        head, checkpoints = _snapshot_postgres(settings, db, out)
        database = {"file": PG_DUMP_FILE, "format": "pg_dump custom",
                    "schema": settings.postgres.schema_name}
    else:
        head, checkpoints = _snapshot_sqlite(settings, out)
        database = {"file": SQLITE_FILE, "format": "sqlite3"}
    blobs = copy_blobs(settings.blobs_path, out / BLOB_DIR, referenced_blobs(head.size))
    warnings = []
    for sha in blobs.missing:
        warnings.append(f"attachment {sha} is referenced at the backup's position but is not "
                              "in the blob store: run `socai fixity`")
    for sha in blobs.damaged:
        warnings.append(f"attachment {sha} in the blob store does not hold the content its "
                              "name says: it was not copied; run `socai fixity`")
    public_key = settings.keys_path / PUBLIC_KEY_FILE
    if public_key.is_file():
        private_dir(out / PUBLIC_KEY_DIR)
        copy_private(public_key, out / PUBLIC_KEY_DIR / PUBLIC_KEY_FILE)
    else:
        warnings.append(f"no public key at {public_key}: the backup holds none")
    manifest = Manifest(
        store="postgresql" if settings.is_postgres else "sqlite",
        created_at=now.isoformat(), origin=settings.ledger_origin,
        log=LogState(
            position=head.size,
            head_leaf_hash=b64encode(head.leaf_hash) if head.leaf_hash else None,
            root_hash=b64encode(head.root_hash),
            recorded_at=_from_us(head.recorded_us),
        ),
        counts={"events": head.size, "checkpoints": checkpoints, "blobs": len(blobs.copied),
                "blob_bytes": blobs.bytes},
        database=database, files=_hash_files(out),
        missing_blobs=sorted([*blobs.missing, *blobs.damaged]),
    )
    manifest.write(out)
    return TakenBackup(manifest, out, warnings)


def _from_us(recorded_us: int | None) -> str | None:
    if recorded_us is None:
        return None
    return datetime.fromtimestamp(recorded_us / 1_000_000, tz=UTC).isoformat()


def _hash_files(directory: Path) -> dict[str, FileEntry]:
    """The SHA-256 and size of every file under ``directory`` but the manifest, by relative path."""
    entries = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file() and path.name != MANIFEST:
            sha, size = sha256_file(path)
            entries[path.relative_to(directory).as_posix()] = FileEntry(sha, size)
    return entries
