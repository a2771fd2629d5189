"""Logs: one JSON line per request with its request id and identifiers, never personal data."""

from __future__ import annotations

import io
import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import structlog
from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import Office
from infra.logging import configure_logging
from tests.e2e.conftest import Api
from tests.support.serving import free_port, serving


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    configure_logging(json=True, level="INFO", stream=buffer)
    yield buffer
    structlog.reset_defaults()


def lines(buffer: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.startswith("{")]


class TestRequestLines:
    def test_a_command_line_carries_the_identifiers(self, api: Api, log_lines: io.StringIO) -> None:
        """request id, actor, role, command, record id, version and position are logged."""
        response = api.post("leader", "/directives", {
            "document_type": "CT", "title": "Về kỷ luật", "issuer": "TU", "drafting_unit": "VP"},
            headers={"X-Request-ID": "req-123"})
        assert response.headers["x-request-id"] == "req-123"
        line = next(entry for entry in lines(log_lines) if entry.get("event") == "request")
        body = response.json()
        assert line["request_id"] == "req-123"
        assert line["command"] == "directive.draft"
        assert line["role"] == "leader"
        assert (line["record_id"], line["version"], line["position"]) == (
            body["id"], body["version"], body["position"])

    def test_no_token_or_personal_name_reaches_the_log(self, api: Api, office: object,
                                                       log_lines: io.StringIO) -> None:
        """Bearer tokens and users' display names never appear in log lines."""
        api.post("leader", "/directives", {
            "document_type": "CT", "title": "Về kỷ luật", "issuer": "TU", "drafting_unit": "VP"})
        api.get("admin", "/users")
        api.client.get("/directives", headers={"Authorization": "Bearer socai_wrong"})
        text = log_lines.getvalue()
        assert all(token not in text for token in api.tokens.values())
        assert "Người dùng" not in text
        assert "socai_wrong" not in text

    def test_an_unexpected_error_is_logged_with_its_request_id(
        self, office: Office, log_lines: io.StringIO, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A crash answers 500 problem+json and logs the error type under the request id."""
        def boom() -> int:
            raise RuntimeError("x")

        monkeypatch.setattr(office.projections, "head", boom)
        with TestClient(create_app(office=office, background=False),
                        raise_server_exceptions=False) as client:
            response = client.get("/readyz", headers={"X-Request-ID": "req-boom"})
        assert response.status_code == 500
        assert response.headers["content-type"].startswith("application/problem+json")
        errors = [e for e in lines(log_lines) if e.get("event") == "unhandled_error"]
        assert errors
        assert errors[0]["request_id"] == "req-boom"


class TestEveryLineOfAServerIsJson:
    def test_socai_serve_writes_only_json_lines(self, tmp_path: Path) -> None:
        """A real `socai serve` (uvicorn's own start-up and shutdown lines, the worker's, the
        requests', a 404, a 401): every line of its standard output and error is a JSON
        object."""
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("SOCAI_")}
        env.update({"SOCAI_DATA_DIR": str(tmp_path / "data"), "SOCAI_PDF_RENDERER": "off",
                    "SOCAI_LOG_FORMAT": "json", "SOCAI_LEDGER_ORIGIN": "test.socai.local/log"})
        log = tmp_path / "serve.log"
        command = [str(Path(sys.executable).parent / "socai"), "serve", "--port", str(port)]
        with serving(command, env, port, log) as served:
            assert httpx.get(f"{served.url}/nowhere", timeout=30).status_code in (401, 404)
            assert httpx.get(f"{served.url}/directives", timeout=30).status_code == 401
            served.process.send_signal(signal.SIGINT)
            served.process.wait(timeout=60)
        text = log.read_text(encoding="utf-8")
        entries = [json.loads(line) for line in text.splitlines() if line.strip()]
        assert all(isinstance(e, dict) for e in entries)
        events = [str(e.get("event")) for e in entries]
        assert any(e.startswith("Uvicorn running") for e in events)  # uvicorn's own
        assert "worker_started" in events
        assert any(e.startswith("Finished server process") for e in events)
        assert all("level" in e and "timestamp" in e for e in entries)
