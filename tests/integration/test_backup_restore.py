"""Backups taken while commands land, restored into an empty store, agree with the source up to the
backup's position: raw rows, `socai verify`, `socai fixity`, a rebuild of the read models. On SQLite
and on PostgreSQL (through ``pg_dump`` and ``pg_restore``)."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from api.actors import system_actor
from api.bootstrap import Office
from api.cli.archive import run_fixity
from api.operations import backup as backup_module
from api.operations.backup import backup_office
from api.operations.restore import RestoreRefused, RestoreRequest, restore_backup
from domain.archive.values import ItemKind
from domain.records import Context
from infra.backup import postgres, sqlite
from infra.backup.check import check_backup
from infra.backup.manifest import MANIFEST, Manifest
from infra.backup.take import BackupRefused
from infra.db import Database
from infra.ledger.verify import target_for, verify_store
from infra.settings import Settings
from infra.store.backends import open_store
from projections.custody import blobs_at
from tests.support.archive import attach_bytes, register_out
from tests.support.backup import (
    StoreMaker,
    Writer,
    empty_stores,
    opened,
    raw_log,
    read_models,
    replayed_read_models,
)
from tests.support.office import Clock

pytestmark = pytest.mark.slow


@pytest.fixture
def stores(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> StoreMaker:
    """Empty stores to restore into: SQLite in new data directories, PostgreSQL in new schemas
    of another database than the source's."""
    url = request.getfixturevalue("second_pg_url") if backend == "postgres" else None
    return empty_stores(tmp_path / "more", url)


def sign(office: Office) -> None:
    office.signer.sign(Context(system_actor(office, "ledger-signer"), office.clock()))


def with_attachments(office: Office, count: int = 3) -> list[str]:
    """Outgoing documents with an attachment each; their SHA-256."""
    return [attach_bytes(office, ItemKind.OUTGOING, register_out(office, summary=f"Báo cáo số {i}"),
                         f"%PDF-1.7 bản số {i}".encode())
            for i in range(count)]


def empty(settings: Settings) -> bool:
    if settings.is_postgres:
        return postgres.schema_state(settings.postgres).relations == 0
    return sqlite.event_count(settings.sqlite_path) == 0


