"""The `socai` command line over a real store."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli.main import app as cli
from infra.settings import Settings


@pytest.fixture
def run(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("SOCAI_DATA_DIR", str(settings.data_dir))
    if settings.database_url:
        monkeypatch.setenv("SOCAI_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("SOCAI_DATABASE_URL", raising=False)
    return CliRunner()


class TestUsers:
    def test_add_list_and_a_token_that_works(self, run: CliRunner, settings: Settings) -> None:
        """`users add` creates a user, `users list` shows it, `users token` mints a working token."""
        added = run.invoke(cli, ["users", "add", "vanthu.lan", "--name", "Nguyễn Thị Lan",
                                 "--role", "clerk", "--unit", "VP", "--no-token"])
        assert added.exit_code == 0, added.output
        listed = run.invoke(cli, ["users", "list"])
        assert "vanthu.lan" in listed.output
        token = run.invoke(cli, ["users", "token", "vanthu.lan"]).output.strip().splitlines()[-1]
        with TestClient(create_app(settings, background=False)) as client:
            me = client.get("/users/me", headers={"Authorization": f"Bearer {token}"})
        assert (me.status_code, me.json()["username"]) == (200, "vanthu.lan")

    def test_a_refusal_is_a_clean_message_and_exit_code(self, run: CliRunner) -> None:
        """A duplicate username exits 1 with the rule's name, no traceback."""
        args = ["users", "add", "trung", "--name", "A", "--role", "clerk", "--unit", "VP",
                "--no-token"]
        assert run.invoke(cli, args).exit_code == 0
        again = run.invoke(cli, args)
        assert again.exit_code == 1
        assert "username-taken" in again.output
        assert "Traceback" not in again.output

    def test_writes_act_as_the_named_actor(self, run: CliRunner) -> None:
        """--actor names an existing user; an unknown one is refused (exit 2)."""
        result = run.invoke(cli, ["users", "add", "x1", "--name", "A", "--role", "clerk",
                                  "--unit", "VP", "--actor", "nobody"])
        assert result.exit_code == 2


class TestDemo:
    def test_the_demo_loads_once(self, run: CliRunner, settings: Settings) -> None:
        """`socai demo` fills an empty store and prints tokens; a second run does nothing."""
        first = run.invoke(cli, ["demo"])
        assert first.exit_code == 0, first.output
        assert "socai_" in first.output
        second = run.invoke(cli, ["demo"])
        assert second.exit_code == 0
        assert "socai_" not in second.output
        with TestClient(create_app(settings, background=False)) as client:
            assert client.get("/healthz").json() == {"status": "ok"}
            assert client.app.state.office.projections.head() > 300

    def test_rebuild_reports_the_position(self, run: CliRunner) -> None:
        """`socai projections rebuild` rebuilds to the head."""
        run.invoke(cli, ["demo"])
        result = run.invoke(cli, ["projections", "rebuild"])
        assert result.exit_code == 0, result.output
        assert "Đã dựng lại" in result.output
