"""The inspection commission over HTTP: reports for an evaluation date, case files to take away
(verified with the served key), the command line's check, and who may ask."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.bootstrap import Office
from api.cli.main import app as cli
from infra.ledger import casefile
from infra.ledger.note import VerifierKey
from infra.settings import Settings
from tests.e2e.conftest import Api
from tests.support.inspection import Story, office_on_clock, story
from tests.support.office import Clock

ON = "2026-06-01"


@pytest.fixture
def office(settings: Settings, clock: Clock) -> Iterator[Office]:
    """The office of every fixture here records time by the test's clock."""
    with office_on_clock(settings, clock) as o:
        yield o


@pytest.fixture
def told(office: Office, clock: Clock, api: Api) -> Story:
    return story(office, clock)


def report(api: Api, name: str, query: str = "") -> list[Any]:
    r = api.get("inspector", f"/inspection/reports/{name}?on={ON}{query}")
    assert r.status_code == 200, r.text
    items: list[Any] = r.json()["items"]
    return items


class TestInspectionReports:
    def test_overdue_work_clock_changes_reveals_and_anomalies(self, api: Api,
                                                              told: Story) -> None:
        """The extended assignment is overdue for UBKT on 1 June; both extensions are listed
        with their reasons; the inspector's reading of the identity is flagged (not a handler);
        actions count per actor."""
        (unit,) = report(api, "overdue-assignments")
        assert (unit["unit"], [i["assignment_id"] for i in unit["items"]]) == (
            "UBKT", [str(told.assignment)])
        changes = report(api, "clock-changes")
        assert {(c["event_type"], c["reason"]) for c in changes} == {
            ("Petition.Extended", "Cần xác minh thêm tại cơ sở"),
            ("Assignment.DeadlineExtended", "Chờ ý kiến Thường trực")}
        (case,) = report(api, "reveals")
        assert [(i["username"], i["flagged"]) for i in case["items"]] == [("kiemtra-test", 1)]
        kinds = {a["kind"] for a in report(api, "anomalies", "&extensions=1")}
        assert kinds == {"many_extensions", "reveal_outside_handlers"}
        assert {a["username"] for a in report(api, "actions")} >= {"lanhdao-test", "kiemtra-test"}

    def test_a_backdated_receipt_is_listed_with_its_gap(self, api: Api, told: Story) -> None:
        """The petition received on 2 March and entered on 4 March: two days backdated."""
        rows = [r for r in report(api, "backdated", "&min_days=2")
                if r["event_type"] == "Petition.Received"]
        assert [(r["record_id"], r["days_backdated"], r["source"]) for r in rows] == [
            (str(told.petition), 2, "business_time")]

    def test_roles_outside_inspection_are_refused(self, api: Api, told: Story) -> None:
        """A clerk gets 403 for a report and for a case file."""
        for url in ("/inspection/reports/anomalies",
                    f"/inspection/case-files/petitions/{told.petition}"):
            assert api.get("clerk", url).status_code == 403, url


class TestCaseFilesOverHttp:
    def test_a_zip_case_file_verifies_with_the_served_key_and_on_the_command_line(
        self, api: Api, told: Story, tmp_path: Path, settings: Settings,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """The auditor downloads a directive's case file; it verifies offline under the office
        key; `socai verify-case-file` says 0, and 1 for the same file with a byte changed."""
        assert api.post("admin", "/ledger/checkpoints").status_code == 201  # a read never signs
        r = api.get("auditor", f"/inspection/case-files/directives/{told.directive}?format=zip"
                               f"&on={ON}")
        assert (r.status_code, r.headers["content-type"]) == (200, "application/zip")
        key = VerifierKey.parse(api.get("auditor", "/ledger/public-key").json()["verifier_key"])
        assert casefile.verify_case_file(r.content, key).records == 2
        (tmp_path / "case.zip").write_bytes(r.content)
        case = casefile.load(r.content)
        case["content"]["deadlines"][0]["due"] = "2026-12-31"  # type: ignore[index]
        (tmp_path / "forged.json").write_bytes(casefile.dump_json(case))
        (tmp_path / "office.pub").write_text(key.to_text() + "\n")
        monkeypatch.setenv("SOCAI_DATA_DIR", str(settings.data_dir))
        run = CliRunner()
        pub = str(tmp_path / "office.pub")
        good = run.invoke(cli, ["verify-case-file", str(tmp_path / "case.zip"), "--key", pub])
        assert good.exit_code == 0, good.output
        bad = run.invoke(cli, ["verify-bundle", str(tmp_path / "forged.json"), "--key", pub])
        assert bad.exit_code == 1
        assert "REFUSED: seal: the content" in bad.output
