"""/healthz says only that the process answers; /readyz says whether the store takes writes and
the read models keep up, with details for an authenticated admin only."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import Office
from tests.e2e.conftest import Api


class TestHealthz:
    def test_liveness_tells_nothing_else(self, api: Api) -> None:
        """Anonymous: status only (it used to give the log position and the database type)."""
        r = api.client.get("/healthz")
        assert r.status_code == 200
        assert r.json() == {"status": "ok"}


class TestReadyz:
    def test_anonymous_callers_get_the_verdict_only(self, api: Api) -> None:
        r = api.client.get("/readyz")
        assert r.status_code == 200
        assert r.json() == {"status": "ready"}

    def test_other_roles_get_the_verdict_only(self, api: Api) -> None:
        assert api.get("leader", "/readyz").json() == {"status": "ready"}

    def test_an_admin_sees_each_check(self, api: Api, office: Office) -> None:
        """The store's checks for its backend, and the read models' lag."""
        office.projections.catch_up()
        checks = {c["name"]: c for c in api.get("admin", "/readyz").json()["checks"]}
        expected = {"store_writable", "projections"} | (
            set() if office.settings.is_postgres else {"free_space"})
        assert set(checks) == expected
        assert all(c["ok"] for c in checks.values())

    def test_read_models_too_far_behind_are_not_ready(
        self, office: Office, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """With SOCAI_READY_MAX_PROJECTION_LAG=0 and an event not yet applied: 503
        problem+json not-ready with Retry-After; the admin is told which check failed."""
        monkeypatch.setattr(office, "settings",
                            office.settings.model_copy(update={"ready_max_projection_lag": 0}))
        with TestClient(create_app(office=office, background=False)) as client:
            office.projections.catch_up()
            client.post("/reference/units", json={"code": "MOI", "name": "Đơn vị mới"},
                        headers={"Authorization": f"Bearer {tokens['admin']}"})
            anonymous = client.get("/readyz")
            admin = client.get("/readyz", headers={"Authorization": f"Bearer {tokens['admin']}"})
        assert anonymous.status_code == 503
        assert anonymous.headers["content-type"].startswith("application/problem+json")
        assert anonymous.json()["type"] == "/problems/not-ready"
        assert "checks" not in anonymous.json()
        assert int(anonymous.headers["Retry-After"]) >= 1
        failed = [c["name"] for c in admin.json()["checks"] if not c["ok"]]
        assert failed == ["projections"]