class TestBackupUnderWriteLoad:
    def test_the_restored_store_agrees_with_the_source_up_to_the_backup(
            self, office: Office, stores: StoreMaker, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> None:
        """Commands land before, during and after the backup; the restored store holds exactly
        the source's rows up to the backup's position, verifies under the office key, passes
        fixity, and rebuilds read models equal to the source's log replayed to that position."""
        hashes = with_attachments(office)
        sign(office)
        key = office.signing_key().verifier
        writer = Writer(office)

        def blobs_while_writing(db: Database, position: int) -> list[str]:
            writer.wait_for(10)  # the backup is under way, its snapshot taken: commands land
            return blobs_at(db, position)

        monkeypatch.setattr(backup_module, "blobs_at", blobs_while_writing)
        writer.start()
        try:
            writer.wait_for(20)
            started = office.tree.log_size()
            taken = backup_office(office, tmp_path / "backup")
            writer.wait_for(10)
        finally:
            writer.finish()
        position = taken.manifest.log.position
        assert started <= position < writer.positions[-20]
        assert taken.manifest.missing_blobs == []
        assert taken.warnings == []
        restored_settings = stores("restored")
        restore_backup(restored_settings, RestoreRequest(tmp_path / "backup"))
        with opened(restored_settings) as restored:
            assert raw_log(restored, position + 10) == raw_log(office, position)
            report = verify_store(restored.store.db, target_for(restored_settings), key, jobs=1)
            assert report.ok
            assert report.size == position
            assert report.checkpoints == 1
            restored.projections.rebuild()
            assert read_models(restored) == replayed_read_models(office, position,
                                                                 stores("replay"))
            fixity = run_fixity(restored)
            assert fixity.ok
            assert fixity.checked == len(blobs_at(office.store.db, position)) == 3
            assert set(hashes) == set(blobs_at(restored.store.db, position))

    def test_the_backup_checks_and_its_files_are_private(self, office: Office,
                                                         tmp_path: Path) -> None:
        """The manifest names the head and every file's hash; `--check` verifies the log up to
        the position; files are 0600 in 0700 folders."""
        with_attachments(office, 2)
        sign(office)
        taken = backup_office(office, tmp_path / "b")
        manifest = Manifest.read(tmp_path / "b")
        assert manifest == taken.manifest
        assert manifest.counts["blobs"] == 2
        assert manifest.counts["checkpoints"] == 1
        assert "keys/ledger-ed25519.pub" in manifest.files
        assert not any("pem" in name or "petition" in name for name in manifest.files)
        result = check_backup(tmp_path / "b", office.settings)
        assert result.ok, result.problems + result.unchecked
        modes = {p.relative_to(tmp_path / "b").as_posix(): p.stat().st_mode & 0o777
                 for p in (tmp_path / "b").rglob("*")}
        assert set(modes.values()) <= {0o600, 0o700}
        assert (tmp_path / "b").stat().st_mode & 0o777 == 0o700

    def test_the_output_directory_must_be_new(self, office: Office, tmp_path: Path) -> None:
        """A backup never mixes with another one's files."""
        (tmp_path / "b").mkdir()
        (tmp_path / "b" / "something").write_text("x")
        with pytest.raises(BackupRefused):
            backup_office(office, tmp_path / "b")


class TestRestoreIntoAnEmptyStoreThatExists:
    def test_an_existing_store_without_events(self, office: Office, stores: StoreMaker,
                                              tmp_path: Path) -> None:
        """SQLite: a store file with its tables but no event is replaced. PostgreSQL: an empty
        schema of the dump's own name (as `public` always is) is filled in place."""
        backup_office(office, tmp_path / "b")
        target = stores("t")
        if target.is_postgres:
            target = target.model_copy(update={"database_url": target.database_url.replace(
                target.postgres.schema_name, office.settings.postgres.schema_name)})
            with psycopg.connect(target.database_url.split("?")[0], autocommit=True) as conn:
                conn.execute(f'CREATE SCHEMA "{target.postgres.schema_name}"')
        else:
            open_store(target).close()
        assert empty(target)
        restore_backup(target, RestoreRequest(tmp_path / "b"))
        with opened(target) as restored:
            assert raw_log(restored, 10**6) == raw_log(office, 10**6)


class TestCheckFindsDamage:
    @pytest.fixture
    def backup(self, office: Office, tmp_path: Path) -> Path:
        with_attachments(office, 1)
        sign(office)
        backup_office(office, tmp_path / "b")
        return tmp_path / "b"

    def test_a_changed_attachment(self, office: Office, backup: Path) -> None:
        """An attachment whose bytes changed is named."""
        blob = next(p for p in (backup / "blobs").rglob("*") if p.is_file())
        blob.write_bytes(b"%PDF-1.7 altered")
        result = check_backup(backup, office.settings)
        assert not result.ok
        assert any(blob.name in problem for problem in result.problems)

    def test_an_edited_manifest_position(self, office: Office, backup: Path) -> None:
        """A manifest that claims another head than the log's is refused."""
        data = json.loads((backup / MANIFEST).read_text())
        data["log"]["position"] -= 1
        (backup / MANIFEST).write_text(json.dumps(data))
        result = check_backup(backup, office.settings)
        assert any("manifest says" in p for p in result.problems)

    def test_a_file_slipped_in(self, office: Office, backup: Path) -> None:
        """A file the manifest does not list is named."""
        (backup / "keys" / "ledger-ed25519.pem").write_text("not ours")
        result = check_backup(backup, office.settings)
        assert any("ledger-ed25519.pem" in p for p in result.problems)


class TestRestoreRefuses:
    def test_a_store_that_holds_events(self, office: Office, tmp_path: Path) -> None:
        """Restoring into the source itself (not empty) is refused and changes nothing."""
        backup_office(office, tmp_path / "b")
        head = office.tree.log_size()
        with pytest.raises(RestoreRefused, match="not empty"):
            restore_backup(office.settings, RestoreRequest(tmp_path / "b"))
        assert office.tree.log_size() == head

    def test_a_damaged_backup(self, office: Office, stores: StoreMaker, tmp_path: Path) -> None:
        """A backup whose database file changed is refused before anything is written."""
        backup_office(office, tmp_path / "b")
        manifest = Manifest.read(tmp_path / "b")
        with open(tmp_path / "b" / manifest.database["file"], "r+b") as f:
            f.seek(200)
            f.write(b"\xff\xff")
        target = stores("t")
        with pytest.raises(RestoreRefused, match="damaged"):
            restore_backup(target, RestoreRequest(tmp_path / "b"))
        assert empty(target)


class TestRestoreBehindAPublishedCheckpoint:
    @pytest.fixture
    def behind(self, office: Office, clock: Clock, stores: StoreMaker, tmp_path: Path
               ) -> tuple[Settings, Path, bytes]:
        """A backup, then more events and a checkpoint published in the witness file; a target
        store that kept that witness file and has the signing key back."""
        with_attachments(office, 1)
        sign(office)
        backup_office(office, tmp_path / "b")
        register_out(office, summary="Sau bản sao lưu")
        clock.advance(minutes=5)
        sign(office)
        witness = (office.settings.data_dir / "ledger" / "checkpoint").read_bytes()
        target = stores("t")
        (target.data_dir / "ledger").mkdir(parents=True)
        (target.data_dir / "ledger" / "checkpoint").write_bytes(witness)
        target.keys_path.mkdir(parents=True)
        for name in ("ledger-ed25519.pem", "ledger-ed25519.pub"):
            (target.keys_path / name).write_bytes((office.settings.keys_path / name).read_bytes())
        return target, tmp_path / "b", witness

    def test_refused_unless_forced(self, behind: tuple[Settings, Path, bytes]) -> None:
        """The witness holds a checkpoint the backup does not reach: refused, the store left
        empty, the witness untouched."""
        target, backup, witness = behind
        with pytest.raises(RestoreRefused, match="published"):
            restore_backup(target, RestoreRequest(backup))
        assert empty(target)
        assert (target.data_dir / "ledger" / "checkpoint").read_bytes() == witness

    def test_a_forced_restore_records_a_signed_statement(
            self, office: Office, behind: tuple[Settings, Path, bytes]) -> None:
        """Forced with a reason: one restore statement naming the abandoned checkpoint, the witness
        file set aside beside the statement, a new checkpoint; the log verifies and the statement
        checks under the office key."""
        from api.cli.verify_support import check_statements, set_aside_declared
        from infra.ledger.verify import ExternalCheckpoint

        target, backup, witness = behind
        outcome = restore_backup(target, RestoreRequest(backup, force=True,
                                                        reason="Máy chủ hỏng ổ đĩa"))
        assert len(outcome.statements) == 1
        assert outcome.checkpoint is not None
        abandoned = list((target.data_dir / "ledger" / "abandoned").iterdir())
        assert sorted(p.suffix for p in abandoned) == ["", ".statement"]
        key = office.signing_key().verifier
        with opened(target) as restored:
            report = verify_store(restored.store.db, target_for(target), key, jobs=1)
            assert report.ok, report.faults
            statements = check_statements(restored.store.db, key)
            assert [s.ok for s in statements] == [True]
            assert statements[0].reason == "Máy chủ hỏng ổ đĩa"
            kept, declared = set_aside_declared([ExternalCheckpoint("old", witness)], statements,
                                                key)
            assert kept == []
            assert len(declared) == 1

    def test_a_forced_restore_needs_a_reason(self, behind: tuple[Settings, Path, bytes]) -> None:
        target, backup, _ = behind
        with pytest.raises(RestoreRefused, match="reason"):
            restore_backup(target, RestoreRequest(backup, force=True))
        assert empty(target)
