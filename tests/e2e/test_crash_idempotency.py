"""Idempotency under crash: a real server process killed between the commit and the answer, or
before the commit; the retry with the same key on a restarted server answers the first receipt, or
runs the command once."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import httpx
import pytest

from api.bootstrap import open_office
from api.startup import prepare_office
from domain.actors import Role, Secrecy
from infra.settings import Settings
from tests.e2e.conftest import add_user
from tests.support.office import event_count, seed_reference
from tests.support.serving import Served, free_port, serving

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
DRAFT = {"document_type": "CT", "title": "Về phòng, chống tham nhũng", "issuer": "TU",
         "drafting_unit": "VP"}


def _env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOCAI_")}
    env.update({"SOCAI_DATA_DIR": str(settings.data_dir), "SOCAI_PDF_RENDERER": "off",
                "SOCAI_LEDGER_ORIGIN": settings.ledger_origin, "SOCAI_LOG_LEVEL": "WARNING",
                "PYTHONPATH": str(ROOT)})
    if settings.database_url:
        env["SOCAI_DATABASE_URL"] = settings.database_url
    return env


def server(settings: Settings, when: str, log: Path) -> contextlib.AbstractContextManager[Served]:
    """The launcher in tests/support, serving the store of ``settings``."""
    port = free_port()
    return serving([sys.executable, "-m", "tests.support.crashing_server", when, str(port)],
                   _env(settings), port, log)


@pytest.fixture
def token(settings: Settings) -> str:
    office = open_office(settings)
    try:
        seed_reference(office)
        prepare_office(office)  # the calendar years a server adopts at start-up, adopted now
        minted = add_user(office, "lanhdao", Role.LEADER, Secrecy.TOI_MAT)
        office.projections.catch_up()
        return minted
    finally:
        office.close()


def events(settings: Settings) -> int:
    office = open_office(settings)
    try:
        return event_count(office)
    finally:
        office.close()


def post(url: str, token: str) -> httpx.Response:
    return httpx.post(f"{url}/directives", json=DRAFT, timeout=30, headers={
        "Authorization": f"Bearer {token}", "Idempotency-Key": "crash-1"})


class TestKilledMidCommand:
    def test_killed_after_the_commit_the_retry_answers_the_first_receipt(
            self, settings: Settings, token: str, tmp_path: Path) -> None:
        """The draft and its key were committed, the answer never sent: the retry on a new
        process is the first receipt, replayed, and writes nothing."""
        before = events(settings)
        with server(settings, "after-commit", tmp_path / "serve.log") as doomed:
            with pytest.raises(httpx.TransportError):
                post(doomed.url, token)
            assert doomed.process.wait(timeout=20) == -9
        written = events(settings)
        assert written == before + 1
        with server(settings, "never", tmp_path / "serve.log") as served:
            retry = post(served.url, token)
        assert (retry.status_code, retry.headers.get("idempotent-replayed")) == (201, "true")
        assert retry.json()["position"] == written
        assert events(settings) == written

    def test_killed_before_the_commit_the_retry_runs_the_command_once(
            self, settings: Settings, token: str, tmp_path: Path) -> None:
        """Nothing was committed (neither the draft nor the key): the retry runs it, once."""
        before = events(settings)
        with server(settings, "before-commit", tmp_path / "serve.log") as doomed:
            with pytest.raises(httpx.TransportError):
                post(doomed.url, token)
            assert doomed.process.wait(timeout=20) == -9
        assert events(settings) == before
        with server(settings, "never", tmp_path / "serve.log") as served:
            retry = post(served.url, token)
            again = post(served.url, token)
        assert retry.status_code == 201
        assert "idempotent-replayed" not in retry.headers
        assert again.json() == retry.json()
        assert events(settings) == before + 1
