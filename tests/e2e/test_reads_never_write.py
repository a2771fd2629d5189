"""Reads never write: every GET route, with the parameter shapes that used to write, leaves every
table as it was; calendar years are adopted ahead of need, and a year that is not is a 422 naming
the command to run."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.bootstrap import Office
from api.cli.main import app as cli
from api.startup import CalendarKeeper
from domain.petitions.errors import CalendarYearNotAdopted
from infra.settings import Settings
from tests.e2e.conftest import Api
from tests.support.inspection import Story, office_on_clock, story
from tests.support.office import Clock, ctx_for
from tests.support.petitions import LEADER
from tests.support.snapshot import snapshot

ADOPTED_AT_START = 2027 - 1990 + 1  # the test clock is in 2026: 1990 through next year


@pytest.fixture
def office(settings: Settings, clock: Clock) -> Iterator[Office]:
    with office_on_clock(settings, clock) as o:
        yield o


@pytest.fixture
def told(office: Office, clock: Clock, api: Api) -> Story:
    told = story(office, clock)
    assert api.post("admin", "/ledger/checkpoints").status_code == 201  # case files need one
    office.projections.catch_up()
    return told


#: Extra values tried for each query parameter a route has (the shapes of issue 10, finding 8).
SHAPES: dict[str, list[str]] = {
    "on": ["2026-06-01", "1951-06-01", "9999-12-31", "2028-06-01"],
    "as_of": ["2026-03-05T00:00:00", "0001-01-01T00:00:00"],
    "at_position": ["0", "3", str(2**63)],
    "as_known_at": ["2026-03-05T00:00:00+07:00", "1951-06-01T00:00:00"],
    "business_as_of": ["2026-03-01", "1951-01-01"],
    "within": ["5"],
    "after": ["0", str(2**63)],
    "q": ["%", "_"],
}


def _sample(schema: dict[str, Any]) -> str:
    """A valid value for a required parameter of this schema."""
    schema = next((s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"), schema)
    if "enum" in schema:
        return str(schema["enum"][0])
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "integer":
        return str(max(int(schema.get("minimum", 1)), 1) if "maximum" not in schema
                   else min(max(int(schema.get("minimum", 1)), 2026), int(schema["maximum"])))
    if fmt == "date":
        return "2026-03-15"
    if fmt == "date-time":
        return "2026-03-15T00:00:00"
    return "x"


def get_routes(client: TestClient, told: Story) -> list[tuple[str, dict[str, str], list[str]]]:
    """Every GET route: its path with ids filled in, its required query, its optional names."""
    ids: dict[str, str] = {
        "petition_id": str(told.petition), "directive_id": str(told.directive),
        "assignment_id": str(told.assignment), "record_id": str(told.directive),
        "name": "incoming", "unit": "UBKT", "kind": "incoming", "sha256": "0" * 64,
    }
    routes = []
    for path, operations in client.app.openapi()["paths"].items():  # type: ignore[attr-defined]
        op = operations.get("get")
        if op is None:
            continue
        required: dict[str, str] = {}
        optional: list[str] = []
        for p in op.get("parameters", []):
            if p["in"] == "path":
                path = path.replace("{" + p["name"] + "}", ids.get(p["name"], str(uuid4())))
            elif p["in"] == "query" and p.get("required"):
                required[p["name"]] = _sample(p["schema"])
            elif p["in"] == "query":
                optional.append(p["name"])
        routes.append((path, required, optional))
    return routes


class TestEveryGetRoute:
    def test_no_get_changes_any_table(self, api: Api, office: Office, told: Story) -> None:
        """Every GET route, for every role and with each parameter shape, answers below 500 and
        leaves the log head, the number of adopted years and every table's rows unchanged."""
        before = snapshot(office)
        assert before.base_years == ADOPTED_AT_START
        calls = 0
        for path, required, optional in get_routes(api.client, told):
            shapes = [required] + [{**required, name: value} for name in optional
                                   for value in SHAPES.get(name, [])]
            for role in ("leader", "inspector", "auditor", "clerk", "admin"):
                for query in shapes if role in ("leader", "inspector") else shapes[:1]:
                    r = api.get(role, f"{path}?{urlencode(query)}" if query else path)
                    calls += 1
                    assert r.status_code < 500, (path, query, role, r.text[:300])
        after = snapshot(office)
        assert calls > 300
        assert (after.head, after.events, after.base_years) == (
            before.head, before.events, before.base_years)
        assert before.changed_tables(after) == []


