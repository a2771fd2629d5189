"""The role × command table: documented, and enforced over HTTP cell by cell."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from api.bootstrap import Office
from api.permissions import PERMISSIONS, ROLE_ORDER, markdown
from domain.actors import Secrecy
from tests.e2e.conftest import Api
from tests.support.office import event_count

DOCS = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


#: Commands whose refusal is itself recorded (an access-audit event), so the generic walk cannot
#: expect "403 and nothing written"; each has its own tests (tests/e2e/test_petitions_http.py).
RECORDED_REFUSALS = {"petition.reveal"}


def command_routes(api: Api, *, recorded: bool = False) -> list[tuple[str, str, str]]:
    """(method, path, command) of every route that names the permission it checks."""
    spec = api.client.get("/openapi.json").json()
    found = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if "x-command" in op and bool(op.get("x-refusal-recorded")) == recorded:
                found.append((method, path, op["x-command"]))
    return found


def concrete(path: str) -> str:
    """Fill path parameters with values that name nothing (the check comes before any lookup)."""
    return re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-0000000000aa", path)


class TestTheTableIsDocumented:
    def test_docs_permissions_md_is_generated_from_the_code(self) -> None:
        """docs/permissions.md equals `socai permissions --markdown`."""
        assert DOCS.read_text(encoding="utf-8") == markdown()

    def test_every_command_route_names_a_known_permission(self, api: Api) -> None:
        """A route cannot name a command missing from the table."""
        routes = command_routes(api)
        assert routes
        assert {command for _, _, command in routes} <= set(PERMISSIONS)

    def test_only_the_listed_commands_record_their_refusals(self, api: Api) -> None:
        """The walk below skips exactly the commands whose refusal is an audit event."""
        assert {c for _, _, c in command_routes(api, recorded=True)} == RECORDED_REFUSALS


class TestTheTableIsEnforced:
    def test_every_cell(self, api: Api, office: Office) -> None:
        """For each command route and each role: refused roles get 403 and write nothing;
        allowed roles get past the permission check (any answer but 403)."""
        failures: list[str] = []
        for method, path, command in command_routes(api):
            for role in ROLE_ORDER:
                before = event_count(office)
                response: Any = api.client.request(
                    method.upper(), concrete(path), json={},
                    headers={**api.headers(role.value), "If-Match": '"1"'},
                )
                allowed = role in PERMISSIONS[command]
                refused = response.status_code == 403
                if allowed == refused:
                    failures.append(f"{role.value} {method.upper()} {path}: {response.status_code}")
                if refused and event_count(office) != before:
                    failures.append(f"{role.value} {method.upper()} {path}: 403 but wrote")
                if refused and response.json()["type"] != "/problems/forbidden":
                    failures.append(f"{role.value} {path}: wrong problem type")
        assert failures == []


class TestClearance:
    @pytest.mark.parametrize("level", list(Secrecy))
    def test_a_reader_sees_records_up_to_their_clearance(self, api: Api, level: Secrecy) -> None:
        """The leader (tối mật) reads up to tối mật; the uncleared leader only unclassified."""
        created = api.post("leader", "/directives", {
            "document_type": "CT", "title": "Về bảo vệ bí mật", "issuer": "TU",
            "drafting_unit": "VP", "secrecy": level.value})
        if not Secrecy.TOI_MAT.covers(level):
            assert created.status_code == 403
            return
        record = f"/directives/{created.json()['id']}"
        assert api.get("leader", record).status_code == 200
        expected = 200 if Secrecy.NONE.covers(level) else 403
        assert api.get("uncleared_leader", record).status_code == expected
