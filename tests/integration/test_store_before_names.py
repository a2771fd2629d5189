"""A store, a bundle and two case files made by the release before stable event names
(tests/data/stores/v0-before-security.tar.gz): they still verify, every record still reads, and
events appended now, under names, sit beside the old module-path topics in one verifiable log."""

from __future__ import annotations

import tarfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent
from typer.testing import CliRunner

from api.bootstrap import Office, open_office
from api.cli.main import app as cli
from api.inspection.casefile import Scope, Subject, build, signer_context
from domain.actors import Role, Secrecy
from domain.event_names import EVENT_NAMES
from domain.folds import fold_for
from infra.ledger import casefile
from infra.ledger.bundle import dump_bundle
from infra.ledger.export import export_bundle, record_events
from infra.ledger.keys import PUBLIC_KEY_FILE
from infra.ledger.topics import is_module_path
from infra.ledger.verifier import main as verify_offline
from infra.ledger.verifier import verify_bundle
from infra.settings import Settings
from tests.support.office import actor, ctx_for

ARCHIVE = Path(__file__).resolve().parents[1] / "data" / "stores" / "v0-before-security.tar.gz"
#: The directive of the kept bundle and case file (issued, disseminated, two tasks, inspected).
DIRECTIVE = UUID("bbb285b4-08ea-4605-bef8-0c60e58bbfa4")
ISSUED_FILES = ("bundle-directive.json", "casefile-directive.zip", "casefile-petition.zip")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The kept store, unpacked afresh (it is never changed in place)."""
    with tarfile.open(ARCHIVE) as tar:
        tar.extractall(tmp_path / "v0", filter="data")
    return tmp_path / "v0"


@pytest.fixture
def office(data_dir: Path) -> Iterator[Office]:
    """The kept store opened by this release, as `socai serve` opens it."""
    o = open_office(Settings(data_dir=data_dir, pdf_renderer="off"))  # type: ignore[call-arg]
    try:
        yield o
    finally:
        o.close()


@pytest.fixture
def run(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("SOCAI_DATA_DIR", str(data_dir))
    monkeypatch.delenv("SOCAI_DATABASE_URL", raising=False)
    monkeypatch.setenv("SOCAI_PDF_RENDERER", "off")
    return CliRunner()


def stored_topics(office: Office) -> list[str]:
    with office.store.db.read() as cur:
        cur.execute("SELECT e.topic FROM office_log l JOIN stored_events e ON e.originator_id = "
                    "l.originator_id AND e.originator_version = l.originator_version "
                    "ORDER BY l.position")
        return [str(r[0]) for r in cur.fetchall()]


def record_ids(office: Office) -> list[UUID]:
    with office.store.db.read() as cur:
        cur.execute("SELECT DISTINCT originator_id FROM stored_events")
        return [office.store.db.dialect.uuid_value(r[0]) for r in cur.fetchall()]


def offline(path: Path, key: Path) -> int:
    """`python -m infra.ledger.verifier FILE --key KEY`: the exit code."""
    return verify_offline([str(path), "--key", str(key)])


def extend_directive(office: Office) -> None:
    """Record an amendment of the kept directive now: its history mixes old and new topics."""
    d = office.directives.get(DIRECTIVE)
    assert d.issued_on is not None
    office.directives.amend(ctx_for(office, actor(Role.LEADER)), DIRECTIVE, d.version,
                            reference="09-QĐ/TU", summary="Bổ sung điểm 3",
                            amended_on=d.issued_on)


class TestFilesIssuedBeforeNames:
    @pytest.mark.parametrize("name", ISSUED_FILES)
    def test_each_still_verifies_offline(self, data_dir: Path, name: str) -> None:
        """The kept bundle and both case files verify with the standalone verifier (exit 0)."""
        assert offline(data_dir / name, data_dir / "keys" / PUBLIC_KEY_FILE) == 0

    def test_the_case_files_carry_class_paths(self, data_dir: Path) -> None:
        """What makes them old: module-path topics, and history types that are class paths."""
        case = casefile.load((data_dir / "casefile-directive.zip").read_bytes())
        record = case["content"]["records"][0]
        assert record["events"][0]["topic"] == "domain.directives.model:Directive.Drafted"
        assert record["history"][0]["type"] == "Directive.Drafted"


class TestTheStoreReads:
    def test_every_stored_topic_is_an_alias(self, office: Office) -> None:
        """Nothing in the kept store has a name yet; every topic reads through the table."""
        topics = stored_topics(office)
        assert all(is_module_path(t) for t in topics)
        assert {EVENT_NAMES.read(t).version for t in topics} == {1}

    def test_every_record_folds(self, office: Office) -> None:
        """Every event of every record decodes, and each record folds to its last version."""
        folded: dict[str, int] = {}
        for rid in record_ids(office):
            state: Any = None
            rows = record_events(office.store.db, rid)
            for row in rows:
                event = office.mapper.to_domain_event(
                    StoredEvent(rid, row.version, row.topic, row.payload))
                fold = fold_for(event)
                assert fold is not None, type(event)
                state = fold.apply(state, event)
            assert state.version == len(rows)
            folded[type(state).__name__] = folded.get(type(state).__name__, 0) + 1
        assert {"Directive", "Assignment", "Petition", "User", "Ledger"} <= set(folded)

    def test_the_read_models_rebuild_from_it(self, office: Office) -> None:
        """Dropping every read model and rebuilding decodes every event again."""
        office.projections.rebuild()
        assert office.projections.head() == len(stored_topics(office))

    def test_socai_verify_passes(self, office: Office, run: CliRunner) -> None:
        """The whole store verifies from its raw rows, witness file included."""
        result = run.invoke(cli, ["verify", "--jobs", "1"])
        assert result.exit_code == 0, result.output


class TestOldAndNewTopicsInOneLog:
    def test_new_events_are_stored_under_names_and_the_log_verifies(
        self, office: Office, run: CliRunner
    ) -> None:
        """An amendment and a checkpoint appended now are stored as names after 808 module-path
        topics; `socai checkpoint` and `socai verify` pass over the mixed log."""
        extend_directive(office)
        assert run.invoke(cli, ["checkpoint"]).exit_code == 0
        topics = stored_topics(office)
        assert topics[-2:] == ["directive.amended@1", "ledger.checkpoint_signed@1"]
        assert all(is_module_path(t) for t in topics[:-2])
        result = run.invoke(cli, ["verify", "--jobs", "1"])
        assert result.exit_code == 0, result.output

    def test_a_bundle_of_mixed_topics_verifies_offline(self, office: Office) -> None:
        """The directive's bundle now holds seven old topics and one name, all proven."""
        extend_directive(office)
        bundle = export_bundle(db=office.store.db, tree=office.tree,
                               checkpoints=office.checkpoints, signer=office.signer,
                               sign_as=lambda: signer_context(office),
                               verifier=office.signing_key().verifier, record_id=DIRECTIVE)
        assert [is_module_path(e["topic"]) for e in bundle["events"]] == [True] * 7 + [False]
        assert verify_bundle(dump_bundle(bundle), office.signing_key().verifier).versions == 8

    def test_a_case_file_of_mixed_topics_verifies_offline(self, office: Office) -> None:
        """A case file made now names every event by its stable name, old topics included."""
        extend_directive(office)
        office.projections.catch_up()
        scope = Scope(position=office.projections.head(), on=date(2026, 12, 6),
                      readable=tuple(s.value for s in Secrecy), generated_by="test")
        case = build(office, Subject("directive", str(DIRECTIVE)), scope,
                     lambda: signer_context(office))
        history = case["content"]["records"][0]["history"]
        assert [h["type"] for h in history][::7] == ["directive.drafted", "directive.amended"]
        report = casefile.verify_case_file(casefile.dump_zip(case),
                                           office.signing_key().verifier)
        assert report.events >= 8
