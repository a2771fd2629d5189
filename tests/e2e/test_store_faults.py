"""Store faults are 503, not bugs: a database that is down, read-only or full gives 503
problem+json with Retry-After and nothing half-written; the server recovers without a restart;
the command line says so in one line and exits 3."""

from __future__ import annotations

import contextlib
import errno
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from api.bootstrap import Office, open_office
from api.cli.main import app as cli
from domain.actors import Role, Secrecy
from infra.settings import Settings
from tests.e2e.conftest import Api, add_user
from tests.support.office import seed_reference
from tests.support.pg_cluster import Cluster
from tests.support.served import Served
from tests.support.snapshot import snapshot

DOCUMENT = {"document_type": "NQ", "title": "Về chuyển đổi số", "issuer": "TU",
            "drafting_unit": "VP"}


def assert_fault(r: Any, code: str) -> None:
    assert r.status_code == 503, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["type"] == f"/problems/{code}"
    assert int(r.headers["Retry-After"]) >= 1


def env_for(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setenv("SOCAI_DATA_DIR", str(settings.data_dir))
    if settings.database_url:
        monkeypatch.setenv("SOCAI_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("SOCAI_DATABASE_URL", raising=False)


def log_size(office: Office) -> tuple[int, int]:
    """Events stored and rows of the log (both stay put when nothing is written)."""
    rows = office.store.db.query(
        "SELECT (SELECT COUNT(*) FROM stored_events), (SELECT COUNT(*) FROM office_log)")
    return int(rows[0][0]), int(rows[0][1])


def assert_one_line(result: Any, words: str) -> None:
    """Exit status 3 and one line naming the fault, no traceback."""
    assert result.exit_code == 3, result.output
    text = result.output.strip()
    assert "Traceback" not in text
    assert len(text.splitlines()) == 1, text
    assert words in text


# SQLite: real SQLITE_FULL and SQLITE_READONLY set on every pooled connection (always runs) -----


@contextlib.contextmanager
def every_connection(office: Office, *pragmas: str) -> Iterator[None]:
    """Run ``pragmas`` on every connection of the SQLite pool (the pool is filled first, so that
    no later request gets a connection without them); undo them at the end."""
    pool = office.store.db.datastore.pool  # type: ignore[attr-defined]
    held = [pool.get_connection() for _ in range(pool.pool_size)]
    for conn in held:
        pool.put_connection(conn)

    def run(statements: tuple[str, ...]) -> None:
        for conn in list(pool._pool):
            for statement in statements:
                conn._sqlite_conn.execute(statement)

    run(pragmas)
    try:
        yield
    finally:
        run(("PRAGMA max_page_count = 1073741823", "PRAGMA query_only = 0"))


@pytest.fixture
def backend() -> str:
    return "sqlite"


class TestSqliteFaults:
    def test_a_full_database_is_503_store_full_and_recovers(self, api: Api,
                                                            office: Office) -> None:
        """max_page_count at the current size: commands go on while pages have room, then
        SQLITE_FULL. That command is 503 store-full with Retry-After and writes nothing; once
        there is room again, it succeeds (no restart)."""
        assert api.post("leader", "/directives", DOCUMENT).status_code == 201
        pages = office.store.db.query("PRAGMA page_count")[0][0]
        big = {**DOCUMENT, "summary": "Trích yếu dài. " * 120}
        with every_connection(office, f"PRAGMA max_page_count = {pages}"):
            for _ in range(200):  # until the pages that are left are used up
                before = log_size(office)
                r = api.post("leader", "/directives", big)
                if r.status_code != 201:
                    break
            assert_fault(r, "store-full")
            assert log_size(office) == before
            assert_fault(api.post("leader", "/directives", big), "store-full")
        assert api.post("leader", "/directives", big).status_code == 201

    def test_a_read_only_database_is_503_store_read_only_and_reads_go_on(
        self, api: Api, office: Office,
    ) -> None:
        """query_only: SQLITE_READONLY on any write. Commands are 503 store-read-only; reads
        still answer; nothing is written; writes work again afterwards."""
        office.projections.catch_up()
        before = snapshot(office)
        with every_connection(office, "PRAGMA query_only = 1"):
            assert_fault(api.post("leader", "/directives", DOCUMENT), "store-read-only")
            assert api.get("leader", "/directives").status_code == 200
            assert snapshot(office) == before
        assert api.post("leader", "/directives", DOCUMENT).status_code == 201


# SQLite on a real filesystem that is full or read-only (a tmpfs mounted by the test) -----------


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A 16 MiB tmpfs; skipped where mounting is not permitted."""
    mount = tmp_path / "fs"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs",
                           str(mount)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def fill(folder: Path) -> Path:
    """Write a file until the filesystem is full; return it."""
    junk = folder / "junk"
    with junk.open("wb") as out:
        while _one_more_chunk(out):
            pass
    return junk


def _one_more_chunk(out: Any) -> bool:
    try:
        out.write(b"\0" * 65536)
        out.flush()
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
        return False
    return True


class TestFilesystemFaults:
    def test_a_full_filesystem_is_503_store_full(self, small_fs: Path, clock: Any) -> None:
        """The disk fills under a running server: commands are 503 store-full, nothing is
        written, and after space is freed the next command succeeds without a restart."""
        settings = Settings(data_dir=small_fs / "data", pdf_renderer="off",
                            ledger_origin="test.socai.local/log",
                            ready_min_free_bytes=1_000_000)  # type: ignore[call-arg]
        office = open_office(settings, clock=clock)
        try:
            seed_reference(office)
            token = add_user(office, "lanhdao", Role.LEADER, Secrecy.TOI_MAT)
            office.projections.catch_up()
            with Served(office) as port, httpx.Client(
                base_url=f"http://127.0.0.1:{port}", timeout=60,
                headers={"Authorization": f"Bearer {token}"},
            ) as client:
                assert client.post("/directives", json=DOCUMENT).status_code == 201
                before = snapshot(office)
                junk = fill(small_fs)
                big = {**DOCUMENT, "summary": "Trích yếu dài. " * 120}
                assert_fault(client.post("/directives", json=big), "store-full")
                assert client.get("/readyz").status_code == 503
                junk.unlink()
                after = snapshot(office)
                assert (after.head, after.events) == (before.head, before.events)
                assert client.post("/directives", json=big).status_code == 201
                assert client.get("/readyz").status_code == 200
        finally:
            office.close()

    def test_a_read_only_filesystem_is_a_clear_message(
        self, small_fs: Path, clock: Any, monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A store on a filesystem remounted read-only: every command prints one line, store
        read-only, and exits 3 (no traceback)."""
        settings = Settings(data_dir=small_fs / "data", pdf_renderer="off",
                            ledger_origin="test.socai.local/log")  # type: ignore[call-arg]
        office = open_office(settings, clock=clock)
        seed_reference(office)
        office.close()
        subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
        env_for(monkeypatch, settings)
        run = CliRunner()
        assert_one_line(run.invoke(cli, ["users", "add", "nv1", "--name", "Nguyễn Văn B",
                                         "--role", "clerk", "--unit", "VP"]),
                        "the store is read-only")
        assert_one_line(run.invoke(cli, ["projections", "status"]), "the store is read-only")


# PostgreSQL stopped under a running server (a throwaway cluster; never the shared server) ------


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    try:
        made = Cluster()
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"no throwaway PostgreSQL cluster can be made here: {exc}")
    with made as running:
        yield running


class TestPostgresDown:
    def test_stopped_under_a_running_server_then_back(self, cluster: Cluster, tmp_path: Path,
                                                      clock: Any) -> None:
        """The cluster stops: /healthz still answers, commands and reads are 503
        store-unavailable with Retry-After, /readyz is 503. It starts again: the same server
        serves again (no restart), and the log holds exactly the commands that succeeded."""
        settings = Settings(database_url=f"{cluster.url}?schema=faults",
                            data_dir=tmp_path / "data", pdf_renderer="off",
                            ledger_origin="test.socai.local/log",
                            pg_connect_timeout=2)  # type: ignore[call-arg]
        office = open_office(settings, clock=clock)
        try:
            seed_reference(office)
            token = add_user(office, "lanhdao", Role.LEADER, Secrecy.TOI_MAT)
            office.projections.catch_up()
            with Served(office) as port, httpx.Client(
                base_url=f"http://127.0.0.1:{port}", timeout=60,
                headers={"Authorization": f"Bearer {token}"},
            ) as client:
                assert client.post("/directives", json=DOCUMENT).status_code == 201
                before = snapshot(office)
                cluster.stop()
                try:
                    assert client.get("/healthz").status_code == 200
                    for _ in range(2):
                        assert_fault(client.post("/directives", json=DOCUMENT),
                                     "store-unavailable")
                        assert_fault(client.get("/directives"), "store-unavailable")
                    assert client.get("/readyz").status_code == 503
                finally:
                    cluster.start()
                written = _until_written(client)
                after = snapshot(office)
        finally:
            office.close()
        assert after.head == before.head + len(written["positions"])
        assert after.events == before.events + len(written["positions"])

    def test_the_command_line_on_an_unreachable_server(
        self, cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A command whose PostgreSQL does not answer prints one line and exits 3."""
        settings = Settings(database_url=f"{cluster.url.rsplit(':', 1)[0]}:1/postgres",
                            data_dir=tmp_path / "data")  # type: ignore[call-arg]
        env_for(monkeypatch, settings)
        assert_one_line(CliRunner().invoke(cli, ["projections", "status"]),
                        "the store is unavailable")


def _until_written(client: httpx.Client) -> dict[str, Any]:
    """Send the command until the server answers it (503 while its pool reconnects)."""
    for _ in range(120):
        r = client.post("/directives", json=DOCUMENT)
        if r.status_code != 503:
            assert r.status_code == 201, r.text
            answer: dict[str, Any] = r.json()
            return answer
        time.sleep(0.25)  # polling, not a timing: the pool reconnects in its own time
    pytest.fail("the server did not recover after PostgreSQL came back")
