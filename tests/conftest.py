"""Fixtures shared by the whole suite: both stores, offices, clocks, HTTP clients with tokens."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.bootstrap import Office, open_office
from infra.settings import Settings
from tests.support import postgres
from tests.support.office import Clock, seed_reference

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """The URL of a database that belongs to this test run (on a real PostgreSQL server)."""
    with postgres.server() as srv, postgres.run_database(srv) as url:
        yield url


@pytest.fixture(autouse=True, scope="session")
def _no_pdf_printing() -> Iterator[None]:
    """Case files are printed to PDF only by the tests about printing (a print takes a second)."""
    before = os.environ.get("SOCAI_PDF_RENDERER")
    os.environ["SOCAI_PDF_RENDERER"] = "off"
    yield
    if before is None:
        os.environ.pop("SOCAI_PDF_RENDERER", None)
    else:
        os.environ["SOCAI_PDF_RENDERER"] = before


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def fresh_settings(backend: str, directory: Path, request: pytest.FixtureRequest) -> Settings:
    """Settings for a fresh, empty store on ``backend`` (a schema of its own on PG)."""
    common = {"data_dir": directory / "data", "ledger_origin": "test.socai.local/log",
              "projection_batch_size": 500, "pdf_renderer": "off"}
    if backend == "sqlite":
        return Settings(**common)  # type: ignore[arg-type]
    base = request.getfixturevalue("pg_url")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    # The schema goes with the run's database, dropped at the end of the session (dropping a
    # database is one file operation; dropping ~50 tables per test would cost minutes).
    return Settings(database_url=f"{base}?schema={schema}", **common)  # type: ignore[arg-type]


@pytest.fixture
def settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """Settings for a fresh, empty store on the chosen backend (a schema of its own on PG)."""
    return fresh_settings(backend, tmp_path, request)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def office(settings: Settings, clock: Clock) -> Iterator[Office]:
    """An office over an empty store, with the demo's reference data."""
    o = open_office(settings, clock=clock)
    try:
        seed_reference(o)
        yield o
    finally:
        o.close()


@pytest.fixture
def bare_office(settings: Settings, clock: Clock) -> Iterator[Office]:
    """An office over an empty store, nothing seeded."""
    o = open_office(settings, clock=clock)
    try:
        yield o
    finally:
        o.close()
