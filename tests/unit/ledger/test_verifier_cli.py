"""`python -m infra.ledger.verifier FILE [--key PUBKEYFILE]`: exit 0 ok, 1 refused, 2 usage."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from infra.ledger.bundle import dump_bundle
from infra.ledger.note import VerifierKey
from infra.ledger.verifier import main

from .synthetic import ORIGIN, synthetic_log

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def office_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def files(tmp_path: Path, office_key: Ed25519PrivateKey) -> tuple[Path, Path]:
    """A bundle file and the office's .pub file (the verifier key line and a newline)."""
    bundle = tmp_path / "bundle.json"
    bundle.write_bytes(dump_bundle(synthetic_log(12, {2, 5, 11}).bundle(office_key)))
    key = tmp_path / "ledger-ed25519.pub"
    vkey = VerifierKey.from_public_key(ORIGIN, office_key.public_key())
    key.write_text(vkey.to_text() + "\n")
    return bundle, key


class TestCommandLine:
    def test_a_good_bundle_exits_0_and_names_the_key(
        self, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With --key, a clean bundle exits 0 and prints what it proves and the key used."""
        bundle, key = files
        assert main([str(bundle), "--key", str(key)]) == 0
        out = capsys.readouterr().out
        assert "versions 1..3 at positions 2, 5, 11" in out
        assert key.read_text().strip() in out
        assert "NOT pinned" not in out

    def test_without_a_key_it_warns_that_nothing_was_pinned(
        self, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --key the embedded key is used, with a warning."""
        assert main([str(files[0])]) == 0
        assert "NOT pinned" in capsys.readouterr().out

    def test_a_tampered_bundle_exits_1_with_the_position(
        self, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A changed payload exits 1 and names the event's position on stderr."""
        bundle, key = files
        data = json.loads(bundle.read_text())
        data["events"][1]["payload"] = "e30="
        bundle.write_text(json.dumps(data))
        assert main([str(bundle), "--key", str(key)]) == 1
        assert "REFUSED: event at position 5" in capsys.readouterr().err

    def test_usage_errors_exit_2(self, files: tuple[Path, Path], tmp_path: Path) -> None:
        """No argument, a missing file, or a malformed key file exit 2."""
        bundle, _ = files
        bad_key = tmp_path / "bad.pub"
        bad_key.write_text("not a key\n")
        assert main([]) == 2
        assert main([str(tmp_path / "missing.json")]) == 2
        assert main([str(bundle), "--key", str(bad_key)]) == 2

    def test_runs_as_a_module(self, files: tuple[Path, Path]) -> None:
        """`python -m infra.ledger.verifier` is the same command."""
        bundle, key = files
        run = subprocess.run(
            [sys.executable, "-m", "infra.ledger.verifier", str(bundle), "--key", str(key)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout.startswith("verified: record")
