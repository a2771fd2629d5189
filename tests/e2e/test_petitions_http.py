"""Petitions over HTTP: the identity never leaks (logs, errors, read models, exports, the event
feed, the command line), a refused reveal is 403 and recorded, deadlines are explained."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from typer.testing import CliRunner

from api.bootstrap import Office
from api.cli.main import app as cli
from infra.logging import configure_logging
from tests.e2e.conftest import Api
from tests.support.office import Clock
from tests.support.petitions import PLAINTEXT_ADDRESS, PLAINTEXT_ID, PLAINTEXT_NAME, SECRETS, on_day

IDENTITY = {"name": PLAINTEXT_NAME, "address": PLAINTEXT_ADDRESS, "id_number": PLAINTEXT_ID,
            "phone": SECRETS[3]}


def leaks(blob: str | bytes) -> list[str]:
    text = blob.decode("utf-8", "replace") if isinstance(blob, bytes) else blob
    return [s for s in SECRETS if s in text]


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response


def scenario(api: Api, clock: Clock) -> tuple[UUID, list[Any]]:
    """Receive a denunciation with an identity, take it to an accepted case with a handler, and
    provoke some refusals; return its id and every response."""
    on_day(clock, date(2026, 6, 1))
    seen = []
    r = ok(api.post("clerk", "/petitions", {
        "channel": "post", "received_on": "2026-05-28", "postmark_on": "2026-05-27",
        "summary": "Tố cáo cán bộ địa chính thu tiền trái quy định", "identity": IDENTITY}), 201)
    pid = UUID(r.json()["id"])
    seen.append(r)
    seen.append(ok(api.post("clerk", f"/petitions/{pid}/register", version=r.json()["version"])))
    version = seen[-1].json()["version"]
    seen.append(ok(api.post("leader", f"/petitions/{pid}/classify", {
        "petition_class": "denunciation", "eligible": True, "anonymity": "named"},
        version=version)))
    version = seen[-1].json()["version"]
    seen.append(ok(api.post("leader", f"/petitions/{pid}/accept", {
        "accepted_on": "2026-06-01", "handling_unit": "UBKT", "complexity": "complex"},
        version=version)))
    version = seen[-1].json()["version"]
    seen.append(ok(api.post("leader", f"/petitions/{pid}/assign", {"handlers": ["specialist"]},
                            version=version)))
    # refusals: a second registration, an ineligible extension, a malformed body with identity
    seen.append(api.post("clerk", f"/petitions/{pid}/register", version=seen[-1].json()["version"]))
    seen.append(api.post("leader", f"/petitions/{pid}/extend",
                         {"granted_on": "2026-07-20", "reason": "Muộn"},
                         version=seen[-2].json()["version"]))
    seen.append(api.post("clerk", "/petitions", {"channel": "pigeon", "received_on": "2026-05-28",
                                                 "summary": "x", "identity": IDENTITY}))
    seen.append(api.post("clerk", "/petitions", {"channel": "post", "received_on": "2026-05-28",
                                                 "summary": "x", "identity": {**IDENTITY,
                                                 "name": PLAINTEXT_NAME * 40}}))
    return pid, seen


@pytest.fixture
def logs() -> Any:
    buffer = io.StringIO()
    configure_logging(json=True, level="DEBUG", stream=buffer)
    yield buffer
    configure_logging(json=True, level="WARNING")


class TestReveal:
    def test_the_handler_reads_the_identity(self, api: Api, clock: Clock) -> None:
        """The assigned specialist gets the identity, not cached."""
        pid, _ = scenario(api, clock)
        r = ok(api.post("specialist", f"/petitions/{pid}/reveal", {"reason": "Xác minh"}))
        assert (r.json()["identity"]["name"], r.headers["cache-control"]) == (
            PLAINTEXT_NAME, "no-store")

    @pytest.mark.parametrize("role", ["clerk", "auditor", "uncleared_leader", "admin"])
    def test_an_uncleared_role_gets_403_and_the_attempt_is_recorded(
            self, api: Api, office: Office, clock: Clock, role: str) -> None:
        """403 problem without the identity; a RevealRefused event is written."""
        pid, _ = scenario(api, clock)
        r = api.post(role, f"/petitions/{pid}/reveal", {"reason": "Xem thử"})
        log = office.petitions.access_log(pid)
        assert (r.status_code, r.headers["content-type"]) == (403, "application/problem+json")
        assert leaks(r.text) == []
        assert log is not None
        assert (log.refusals, log.reveals) == (1, 0)


class TestNoLeak:
    def test_no_log_line_holds_the_identity(self, api: Api, office: Office, clock: Clock,
                                            logs: io.StringIO, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
        """A full scenario over HTTP (reveals included) and the command line: no log line or
        CLI output holds the name, address, ID number or phone."""
        pid, _ = scenario(api, clock)
        ok(api.post("specialist", f"/petitions/{pid}/reveal", {"reason": "Xác minh"}))
        api.post("clerk", f"/petitions/{pid}/reveal", {"reason": "Xem"})
        for url in (f"/petitions/{pid}", f"/petitions/{pid}/deadlines", "/petitions",
                    "/petitions/board", "/events"):
            api.get("leader", url)
        s = office.settings
        monkeypatch.setenv("SOCAI_DATA_DIR", str(s.data_dir))
        monkeypatch.setenv("SOCAI_LEDGER_ORIGIN", s.ledger_origin)
        monkeypatch.setenv("SOCAI_PETITION_RETENTION_YEARS", "50")
        if s.database_url:
            monkeypatch.setenv("SOCAI_DATABASE_URL", s.database_url)
        runner = CliRunner()
        shred = runner.invoke(cli, ["shred", "--petition", str(pid), "--reason", "Hết hạn"])
        listing = runner.invoke(cli, ["calendar", "overrides"])
        assert (shred.exit_code, listing.exit_code) == (1, 0)
        assert "Bị từ chối" in shred.output
        assert leaks(logs.getvalue() + shred.output + listing.output) == []
        assert "request" in logs.getvalue()

    def test_no_error_message_holds_the_identity(self, api: Api, clock: Clock) -> None:
        """Every refusal of the scenario is a problem+json without the identity."""
        _, seen = scenario(api, clock)
        errors = [r for r in seen if r.status_code >= 400]
        assert [r.status_code for r in errors] == [409, 422, 422, 422]
        assert [leaks(r.text) for r in errors] == [[], [], [], []]

    def test_no_read_model_table_holds_the_identity(self, api: Api, office: Office,
                                                    clock: Clock) -> None:
        """Every column of every projection table, read as text, after a reveal."""
        pid, _ = scenario(api, clock)
        ok(api.post("specialist", f"/petitions/{pid}/reveal", {"reason": "Xác minh"}))
        office.projections.catch_up()
        found = []
        with office.store.db.read() as cur:
            for projection in office.projections.projections:
                for table in projection.tables:
                    cur.execute(f"SELECT * FROM {table.name}")
                    found += leaks(repr(cur.fetchall()))
        assert found == []

    def test_no_export_holds_the_identity(self, api: Api, office: Office, clock: Clock) -> None:
        """The register as CSV and XLSX, the periodic report as CSV and XLSX."""
        scenario(api, clock)
        office.projections.catch_up()
        bodies = [ok(api.get("leader", url)).content for url in (
            "/petitions/export?format=csv", "/petitions/export?format=xlsx",
            "/petitions/reports/periodic?year=2026&kind=quarter&number=2&format=csv",
            "/petitions/reports/periodic?year=2026&kind=quarter&number=2&format=xlsx")]
        texts = []
        for body in bodies:
            if body[:2] == b"PK":
                with zipfile.ZipFile(io.BytesIO(body)) as z:
                    texts.append(b"".join(z.read(n) for n in z.namelist()))
            else:
                texts.append(body)
        assert [leaks(t) for t in texts] == [[], [], [], []]
        assert "Người gửi #" in texts[0].decode("utf-8-sig")

    @pytest.mark.parametrize("role", ["admin", "clerk"])
    def test_the_event_feed_shows_no_identity(self, api: Api, office: Office, clock: Clock,
                                              role: str) -> None:
        """GET /events for an uncleared role (admin: the case is hidden) and a cleared one
        (clerk: ciphertext and pseudonym only)."""
        scenario(api, clock)
        office.projections.catch_up()
        r = ok(api.get(role, "/events?limit=1000"))
        kinds = {item["kind"] for item in r.json()["items"]}
        assert leaks(r.text) == []
        assert ("Petition" in kinds) is (role == "clerk")


class TestDeadlinesOverHttp:
    def test_deadlines_are_explained(self, api: Api, clock: Clock) -> None:
        """Complex denunciation accepted Mon 1/6/2026: resolve due Wed 1/7, open on 15/6."""
        pid, _ = scenario(api, clock)
        body = ok(api.get("leader", f"/petitions/{pid}/deadlines?on=2026-06-15")).json()
        resolve = next(d for d in body["deadlines"] if d["key"] == "resolve")
        assert (resolve["due"], resolve["evaluation"]["state"], resolve["rule"]["code"]) == (
            "2026-07-01", "open", "denunciation.resolve.complex")

    def test_a_correction_recorded_later_leaves_the_earlier_view(self, api: Api, clock: Clock
                                                                  ) -> None:
        """Admin records 24/11/2026 as a day off; notify-acceptance of a case accepted 20/11
        moves to 30/11 today and stays 27/11 at the position before."""
        on_day(clock, date(2026, 11, 20))
        r = ok(api.post("clerk", "/petitions", {"channel": "citizen_reception",
                                                "received_on": "2026-11-20", "summary": "Tố cáo",
                                                "identity": IDENTITY}), 201)
        pid = r.json()["id"]
        v = ok(api.post("clerk", f"/petitions/{pid}/register",
                        version=r.json()["version"])).json()["version"]
        v = ok(api.post("leader", f"/petitions/{pid}/classify", {
            "petition_class": "denunciation", "eligible": True}, version=v)).json()["version"]
        before = ok(api.post("leader", f"/petitions/{pid}/accept", {
            "accepted_on": "2026-11-20", "handling_unit": "UBKT"}, version=v)).json()["position"]
        ok(api.post("admin", "/calendar/overrides", {
            "day": "2026-11-24", "kind": "day_off", "label": "Ngày Văn hóa Việt Nam",
            "legal_source": "Luật sửa đổi (giả định)", "effective_from": "2026-11-01"}), 201)

        def notify_due(query: str) -> str:
            body = ok(api.get("leader", f"/petitions/{pid}/deadlines{query}")).json()
            return str(next(d["due"] for d in body["deadlines"] if d["key"] == "notify_acceptance"))

        assert (notify_due(f"?at_position={before}"), notify_due("")) == (
            "2026-11-27", "2026-11-30")

    def test_calendar_changes_need_the_admin_role(self, api: Api) -> None:
        """A leader may not record an override (403)."""
        r = api.post("leader", "/calendar/overrides", {
            "day": "2026-11-24", "kind": "day_off", "label": "X", "legal_source": "Y",
            "effective_from": "2026-11-01"})
        assert r.status_code == 403