class TestCalendarYears:
    def test_start_up_adopts_every_year_through_next_year_once(self, api: Api,
                                                               office: Office) -> None:
        """The first start adopts 1990 through next year; a second start adopts nothing."""
        first = snapshot(office)
        with TestClient(create_app(office=office, background=False)):
            pass
        second = snapshot(office)
        assert first.base_years == second.base_years == ADOPTED_AT_START
        assert second.head == first.head

    def test_evaluation_dates_out_of_range_are_422_and_write_nothing(
        self, api: Api, office: Office, told: Story,
    ) -> None:
        """on=1951-06-01 and on=9999-12-31 (which once wrote a year, then crashed) are 422
        evaluation-date-out-of-range; nothing is written."""
        before = snapshot(office)
        for day in ("1951-06-01", "9999-12-31", "0001-01-01"):
            r = api.get("leader", f"/petitions/board?on={day}")
            assert r.status_code == 422, r.text[:300]
            assert r.json()["type"] == "/problems/evaluation-date-out-of-range"
        assert snapshot(office) == before

    def test_a_year_not_adopted_is_422_naming_the_command(
        self, api: Api, office: Office, told: Story, settings: Settings,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """2028 is in the evaluation range but not adopted: 422 calendar-year-not-adopted, the
        detail gives the command; once `socai calendar adopt-years` ran, the same read is 200 and
        the command wrote exactly one year."""
        url = "/petitions/board?on=2028-06-01&within=5"
        before = snapshot(office)
        r = api.get("leader", url)
        assert r.status_code == 422, r.text
        problem = r.json()
        assert problem["type"] == "/problems/calendar-year-not-adopted"
        assert "socai calendar adopt-years --from 2028 --through 2028" in problem["detail"]
        assert snapshot(office) == before
        monkeypatch.setenv("SOCAI_DATA_DIR", str(settings.data_dir))
        if settings.database_url:
            monkeypatch.setenv("SOCAI_DATABASE_URL", settings.database_url)
        done = CliRunner().invoke(cli, ["calendar", "adopt-years", "--from", "2028",
                                        "--through", "2028"])
        assert done.exit_code == 0, done.output
        assert snapshot(office).base_years == before.base_years + 1
        assert api.get("leader", url).status_code == 200

    def test_the_keeper_adopts_next_year_when_the_year_turns(self, api: Api, office: Office,
                                                              clock: Clock) -> None:
        """On 2 January 2027 the keeper adopts 2028, and only it; a second tick adopts nothing."""
        clock.now = datetime(2027, 1, 2, 3, 0, tzinfo=UTC)
        keeper = CalendarKeeper(office)
        assert keeper.tick() == (2028,)
        assert keeper.tick() == ()

    def test_only_a_command_adopts_a_year_on_need(self, api: Api, office: Office) -> None:
        """A view of 1985 raises CalendarYearNotAdopted and writes nothing; the calendar a
        command computes with adopts 1985 (a command may write)."""
        before = snapshot(office)
        with pytest.raises(CalendarYearNotAdopted):
            office.legal_calendar.working_calendar().is_working_day(date(1985, 5, 2))
        assert snapshot(office) == before
        assert office.legal_calendar.working_calendar(adopt=True).is_working_day(
            date(1985, 5, 2))
        assert snapshot(office).base_years == before.base_years + 1


class TestCaseFilesNeverSign:
    def test_without_a_running_signer_a_case_file_waits_for_no_one(
        self, api: Api, office: Office, told: Story,
    ) -> None:
        """The directive's assignment changed after the last checkpoint: its case file is 503
        checkpoint-pending with Retry-After (no signer runs in this app); nothing is written."""
        extended_after_checkpoint(office, told)
        before = snapshot(office)
        r = api.get("inspector", f"/inspection/case-files/directives/{told.directive}"
                                 "?on=2026-06-01")
        assert r.status_code == 503, r.text[:300]
        assert r.json()["type"] == "/problems/checkpoint-pending"
        assert int(r.headers["Retry-After"]) >= 1
        after = snapshot(office)
        assert before.changed_tables(after) == []
        assert after == before

    def test_with_the_signer_running_the_signer_signs_as_itself(
        self, office: Office, told: Story, tokens: dict[str, str],
    ) -> None:
        """With the server's signer running, the case file is 200: the signer was asked and
        signed as `ledger-signer`."""
        extended_after_checkpoint(office, told)
        before = office.checkpoints.latest()
        with TestClient(create_app(office=office, background=True)) as client:
            r = client.get(f"/inspection/case-files/directives/{told.directive}?on=2026-06-01",
                           headers={"Authorization": f"Bearer {tokens['inspector']}"})
            assert r.status_code == 200, r.text[:300]
            latest = office.checkpoints.latest()
        assert before is not None
        assert latest is not None
        assert latest.tree_size > before.tree_size
        (signed,) = office.checkpoints.history(after_version=latest.version - 1, limit=1)
        assert signed.actor.username == "ledger-signer"


def extended_after_checkpoint(office: Office, told: Story) -> None:
    d = office.directives
    d.extend(ctx_for(office, LEADER, "Chờ kết luận của Thường trực"), told.assignment,
             d.get_assignment(told.assignment).version, new_deadline=date(2026, 6, 30))
    office.projections.catch_up()
