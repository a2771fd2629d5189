"""The load-and-fault test: two API processes and a worker (with a standby) on PostgreSQL, under
concurrent writers; one API process killed, the worker killed, PostgreSQL restarted.

Everything runs for real: `socai serve` ×2 and `socai worker` ×2 as processes, against a
throwaway cluster this test starts (never the shared server). Clients post commands with an
Idempotency-Key and keep every acknowledged receipt; a request that met a dead process is sent
again, with the same key, to the other one. At the end: no acknowledged write lost, positions
gapless, the read models equal a rebuild (nothing applied twice), `socai verify` passes, the
outage was answered 503 with Retry-After (never 500, never a reset by a live process), and service
resumed without restarting anything. Bounded: about a minute; run alone with ``-m fault``.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from api.bootstrap import open_office
from domain.actors import Role, Secrecy
from infra.settings import Settings
from tests.e2e.conftest import add_user
from tests.integration.test_projections import snapshot
from tests.support.office import seed_reference
from tests.support.pg_cluster import Cluster
from tests.support.serving import free_port

pytestmark = [pytest.mark.fault, pytest.mark.slow, pytest.mark.xdist_group(name="fault")]

DOCUMENT = {"document_type": "NQ", "title": "Về chuyển đổi số", "issuer": "TU",
            "drafting_unit": "VP"}
CLIENTS = 4
PHASE_ACKS = 25  # acknowledged writes each phase waits for
PHASE_SECONDS = 90.0  # a phase that gets no such progress fails


@dataclass
class Ack:
    key: str
    record_id: str
    version: int
    position: int


@dataclass
class Seen:
    """What the clients saw, shared by their threads."""

    acks: list[Ack] = field(default_factory=list)
    unavailable: int = 0  # 503 with Retry-After
    problems: list[str] = field(default_factory=list)  # anything that must not happen
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self) -> int:
        with self.lock:
            return len(self.acks)


@dataclass
class Api:
    url: str
    process: subprocess.Popen[bytes]
    killed: bool = False


def socai(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "socai"), *args]


def started(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    out = log.open("ab")
    return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_until(what: str, done: Callable[[], bool], seconds: float = PHASE_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.2)


def client(n: int, apis: list[Api], token: str, seen: Seen, stop: threading.Event) -> None:
    """Post commands until stopped; each with its own key, sent again (same key) until it is
    acknowledged: to the other API process when one is dead, after Retry-After on a 503."""
    headers = {"Authorization": f"Bearer {token}"}
    turn = itertools.count(n)
    with httpx.Client(timeout=30, headers=headers) as http:
        for i in itertools.count():
            key = f"c{n}-{i}"
            while not stop.is_set():
                api = apis[next(turn) % len(apis)]
                try:
                    r = http.post(f"{api.url}/directives", json=DOCUMENT,
                                  headers={"Idempotency-Key": key})
                except httpx.TransportError as exc:
                    if not api.killed:
                        with seen.lock:
                            seen.problems.append(f"{api.url} alive but {type(exc).__name__}")
                    continue
                if r.status_code == 201:
                    body = r.json()
                    with seen.lock:
                        seen.acks.append(Ack(key, body["id"], body["version"], body["position"]))
                    read_own_write(http, api, body, seen)
                    break
                if r.status_code == 503 and r.headers.get("Retry-After"):
                    with seen.lock:
                        seen.unavailable += 1
                    stop.wait(min(float(r.headers["Retry-After"]), 1.0))
                    continue
                with seen.lock:
                    seen.problems.append(f"{r.status_code} {r.text[:200]}")
                stop.wait(0.5)
            if stop.is_set():
                return


def read_own_write(http: httpx.Client, api: Api, body: dict[str, Any], seen: Seen) -> None:
    """The command's position read back with min_position: 200, or 503 with Retry-After."""
    with contextlib.suppress(httpx.TransportError):
        r = http.get(f"{api.url}/directives/{body['id']}",
                     params={"min_position": body["position"]})
        if r.status_code == 200 or (r.status_code == 503 and r.headers.get("Retry-After")):
            return
        with seen.lock:
            seen.problems.append(f"read-your-writes {r.status_code} {r.text[:200]}")


def holder_pids(url: str) -> set[str]:
    with contextlib.suppress(psycopg.Error), psycopg.connect(url, connect_timeout=3) as conn:
        rows = conn.execute("SELECT holder FROM office.worker_leases").fetchall()
        return {str(r[0]).split(":")[1] for r in rows}
    return set()


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    try:
        made = Cluster()
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"no throwaway PostgreSQL cluster can be made here: {exc}")
    with made as running:
        yield running


