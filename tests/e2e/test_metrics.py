"""Metrics: /metrics behind authentication (admin, auditor) or on a port of its own; requests by
route template, commands by outcome, failed authentications by reason, the store's gauges; no
raw path, no personal data in any label."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from typer.testing import CliRunner

from api.app import create_app
from api.background import signer_context
from api.bootstrap import Office
from api.cli.main import app as cli
from domain.records import Context
from infra.settings import Settings
from tests.e2e.conftest import Api
from tests.support.postgres import _free_port

DOCUMENT = {"document_type": "NQ", "title": "Về chuyển đổi số", "issuer": "TU",
            "drafting_unit": "VP"}


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of an exposition, by name and labels."""
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(text: str, name: str, **labels: str) -> float | None:
    wanted = set(labels.items())
    found = [v for (n, ls), v in samples(text).items() if n == name and wanted <= set(ls)]
    return sum(found) if found else None


def scrape(api: Api, role: str = "admin") -> str:
    response = api.get(role, "/metrics")
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/plain")
    return str(response.text)


class TestWhoReadsThem:
    def test_anonymous_is_401_and_a_clerk_403(self, api: Api) -> None:
        """/metrics is not public: no token is 401, a role without metrics.read is 403."""
        assert api.client.get("/metrics").status_code == 401
        assert api.get("clerk", "/metrics").status_code == 403

    def test_admin_and_auditor_read_them(self, api: Api) -> None:
        assert "socai_log_head" in scrape(api, "admin")
        assert "socai_log_head" in scrape(api, "auditor")


class TestRequestsAndCommands:
    def test_requests_are_counted_by_route_template_never_the_raw_path(self, api: Api) -> None:
        """A read of one record is counted under its template; the id is nowhere."""
        made = api.post("leader", "/directives", DOCUMENT).json()["id"]
        missing = str(uuid.uuid4())
        assert api.get("leader", f"/directives/{made}").status_code == 200
        assert api.get("leader", f"/directives/{missing}").status_code == 404
        text = scrape(api)
        assert value(text, "socai_http_requests_total", route="/directives/{directive_id}",
                     status="200") == 1
        assert value(text, "socai_http_requests_total", route="/directives/{directive_id}",
                     status="404") == 1
        assert value(text, "socai_http_request_duration_seconds_count",
                     route="/directives/{directive_id}") == 2
        assert made not in text
        assert missing not in text

    def test_commands_by_name_and_outcome(self, api: Api) -> None:
        """A command answered, replayed, refused by role and refused by a conflict."""
        key = {"Idempotency-Key": "k-1"}
        made = api.post("leader", "/directives", DOCUMENT, headers=key)
        assert made.status_code == 201
        assert api.post("leader", "/directives", DOCUMENT, headers=key).status_code == 201
        assert api.post("clerk", "/directives", DOCUMENT).status_code == 403
        stale = api.post("leader", f"/directives/{made.json()['id']}/revise",
                         {"title": "Về chuyển đổi số (sửa)"}, version=7)
        assert stale.status_code in (409, 412)
        text = scrape(api)
        assert value(text, "socai_commands_total", command="directive.draft", outcome="ok") == 1
        assert value(text, "socai_commands_total", command="directive.draft",
                     outcome="replayed") == 1
        assert value(text, "socai_commands_total", command="directive.draft",
                     outcome="refused") == 1
        assert value(text, "socai_commands_total", command="directive.revise",
                     outcome="conflict") == 1

    def test_failed_authentications_by_reason(self, api: Api) -> None:
        """No token, and an unknown token: each counted under its reason; the token is never a
        label."""
        assert api.client.get("/directives").status_code == 401
        wrong = "socai_" + "x" * 40
        assert api.client.get("/directives", headers={
            "Authorization": f"Bearer {wrong}"}).status_code == 401
        text = scrape(api)
        assert value(text, "socai_authentication_failures_total", reason="no-token") == 1
        assert value(text, "socai_authentication_failures_total", reason="unauthenticated") == 1
        assert wrong not in text

    def test_no_personal_data_in_any_label(self, api: Api, office: Office) -> None:
        """Every label value is a code, a template, a number or a name of ours: no user's
        display name, no record title."""
        api.post("leader", "/directives", DOCUMENT)
        text = scrape(api)
        for name, labels in samples(text):
            for _, label in labels:
                assert "Người dùng" not in label, name
                assert "chuyển đổi" not in label, name
                assert re.fullmatch(r"[A-Za-z0-9_./{}:+-]*", label), (name, label)


class TestStoreGauges:
    def test_log_head_projection_lag_and_checkpoint(self, api: Api, office: Office) -> None:
        """The head is the log's; a projection behind shows its lag in events and seconds; the
        latest checkpoint's size and the events after it are shown."""
        office.signer.sign(office_ctx(office))
        api.post("leader", "/directives", DOCUMENT)
        office.extras.pop("metrics.store", None)  # no cached reading
        text = scrape(api)
        head = office.projections.head()
        assert value(text, "socai_log_head") == head
        latest = office.checkpoints.latest()
        assert latest is not None
        assert value(text, "socai_checkpoint_tree_size") == latest.tree_size
        assert value(text, "socai_checkpoint_unsigned_events") == head - latest.tree_size
        position = office.projections.positions()["directives"]
        assert value(text, "socai_projection_lag_events", projection="directives") == (
            head - position)
        assert value(text, "socai_store_up") == 1

    def test_the_last_verify_run_is_read_from_the_log(
        self, api: Api, office: Office, monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """`socai verify` records its run as the system actor verifier; once projected, the
        metrics show its time and result."""
        settings = office.settings
        monkeypatch.setenv("SOCAI_DATA_DIR", str(settings.data_dir))
        monkeypatch.setenv("SOCAI_LEDGER_ORIGIN", settings.ledger_origin)
        if settings.database_url:
            monkeypatch.setenv("SOCAI_DATABASE_URL", settings.database_url)
        else:
            monkeypatch.delenv("SOCAI_DATABASE_URL", raising=False)
        office.signer.sign(office_ctx(office))
        result = CliRunner().invoke(cli, ["verify"])
        assert result.exit_code == 0, result.output
        assert "as verifier" in result.output
        office.projections.catch_up()
        office.extras.pop("metrics.store", None)
        text = scrape(api)
        assert value(text, "socai_verify_last_ok") == 1
        assert value(text, "socai_verify_last_problems") == 0
        assert value(text, "socai_verify_last_run_timestamp_seconds") is not None


def office_ctx(office: Office) -> Context:
    return signer_context(office)


class TestThePlainPort:
    def test_a_metrics_port_answers_without_a_token(self, office: Office) -> None:
        """With SOCAI_METRICS_PORT the metrics are also served on that port (127.0.0.1), with
        no authentication; the API's own /metrics still wants one."""
        port = _free_port()
        settings = Settings(**{**office.settings.model_dump(), "metrics_port": port})
        office.settings = settings
        with TestClient(create_app(office=office, background=True)) as client:
            answer = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=30)
            assert answer.status_code == 200
            assert value(answer.text, "socai_log_head") == office.projections.head()
            assert client.get("/metrics").status_code == 401
