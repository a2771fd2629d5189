"""Input has bounds at the edge: each bound is a 4xx problem+json, never a 5xx, and writes nothing."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode
from uuid import UUID

import pytest

from api.bootstrap import Office
from projections.query import encode_cursor
from tests.e2e.conftest import Api
from tests.support.served import Served
from tests.support.snapshot import snapshot

INT64_MAX = 2**63 - 1
DOCUMENT = {"document_type": "NQ", "title": "Về chuyển đổi số", "issuer": "TU",
            "drafting_unit": "VP"}


def openapi(api: Api) -> dict[str, Any]:
    spec: dict[str, Any] = api.client.app.openapi()  # type: ignore[attr-defined]
    return spec


def _schema(param: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = param["schema"]
    return next((s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"), schema)


def get_queries(api: Api) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path with fresh ids, query parameter name, its schema) for every GET query parameter."""
    for path, operations in openapi(api)["paths"].items():
        op = operations.get("get")
        if op is None:
            continue
        concrete = path
        for p in op.get("parameters", []):
            if p["in"] == "path":
                value = "incoming" if p["name"] in ("name", "kind") else (
                    "0" * 64 if p["name"] == "sha256" else str(UUID(int=7)))
                concrete = concrete.replace("{" + p["name"] + "}", value)
        for p in op.get("parameters", []):
            if p["in"] == "query":
                yield concrete, p["name"], _schema(p)


