"""Every route × every role, generated from the OpenAPI and the command table: 403 ``forbidden``
exactly when the role is not in the route's row of ``api/permissions.py`` (= docs/permissions.md),
never a 5xx; and every by-id route and command answers 404 ``record-not-found`` for an id of every
other record kind."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from api.bootstrap import Office
from api.commands.table import COMMANDS
from api.permissions import PERMISSIONS, ROLE_ORDER
from tests.e2e.conftest import Api
from tests.support.kinds import one_of_each
from tests.support.office import Clock, event_count

NOWHERE = "00000000-0000-0000-0000-0000000000aa"
SAMPLE = {"integer": "1", "number": "1", "boolean": "true", "string": "x"}
FORMATS = {"uuid": NOWHERE, "date": "2026-03-02", "date-time": "2026-03-02T09:00:00+07:00"}


def operations(api: Api) -> list[tuple[str, str, dict[str, Any]]]:
    spec = api.client.get("/openapi.json").json()
    return [(method.upper(), path, op) for path, item in spec["paths"].items()
            for method, op in item.items()]


def sample(schema: dict[str, Any]) -> str:
    """A valid-looking value for a parameter's schema (it names nothing that exists)."""
    for option in schema.get("anyOf", []):
        if option.get("type") != "null":
            return sample(option)
    if "enum" in schema:
        return str(schema["enum"][0])
    if "const" in schema:
        return str(schema["const"])
    if schema.get("format") in FORMATS:
        return FORMATS[schema["format"]]
    if schema.get("type") == "integer" and "minimum" in schema:
        return str(max(int(schema["minimum"]), 1) if schema["minimum"] < 2000 else 2026)
    return SAMPLE.get(str(schema.get("type")), "x")


def url_of(path: str, op: dict[str, Any], given: dict[str, str] | None = None) -> str:
    values = {p["name"]: sample(p["schema"]) for p in op.get("parameters", [])
              if p["in"] == "path"}
    values.update(given or {})
    url = re.sub(r"\{([^}]+)\}", lambda m: values[m.group(1)], path)
    query = [f"{p['name']}={sample(p['schema'])}" for p in op.get("parameters", [])
             if p["in"] == "query" and p.get("required")]
    return url + ("?" + "&".join(query) if query else "")


def call(api: Api, role: str, method: str, url: str) -> Any:
    return api.client.request(method, url, json={} if method == "POST" else None,
                              headers={**api.headers(role), "If-Match": '"1"'})


class TestEveryRouteForEveryRole:
    def test_the_matrix(self, api: Api, office: Office) -> None:
        """One request per (route, role): 403 forbidden iff the role is outside the route's
        permission row; a refusal writes nothing; nothing is ever a 5xx."""
        failures: list[str] = []
        cells = 0
        for method, path, op in operations(api):
            permission = op.get("x-command") or op.get("x-permission")
            url = url_of(path, op)
            for role in ROLE_ORDER:
                cells += 1
                before = event_count(office)
                response = call(api, role.value, method, url)
                status = response.status_code
                forbidden = status == 403 and response.json().get("type") == "/problems/forbidden"
                expected = (permission is not None and not op.get("x-refusal-recorded")
                            and role not in PERMISSIONS[permission])
                where = f"{role.value} {method} {path}: {status}"
                if status >= 500:
                    failures.append(f"{where} {response.text[:200]}")
                elif forbidden != expected:
                    failures.append(where)
                elif forbidden and event_count(office) != before:
                    failures.append(f"{where} but wrote")
        assert failures == []
        assert cells >= 130 * len(ROLE_ORDER)

    def test_every_route_names_its_permission_or_is_open_to_all(self, api: Api) -> None:
        """A route without a permission row is one every authenticated caller may use (who am
        I) or a public one; everything else says which row gates it."""
        ungated = {f"{m} {p}" for m, p, op in operations(api)
                   if not (op.get("x-command") or op.get("x-permission"))}
        assert ungated <= {"GET /users/me", "GET /healthz", "GET /readyz"}

    def test_every_command_of_the_table_is_a_route_or_command_line_only(self, api: Api) -> None:
        """The generated routes are exactly the table's HTTP commands, each with its row."""
        routes = {(p, op["x-command-name"]) for m, p, op in operations(api)
                  if "x-command-name" in op}
        assert routes == {(s.path, s.name) for s in COMMANDS if s.http}
        assert all(s.permission in PERMISSIONS for s in COMMANDS)


class TestAnIdOfAnotherKindIsNotFound:
    def test_every_by_id_route_and_command(self, api: Api, office: Office, clock: Clock) -> None:
        """Each route whose path names a record of one kind, called with the id of a record
        of every other kind: 404 record-not-found (never a 500, never the other record)."""
        ids = {kind: str(record_id) for kind, record_id in one_of_each(office, clock).items()}
        office.projections.catch_up()
        failures: list[str] = []
        tried = 0
        for method, path, op in operations(api):
            declared = op.get("x-target-kind")
            if not declared:
                continue
            kind = declared.split("|")[0]  # a kind chosen by a path parameter: the first
            permission = op.get("x-command") or op["x-permission"]
            role = next((r.value for r in ROLE_ORDER if r in PERMISSIONS[permission]), "leader")
            for other, record_id in ids.items():
                if other == kind:
                    continue
                tried += 1
                url = url_of(path, op, {op["x-target-param"]: record_id, "kind": kind})
                response = call(api, role, method, url)
                if (response.status_code, response.json().get("type")) != (
                        404, "/problems/record-not-found"):
                    failures.append(f"{method} {path} with a {other}: {response.status_code} "
                                    f"{response.text[:120]}")
        assert failures == []
        assert tried > 60 * (len(ids) - 1)

    def test_an_id_of_the_right_kind_gets_past_the_check(self, api: Api, office: Office,
                                                          clock: Clock) -> None:
        """The same walk's control: the record's own kind is found (no 404 for the id)."""
        ids = one_of_each(office, clock)
        office.projections.catch_up()
        for kind, path in (("directive", "/directives/{}"), ("assignment", "/assignments/{}"),
                           ("petition", "/petitions/{}"), ("incoming", "/archive/incoming/{}"),
                           ("outgoing", "/archive/outgoing/{}"), ("file", "/archive/files/{}"),
                           ("access-request", "/archive/access-requests/{}"),
                           ("disposal", "/archive/disposals/{}")):
            assert api.get("leader", path.format(ids[kind])).status_code == 200, kind
        assert isinstance(ids["directive"], UUID)
