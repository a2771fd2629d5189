"""`socai restore --from DIR`: a backup put back into an empty store (docs/operations.md, "Restore").

In order; a refusal before step 4 changes nothing, and one at step 5 puts the target back empty:

1. the backup's files match its manifest and its database file is sound; it is of the configured
   store kind and the configured log origin; its public key agrees with the key directory's;
2. the target store is empty (no event; on PostgreSQL, a schema with no table at all);
3. a forced restore has a reason and the office's private signing key at hand;
4. the database is put in place (SQLite: the file; PostgreSQL: ``pg_restore``, one transaction);
5. its log head is the manifest's, and every checkpoint already published (the witness file,
   ``--checkpoint`` files; `infra.backup.published`) is covered by it — otherwise the restore is
   refused unless forced;
6. the attachments and the public key are copied in;
7. **before the store opens**, every key the shred journal names is destroyed again;
8. the store opens: the keys of petitions whose shred the restored log records are destroyed too;
   a forced restore records one signed restore statement per abandoned checkpoint, sets the witness
   file aside, and signs a checkpoint of the restored log.

Then: ``socai migrate`` (when the schema migrations exist), ``socai verify``, ``socai fixity``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from uuid import UUID

from api.actors import resolve_actor
from api.bootstrap import open_office, utc_now
from domain.errors import DomainError
from domain.ledger.restores import RestoreStatements, fork_declared
from domain.records import Context
from infra.backup import postgres, sqlite
from infra.backup.blobs import is_sha256, restore_blobs
from infra.backup.check import BackupCheck, backup_key, check_database, check_files
from infra.backup.files import copy_private, private_dir
from infra.backup.manifest import (
    BLOB_DIR,
    PG_DUMP_FILE,
    PUBLIC_KEY_DIR,
    SQLITE_FILE,
    BackupUnreadable,
    Manifest,
)
from infra.backup.published import CheckpointFile, Published, UnreadableWitness, Witness, WitnessFile
from infra.db import Database
from infra.keystore import FileKeyStore
from infra.keystore.journal import Shred
from infra.ledger.encoding import b64encode
from infra.ledger.heads import LogHead, read_head
from infra.ledger.keys import PUBLIC_KEY_FILE, SigningKey, load_key, read_verifier_key
from infra.ledger.note import KeyFormatError, VerifierKey
from infra.ledger.restores import Statement, sign_statement
from infra.ledger.signer import SignedCheckpoint, witness_path
from infra.settings import Settings
from infra.store.backends import open_store
from projections.custody import shredded_petitions

SIGNER = "ledger-signer"


class RestoreRefused(Exception):
    """The restore was refused; the target store is as it was (empty)."""


@dataclass
class RestoreOutcome:
    """What a restore did."""

    manifest: Manifest
    covered: list[str] = field(default_factory=list)  # published checkpoints the log covers
    abandoned: list[Published] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)  # positions of the restore statements
    checkpoint: SignedCheckpoint | None = None
    blobs_copied: int = 0
    keys_destroyed: list[UUID] = field(default_factory=list)
    shreds_to_record: list[Shred] = field(default_factory=list)  # after the backup, not in its log
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RestoreRequest:
    """What the operator asked for."""

    directory: Path
    force: bool = False
    reason: str | None = None
    checkpoint_files: Sequence[Path] = ()
    actor: str | None = None


def restore_backup(settings: Settings, request: RestoreRequest, *,
                   clock: Callable[[], datetime] = utc_now) -> RestoreOutcome:
    """Restore ``request.directory`` into the empty store that ``settings`` names (see the
    module docstring)."""
    manifest = _checked_manifest(settings, request.directory)
    key = _pinned_key(settings, request.directory, manifest)
    _require_empty(settings)
    signing = _signing_key(settings) if request.force else None
    if request.force and not (request.reason and request.reason.strip()):
        raise RestoreRefused("khôi phục cưỡng bức cần --reason (a forced restore needs a reason)")
    witnesses: list[Witness] = [WitnessFile(witness_path(settings.data_dir)),
                                *[CheckpointFile(p) for p in request.checkpoint_files]]
    if key is None and (request.checkpoint_files or witness_path(settings.data_dir).exists()):
        raise RestoreRefused("không có khóa công khai để kiểm tra điểm kiểm tra đã công bố (no "
                             "verifier key, in the backup or the key directory, to check the "
                             "published checkpoints against)")
    outcome = RestoreOutcome(manifest)
    _install(settings, request.directory, manifest)
    try:
        _compare(settings, manifest, key, witnesses, outcome)
    except BaseException:
        _undo(settings)
        raise
    if outcome.abandoned and signing is None:
        _undo(settings)
        names = "; ".join(f"{p.label}: {p.checkpoint.size} events" for p in outcome.abandoned)
        raise RestoreRefused(
            f"bản sao lưu ({manifest.log.position} sự kiện) lùi sau điểm kiểm tra đã công bố "
            f"(the backup stands behind a checkpoint already published — {names}); the store was "
            "left empty. Restore a newer backup, or pass --force --reason … to record a signed "
            "restore statement that declares the fork (docs/operations.md)")
    _copy_files(settings, request.directory, manifest, outcome)
    _reapply_journal(settings, manifest, outcome)
    _open_and_declare(settings, request, signing, witnesses, outcome, clock)
    return outcome


# 1–3: checks that change nothing --------------------------------------------------------------------


def _checked_manifest(settings: Settings, directory: Path) -> Manifest:
    try:
        manifest = Manifest.read(directory)
    except BackupUnreadable as exc:
        raise RestoreRefused(str(exc)) from None
    check = BackupCheck(manifest)
    check_files(directory, manifest, check)
    check_database(directory, manifest, check)
    if check.problems:
        raise RestoreRefused("bản sao lưu không toàn vẹn (the backup is damaged): "
                             + "; ".join(check.problems[:5]))
    kind = "postgresql" if settings.is_postgres else "sqlite"
    if manifest.store != kind:
        raise RestoreRefused(f"bản sao lưu của {manifest.store}, kho cấu hình là {kind} (the "
                             "backup is of another store kind than SOCAI_DATABASE_URL names)")
    if manifest.origin != settings.ledger_origin:
        raise RestoreRefused(f"bản sao lưu của nhật ký {manifest.origin!r}, cấu hình là "
                             f"{settings.ledger_origin!r} (SOCAI_LEDGER_ORIGIN differs)")
    return manifest


def _pinned_key(settings: Settings, directory: Path, manifest: Manifest) -> VerifierKey | None:
    """The office's verifier key: the key directory's, which must agree with the backup's."""
    ours = settings.keys_path / PUBLIC_KEY_FILE
    theirs = backup_key(directory, manifest, BackupCheck(manifest))
    if not ours.exists():
        return theirs
    try:
        key = read_verifier_key(ours)
    except (OSError, UnicodeDecodeError, KeyFormatError) as exc:
        raise RestoreRefused(f"không đọc được khóa {ours} (unreadable key): {exc}") from None
    if theirs is not None and theirs.to_text() != key.to_text():
        raise RestoreRefused(f"khóa công khai của bản sao lưu khác {ours} (the backup was signed "
                             "under another key than the key directory holds)")
    return key


