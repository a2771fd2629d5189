"""`socai backup --check DIR`: is this backup whole, and does its log verify up to its position?

In order, stopping at nothing (every problem is listed):

1. the manifest reads, and every file it lists is there with its size and SHA-256 (and no other
   file is); every attachment's content hashes to its name;
2. the database file is sound: SQLite ``PRAGMA integrity_check``; a PostgreSQL dump's table of
   contents reads (``pg_restore --list``);
3. the log verifies up to the manifest's position (`socai verify` on a scratch copy: SQLite in a
   temporary directory, PostgreSQL restored into a temporary database on the configured server,
   dropped afterwards), under the pinned key, and its head (size, leaf hash, root) is the manifest's.

The backup itself is never changed.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from infra.backup import postgres, sqlite
from infra.backup.blobs import is_sha256
from infra.backup.files import sha256_file
from infra.backup.manifest import (
    BLOB_DIR,
    MANIFEST,
    PG_DUMP_FILE,
    PUBLIC_KEY_DIR,
    SQLITE_FILE,
    BackupUnreadable,
    Manifest,
)
from infra.ledger.encoding import b64encode
from infra.ledger.heads import LogGap, read_head
from infra.ledger.keys import PUBLIC_KEY_FILE, read_verifier_key
from infra.ledger.note import KeyFormatError, VerifierKey
from infra.ledger.verify import VerifyUsageError, target_for, verify_store
from infra.settings import Settings
from infra.store.backends import open_store


@dataclass
class BackupCheck:
    """What was checked, what is wrong, and what could not be checked."""

    manifest: Manifest | None = None
    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unchecked


def check_backup(directory: Path, settings: Settings, *, key: VerifierKey | None = None,
                 verify_log: bool = True) -> BackupCheck:
    """Check the backup in ``directory``; ``key`` pins the office key (default: the backup's own
    public key, which proves only that the backup is self-consistent)."""
    result = BackupCheck()
    try:
        manifest = result.manifest = Manifest.read(directory)
    except BackupUnreadable as exc:
        result.problems.append(str(exc))
        return result
    check_files(directory, manifest, result)
    check_database(directory, manifest, result)
    if manifest.missing_blobs:
        result.problems.append(f"{len(manifest.missing_blobs)} attachment(s) referenced by the log "
                               "were not in the blob store when the backup was taken")
    if verify_log and not result.problems:
        pinned = key or backup_key(directory, manifest, result)
        _check_log(directory, manifest, settings, pinned, result)
    return result


def check_files(directory: Path, manifest: Manifest, result: BackupCheck) -> None:
    """Every file the manifest lists is there, whole; no other file is; blobs hash to their names."""
    present = {p.relative_to(directory).as_posix() for p in directory.rglob("*")
               if p.is_file() and p.name != MANIFEST}
    for name in sorted(present - set(manifest.files)):
        result.problems.append(f"{name}: not listed in the manifest")
    bad = 0
    for name, entry in sorted(manifest.files.items()):
        path = directory / name
        if not path.is_file():
            result.problems.append(f"{name}: listed in the manifest but missing")
            bad += 1
            continue
        sha, size = sha256_file(path)
        if (sha, size) != (entry.sha256, entry.size):
            result.problems.append(f"{name}: its SHA-256 or size is not the manifest's (changed)")
            bad += 1
        elif name.startswith(f"{BLOB_DIR}/") and (not is_sha256(path.name) or path.name != sha):
            result.problems.append(f"{name}: the attachment's content does not hash to its name")
            bad += 1
    result.checked.append(f"{len(manifest.files) - bad} of {len(manifest.files)} files match "
                          "their SHA-256 in the manifest")


def check_database(directory: Path, manifest: Manifest, result: BackupCheck) -> None:
    """The database file is sound (SQLite integrity check; the dump's table of contents)."""
    name = manifest.database.get("file", "")
    path = directory / name
    if not path.is_file():
        result.problems.append(f"the database file {name!r} is missing")
        return
    if manifest.store == "sqlite":
        found = sqlite.integrity_problems(path)
        if found:
            result.problems.append(f"{name}: PRAGMA integrity_check: {'; '.join(found[:5])}")
        else:
            result.checked.append(f"{name}: PRAGMA integrity_check ok")
        return
    try:
        toc = postgres.table_of_contents(path)
    except (postgres.PgToolMissing, postgres.PgToolFailed) as exc:
        result.problems.append(f"{name}: the dump cannot be read: {exc}")
        return
    result.checked.append(f"{name}: pg_restore --list reads {len(toc)} entries")


def backup_key(directory: Path, manifest: Manifest, result: BackupCheck) -> VerifierKey | None:
    """The public key the backup holds (None if none; a problem noted if unreadable)."""
    path = directory / PUBLIC_KEY_DIR / PUBLIC_KEY_FILE
    if not path.is_file():
        return None
    try:
        key = read_verifier_key(path)
    except (OSError, UnicodeDecodeError, KeyFormatError) as exc:
        result.problems.append(f"{path.relative_to(directory)}: unreadable key: {exc}")
        return None
    result.checked.append(f"pinned the backup's own public key {key.to_text()} (pass --key to pin "
                          "a copy kept elsewhere)")
    if key.name != manifest.origin:
        result.problems.append(f"the backup's key is named {key.name!r}, not the manifest's "
                               f"origin {manifest.origin!r}")
    return key


def _check_log(directory: Path, manifest: Manifest, settings: Settings, key: VerifierKey | None,
               result: BackupCheck) -> None:
    try:
        with _scratch_store(directory, manifest, settings) as scratch:
            store = open_store(scratch, hashing=True)
            try:
                report = verify_store(store.db, target_for(scratch), key, jobs=1)
                with store.db.read() as cur:
                    head = read_head(cur)
            finally:
                store.close()
    except _CannotCheck as exc:
        result.unchecked.append(str(exc))
        return
    except (VerifyUsageError, LogGap, postgres.PgToolFailed) as exc:
        result.problems.append(f"the log cannot be verified: {exc}")
        return
    except postgres.PgToolMissing as exc:
        result.unchecked.append(str(exc))
        return
    fault = report.fault
    if fault is not None:
        where = f"position {fault.position}" if fault.position else "the log"
        result.problems.append(f"the log does not verify: at {where}: {fault.message}")
        return
    log = manifest.log
    got = (head.size, b64encode(head.leaf_hash) if head.leaf_hash else None,
           b64encode(head.root_hash))
    if got != (log.position, log.head_leaf_hash, log.root_hash):
        result.problems.append(f"the log's head is {got[0]} events, root {got[2]}; the manifest "
                               f"says {log.position}, root {log.root_hash}")
        return
    signed = f", {report.checkpoints} signed checkpoint(s)" if report.checkpoints else \
        ", no signed checkpoint yet"
    result.checked.append(f"the log verifies: positions 1..{head.size}{signed}; root "
                          f"{b64encode(head.root_hash)} is the manifest's")


class _CannotCheck(Exception):
    """This machine cannot check the log of this backup (no PostgreSQL server, no pg_restore)."""


@contextlib.contextmanager
def _scratch_store(directory: Path, manifest: Manifest, settings: Settings) -> Iterator[Settings]:
    """Settings of a throwaway copy of the backup's database, removed afterwards."""
    if manifest.store == "sqlite":
        tmp = Path(tempfile.mkdtemp(prefix="socai-check-"))
        try:
            shutil.copyfile(directory / SQLITE_FILE, tmp / SQLITE_FILE)
            yield settings.model_copy(update={"database_url": f"sqlite:///{tmp / SQLITE_FILE}",
                                              "data_dir": tmp, "key_dir": tmp / "keys"})
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    if not settings.is_postgres:
        msg = ("the log of a PostgreSQL dump is checked by restoring it on a PostgreSQL server: "
               "set SOCAI_DATABASE_URL to one (a temporary database is created and dropped)")
        raise _CannotCheck(msg)
    server = settings.postgres
    schema = manifest.database.get("schema", "public")
    dbname = f"socai_check_{secrets.token_hex(6)}"
    scratch_target = server.model_copy(update={"schema_name": schema})
    try:
        postgres.create_database(server, dbname)
    except postgres.PgToolFailed as exc:  # no server, no CREATEDB privilege
        raise _CannotCheck(f"cannot create a temporary database to check the dump in: {exc}") from None
    try:
        postgres.restore(scratch_target, directory / PG_DUMP_FILE, schema, dbname=dbname)
        url = (f"postgresql://{quote(server.user, safe='')}:{quote(server.password, safe='')}@"
               f"{server.host}:{server.port}/{dbname}?schema={quote(schema, safe='')}")
        yield settings.model_copy(update={"database_url": url, "pg_pool_size": 2})  # one reader
    finally:
        postgres.drop_database(server, dbname)
