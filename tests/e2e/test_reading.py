"""By-id reads check the record's kind, and the clearance for its secrecy then and now."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Api

DRAFT = {"document_type": "NQ", "title": "Về công tác bảo vệ chính trị nội bộ", "issuer": "TU",
         "drafting_unit": "VP"}


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


class TestThenAndNow:
    def test_a_record_secret_then_is_refused_at_that_position(self, api: Api) -> None:
        """A draft that was Mật at position N and is unclassified now: live 200, at N 403."""
        created = ok(api.post("leader", "/directives", {**DRAFT, "secrecy": "mat"}), 201)
        url = f"/directives/{created['id']}"
        ok(api.post("leader", f"{url}/revise", {"secrecy": "none"}, version=1))
        assert api.get("uncleared_leader", url).status_code == 200
        then = api.get("uncleared_leader", f"{url}?at_position={created['position']}")
        assert (then.status_code, then.json()["type"]) == (403, "/problems/clearance-too-low")

    def test_a_record_secret_now_is_refused_at_every_position(self, api: Api) -> None:
        """Unclassified at N, Mật now: refused at N too."""
        created = ok(api.post("leader", "/directives", DRAFT), 201)
        url = f"/directives/{created['id']}"
        ok(api.post("leader", f"{url}/revise", {"secrecy": "mat"}, version=1))
        then = api.get("uncleared_leader", f"{url}?at_position={created['position']}")
        assert then.status_code == 403

    def test_an_assignment_takes_its_directives_secrecy_then(self, api: Api) -> None:
        """The parent's level as it stood at the position, and now."""
        created = ok(api.post("leader", "/directives", {**DRAFT, "secrecy": "mat"}), 201)
        url = f"/directives/{created['id']}"
        ok(api.post("leader", f"{url}/appraise", {"passed": True}, version=1))
        ok(api.post("clerk", f"{url}/issue", {"issued_on": "2026-03-02", "signer": "Trần Thị Hoa",
                                             "signer_title": "Bí thư"}, version=2))
        assignment = ok(api.post("leader", f"{url}/assignments", {
            "task": "Báo cáo", "lead_unit": "VP", "assigned_on": "2026-03-02",
            "deadline": "2026-06-30"}, version=3), 201)
        path = f"/assignments/{assignment['id']}?at_position={assignment['position']}"
        assert api.get("leader", path).status_code == 200
        assert api.get("uncleared_leader", path).status_code == 403

    def test_a_record_that_did_not_exist_then_is_not_found(self, api: Api) -> None:
        """At a position before its creation: 404 record-not-found."""
        created = ok(api.post("leader", "/directives", DRAFT), 201)
        r = api.get("leader", f"/directives/{created['id']}?at_position={created['position'] - 1}")
        assert (r.status_code, r.json()["type"]) == (404, "/problems/record-not-found")
