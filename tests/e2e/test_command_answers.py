"""What commands answer: the versions of every record they changed, and the special answers that
go through the same pipeline (a number taken, a token minted once)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from api.bootstrap import Office
from api.cli.main import app as cli
from infra.settings import Settings
from tests.e2e.conftest import Api

DRAFT = {"document_type": "NQ", "title": "Về chuyển đổi số", "issuer": "TU",
         "drafting_unit": "VP"}


def issued(api: Api) -> dict[str, object]:
    created = api.post("leader", "/directives", DRAFT).json()
    url = f"/directives/{created['id']}"
    api.post("leader", f"{url}/appraise", {"passed": True}, version=1)
    answer = api.post("clerk", f"{url}/issue", {
        "issued_on": "2026-03-02", "signer": "Trần Thị Hoa", "signer_title": "Bí thư"}, version=2)
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


class TestEveryChangedRecordsVersion:
    def test_assigning_a_task_says_the_directives_new_version(self, api: Api) -> None:
        """The answer's ``versions`` has the new assignment and the directive it moved, so the
        next command to the directive needs no GET."""
        directive = issued(api)
        did = str(directive["id"])
        assigned = api.post("leader", f"/directives/{did}/assignments", {
            "task": "Báo cáo hằng quý", "lead_unit": "VP", "assigned_on": "2026-03-02",
            "deadline": "2026-06-30"}, version=3)
        assert assigned.status_code == 201, assigned.text
        body = assigned.json()
        directive_now = api.get("leader", f"/directives/{did}")
        assert body["versions"][did] == int(directive_now.headers["etag"].strip('"'))
        assert body["versions"][body["id"]] == body["version"] == 1

    def test_issuing_answers_the_number_and_the_series_it_moved(self, api: Api) -> None:
        """The number taken is in the answer; the numbering series' version too."""
        body = issued(api)
        assert body["number_symbol"] == "01-NQ/TU"
        assert len(body["versions"]) == 2  # type: ignore[arg-type]


class TestTheCommandLineGoesThroughThePipeline:
    def test_an_actor_outside_the_commands_row_is_refused(
            self, office: Office, settings: Settings, api: Api,
            monkeypatch: pytest.MonkeyPatch) -> None:
        """`socai users add --actor clerk`: the role table applies (403 forbidden, exit 1)."""
        monkeypatch.setenv("SOCAI_DATA_DIR", str(settings.data_dir))
        if settings.database_url:
            monkeypatch.setenv("SOCAI_DATABASE_URL", settings.database_url)
        else:
            monkeypatch.delenv("SOCAI_DATABASE_URL", raising=False)
        result = CliRunner().invoke(cli, ["users", "add", "x1", "--name", "A", "--role", "clerk",
                                          "--unit", "VP", "--actor", "clerk"])
        assert result.exit_code == 1
        assert "forbidden" in result.output
        admin = CliRunner().invoke(cli, ["users", "add", "x2", "--name", "A", "--role", "clerk",
                                         "--unit", "VP", "--actor", "admin", "--no-token"])
        assert admin.exit_code == 0, admin.output
