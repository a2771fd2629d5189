"""The office key pair in the key directory: created once, mode 0600, safe under concurrent starts."""

from __future__ import annotations

import multiprocessing
import stat
from pathlib import Path

import pytest

from infra.ledger.keys import (
    PRIVATE_KEY_FILE,
    PUBLIC_KEY_FILE,
    _write_new,
    ensure_key,
    load_key,
    read_verifier_key,
)
from infra.ledger.note import KeyFormatError, VerifierKey

ORIGIN = "vptu.example.vn/socai"


def _start(directory: str, go: object, out: object) -> None:
    go.wait()  # type: ignore[attr-defined]
    key, created = ensure_key(Path(directory), ORIGIN)
    out.put((key.verifier.to_text(), created))  # type: ignore[attr-defined]


class TestCreation:
    def test_creates_a_private_key_0600_and_a_verifier_key_line(self, tmp_path: Path) -> None:
        """The first call writes the PEM (0600) and the C2SP key line named for the origin."""
        key, created = ensure_key(tmp_path / "keys", ORIGIN)
        assert created
        pem = tmp_path / "keys" / PRIVATE_KEY_FILE
        assert stat.S_IMODE(pem.stat().st_mode) == 0o600
        assert pem.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
        line = (tmp_path / "keys" / PUBLIC_KEY_FILE).read_text()
        assert line == key.verifier.to_text() + "\n"
        assert VerifierKey.parse(line.strip()).name == ORIGIN

    def test_a_second_call_reads_the_same_key(self, tmp_path: Path) -> None:
        """The key is created once; later calls (and load_key) return it."""
        first, _ = ensure_key(tmp_path, ORIGIN)
        second, created = ensure_key(tmp_path, ORIGIN)
        assert not created
        assert second.verifier == first.verifier
        assert load_key(tmp_path, ORIGIN).verifier == first.verifier
        assert read_verifier_key(tmp_path / PUBLIC_KEY_FILE) == first.verifier

    def test_a_public_key_file_for_another_origin_is_refused(self, tmp_path: Path) -> None:
        """A .pub naming another origin (or another key) does not silently pass."""
        ensure_key(tmp_path, ORIGIN)
        with pytest.raises(KeyFormatError):
            load_key(tmp_path, "another.example/log")


    def test_a_verifier_key_without_its_private_key_makes_no_new_key(self, tmp_path: Path) -> None:
        """After a restore that brought back only the public key, no new key is made silently."""
        ensure_key(tmp_path, ORIGIN)
        (tmp_path / PRIVATE_KEY_FILE).unlink()
        with pytest.raises(KeyFormatError, match="restore the office key"):
            ensure_key(tmp_path, ORIGIN)
        assert not (tmp_path / PRIVATE_KEY_FILE).exists()


class TestConcurrentCreation:
    def test_the_loser_of_a_race_keeps_the_winners_file(self, tmp_path: Path) -> None:
        """Linking a finished temporary file onto an existing name fails and leaves no debris."""
        target = tmp_path / "f"
        assert _write_new(target, b"winner", 0o600)
        assert not _write_new(target, b"loser", 0o600)
        assert target.read_bytes() == b"winner"
        assert [p.name for p in tmp_path.iterdir()] == ["f"]

    def test_processes_starting_at_once_agree_on_one_key(self, tmp_path: Path) -> None:
        """Four processes released together all end up with the one key that was created."""
        ctx = multiprocessing.get_context("spawn")
        go, out = ctx.Event(), ctx.Queue()
        procs = [ctx.Process(target=_start, args=(str(tmp_path), go, out)) for _ in range(4)]
        for p in procs:
            p.start()
        go.set()
        results = [out.get(timeout=60) for _ in procs]
        for p in procs:
            p.join(timeout=60)
        assert len({text for text, _ in results}) == 1
        assert sum(created for _, created in results) == 1
        assert sorted(p.name for p in tmp_path.iterdir()) == [PRIVATE_KEY_FILE, PUBLIC_KEY_FILE]
        assert results[0][0] == load_key(tmp_path, ORIGIN).verifier.to_text()


class TestCommands:
    def test_init_show_and_export(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """`socai keys init` creates the pair once, `show` prints the line, `export` writes it."""
        from typer.testing import CliRunner

        from api.cli.main import app

        monkeypatch.setenv("SOCAI_DATA_DIR", str(tmp_path))
        monkeypatch.setenv("SOCAI_LEDGER_ORIGIN", ORIGIN)
        monkeypatch.delenv("SOCAI_KEY_DIR", raising=False)
        runner = CliRunner()
        first = runner.invoke(app, ["keys", "init"])
        assert first.exit_code == 0, first.output
        line = (tmp_path / "keys" / PUBLIC_KEY_FILE).read_text().strip()
        assert line in first.output
        again = runner.invoke(app, ["keys", "init"])
        assert "already present" in again.output
        assert line in runner.invoke(app, ["keys", "show"]).output
        out = tmp_path / "office.pub"
        assert runner.invoke(app, ["keys", "export", "--out", str(out)]).exit_code == 0
        assert out.read_text() == line + "\n"
