"""`socai fixity` finds a changed byte and a missing blob (exit 1, event recorded) and passes a
sound store; `socai archive export` writes a register."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest
from typer.testing import CliRunner

from api.bootstrap import Office
from api.cli.main import app
from domain.archive.content import FixityRun, fold_fixity
from domain.archive.values import ItemKind
from infra.settings import Settings
from tests.support.archive import attach_bytes, register_out

runner = CliRunner()


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line reads its settings from the environment: point it at the test store."""
    monkeypatch.setenv("SOCAI_DATA_DIR", str(settings.data_dir))
    if settings.database_url:
        monkeypatch.setenv("SOCAI_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("SOCAI_DATABASE_URL", raising=False)
    monkeypatch.setenv("SOCAI_LOG_FORMAT", "console")


def fixity_runs(office: Office) -> list[FixityRun]:
    office.projections.catch_up()
    with office.store.db.read() as cur:
        cur.execute("SELECT record_id FROM record_events WHERE event_type = ? ORDER BY position",
                    ("FixityRun.FixityChecked",))
        ids = [r[0] for r in cur.fetchall()]
    return [office.archive.load(UUID(i), fold_fixity) for i in ids]


@pytest.fixture
def two_blobs(office: Office) -> tuple[str, str]:
    doc = register_out(office)
    first = attach_bytes(office, ItemKind.OUTGOING, doc, b"%PDF-1.7 first", "a.pdf")
    second = attach_bytes(office, ItemKind.OUTGOING, doc, b"%PDF-1.7 second", "b.pdf")
    return first, second


@pytest.mark.usefixtures("cli_env")
class TestFixity:
    def test_a_sound_store_passes(self, office: Office, two_blobs: tuple[str, str]) -> None:
        """Every blob re-hashes: exit 0, one FixityChecked event with no failures."""
        result = runner.invoke(app, ["fixity"])
        assert result.exit_code == 0, result.output
        [run] = fixity_runs(office)
        assert (run.checked, run.mismatched, run.missing) == (2, (), ())

    def test_a_changed_byte_is_found(self, office: Office, two_blobs: tuple[str, str]) -> None:
        """One flipped byte: exit 1 and the event names the blob."""
        first, _ = two_blobs
        path = office.blobs.path(first)
        data = bytearray(path.read_bytes())
        data[3] ^= 0x01
        path.write_bytes(bytes(data))
        result = runner.invoke(app, ["fixity"])
        assert result.exit_code == 1
        [run] = fixity_runs(office)
        assert (run.mismatched, run.missing) == ((first,), ())

    def test_a_missing_blob_is_found(self, office: Office, two_blobs: tuple[str, str]) -> None:
        """A deleted blob: exit 1 and the event names it as missing."""
        _, second = two_blobs
        office.blobs.path(second).unlink()
        result = runner.invoke(app, ["fixity"])
        assert result.exit_code == 1
        [run] = fixity_runs(office)
        assert (run.mismatched, run.missing) == ((), (second,))

    def test_the_run_acts_as_the_fixity_checker(self, office: Office,
                                                two_blobs: tuple[str, str]) -> None:
        """Background work acts as its own named system actor."""
        runner.invoke(app, ["fixity"])
        office.projections.catch_up()
        with office.store.db.read() as cur:
            cur.execute("SELECT u.username FROM record_events e JOIN users u ON u.user_id = "
                        "e.actor_id AND u.valid_to IS NULL WHERE e.event_type = ?",
                        ("FixityRun.FixityChecked",))
            assert cur.fetchone() == ("fixity-checker",)


@pytest.mark.usefixtures("cli_env")
class TestExport:
    def test_export_writes_the_register(self, office: Office, tmp_path: Path) -> None:
        """`socai archive export outgoing --format csv` writes the Vietnamese-headed CSV."""
        register_out(office)
        target = tmp_path / "so-di.csv"
        result = runner.invoke(app, ["archive", "export", "outgoing", "--format", "csv",
                                     "--out", str(target)])
        assert result.exit_code == 0, result.output
        text = target.read_text(encoding="utf-8-sig")
        assert text.startswith('"Số, ký hiệu văn bản"')
        assert "01-CV/VPTU" in text
