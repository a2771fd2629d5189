"""The command line of operations: a fresh store verifies, `socai demo` ends signed, `socai backup`
/ `--check` / `socai restore` / `socai verify` / `socai fixity` in a row, key backups."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from api.cli.main import app as cli
from infra.settings import Settings
from tests.support.backup import StoreMaker, empty_stores

PASSPHRASE = "cụm mật khẩu thử nghiệm"


@pytest.fixture
def stores(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> StoreMaker:
    url = request.getfixturevalue("second_pg_url") if backend == "postgres" else None
    return empty_stores(tmp_path / "more", url)


class Shell:
    """Runs `socai` against one store or another, as an operator would by changing the
    environment."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.runner = CliRunner()

    def use(self, settings: Settings) -> Shell:
        env = self.monkeypatch
        env.setenv("SOCAI_DATA_DIR", str(settings.data_dir))
        env.setenv("SOCAI_LEDGER_ORIGIN", settings.ledger_origin)
        env.setenv("SOCAI_PG_POOL_SIZE", "2")
        if settings.database_url:
            env.setenv("SOCAI_DATABASE_URL", settings.database_url)
        else:
            env.delenv("SOCAI_DATABASE_URL", raising=False)
        return self

    def __call__(self, *args: str) -> Result:
        return self.runner.invoke(cli, list(args))


@pytest.fixture
def socai(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Shell:
    return Shell(monkeypatch).use(settings)


def add_user(socai: Shell, name: str = "vanthu.lan") -> None:
    result = socai("users", "add", name, "--name", "Nguyễn Thị Lan", "--role", "clerk", "--unit",
                   "VP", "--no-token")
    assert result.exit_code == 0, result.output


class TestAFreshStoreVerifies:
    def test_no_key_and_no_checkpoint_yet(self, socai: Shell, settings: Settings) -> None:
        """A store with events but no key and no checkpoint: everything it can is checked, it says
        plainly that nothing is signed yet, exit 0, and no key is made by verifying."""
        add_user(socai)
        result = socai("verify", "--jobs", "1")
        assert result.exit_code == 0, result.output
        assert "Chưa có điểm kiểm tra nào được ký" in result.output
        assert "no signed checkpoint exists yet" in result.output
        assert not (settings.keys_path / "ledger-ed25519.pem").exists()

    def test_a_signed_log_without_its_key_cannot_be_checked(self, socai: Shell,
                                                            settings: Settings) -> None:
        """Once something is signed, verifying without a key is refused (exit 2), not passed."""
        add_user(socai)
        assert socai("checkpoint").exit_code == 0
        (settings.keys_path / "ledger-ed25519.pub").unlink()
        result = socai("verify", "--jobs", "1")
        assert result.exit_code == 2, result.output

    def test_the_demo_ends_with_a_key_and_a_signed_checkpoint(self, socai: Shell,
                                                              settings: Settings) -> None:
        result = socai("demo")
        assert result.exit_code == 0, result.output
        assert (settings.keys_path / "ledger-ed25519.pem").exists()
        assert (settings.data_dir / "ledger" / "checkpoint").exists()
        verified = socai("verify", "--jobs", "1")
        assert verified.exit_code == 0, verified.output
        assert "checkpoints: 1 verified" in verified.output


class TestBackupAndRestore:
    def test_backup_check_restore_verify_fixity(self, socai: Shell, settings: Settings,
                                                stores: StoreMaker, tmp_path: Path) -> None:
        """The documented sequence, each step exit 0."""
        add_user(socai)
        assert socai("checkpoint").exit_code == 0
        backed = socai("backup", "--out", str(tmp_path / "b"))
        assert backed.exit_code == 0, backed.output
        checked = socai("backup", "--check", str(tmp_path / "b"), "--key",
                        str(settings.keys_path / "ledger-ed25519.pub"))
        assert checked.exit_code == 0, checked.output
        assert checked.output.rstrip().endswith("OK")
        socai.use(stores("restored"))
        restored = socai("restore", "--from", str(tmp_path / "b"))
        assert restored.exit_code == 0, restored.output
        for step in (("verify", "--jobs", "1"), ("fixity",)):
            result = socai(*step)
            assert result.exit_code == 0, result.output
        again = socai("restore", "--from", str(tmp_path / "b"))
        assert again.exit_code == 1
        assert "not empty" in again.output

    def test_verify_shows_a_forced_restore(self, socai: Shell, settings: Settings,
                                           stores: StoreMaker, tmp_path: Path) -> None:
        """After a forced restore, `socai verify` shows the statement, and a copy of the abandoned
        checkpoint handed to it is reported as declared abandoned, not as a truncation."""
        add_user(socai)
        assert socai("checkpoint").exit_code == 0
        assert socai("backup", "--out", str(tmp_path / "b")).exit_code == 0
        add_user(socai, "vanthu.hoa")
        assert socai("checkpoint").exit_code == 0
        published = tmp_path / "published-checkpoint"
        published.write_bytes((settings.data_dir / "ledger" / "checkpoint").read_bytes())
        target = stores("t")
        target.keys_path.mkdir(parents=True)
        for name in ("ledger-ed25519.pem", "ledger-ed25519.pub"):
            (target.keys_path / name).write_bytes((settings.keys_path / name).read_bytes())
        socai.use(target)
        refused = socai("restore", "--from", str(tmp_path / "b"), "--checkpoint", str(published))
        assert refused.exit_code == 1, refused.output
        forced = socai("restore", "--from", str(tmp_path / "b"), "--checkpoint", str(published),
                       "--force", "--reason", "Khôi phục sau sự cố ổ đĩa")
        assert forced.exit_code == 0, forced.output
        assert "ABANDONED" in forced.output
        verified = socai("verify", "--jobs", "1", "--checkpoint", str(published))
        assert verified.exit_code == 0, verified.output
        assert "restore statement (version 1)" in verified.output
        assert "declared abandoned" in verified.output


class TestKeyBackups:
    @pytest.fixture
    def passphrase(self, tmp_path: Path) -> Path:
        path = tmp_path / "passphrase"
        path.write_text(PASSPHRASE + "\n")
        return path

    def test_petition_keys_and_the_signing_key_apart(
            self, socai: Shell, settings: Settings, passphrase: Path, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> None:
        """Two files, 0600, never overwritten; the signing key is restored only when asked."""
        add_user(socai)
        assert socai("checkpoint").exit_code == 0
        petition_keys, signing_key = tmp_path / "petition-keys.bak", tmp_path / "signing-key.bak"
        common = ("--passphrase-file", str(passphrase))
        assert socai("keys", "backup", "--out", str(petition_keys), *common).exit_code == 0
        assert socai("keys", "backup", "--out", str(signing_key), "--signing-key",
                     *common).exit_code == 0
        assert socai("keys", "backup", "--out", str(signing_key), *common).exit_code == 1
        assert {p.stat().st_mode & 0o777 for p in (petition_keys, signing_key)} == {0o600}
        monkeypatch.setenv("SOCAI_KEY_DIR", str(tmp_path / "new-keys"))
        unasked = socai("keys", "restore", "--from", str(signing_key), *common)
        assert unasked.exit_code == 1
        assert not (tmp_path / "new-keys" / "ledger-ed25519.pem").exists()
        asked = socai("keys", "restore", "--from", str(signing_key), "--signing-key", *common)
        assert asked.exit_code == 0, asked.output
        assert (tmp_path / "new-keys" / "ledger-ed25519.pem").read_bytes() == \
            (settings.keys_path / "ledger-ed25519.pem").read_bytes()
        assert socai("keys", "restore", "--from", str(petition_keys), *common).exit_code == 0
