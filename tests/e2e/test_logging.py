"""Logs: one JSON line per request with its request id and identifiers, never personal data."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
import structlog
from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import Office
from infra.logging import configure_logging
from tests.e2e.conftest import Api


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