def test_kill_an_api_process_the_worker_and_restart_postgres(cluster: Cluster,
                                                             tmp_path: Path) -> None:
    """No acknowledged write lost, projections exactly once, the log verifies, 503 +
    Retry-After during the outage, and service resumes by itself."""
    settings = Settings(database_url=f"{cluster.url}?schema=office", data_dir=tmp_path / "data",
                        ledger_origin="test.socai.local/fault", pdf_renderer="off",
                        pg_connect_timeout=2)  # type: ignore[call-arg]
    office = open_office(settings)
    try:
        seed_reference(office)
        token = add_user(office, "lanhdao", Role.LEADER, Secrecy.TOI_MAT)
        office.projections.catch_up()
        office.signing_key()
    finally:
        office.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOCAI_")}
    env.update({"SOCAI_DATABASE_URL": str(settings.database_url),
                "SOCAI_DATA_DIR": str(settings.data_dir), "SOCAI_PDF_RENDERER": "off",
                "SOCAI_LEDGER_ORIGIN": settings.ledger_origin, "SOCAI_EMBEDDED_WORKER": "false",
                "SOCAI_LEASE_SECONDS": "3", "SOCAI_PG_CONNECT_TIMEOUT": "2",
                "SOCAI_CHECKPOINT_EVERY_SECONDS": "2", "SOCAI_LOG_LEVEL": "WARNING"})
    logs = tmp_path / "logs"
    logs.mkdir()
    processes: list[subprocess.Popen[bytes]] = []
    stop = threading.Event()
    threads: list[threading.Thread] = []
    try:
        apis = []
        for name in ("a", "b"):
            port = free_port()
            proc = started(socai("serve", "--port", str(port)), env, logs / f"api-{name}.log")
            processes.append(proc)
            apis.append(Api(f"http://127.0.0.1:{port}", proc))
        first = started(socai("worker"), env, logs / "worker-1.log")
        processes.append(first)
        wait_until("the first worker holds the leases",
                   lambda: holder_pids(cluster.url) == {str(first.pid)})
        standby = started(socai("worker"), env, logs / "worker-2.log")
        processes.append(standby)
        for api in apis:
            wait_until(f"{api.url} answers", lambda api=api: _answers(api.url))  # type: ignore[misc]

        seen = Seen()
        for n in range(CLIENTS):
            thread = threading.Thread(target=client, args=(n, apis, token, seen, stop),
                                      daemon=True)
            threads.append(thread)
            thread.start()

        def progress(what: str) -> None:
            target = seen.count() + PHASE_ACKS
            wait_until(what, lambda: seen.count() >= target)

        progress("writes under load")
        apis[0].killed = True
        apis[0].process.kill()  # kill -9 one API process
        progress("writes through the other API process")
        first.kill()  # kill -9 the worker
        wait_until("the standby took every lease over",
                   lambda: holder_pids(cluster.url) == {str(standby.pid)})
        progress("writes with the standby worker")
        unavailable_before = seen.unavailable
        cluster.stop()
        wait_until("503 + Retry-After during the outage",
                   lambda: seen.unavailable > unavailable_before, seconds=30)
        cluster.start()
        progress("writes after PostgreSQL came back, nothing restarted")
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        assert standby.poll() is None
        assert apis[1].process.poll() is None
        assert seen.problems == []

        office = open_office(settings)
        try:
            head = office.projections.head()
            wait_until("the standby worker catches up",
                       lambda: office.projections.position() >= head)
            standby.terminate()
            standby.wait(timeout=30)
            with office.store.db.read() as cur:
                cur.execute("SELECT position, originator_id, originator_version FROM office_log")
                stored = {int(r[0]): (str(r[1]), int(r[2])) for r in cur.fetchall()}
            assert sorted(stored) == list(range(1, max(stored) + 1))  # gapless
            for ack in seen.acks:  # every acknowledged write is there, as acknowledged
                assert stored[ack.position] == (ack.record_id, ack.version), ack
            assert len({ack.key for ack in seen.acks}) == len(seen.acks)
            incremental = snapshot(office)
            office.projections.rebuild()
            assert snapshot(office) == incremental  # exactly once
        finally:
            office.close()
        verified = subprocess.run(socai("verify"), env=env, capture_output=True, timeout=300,
                                  check=False)
        assert verified.returncode == 0, verified.stdout.decode()[-2000:]
    finally:
        stop.set()
        for proc in processes:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False