def assert_refused(r: Any, status: int | tuple[int, ...] = 422) -> dict[str, Any]:
    statuses = status if isinstance(status, tuple) else (status,)
    assert r.status_code in statuses, (r.request.url, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = r.json()
    return body


class TestIntegers:
    def test_every_integer_parameter_and_body_field_is_bounded(self, api: Api) -> None:
        """The OpenAPI gives every integer query parameter and body field a minimum and a maximum
        of at most 2⁶³−1, so no integer reaches a store that cannot hold it."""
        spec = openapi(api)
        loose = [f"{path}?{name}" for path, name, s in get_queries(api)
                 if s.get("type") == "integer"
                 and ("minimum" not in s or s.get("maximum", INT64_MAX + 1) > INT64_MAX)]
        for name, model in spec["components"]["schemas"].items():
            if not name.endswith(("Out", "Page", "Result")):
                for field, s in model.get("properties", {}).items():
                    s = _schema({"schema": s})
                    if s.get("type") == "integer" and s.get("maximum", INT64_MAX + 1) > INT64_MAX:
                        loose.append(f"{name}.{field}")
        assert loose == []

    def test_above_two_to_the_63_is_422_on_every_route(self, api: Api, office: Office) -> None:
        """Every integer parameter of every GET route, given 2⁶³ (once a 500): 422."""
        before = snapshot(office)
        for path, name, s in get_queries(api):
            if s.get("type") == "integer":
                assert_refused(api.get("leader", f"{path}?{name}={2**63}"))
        assert snapshot(office) == before

    def test_a_negative_cursor_is_422(self, api: Api) -> None:
        """`after` is a cursor: 0 or more."""
        for url in ("/events?after=-1", "/ledger/checkpoints?after=-1"):
            assert_refused(api.get("auditor", url))

    def test_a_position_is_at_least_1(self, api: Api) -> None:
        """A leaf's position and tree sizes start at 1: 0 is 422."""
        for url in ("/ledger/proofs/inclusion?position=0",
                    "/ledger/proofs/consistency?first=0&second=1"):
            assert_refused(api.get("auditor", url))

    def test_a_malformed_cursor_is_400(self, api: Api) -> None:
        """A cursor that is not one of ours: 400 bad-cursor."""
        body = assert_refused(api.get("leader", "/directives?cursor=not-a-cursor"), 400)
        assert body["type"] == "/problems/bad-cursor"


class TestDates:
    @pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
    def test_every_date_parameter_refuses_the_ends_of_the_calendar(
        self, api: Api, office: Office, value: str,
    ) -> None:
        """Every date and date-time query parameter of every GET route, given year 1 or 9999
        (as_of=0001-01-01T00:00:00 was a 500): 422, nothing written."""
        before = snapshot(office)
        checked = 0
        for path, name, s in get_queries(api):
            if s.get("format") in ("date", "date-time"):
                given = value if s["format"] == "date" else f"{value}T00:00:00"
                assert_refused(api.get("leader", f"{path}?{urlencode({name: given})}"))
                checked += 1
        assert checked > 40
        assert snapshot(office) == before

    def test_an_evaluation_date_out_of_range_names_the_range(self, api: Api) -> None:
        """on=1989-12-31 is before SOCAI_EVALUATION_FIRST_YEAR (1990): the problem says the
        range."""
        body = assert_refused(api.get("leader", "/assignments?on=1989-12-31"))
        assert body["type"] == "/problems/evaluation-date-out-of-range"
        assert (body["first"], body["last"]) == ("1990-01-01", "2028-12-31")

    def test_a_body_date_has_the_wide_range(self, api: Api, office: Office) -> None:
        """A business date in a body far outside 1800–2199 is 422; nothing is written."""
        before = snapshot(office)
        body = {**DOCUMENT, "number": 3, "issued_on": "0001-01-01", "signer": "Nguyễn Văn A",
                "signer_title": "Bí thư"}
        assert_refused(api.post("leader", "/directives/import", body), (403, 422))
        assert_refused(api.post("clerk", "/petitions", {
            "channel": "post", "received_on": "0001-01-01", "summary": "Đơn"}))
        assert snapshot(office) == before


class TestIfMatch:
    @pytest.mark.parametrize("value", ['"99999999999999999999999"', '"abc"', '"+5"', "W/\"-1\""])
    def test_a_version_that_is_not_one_is_400(self, api: Api, office: Office,
                                              value: str) -> None:
        """If-Match too large (once a 500), not digits, signed or negative: 400
        if-match-invalid, nothing written."""
        created = api.post("leader", "/directives", DOCUMENT)
        assert created.status_code == 201, created.text
        before = snapshot(office)
        r = api.post("leader", f"/directives/{created.json()['id']}/appraise", {"passed": True},
                     headers={"If-Match": value})
        assert assert_refused(r, 400)["type"] == "/problems/if-match-invalid"
        assert snapshot(office) == before


class TestText:
    @pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b"])
    def test_a_control_character_in_a_body_is_422(self, api: Api, office: Office,
                                                  char: str) -> None:
        """NUL and the other C0/C1 controls in a body's text: 422 naming the field, nothing
        written."""
        before = snapshot(office)
        body = assert_refused(api.post("leader", "/directives",
                                       {**DOCUMENT, "title": f"Về{char}chuyển đổi số"}))
        assert "title" in body["detail"]
        assert snapshot(office) == before

    def test_tab_and_line_breaks_are_text(self, api: Api) -> None:
        """Tab and line feed stay allowed in free text."""
        r = api.post("leader", "/directives", {**DOCUMENT, "summary": "Dòng 1\n\tDòng 2"})
        assert r.status_code == 201, r.text

    @pytest.mark.parametrize("char", ["%00", "%07", "%C2%85", "%7F"])
    def test_a_control_character_in_a_query_or_path_is_422(self, api: Api, office: Office,
                                                           char: str) -> None:
        """A NUL in a text filter was a 500 on PostgreSQL: now 422 naming the parameter, for
        query text and path text alike."""
        before = snapshot(office)
        for url in (f"/directives?q=a{char}b", f"/petitions?status={char}",
                    f"/archive/registers/incoming?unit={char}",
                    f"/inspection/case-files/units/VP{char}"):
            body = assert_refused(api.get("leader", url))
            assert body["errors"][0]["problem"] == "control_character"
        assert snapshot(office) == before

    @pytest.mark.parametrize("mark", ["\u202e", "\u202a", "\u200f", "\u2066", "\u061c"])
    def test_bidirectional_marks_are_refused_in_codes_and_titles(
        self, api: Api, office: Office, mark: str,
    ) -> None:
        """U+202E and the other bidirectional marks in a unit code or a title: 422."""
        before = snapshot(office)
        assert_refused(api.post("admin", "/reference/units", {"code": f"VP{mark}1",
                                                              "name": "Văn phòng"}))
        assert_refused(api.post("leader", "/directives", {**DOCUMENT,
                                                          "title": f"Về {mark}chuyển đổi"}))
        assert snapshot(office) == before

    def test_q_matches_percent_and_underscore_literally(self, api: Api, office: Office) -> None:
        """`q=%` finds the title with a percent sign only (it matched everything); `q=_` finds
        the title with an underscore only."""
        titles = ["Tăng 50% tỷ lệ", "Mã_số hồ sơ", "Về chuyển đổi số"]
        for title in titles:
            assert api.post("leader", "/directives", {**DOCUMENT, "title": title}
                            ).status_code == 201
        office.projections.catch_up()

        def found(q: str) -> list[str]:
            r = api.get("leader", f"/directives?q={quote(q)}")
            assert r.status_code == 200, r.text
            return [i["title"] for i in r.json()["items"]]

        assert found("%") == ["Tăng 50% tỷ lệ"]
        assert found("_") == ["Mã_số hồ sơ"]
        assert found("\\") == []
        assert sorted(found("")) == sorted(titles)


class TestLongUrls:
    def test_a_url_over_the_limit_is_414(self, api: Api, office: Office) -> None:
        """A path + query longer than SOCAI_MAX_URL_BYTES (8 KiB): 414 problem+json."""
        before = snapshot(office)
        body = assert_refused(api.get("leader", "/directives?q=" + "a" * 9000), 414)
        assert body["type"] == "/problems/uri-too-long"
        assert snapshot(office) == before

    def test_a_200_kb_url_is_414_through_a_real_server(self, office: Office) -> None:
        """Through uvicorn with the options of `socai serve`, a 200 KB URL is answered 414 (the
        server's default request-line limit reset the connection)."""
        with Served(office) as port:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/directives?q=" + "a" * 200_000)
            response = conn.getresponse()
            assert response.status == 414
            assert response.getheader("content-type") == "application/problem+json"
            conn.close()


class TestCursors:
    @pytest.mark.parametrize("values", [["a\x00b", "x"], [{"x": 1}, 2], [[1], 2], [1]])
    def test_an_altered_cursor_is_400_never_reaches_the_store(self, api: Api,
                                                              values: list[Any]) -> None:
        """A cursor of the right list with a NUL, an object, a list, or the wrong number of
        values (once a 500 on PostgreSQL): 400 bad-cursor."""
        cursor = encode_cursor("directives:title", values)
        body = assert_refused(api.get("leader", f"/directives?sort=title&cursor={cursor}"), 400)
        assert body["type"] == "/problems/bad-cursor"
