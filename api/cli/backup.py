"""`socai backup`, `socai restore`, `socai keys backup|restore` (docs/operations.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import typer

from api.bootstrap import open_office
from api.cli.common import ActorOption, err, office_session, out
from api.operations.backup import backup_office
from api.operations.restore import RestoreOutcome, RestoreRefused, RestoreRequest, restore_backup
from infra.backup import postgres, sqlite
from infra.backup.check import BackupCheck, check_backup
from infra.backup.files import write_private
from infra.backup.take import BackupRefused
from infra.keystore.backup import (
    KeyBackupRefused,
    export_petition_keys,
    export_signing_key,
    open_backup,
    restore_petition_keys,
    restore_signing_key,
)
from infra.ledger.keys import read_verifier_key
from infra.ledger.note import KeyFormatError
from infra.logging import configure_logging
from infra.settings import Settings
from projections.custody import shredded_petitions


def say(text: str) -> None:
    out.print(text, markup=False, highlight=False, soft_wrap=True)


# socai backup ---------------------------------------------------------------------------------------


def backup(
    out_dir: Path | None = typer.Option(None, "--out", help="a new (or empty) directory to write "
                                        "the backup into"),
    check: Path | None = typer.Option(None, "--check", help="check this backup directory instead"),
    key_file: Path | None = typer.Option(None, "--key", help="with --check: the office's verifier "
                                         "key to pin (default: the backup's own copy)"),
) -> None:
    """Back the store up (--out DIR), or check a backup (--check DIR).

    A backup holds the database as it stood at one log position (taken while the server writes),
    the attachments the log refers to there, the office's public key and a manifest; never the
    signing key or the petition keys (`socai keys backup`). --check exits 0 if the backup is whole
    and its log verifies up to its position, 1 if not, 2 if it could not be checked here.
    """
    if check is not None and out_dir is None:
        _check(check, key_file)
    elif out_dir is not None and check is None:
        _backup(out_dir)
    else:
        err.print("give exactly one of --out DIR or --check DIR")
        raise typer.Exit(2)


def _backup(out_dir: Path) -> None:
    with office_session() as office:
        try:
            taken = backup_office(office, out_dir)
        except (BackupRefused, postgres.PgToolMissing, postgres.PgToolFailed) as exc:
            err.print(f"[red]Không sao lưu được[/red] (backup refused): {exc}")
            raise typer.Exit(1) from None
    m = taken.manifest
    say(f"Đã sao lưu vào {out_dir} (backup written): {m.store}, log position {m.log.position}, "
        f"root {m.log.root_hash}, {m.counts['blobs']} attachment(s), "
        f"{m.counts['checkpoints']} checkpoint(s) in the log")
    say("  not in it: the signing key and the petition keys (`socai keys backup`, kept apart)")
    for warning in taken.warnings:
        say(f"  warning: {warning}")
    if m.missing_blobs:
        raise typer.Exit(1)


def _check(directory: Path, key_file: Path | None) -> None:
    settings = Settings()
    configure_logging(json=settings.log_format == "json", level="WARNING")
    key = None
    if key_file is not None:
        try:
            key = read_verifier_key(key_file)
        except (OSError, UnicodeDecodeError, KeyFormatError) as exc:
            err.print(f"không đọc được khóa (cannot read the key {key_file}): {exc}")
            raise typer.Exit(2) from None
        say(f"Khóa tin cậy (pinned key): {key.to_text()} from {key_file} (--key)")
    result = check_backup(directory, settings, key=key)
    _print_check(result)
    if result.problems:
        raise typer.Exit(1)
    if result.unchecked:
        raise typer.Exit(2)


def _print_check(result: BackupCheck) -> None:
    if result.manifest is not None:
        m = result.manifest
        say(f"Bản sao lưu (backup) {m.store}, taken {m.created_at}, log position {m.log.position}, "
            f"root {m.log.root_hash}")
    for line in result.checked:
        say(f"  ok: {line}")
    for line in result.unchecked:
        say(f"  NOT CHECKED: {line}")
    for line in result.problems:
        say(f"  PROBLEM: {line}")
    say("OK" if result.ok else ("FAILED" if result.problems else "INCOMPLETE"))


# socai restore --------------------------------------------------------------------------------------


def restore(
    from_dir: Path = typer.Option(..., "--from", help="the backup directory"),
    force: bool = typer.Option(False, "--force", help="restore even behind a checkpoint already "
                               "published, recording a signed restore statement"),
    reason: str | None = typer.Option(None, "--reason", help="why (required with --force)"),
    checkpoints: list[Path] = typer.Option([], "--checkpoint", help="a checkpoint handed out "
                                           "earlier (repeatable), besides the witness file"),
    actor: str | None = ActorOption,
) -> None:
    """Restore a backup into an empty store; refuse a non-empty one.

    Refused (the store is left empty) if the backup stands behind a checkpoint already published,
    unless --force --reason: then a restore statement signed by the office key, naming the
    abandoned checkpoint, is recorded in the restored log. Every key in the shred journal is
    destroyed again before the store opens. Then run `socai verify` and `socai fixity`.
    """
    settings = Settings()
    configure_logging(json=settings.log_format == "json", level="WARNING")
    request = RestoreRequest(from_dir, force=force, reason=reason, checkpoint_files=checkpoints,
                             actor=actor)
    try:
        outcome = restore_backup(settings, request)
    except RestoreRefused as exc:
        err.print(f"[red]Từ chối khôi phục[/red] (restore refused): {exc}")
        raise typer.Exit(1) from None
    _print_restore(settings, outcome)


def _print_restore(settings: Settings, outcome: RestoreOutcome) -> None:
    m = outcome.manifest
    say(f"Đã khôi phục (restored) {settings.describe_database()}: log position {m.log.position}, "
        f"root {m.log.root_hash} (backup of {m.created_at}); {outcome.blobs_copied} attachment(s) "
        "copied")
    for line in outcome.covered:
        say(f"  published checkpoint covered by the restored log: {line}")
    for published, position in zip(outcome.abandoned, outcome.statements, strict=False):
        say(f"  ABANDONED {published.label}: {published.checkpoint.size} events; signed restore "
            f"statement recorded at position {position}")
    if outcome.checkpoint is not None:
        c = outcome.checkpoint.checkpoint
        say(f"  new checkpoint of the restored log: {c.size} events (tell the witnesses: "
            "docs/operations.md)")
    if outcome.keys_destroyed:
        say(f"  {len(outcome.keys_destroyed)} shredded petition key(s) destroyed again")
    for shred in outcome.shreds_to_record:
        where = f"at position {shred.position}" if shred.position else "(position unknown)"
        say(f"  petition {shred.petition_id} was shredded {where}, after the backup: its key is "
            f"gone; record the shred again: socai shred --petition {shred.petition_id} --reason …")
    for warning in outcome.warnings:
        say(f"  warning: {warning}")
    say("Next: socai migrate (when your release has it), socai verify, socai fixity")


# socai keys backup | restore ------------------------------------------------------------------------


def _passphrase(path: Path | None, *, confirm: bool) -> str:
    if path is not None:
        try:
            return path.read_text("utf-8").rstrip("\r\n")
        except OSError as exc:
            err.print(f"không đọc được {path} (cannot read the passphrase file): {exc}")
            raise typer.Exit(2) from None
    text: str = typer.prompt("Cụm mật khẩu (passphrase)", hide_input=True,
                             confirmation_prompt=confirm)
    return text


def keys_backup(
    out_file: Path = typer.Option(..., "--out", help="the key backup file to write (new)"),
    signing_key: bool = typer.Option(False, "--signing-key", help="back up the office's signing "
                                     "key (only it) instead of the petition keys"),
    days: int | None = typer.Option(None, "--expires-in-days", min=1, max=3650, help="default: "
                                    "SOCAI_KEY_BACKUP_DAYS"),
    passphrase_file: Path | None = typer.Option(None, "--passphrase-file", help="read the "
                                                "passphrase from this file (default: ask)"),
) -> None:
    """Write the petition keys (or only the signing key) to an encrypted file that expires.

    The petition keys, the matching secret and the shred journal; with --signing-key, only the
    signing key instead. Keep the file apart from the database backups.
    """
    settings = Settings()
    passphrase = _passphrase(passphrase_file, confirm=True)
    now = datetime.now(UTC)
    lifetime = days or settings.key_backup_days
    export = export_signing_key if signing_key else export_petition_keys
    try:
        data = export(settings.keys_path, origin=settings.ledger_origin, passphrase=passphrase,
                      now=now, days=lifetime)
        write_private(out_file, data)
    except KeyBackupRefused as exc:
        err.print(f"[red]Không sao lưu khóa được[/red]: {exc}")
        raise typer.Exit(1) from None
    except FileExistsError:
        err.print(f"{out_file} đã tồn tại (exists: a key backup is never overwritten)")
        raise typer.Exit(1) from None
    what = "khóa ký (the signing key)" if signing_key else "khóa đơn thư (the petition keys)"
    say(f"Đã sao lưu {what} vào {out_file}, hết hạn sau {lifetime} ngày (expires in {lifetime} "
        "days); keep it apart from the database backups")


def keys_restore(
    from_file: Path = typer.Option(..., "--from", help="the key backup file"),
    signing_key: bool = typer.Option(False, "--signing-key", help="the file holds the signing "
                                     "key: restore it (required for such a file)"),
    passphrase_file: Path | None = typer.Option(None, "--passphrase-file"),
) -> None:
    """Restore keys from a key backup; refused once it has expired.

    A petition's key is never written back if the shred journal (or the store) says the petition
    was shredded; a signing key only with --signing-key, and never over another key.
    """
    settings = Settings()
    configure_logging(json=settings.log_format == "json", level="WARNING")
    try:
        data = from_file.read_bytes()
    except OSError as exc:
        err.print(f"không đọc được {from_file}: {exc}")
        raise typer.Exit(2) from None
    passphrase = _passphrase(passphrase_file, confirm=False)
    try:
        opened = open_backup(data, passphrase, datetime.now(UTC))
        if opened.kind == "signing-key":
            if not signing_key:
                raise KeyBackupRefused("tệp chứa khóa ký: thêm --signing-key để khôi phục (the file "
                                       "holds the signing key: pass --signing-key to restore it)")
            verifier, written = restore_signing_key(opened, settings.keys_path,
                                                    origin=settings.ledger_origin)
            verb = "Đã khôi phục" if written else "Đã có sẵn"
            say(f"{verb} khóa ký (signing key {'restored' if written else 'already present'}): "
                f"{verifier.to_text()}")
            return
        restored = restore_petition_keys(opened, settings.keys_path,
                                         origin=settings.ledger_origin,
                                         shredded=_shredded_in_store(settings))
    except KeyBackupRefused as exc:
        err.print(f"[red]Từ chối khôi phục khóa[/red] (refused): {exc}")
        raise typer.Exit(1) from None
    say(f"Đã khôi phục {restored.written} khóa đơn thư (petition keys written); {restored.present} "
        f"already present; {len(restored.shredded)} not restored because the petition was "
        f"shredded; {restored.journal_added} shred journal line(s) added")


def _shredded_in_store(settings: Settings) -> set[UUID]:
    """The petitions the store records as shredded (the store is not opened, or created, if it
    holds no event: a restore may come next and wants it empty)."""
    if settings.is_postgres:
        if postgres.schema_state(settings.postgres).events == 0:
            return set()
    elif sqlite.event_count(settings.sqlite_path) == 0:
        return set()
    office = open_office(settings)
    try:
        office.projections.catch_up()
        return shredded_petitions(office.store.db)
    finally:
        office.close()
