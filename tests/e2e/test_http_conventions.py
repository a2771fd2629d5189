"""HTTP conventions: problem+json for bad input with nothing written, If-Match, idempotency,
pagination, read-your-writes, the event feed, NFC text."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from api.bootstrap import Office
from tests.e2e.conftest import Api
from tests.support.office import event_count

DRAFT = {"document_type": "CT", "title": "Về tăng cường kỷ luật", "issuer": "TU",
         "drafting_unit": "VP"}


def is_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("/problems/")
    assert body["detail"]
    return body


def create(api: Api, **overrides: Any) -> dict[str, Any]:
    response = api.post("leader", "/directives", {**DRAFT, **overrides})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


class TestBadInputChangesNothing:
    @pytest.mark.parametrize(
        ("content", "status", "code"),
        [
            (b'{"document_type": "CT", "title": ', 400, "malformed-json"),
            (b'{"document_type": 5, "title": [], "issuer": "TU", "drafting_unit": "VP"}', 422,
             "validation-failed"),
            (b'{"document_type": "CT", "title": "x", "issuer": "TU", "drafting_unit": "VP", '
             b'"colour": "red"}', 422, "validation-failed"),
            (b"", 422, "validation-failed"),
            (b'{"document_type": "CT", "title": "\xff\xfe", "issuer": "TU", '
             b'"drafting_unit": "VP"}', 400, "malformed-json"),
            (b'{"document_type": "CT", "title": "   ", "issuer": "TU", "drafting_unit": "VP"}',
             422, "validation-failed"),
        ],
        ids=["malformed", "wrong-types", "unknown-field", "empty", "invalid-utf8", "blank-title"],
    )
    def test_refused_with_a_problem(self, api: Api, office: Office, content: bytes, status: int,
                                    code: str) -> None:
        """Each bad body gets a clear 4xx problem+json and the event count is unchanged."""
        before = event_count(office)
        response = api.post("leader", "/directives", content=content,
                            headers={"Content-Type": "application/json"})
        assert is_problem(response, status)["type"] == f"/problems/{code}"
        assert event_count(office) == before

    def test_a_ten_megabyte_body_is_refused(self, api: Api, office: Office) -> None:
        """Bodies over the limit are refused with 413 before they reach a route."""
        before = event_count(office)
        big = b'{"title": "' + b"a" * (10 * 1024 * 1024) + b'"}'
        response = api.post("leader", "/directives", content=big,
                            headers={"Content-Type": "application/json"})
        is_problem(response, 413)
        assert event_count(office) == before

    def test_a_domain_refusal_names_its_rule(self, api: Api, office: Office) -> None:
        """A refused transition is 409 with the rule's problem type; nothing written."""
        created = create(api)
        before = event_count(office)
        response = api.post("leader", f"/directives/{created['id']}/disseminate",
                            {"disseminated_on": "2026-03-09", "form": "Hội nghị"}, version=1)
        assert is_problem(response, 409)["type"] == "/problems/directive-not-issued"
        assert event_count(office) == before

    def test_an_unknown_record_is_404(self, api: Api) -> None:
        """A well-formed id that names nothing gives a problem, not a crash."""
        response = api.get("leader", "/directives/00000000-0000-0000-0000-000000000001")
        assert is_problem(response, 404)["type"] == "/problems/record-not-found"

    def test_no_token_is_401(self, api: Api) -> None:
        """Requests without a bearer token are refused with WWW-Authenticate."""
        response = api.client.get("/directives")
        is_problem(response, 401)
        assert response.headers["www-authenticate"].startswith("Bearer")

    def test_a_revoked_or_made_up_token_is_401(self, api: Api) -> None:
        """An unknown token never authenticates."""
        response = api.client.get("/directives", headers={"Authorization": "Bearer socai_nope"})
        is_problem(response, 401)


class TestIfMatch:
    def test_the_version_is_the_etag(self, api: Api) -> None:
        """GET answers the record's version as ETag; commands answer the new one."""
        created = create(api)
        got = api.get("leader", f"/directives/{created['id']}")
        assert got.headers["etag"] == '"1"'
        assert got.json()["version"] == 1

    def test_a_missing_if_match_is_428(self, api: Api, office: Office) -> None:
        """Commands to an existing record need If-Match."""
        created = create(api)
        before = event_count(office)
        response = api.post("leader", f"/directives/{created['id']}/appraise", {"passed": True})
        is_problem(response, 428)
        assert event_count(office) == before

    def test_a_wrong_if_match_is_412(self, api: Api, office: Office) -> None:
        """A stale version is refused with 412 and nothing written."""
        created = create(api)
        before = event_count(office)
        response = api.post("leader", f"/directives/{created['id']}/appraise", {"passed": True},
                            version=7)
        assert is_problem(response, 412)["type"] == "/problems/version-mismatch"
        assert event_count(office) == before

    def test_a_malformed_if_match_is_400(self, api: Api) -> None:
        """If-Match must be a quoted version."""
        created = create(api)
        response = api.post("leader", f"/directives/{created['id']}/appraise", {"passed": True},
                            headers={"If-Match": "yesterday"})
        is_problem(response, 400)