def _require_empty(settings: Settings) -> None:
    if not settings.is_postgres:
        events = sqlite.event_count(settings.sqlite_path)
        if events:
            raise RestoreRefused(
                f"kho {settings.sqlite_path} không trống: {events} sự kiện (the target store is "
                "not empty; a restore goes into an empty store: point SOCAI_DATA_DIR or "
                "SOCAI_DATABASE_URL elsewhere)")
        return
    try:
        state = postgres.schema_state(settings.postgres)
    except postgres.PgToolFailed as exc:
        raise RestoreRefused(str(exc)) from None
    schema = settings.postgres.schema_name
    if state.events:
        raise RestoreRefused(f"schema {schema} không trống: {state.events} sự kiện (the target "
                             "store is not empty; a restore goes into an empty store)")
    if state.relations:
        raise RestoreRefused(f"schema {schema} đã có {state.relations} bảng, không có sự kiện (it "
                             f"holds tables: drop it first, DROP SCHEMA \"{schema}\" CASCADE, or "
                             "restore into another schema)")


def _signing_key(settings: Settings) -> SigningKey:
    try:
        return load_key(settings.keys_path, settings.ledger_origin)
    except (FileNotFoundError, KeyFormatError) as exc:
        raise RestoreRefused(
            f"khôi phục cưỡng bức cần khóa ký của văn phòng (a forced restore signs a statement: "
            f"restore the signing key first, `socai keys restore --signing-key`): {exc}") from None


# 4–5: the database, and the checkpoints already published ------------------------------------------


def _install(settings: Settings, directory: Path, manifest: Manifest) -> None:
    if not settings.is_postgres:
        target = settings.sqlite_path
        private_dir(target.parent)
        tmp = target.with_name(f".{target.name}.restoring")
        tmp.unlink(missing_ok=True)
        copy_private(directory / SQLITE_FILE, tmp)
        sqlite.install(tmp, target)
        return
    try:
        postgres.restore(settings.postgres, directory / PG_DUMP_FILE,
                         manifest.database.get("schema", "public"))
    except (postgres.PgToolMissing, postgres.PgToolFailed) as exc:
        raise RestoreRefused(f"pg_restore thất bại (failed; nothing was restored): {exc}") from None


def _undo(settings: Settings) -> None:
    """Put the target back empty (it held no event before the restore)."""
    if settings.is_postgres:
        postgres.drop_schema(settings.postgres)
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{settings.sqlite_path}{suffix}").unlink(missing_ok=True)


