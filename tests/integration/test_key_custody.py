"""Keys kept apart: a shred after a backup stays a shred through a restore of the database and of
the keys (the shred journal), and key backups expire. On SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from api.bootstrap import Office
from api.operations.backup import backup_office
from api.operations.restore import RestoreRequest, restore_backup
from domain.petitions.errors import IdentityKeyMissing
from infra.keystore import FileKeyStore
from infra.keystore.backup import (
    KeyBackupExpired,
    KeyBackupRefused,
    export_petition_keys,
    export_signing_key,
    open_backup,
    restore_petition_keys,
    restore_signing_key,
)
from infra.keystore.journal import JOURNAL_FILE, ShredJournal
from tests.support.backup import StoreMaker, empty_stores, opened
from tests.support.office import Clock, ctx_for
from tests.support.petitions import LEADER, SPECIALIST, closed_case

PASSPHRASE = "một cụm mật khẩu đủ dài"
ORIGIN = "test.socai.local/log"


@pytest.fixture
def stores(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> StoreMaker:
    url = request.getfixturevalue("second_pg_url") if backend == "postgres" else None
    return empty_stores(tmp_path / "more", url)


def shred(office: Office, clock: Clock, petition_id: object) -> None:
    clock.now = datetime(2032, 1, 1, 2, 0, tzinfo=UTC)
    office.petitions.shred(ctx_for(office, LEADER, reason="Hết thời hạn bảo quản"), petition_id)  # type: ignore[arg-type]


class TestTheShredJournal:
    def test_a_shred_is_journalled_with_its_position(self, office: Office, clock: Clock) -> None:
        """The journal line names the petition and the position of its IdentityShredded event."""
        pid = closed_case(office, clock)
        shred(office, clock, pid)
        entries = ShredJournal(office.settings.keys_path).read()
        assert [(e.petition_id, e.position) for e in entries] == [(pid, office.tree.log_size())]
        journal = office.settings.keys_path / JOURNAL_FILE
        assert journal.stat().st_mode & 0o777 == 0o600

    def test_a_line_cut_short_is_ignored_and_the_next_stays_whole(self, tmp_path: Path) -> None:
        """A crash mid-line leaves a line that is skipped; the next append starts a new line."""
        journal = ShredJournal(tmp_path)
        (tmp_path / JOURNAL_FILE).write_text("0b6f1b8e-3f7a-4a4c-9d8f-1a2b3c4d5e6f 12 2032-01")
        from uuid import uuid4

        pid = uuid4()
        journal.record(pid, 40, datetime(2032, 1, 1, tzinfo=UTC))
        assert [e.petition_id for e in journal.read()] == [pid]


class TestShredAfterABackup:
    def test_the_identity_stays_gone_after_restoring_the_database_and_the_keys(
            self, office: Office, clock: Clock, stores: StoreMaker, tmp_path: Path) -> None:
        """Database and key backups taken before a shred; the database and the key directory are
        lost but the shred journal was kept; both backups restored: the petition's key is not
        written back, a stray copy is destroyed again before the store opens, and its identity
        cannot be read."""
        pid = closed_case(office, clock)
        clock.now = datetime(2031, 12, 30, 2, 0, tzinfo=UTC)
        keys_before = export_petition_keys(office.settings.keys_path, origin=ORIGIN,
                                           passphrase=PASSPHRASE, now=clock(), days=90)
        taken = backup_office(office, tmp_path / "b")
        shred(office, clock, pid)
        journal = (office.settings.keys_path / JOURNAL_FILE).read_bytes()

        target = stores("t")
        target.keys_path.mkdir(parents=True)
        (target.keys_path / JOURNAL_FILE).write_bytes(journal)
        restored_keys = restore_petition_keys(open_backup(keys_before, PASSPHRASE, clock()),
                                              target.keys_path, origin=ORIGIN, shredded=set())
        assert restored_keys.shredded == [pid]
        assert not FileKeyStore(target.keys_path).has_key(pid)
        # The key comes back by another way (an old copy of the key directory):
        old_key = tmp_path / "old.key"
        old_key.write_bytes(b"\x01" * 32)
        (target.keys_path / "petition-keys" / f"{pid}.key").write_bytes(old_key.read_bytes())

        outcome = restore_backup(target, RestoreRequest(tmp_path / "b"))
        assert outcome.keys_destroyed == [pid]
        assert [s.petition_id for s in outcome.shreds_to_record] == [pid]
        assert outcome.shreds_to_record[0].position is not None
        assert outcome.shreds_to_record[0].position > taken.manifest.log.position
        with opened(target, clock=clock) as restored:
            assert not restored.petitions.keys.has_key(pid)
            with pytest.raises(IdentityKeyMissing):
                restored.petitions.reveal(ctx_for(restored, SPECIALIST, reason="Xác minh"), pid)

    def test_a_shred_the_restored_log_records_destroys_the_key_too(
            self, office: Office, clock: Clock, stores: StoreMaker, tmp_path: Path) -> None:
        """Keys restored into a key directory that lost its journal: the store's own record of the
        shred keeps the petition's key from coming back."""
        pid = closed_case(office, clock)
        clock.now = datetime(2031, 12, 30, 2, 0, tzinfo=UTC)
        keys_before = export_petition_keys(office.settings.keys_path, origin=ORIGIN,
                                           passphrase=PASSPHRASE, now=clock(), days=90)
        shred(office, clock, pid)
        restored = restore_petition_keys(open_backup(keys_before, PASSPHRASE, clock()),
                                         tmp_path / "keys", origin=ORIGIN, shredded={pid})
        assert restored.shredded == [pid]
        assert not FileKeyStore(tmp_path / "keys").has_key(pid)