class TestIdempotency:
    def test_a_retry_returns_the_first_answer_and_writes_nothing(self, api: Api,
                                                                 office: Office) -> None:
        """Same key, same body: the same 201 and id, no new event."""
        headers = {"Idempotency-Key": "tao-chi-thi-001"}
        first = api.post("leader", "/directives", DRAFT, headers=headers)
        count = event_count(office)
        second = api.post("leader", "/directives", DRAFT, headers=headers)
        assert (second.status_code, second.json()) == (first.status_code, first.json())
        assert second.headers["idempotent-replayed"] == "true"
        assert event_count(office) == count

    def test_a_reused_key_with_another_body_is_refused(self, api: Api, office: Office) -> None:
        """Same key, different body: 422, nothing written."""
        headers = {"Idempotency-Key": "tao-chi-thi-002"}
        api.post("leader", "/directives", DRAFT, headers=headers)
        count = event_count(office)
        other = api.post("leader", "/directives", {**DRAFT, "title": "Khác"}, headers=headers)
        assert is_problem(other, 422)["type"] == "/problems/idempotency-key-reused"
        assert event_count(office) == count

    def test_keys_belong_to_their_caller(self, api: Api, office: Office) -> None:
        """Another user's identical key is a different request."""
        headers = {"Idempotency-Key": "chung"}
        first = api.post("leader", "/directives", DRAFT, headers=headers)
        second = api.post("specialist", "/directives", DRAFT, headers=headers)
        assert first.json()["id"] != second.json()["id"]


class TestPagination:
    def test_cursor_pages_cover_the_register_once(self, api: Api) -> None:
        """Walking pages of 2 visits every directive exactly once, in order."""
        created = [create(api, title=f"Chỉ thị số {i}") for i in range(5)]
        ids = {c["id"] for c in created}
        seen: list[str] = []
        url = f"/directives?limit=2&sort=title&min_position={created[-1]['position']}"
        while url:
            page = api.get("leader", url).json()
            seen += [item["directive_id"] for item in page["items"]]
            url = f"/directives?limit=2&sort=title&cursor={page['next_cursor']}" if page[
                "next_cursor"] else ""
        assert sorted(seen) == sorted(ids)
        assert len(seen) == len(set(seen))

    def test_a_bad_cursor_is_400(self, api: Api) -> None:
        """A cursor not made by the API is refused."""
        is_problem(api.get("leader", "/directives?cursor=not-a-cursor"), 400)


class TestReadYourWrites:
    def test_min_position_waits_for_the_projections(self, api: Api) -> None:
        """The register includes a new draft when asked with the command's position."""
        created = create(api)
        page = api.get("leader", f"/directives?sort=drafted&min_position={created['position']}")
        assert page.json()["items"][0]["directive_id"] == created["id"]


class TestEventFeed:
    def test_the_feed_is_in_log_order_and_hides_what_the_caller_may_not_see(
        self, api: Api
    ) -> None:
        """A secret (tối mật) draft is in the leader's feed; the uncleared leader gets a withheld
        placeholder at its position."""
        secret = create(api, secrecy="toi_mat")
        plain = create(api)
        position = plain["position"]
        cleared = api.get("leader", f"/events?after=0&limit=1000&min_position={position}").json()
        uncleared = api.get("uncleared_leader", "/events?after=0&limit=1000").json()
        positions = [e["position"] for e in cleared["items"]]
        assert positions == sorted(positions)
        assert [e["position"] for e in uncleared["items"]] == positions
        assert secret["id"] in {e["record_id"] for e in cleared["items"]}
        assert secret["id"] not in {e.get("record_id") for e in uncleared["items"]}
        assert plain["id"] in {e.get("record_id") for e in uncleared["items"]}
        assert uncleared["items"][secret["position"] - 1]["kind"] == "withheld"
        assert uncleared["next_after"] == cleared["next_after"]

    def test_a_secret_record_is_refused_to_an_uncleared_reader(self, api: Api) -> None:
        """Reading a record above one's clearance is 403."""
        secret = create(api, secrecy="toi_mat")
        response = api.get("uncleared_leader", f"/directives/{secret['id']}")
        assert is_problem(response, 403)["type"] == "/problems/clearance-too-low"


class TestVietnameseOverHttp:
    def test_text_round_trips_in_nfc(self, api: Api) -> None:
        """An NFD title comes back NFC, unchanged, from the record and the register."""
        title = "Về công tác dân vận ở xã Nậm Nhùn — Đồng chí Hoàng Thị Ngọc chủ trì"
        created = create(api, title=unicodedata.normalize("NFD", title))
        assert api.get("leader", f"/directives/{created['id']}").json()["title"] == title
        items = api.get("leader", f"/directives?min_position={created['position']}").json()["items"]
        assert [i["title"] for i in items if i["directive_id"] == created["id"]] == [title]


class TestOpenApi:
    def test_every_operation_is_documented(self, api: Api) -> None:
        """The OpenAPI document lists every route with a summary, and command bodies have
        examples."""
        spec = api.client.get("/openapi.json").json()
        operations = [(path, method, op) for path, item in spec["paths"].items()
                      for method, op in item.items()]
        assert len(operations) > 30
        assert all(op.get("summary") for _, _, op in operations)
        draft_schema = spec["components"]["schemas"]["DraftDirective"]
        assert draft_schema["properties"]["title"]["examples"]