def _root_at(db: Database, size: int) -> bytes:
    with db.read() as cur:
        return read_head(cur, size).root_hash


def _compare(settings: Settings, manifest: Manifest, key: VerifierKey | None,
             witnesses: Sequence[Witness], outcome: RestoreOutcome) -> None:
    store = open_store(settings)
    try:
        with store.db.read() as cur:
            head: LogHead = read_head(cur)
        if (head.size, b64encode(head.root_hash)) != (manifest.log.position, manifest.log.root_hash):
            raise RestoreRefused(f"nhật ký khôi phục ({head.size} sự kiện) không khớp bản kê "
                                 f"(the restored log is not the one the manifest describes: "
                                 f"{manifest.log.position} events, root {manifest.log.root_hash})")
        for witness in witnesses:
            if key is None:  # nothing was published: `_published_needs_key` made sure
                continue
            try:
                published = witness.latest(key)
            except UnreadableWitness as exc:
                raise RestoreRefused(str(exc)) from None
            if published is None:
                continue
            size = published.checkpoint.size
            if size <= head.size and _root_at(store.db, size) == published.checkpoint.root_hash:
                outcome.covered.append(f"{published.label}: {size} events")
            else:
                outcome.abandoned.append(published)
    finally:
        store.close()


# 6–8: files, keys, and the declaration -------------------------------------------------------------


def _copy_files(settings: Settings, directory: Path, manifest: Manifest,
                outcome: RestoreOutcome) -> None:
    hashes = [Path(name).name for name in manifest.files
              if name.startswith(f"{BLOB_DIR}/") and is_sha256(Path(name).name)]
    private_dir(settings.blobs_path)
    outcome.blobs_copied = restore_blobs(directory / BLOB_DIR, settings.blobs_path, hashes)
    public = directory / PUBLIC_KEY_DIR / PUBLIC_KEY_FILE
    ours = settings.keys_path / PUBLIC_KEY_FILE
    if public.is_file() and not ours.exists():
        private_dir(settings.keys_path)
        copy_private(public, ours)


def _reapply_journal(settings: Settings, manifest: Manifest, outcome: RestoreOutcome) -> None:
    """Destroy again every key the shred journal names (the store is not open yet)."""
    keys = FileKeyStore(settings.keys_path)
    seen: set[UUID] = set()
    for shred in keys.journal.read():
        if shred.petition_id in seen:
            continue
        seen.add(shred.petition_id)
        if keys.erase_key(shred.petition_id):
            outcome.keys_destroyed.append(shred.petition_id)
        if shred.position is None or shred.position > manifest.log.position:
            outcome.shreds_to_record.append(shred)


def _open_and_declare(settings: Settings, request: RestoreRequest, signing: SigningKey | None,
                      witnesses: Sequence[Witness], outcome: RestoreOutcome,
                      clock: Callable[[], datetime]) -> None:
    office = open_office(settings, clock=clock)
    who = None
    if outcome.abandoned:
        try:
            who = resolve_actor(office, request.actor or settings.system_actor)
        except DomainError as exc:
            office.close()
            _undo(settings)
            raise RestoreRefused(f"--actor: {exc.message} (the store was left empty)") from None
    try:
        office.projections.catch_up()
        keys = FileKeyStore(settings.keys_path)
        in_log = shredded_petitions(office.store.db)
        for petition_id in sorted(in_log):
            if keys.erase_key(petition_id):
                outcome.keys_destroyed.append(petition_id)
        outcome.shreds_to_record = [s for s in outcome.shreds_to_record
                                    if s.petition_id not in in_log]
        if who is None or signing is None:
            return
        ctx = Context(who, office.clock(), reason=request.reason)
        statements = RestoreStatements(recorder=office.store.recorder, mapper=office.mapper,
                                       clock=office.clock)
        manifest = outcome.manifest
        restored_root = _root_at(office.store.db, manifest.log.position)
        for published in outcome.abandoned:
            c = published.checkpoint
            statement = Statement(c.origin, c.size, c.root_hash, manifest.log.position,
                                  restored_root)
            note = sign_statement(statement, settings.ledger_origin, signing.private_key)
            event = fork_declared(
                ctx, statements.latest(), abandoned_origin=c.origin, abandoned_size=c.size,
                abandoned_root_hash=b64encode(c.root_hash), abandoned_note=published.note,
                restored_size=manifest.log.position, restored_root_hash=b64encode(restored_root),
                covered=False, backup_created_at=manifest.created, statement=note,
                key_id=signing.verifier.key_id.hex(),
            )
            outcome.statements.append(statements.record_fork(event).position)
            for witness in witnesses:
                if witness.label == published.label:
                    witness.declare_fork(published, note, ctx.now)
        signer = resolve_actor(office, SIGNER, create_system=True)
        outcome.checkpoint = office.signer.sign(Context(signer, office.clock()))
    finally:
        office.close()
