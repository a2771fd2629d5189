"""Idempotency-Key: claimed in the command's own append, scoped to the caller and the route, only
the receipt is kept; a credential is never kept, a reveal is never replayed; keys expire."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import Office, open_office
from domain.actors import Role, Secrecy
from infra.settings import Settings
from infra.store.receipts import ReceiptSweeper
from tests.e2e.conftest import Api, add_user
from tests.e2e.test_petitions_http import IDENTITY, scenario
from tests.support.office import Clock, event_count, seed_reference
from tests.support.petitions import PLAINTEXT_NAME

DRAFT = {"document_type": "CT", "title": "Về tăng cường kỷ luật", "issuer": "TU",
         "drafting_unit": "VP"}


def key(value: str) -> dict[str, str]:
    return {"Idempotency-Key": value}


def receipts(office: Office) -> list[tuple[Any, ...]]:
    with office.store.db.read() as cur:
        cur.execute("SELECT * FROM idempotency_receipts ORDER BY created_us")
        return [tuple(r) for r in cur.fetchall()]


def revealed(office: Office, petition_id: UUID) -> int:
    log = office.petitions.access_log(petition_id)
    return log.reveals if log else 0


class TestARetryWithTheSameKey:
    def test_answers_the_first_receipt_and_writes_nothing(self, api: Api, office: Office) -> None:
        """Same key, same body: the first 201, id, ETag, Location and position, replayed."""
        first = api.post("leader", "/directives", DRAFT, headers=key("k-1"))
        count = event_count(office)
        again = api.post("leader", "/directives", DRAFT, headers=key("k-1"))
        assert (again.status_code, again.json()) == (201, first.json())
        assert again.headers["idempotent-replayed"] == "true"
        for header in ("etag", "location", "x-log-position"):
            assert again.headers[header] == first.headers[header]
        assert event_count(office) == count

    def test_a_command_to_a_record_is_replayed_without_if_match_checks(
            self, api: Api, office: Office) -> None:
        """The retry of an appraisal (the record has moved on since) still gets its receipt."""
        created = api.post("leader", "/directives", DRAFT).json()
        url = f"/directives/{created['id']}/appraise"
        first = api.post("leader", url, {"passed": True}, version=1, headers=key("tham-dinh"))
        assert first.status_code == 200, first.text
        again = api.post("leader", url, {"passed": True}, version=1, headers=key("tham-dinh"))
        assert (again.status_code, again.json()) == (200, first.json())
        assert again.headers["etag"] == '"2"'

    def test_a_different_body_is_422_and_writes_nothing(self, api: Api, office: Office) -> None:
        """Same key, another request: idempotency-key-reused."""
        api.post("leader", "/directives", DRAFT, headers=key("k-2"))
        count = event_count(office)
        other = api.post("leader", "/directives", {**DRAFT, "title": "Khác"}, headers=key("k-2"))
        assert (other.status_code, other.json()["type"]) == (422, "/problems/idempotency-key-reused")
        assert event_count(office) == count

    def test_text_that_normalises_to_the_same_body_is_the_same_request(self, api: Api) -> None:
        """The fingerprint is of the validated body (NFC, trimmed), not of its bytes."""
        first = api.post("leader", "/directives", DRAFT, headers=key("k-nfc"))
        again = api.post("leader", "/directives", {**DRAFT, "title": f"  {DRAFT['title']} "},
                         headers=key("k-nfc"))
        assert again.json()["id"] == first.json()["id"]

    def test_a_malformed_key_is_400(self, api: Api, office: Office) -> None:
        """1 to 200 printable characters."""
        count = event_count(office)
        r = api.post("leader", "/directives", DRAFT, headers=key("x" * 201))
        assert (r.status_code, r.json()["type"]) == (400, "/problems/idempotency-key-invalid")
        assert event_count(office) == count


class TestKeysAreScoped:
    def test_two_users_never_share_a_key(self, api: Api) -> None:
        """The same key and body from another user is another request."""
        first = api.post("leader", "/directives", DRAFT, headers=key("chung"))
        second = api.post("specialist", "/directives", DRAFT, headers=key("chung"))
        assert (first.status_code, second.status_code) == (201, 201)
        assert first.json()["id"] != second.json()["id"]
        assert "idempotent-replayed" not in second.headers

    def test_two_routes_never_share_a_key(self, api: Api, office: Office) -> None:
        """The key is scoped to the route template: a draft and an incoming registration may
        use the same key."""
        draft = api.post("leader", "/directives", DRAFT, headers=key("cung-khoa"))
        incoming = api.post("clerk", "/archive/incoming", {
            "author": "Ban Tổ chức", "number_symbol": "1-CV/BTC", "document_type": "Công văn",
            "summary": "Về nhân sự"}, headers=key("cung-khoa"))
        assert (draft.status_code, incoming.status_code) == (201, 201)
        assert len(receipts(office)) == 2

    def test_a_replay_is_checked_like_a_command(self, api: Api, office: Office) -> None:
        """Authorisation and clearance come first: the same key after the record became secret
        is refused, not replayed."""
        created = api.post("uncleared_leader", "/directives", DRAFT).json()
        url = f"/directives/{created['id']}/revise"
        first = api.post("uncleared_leader", url, {"summary": "Bổ sung"}, version=1,
                         headers=key("sua"))
        assert first.status_code == 200
        raised = api.post("leader", url, {"secrecy": "mat"}, version=2)
        assert raised.status_code == 200, raised.text
        again = api.post("uncleared_leader", url, {"summary": "Bổ sung"}, version=1,
                         headers=key("sua"))
        assert (again.status_code, again.json()["type"]) == (403, "/problems/clearance-too-low")


class TestOnlyTheReceiptIsKept:
    def test_the_row_is_the_receipt_and_a_fingerprint(self, api: Api, office: Office) -> None:
        """Record id, versions of every record changed, positions, status, SHA-256s; no body,
        not even the key."""
        created = api.post("leader", "/directives", DRAFT).json()
        issued_to = f"/directives/{created['id']}"
        api.post("leader", f"{issued_to}/appraise", {"passed": True}, version=1)
        issued = api.post("clerk", f"{issued_to}/issue", {
            "issued_on": "2026-03-02", "signer": "Trần Thị Hoa", "signer_title": "Bí thư"},
            version=2, headers=key("ban-hanh-khoa-rieng")).json()
        ((principal, method, route, key_sha, fingerprint, status, record_id, versions,
          positions, _created),) = receipts(office)
        assert (method, route, status, record_id) == (
            "POST", "/directives/{directive_id}/issue", 200, created["id"])
        assert len(key_sha) == len(fingerprint) == 64
        assert "ban-hanh" not in "".join(map(str, (key_sha, fingerprint, versions)))
        assert issued["versions"] == json.loads(versions)
        assert len(issued["versions"]) == 2  # the directive and its numbering series
        assert json.loads(positions) == issued["positions"]
        assert principal == str(office.users.by_username("clerk").id)


class TestCredentialsAndReveals:
    def test_minting_a_token_with_a_key_is_refused(self, api: Api, office: Office) -> None:
        """400 idempotency-key-not-allowed: nothing minted, nothing kept."""
        user = office.users.by_username("clerk")
        count = event_count(office)
        r = api.post("admin", "/users/clerk/tokens", {"label": "thử"}, version=user.version,
                     headers=key("token-1"))
        assert (r.status_code, r.json()["type"]) == (400, "/problems/idempotency-key-not-allowed")
        assert event_count(office) == count
        assert receipts(office) == []

    def test_minting_without_a_key_answers_the_token_once(self, api: Api, office: Office) -> None:
        """201, the token, no-store; the receipts table stays empty."""
        user = office.users.by_username("clerk")
        r = api.post("admin", "/users/clerk/tokens", {"label": "thử"}, version=user.version)
        assert (r.status_code, r.headers["cache-control"]) == (201, "no-store")
        assert r.json()["token"].startswith("socai_")
        assert receipts(office) == []

    def test_a_reveal_with_a_key_runs_again_and_is_recorded_again(
            self, api: Api, office: Office, clock: Clock) -> None:
        """Each request with the same key reads the identity anew and is a new Revealed event;
        the identity is never stored as an answer."""
        pid, _ = scenario(api, clock)
        answers = [api.post("specialist", f"/petitions/{pid}/reveal", {"reason": "Xác minh"},
                            headers=key("xem-1")) for _ in range(2)]
        assert [a.status_code for a in answers] == [200, 200]
        assert all("idempotent-replayed" not in a.headers for a in answers)
        assert all(a.headers["cache-control"] == "no-store" for a in answers)
        assert revealed(office, pid) == 2
        assert receipts(office) == []
        assert IDENTITY["name"] == PLAINTEXT_NAME

    def test_no_table_holds_the_identity_or_a_token_after_keys_were_sent(
            self, api: Api, office: Office, clock: Clock) -> None:
        """The receipts table, searched as text, holds neither the identity nor a token."""
        pid, _ = scenario(api, clock)
        api.post("specialist", f"/petitions/{pid}/reveal", {"reason": "Xác minh"},
                 headers=key("xem-2"))
        user = office.users.by_username("clerk")
        token = api.post("admin", "/users/clerk/tokens", {}, version=user.version).json()["token"]
        api.post("leader", "/directives", DRAFT, headers=key("k-3"))
        text = repr(receipts(office))
        assert len(receipts(office)) == 1
        assert PLAINTEXT_NAME not in text
        assert token not in text


class TestExpiry:
    @pytest.fixture
    def timed(self, settings: Settings, clock: Clock) -> Iterator[tuple[Api, Office, list[int]]]:
        """An app whose log clock the test moves (receipts are stamped with the log's time)."""
        now = [int(datetime(2026, 3, 2, tzinfo=UTC).timestamp() * 1_000_000)]
        office = open_office(settings, clock=clock, log_clock=lambda: now[0])
        seed_reference(office)
        tokens = {"leader": add_user(office, "leader", Role.LEADER, Secrecy.TOI_MAT)}
        office.projections.catch_up()
        try:
            with TestClient(create_app(office=office, background=False)) as client:
                yield Api(client, tokens), office, now
        finally:
            office.close()

    def test_an_expired_key_is_not_replayed_and_is_replaced(
            self, timed: tuple[Api, Office, list[int]]) -> None:
        """After SOCAI_IDEMPOTENCY_TTL_HOURS (24 h) the same key runs the command again."""
        api, office, now = timed
        first = api.post("leader", "/directives", DRAFT, headers=key("het-han"))
        now[0] += 25 * 3_600_000_000
        again = api.post("leader", "/directives", DRAFT, headers=key("het-han"))
        assert again.status_code == 201
        assert "idempotent-replayed" not in again.headers
        assert again.json()["id"] != first.json()["id"]
        assert len(receipts(office)) == 1

    def test_expired_receipts_are_purged(self, timed: tuple[Api, Office, list[int]]) -> None:
        """The sweeper (start-up and the worker's loop) deletes what has expired, only that."""
        api, office, now = timed
        api.post("leader", "/directives", DRAFT, headers=key("cu"))
        now[0] += 23 * 3_600_000_000
        api.post("leader", "/directives", DRAFT, headers=key("moi"))
        now[0] += 2 * 3_600_000_000
        sweeper = ReceiptSweeper(office.receipts, ttl_hours=24, clock_us=lambda: now[0])
        assert sweeper() == 1
        assert len(receipts(office)) == 1
        assert sweeper() == 0  # not again within the minute


class TestConcurrentDuplicates:
    def test_the_loser_is_answered_with_the_winners_receipt(
            self, api: Api, office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
        """A duplicate that looked before the winner committed finds the key claimed inside its
        own append: its events roll back and it answers the winner's receipt."""
        first = api.post("leader", "/directives", DRAFT, headers=key("dua"))
        count = event_count(office)
        monkeypatch.setattr(office.receipts, "find",
                            _miss_once(office.receipts.find))  # the race: the look-up missed
        again = api.post("leader", "/directives", DRAFT, headers=key("dua"))
        assert (again.status_code, again.json()) == (201, first.json())
        assert again.headers["idempotent-replayed"] == "true"
        assert event_count(office) == count


def _miss_once(find: Any) -> Any:
    calls = {"n": 0}

    def patched(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        return None if calls["n"] == 1 else find(*args, **kwargs)

    return patched
