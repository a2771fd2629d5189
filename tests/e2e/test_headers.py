"""Security headers on every answer; no CORS unless configured."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import Office
from tests.e2e.conftest import Api

ALWAYS = {"x-content-type-options": "nosniff", "x-frame-options": "DENY",
          "referrer-policy": "no-referrer"}
API_CSP = "default-src 'none'; frame-ancestors 'none'"


def assert_guarded(r: Any, *, cache: str = "no-store", csp: str | None = API_CSP) -> None:
    for name, value in ALWAYS.items():
        assert r.headers.get(name) == value, (name, r.request.url)
    assert r.headers.get("cache-control") == cache
    assert r.headers.get("content-security-policy") == csp


class TestSecurityHeaders:
    def test_a_json_answer(self, api: Api) -> None:
        """A register (records of the office): never stored by a cache, no framing, no sniffing."""
        r = api.get("leader", "/directives")
        assert r.status_code == 200
        assert_guarded(r)

    def test_a_problem_answer(self, api: Api) -> None:
        """A 404 problem+json carries the same headers."""
        r = api.get("leader", "/directives/00000000-0000-0000-0000-000000000007")
        assert r.status_code == 404
        assert_guarded(r)

    def test_a_csv_export(self, api: Api) -> None:
        """An export (a file of records) is no-store too."""
        r = api.get("leader", "/petitions/export?format=csv")
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/csv")
        assert_guarded(r)

    def test_an_unauthenticated_answer(self, api: Api) -> None:
        """401 without a token."""
        r = api.client.get("/directives")
        assert r.status_code == 401
        assert_guarded(r)

    def test_refusals_at_the_edge(self, api: Api) -> None:
        """414 and a control character refused by the edge middleware itself."""
        assert_guarded(api.get("leader", "/directives?q=" + "a" * 9000))
        assert_guarded(api.get("leader", "/directives?q=%00"))

    def test_a_crash(self, office: Office, tokens: dict[str, str],
                     monkeypatch: pytest.MonkeyPatch) -> None:
        """A 500 answered by the outermost error handler carries them too."""
        def boom() -> int:
            raise RuntimeError("x")

        monkeypatch.setattr(office.projections, "head", boom)
        with TestClient(create_app(office=office, background=False),
                        raise_server_exceptions=False) as client:
            r = client.get("/readyz")
        assert r.status_code == 500
        assert_guarded(r)

    def test_a_route_keeps_its_own_cache_control(self, api: Api) -> None:
        """The ledger's public data may be kept by a browser (no-cache: asked again each time)."""
        r = api.get("auditor", "/ledger/public-key")
        assert r.status_code == 200
        assert_guarded(r, cache="no-cache")

    def test_the_docs_pages_have_no_api_policy(self, api: Api) -> None:
        """/docs loads Swagger UI (from a CDN until the console serves it): no CSP that would
        break it, the other headers stay."""
        r = api.client.get("/docs")
        assert r.status_code == 200
        assert_guarded(r, cache="no-cache", csp=None)


class TestCors:
    def test_no_cors_by_default(self, api: Api) -> None:
        """Without SOCAI_CORS_ORIGINS no answer allows another origin, and a preflight is not
        granted."""
        r = api.get("leader", "/directives", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers
        pre = api.client.options("/directives", headers={
            "Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
        assert "access-control-allow-origin" not in pre.headers

    def test_configured_origins_only(self, office: Office, tokens: dict[str, str]) -> None:
        """With SOCAI_CORS_ORIGINS listing one origin, that origin is allowed, another is not."""
        settings = office.settings.model_copy(update={"cors_origins": "https://office.example"})
        with TestClient(create_app(settings, office=office, background=False)) as client:
            auth = {"Authorization": f"Bearer {tokens['leader']}"}
            ok = client.get("/directives", headers={**auth, "Origin": "https://office.example"})
            other = client.get("/directives", headers={**auth, "Origin": "https://x.example"})
        assert ok.headers["access-control-allow-origin"] == "https://office.example"
        assert "access-control-allow-origin" not in other.headers
