"""A record's history over HTTP: who, when (both axes), why, the change each event made, whether
its stored hashes hold; and the difference between two versions."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.bootstrap import Office
from tests.e2e.conftest import Api
from tests.e2e.test_petitions_http import IDENTITY, leaks


def _draft_and_revise(api: Api) -> str:
    """A directive drafted and revised; the read models have caught up with it."""
    r = api.post("specialist", "/directives", {
        "document_type": "NQ", "title": "Về chuyển đổi số", "summary": "Dự thảo lần đầu",
        "issuer": "TU", "drafting_unit": "VP", "secrecy": "none"})
    assert r.status_code == 201, r.text
    did = str(r.json()["id"])
    r = api.post("specialist", f"/directives/{did}/revise", {
        "title": "Về đẩy mạnh chuyển đổi số", "summary": "Dự thảo lần hai", "secrecy": "none"},
        version=1)
    assert r.status_code == 200, r.text
    assert api.get("auditor", f"/directives?min_position={r.json()['position']}").status_code == 200
    return did


def _history(api: Api, record_id: str) -> dict[str, Any]:
    r = api.get("auditor", f"/records/{record_id}/history")
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


class TestHistory:
    def test_each_event_shows_its_actor_and_the_fields_it_changed(self, api: Api) -> None:
        """The revision lists the title and summary with before and after, by the specialist."""
        did = _draft_and_revise(api)
        events = _history(api, did)["events"]
        assert [e["type"] for e in events] == ["directive.drafted", "directive.revised"]
        revised = events[1]
        assert revised["actor"]["username"] == "specialist"
        assert {c["field"]: (c["before"], c["after"]) for c in revised["changes"]} == {
            "title": ("Về chuyển đổi số", "Về đẩy mạnh chuyển đổi số"),
            "summary": ("Dự thảo lần đầu", "Dự thảo lần hai")}
        assert revised["summary"]
        assert revised["recorded_at"]

    def test_verification_status_follows_the_rows_and_the_checkpoints(
        self, api: Api, office: Office
    ) -> None:
        """Not yet signed, then verified once a checkpoint covers it, altered once its row is
        changed in the database."""
        did = _draft_and_revise(api)
        assert {e["verification"]["status"] for e in _history(api, did)["events"]} == {
            "not_yet_signed"}
        assert api.post("admin", "/ledger/checkpoints").status_code == 201
        assert {e["verification"]["status"] for e in _history(api, did)["events"]} == {"verified"}
        key = office.store.db.dialect.uuid_param(UUID(did))
        with office.store.db.write() as cur:
            cur.execute("SELECT state FROM stored_events WHERE originator_id = ? AND "
                        "originator_version = 2", (key,))
            row = cur.fetchone()
            assert row is not None
            forged = bytes(row[0]).replace("lần hai".encode(), "lần ba".encode())
            cur.execute("UPDATE stored_events SET state = ? WHERE originator_id = ? AND "
                        "originator_version = 2", (forged, key))
        statuses = [e["verification"]["status"] for e in _history(api, did)["events"]]
        assert statuses == ["verified", "altered"]

    def test_encrypted_identity_shows_only_that_it_changed(self, api: Api) -> None:
        """The petition's identity is listed as encrypted, with no plaintext anywhere."""
        r = api.post("clerk", "/petitions", {
            "channel": "post", "received_on": "2026-03-02", "summary": "Phản ánh thu phí",
            "identity": IDENTITY})
        assert r.status_code == 201, r.text
        response = api.get("auditor", f"/records/{r.json()['id']}/history?min_position="
                                       f"{r.json()['position']}")
        created = response.json()["events"][0]["changes"]
        (identity,) = [c for c in created if c["field"] == "identity"]
        assert identity["encrypted"] is True
        assert identity["ciphertext_changed"] is True
        assert "before" not in identity
        assert "after" not in identity
        assert leaks(response.text) == []


class TestDiff:
    def test_two_versions_are_compared_field_by_field(self, api: Api) -> None:
        """from=0 lists what the record was created with; from=1&to=2 only what the revision
        changed, with the events in between."""
        did = _draft_and_revise(api)
        body = api.get("auditor", f"/records/{did}/diff?from=1&to=2").json()
        assert [c["field"] for c in body["changes"]] == ["title", "summary"]
        assert [e["version"] for e in body["events"]] == [2]
        created = api.get("auditor", f"/records/{did}/diff?from=0&to=1").json()
        assert {"document_type", "title", "status"} <= {c["field"] for c in created["changes"]}

    def test_versions_outside_the_record_are_refused(self, api: Api) -> None:
        """422 problem+json for a version past the last one, or from > to."""
        did = _draft_and_revise(api)
        for query in ("from=0&to=3", "from=2&to=1"):
            r = api.get("auditor", f"/records/{did}/diff?{query}")
            assert r.status_code == 422, query
            assert r.json()["type"] == "/problems/version-out-of-range"