class TestKeyBackups:
    def test_an_expired_key_backup_is_refused(self, office: Office, clock: Clock,
                                              tmp_path: Path) -> None:
        """Ninety days later the backup is refused and nothing is written."""
        closed_case(office, clock)
        data = export_petition_keys(office.settings.keys_path, origin=ORIGIN,
                                    passphrase=PASSPHRASE, now=clock(), days=90)
        assert open_backup(data, PASSPHRASE, clock() + timedelta(days=89)).kind == "petition-keys"
        with pytest.raises(KeyBackupExpired):
            open_backup(data, PASSPHRASE, clock() + timedelta(days=90))

    def test_an_edited_expiry_does_not_decrypt(self, office: Office, clock: Clock) -> None:
        """The expiry is bound to the ciphertext: moving it forward breaks the file."""
        closed_case(office, clock)
        data = export_petition_keys(office.settings.keys_path, origin=ORIGIN,
                                    passphrase=PASSPHRASE, now=clock(), days=1)
        later = (clock() + timedelta(days=1)).isoformat()
        edited = data.replace(later.encode(), (clock() + timedelta(days=900)).isoformat().encode())
        assert edited != data
        with pytest.raises(KeyBackupRefused, match="altered"):
            open_backup(edited, PASSPHRASE, clock() + timedelta(days=2))

    def test_a_wrong_passphrase_is_refused(self, office: Office, clock: Clock) -> None:
        closed_case(office, clock)
        data = export_petition_keys(office.settings.keys_path, origin=ORIGIN,
                                    passphrase=PASSPHRASE, now=clock(), days=9)
        with pytest.raises(KeyBackupRefused, match="passphrase"):
            open_backup(data, PASSPHRASE + "!", clock())

    def test_the_petition_keys_round_trip_without_the_signing_key(
            self, office: Office, clock: Clock, tmp_path: Path) -> None:
        """A petition-key backup restores every key and the matching secret, and holds no
        signing key; the signing key goes in a file of its own."""
        pid = closed_case(office, clock)
        office.signing_key()
        data = export_petition_keys(office.settings.keys_path, origin=ORIGIN,
                                    passphrase=PASSPHRASE, now=clock(), days=9)
        opened_keys = open_backup(data, PASSPHRASE, clock())
        assert "signing_key_pem" not in opened_keys.payload
        result = restore_petition_keys(opened_keys, tmp_path / "k", origin=ORIGIN, shredded=set())
        assert (result.written, result.secret_written) == (1, True)
        assert (tmp_path / "k" / "petition-keys" / f"{pid}.key").read_bytes() == \
            (office.settings.keys_path / "petition-keys" / f"{pid}.key").read_bytes()
        signing = export_signing_key(office.settings.keys_path, origin=ORIGIN,
                                     passphrase=PASSPHRASE, now=clock(), days=9)
        with pytest.raises(KeyBackupRefused):
            restore_petition_keys(open_backup(signing, PASSPHRASE, clock()), tmp_path / "k",
                                  origin=ORIGIN, shredded=set())
        verifier, written = restore_signing_key(open_backup(signing, PASSPHRASE, clock()),
                                                tmp_path / "k", origin=ORIGIN)
        assert written
        assert verifier == office.signing_key().verifier
        assert (tmp_path / "k" / "ledger-ed25519.pem").stat().st_mode & 0o777 == 0o600

    def test_another_signing_key_is_never_replaced(self, office: Office, clock: Clock,
                                                   tmp_path: Path) -> None:
        from infra.ledger.keys import ensure_key

        office.signing_key()
        signing = export_signing_key(office.settings.keys_path, origin=ORIGIN,
                                     passphrase=PASSPHRASE, now=clock(), days=9)
        ensure_key(tmp_path / "k", ORIGIN)
        with pytest.raises(KeyBackupRefused, match="another key"):
            restore_signing_key(open_backup(signing, PASSPHRASE, clock()), tmp_path / "k",
                                origin=ORIGIN)
