"""Production defaults (deploy/socai.env, docs/operations.md): the interactive documentation is not
served unless asked for."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from infra.settings import Settings


class TestDocumentationInProduction:
    def test_off_by_default(self, settings: Settings) -> None:
        production = settings.model_copy(update={"environment": "production"})
        with TestClient(create_app(production, background=False)) as client:
            assert [client.get(p).status_code for p in ("/docs", "/redoc", "/openapi.json")] == \
                [404, 404, 404]
            assert client.get("/healthz").status_code == 200

    def test_on_when_asked(self, settings: Settings) -> None:
        asked = settings.model_copy(update={"environment": "production", "api_docs": True})
        with TestClient(create_app(asked, background=False)) as client:
            assert client.get("/openapi.json").status_code == 200
