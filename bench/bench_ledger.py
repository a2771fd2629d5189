"""The ledger's figures (issue 3): what hashing costs on append, `socai verify`'s rate and memory,
and inclusion-proof latency over HTTP.

- Append: single-event commands through the write path, on a hashing store and on one with
  ``OfficeLog(hashing=False)``, alternating blocks in the same run (target: hashing costs ≤ 15 %).
- Verify: `socai verify` in a subprocess over a synthetic log of 1M events (bulk-inserted with
  correct hashes, a signed checkpoint every 1000 events), on SQLite and PostgreSQL, beside two
  floors measured in the same run over the same rows: reading them raw (the same queries, one
  process, no checks) and one SHA-256 per event over its leaf data. Peak RSS at 100k and at 1M.
- Proofs: p50/p99 of ``GET /ledger/proofs/inclusion`` against a 1M-leaf tree, `socai serve` in a
  subprocess, one keep-alive client.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import psycopg
from eventsourcing.persistence import StoredEvent
from psycopg.sql import SQL, Identifier

from bench.harness import Options, Result, cpu_count, rate, scaled
from bench.ledger_data import fill
from infra.ledger.rows import Backend, close_connections
from infra.ledger.scan import _sha256
from infra.ledger.verify import target_for
from infra.settings import Settings
from infra.store.backends import open_store

ORIGIN = "bench.socai.local/log"
REPO = Path(__file__).resolve().parents[1]


def run(options: Options) -> list[Result]:
    results: list[Result] = []
    results += append_rates(options)
    big, small = scaled(1_000_000, options), scaled(100_000, options)
    stores: dict[str, Settings] = {}
    for backend in ("sqlite", "postgres"):
        for n in (small, big):
            settings = bench_settings(options, backend, str(n))
            print(f"  generating {n:,} events on {backend} …", flush=True)
            seconds = fill(settings, n)
            print(f"    {seconds:.1f} s", flush=True)
            stores[f"{backend}-{n}"] = settings
        results += verify_figures(options, backend, stores[f"{backend}-{small}"],
                                  stores[f"{backend}-{big}"], small, big)
    for backend in ("sqlite", "postgres"):
        results += proof_latency(options, backend, stores[f"{backend}-{big}"], big)
    return results


def bench_settings(options: Options, backend: str, name: str) -> Settings:
    """Settings of a fresh, empty store named ``name`` (a data directory; a schema on PG)."""
    data_dir = (options.workdir / f"ledger-{backend}-{name}").resolve()
    shutil.rmtree(data_dir, ignore_errors=True)
    if backend == "sqlite":
        return Settings(data_dir=data_dir, ledger_origin=ORIGIN)
    schema = f"bench_ledger_{name}"
    with psycopg.connect(options.postgres_url or "", autocommit=True) as conn:
        conn.execute(SQL("DROP SCHEMA IF EXISTS {0} CASCADE").format(Identifier(schema)))
    return Settings(data_dir=data_dir, ledger_origin=ORIGIN,
                    database_url=f"{options.postgres_url}?schema={schema}")


def environment(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOCAI_")}
    env.update(SOCAI_DATA_DIR=str(settings.data_dir), SOCAI_LEDGER_ORIGIN=settings.ledger_origin,
               SOCAI_LOG_FORMAT="console", SOCAI_LOG_LEVEL="WARNING")
    if settings.database_url:
        env["SOCAI_DATABASE_URL"] = settings.database_url
    return env


# Append ---------------------------------------------------------------------------------------------


def append_rates(options: Options) -> list[Result]:
    out = []
    blocks, block = 10, scaled(1000, options)
    for backend in ("sqlite", "postgres"):
        stores = {}
        for hashing in (True, False):
            settings = bench_settings(options, backend, "hashing" if hashing else "plain")
            stores[hashing] = open_store(settings, hashing=hashing)
        rnd = random.Random(3)
        records = [uuid.uuid4() for _ in range(200)]
        versions = {True: dict.fromkeys(records, 0), False: dict.fromkeys(records, 0)}
        payload = json.dumps({"title": "Về chuyển đổi số " * 12, "n": 1}).encode()
        spent = {True: 0.0, False: 0.0}
        for _ in range(blocks):
            for hashing in (True, False):
                recorder = stores[hashing].recorder
                started = time.perf_counter()
                for _ in range(block):
                    record = records[rnd.randrange(len(records))]
                    versions[hashing][record] += 1
                    recorder.insert_events([StoredEvent(
                        originator_id=record, originator_version=versions[hashing][record],
                        topic="bench:Noted", state=payload)])
                spent[hashing] += time.perf_counter() - started
        for store in stores.values():
            store.close()
        count = blocks * block
        on, off = rate(count, spent[True]), rate(count, spent[False])
        cost = (off - on) / off * 100
        out.append(Result(f"append, hashing on ({backend})", on, "events/s",
                          floor_name="hashing off", floor_value=off, target="cost ≤ 15 %",
                          notes={"cost": f"{cost:.1f} %"}))
        print(f"    hashing costs {cost:.1f} % on {backend}", flush=True)
    return out


# Verify ---------------------------------------------------------------------------------------------


def run_verify(settings: Settings, options: Options) -> dict[str, float]:
    out = options.workdir / "verify-child.json"
    subprocess.run([sys.executable, "-m", "bench.verify_child", str(out)], cwd=REPO,
                   env=environment(settings), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    result: dict[str, float] = json.loads(out.read_text())
    if result["exit"] != 0:
        msg = f"socai verify failed on a clean bench store: {result}"
        raise RuntimeError(msg)
    return result


def read_floor(settings: Settings) -> float:
    """Seconds to read the rows verify reads (log rows by position, event rows in storage
    order), in one process, with no check at all."""
    backend = Backend(target_for(settings))
    started = time.perf_counter()
    with backend.transaction() as cur:
        last = 0
        while True:
            cur.execute(backend.log_sql, (last, 2**62, 8192))
            rows = cur.fetchall()
            if not rows:
                break
            last = rows[-1][0]
        order = 0
        while True:
            cur.execute(backend.events_sql, (order, 8192))
            rows = cur.fetchall()
            if not rows:
                break
            order = rows[-1][0] + 1
    return time.perf_counter() - started


def hash_floor(settings: Settings) -> float:
    """Seconds spent in one SHA-256 per event over its leaf data (reading not counted)."""
    from infra.ledger.scan import _HEAD, _MIDDLE

    backend = Backend(target_for(settings))
    spent = 0.0
    sha, unhex, join = _sha256, backend.unhex, b"".join
    with backend.transaction() as cur:
        last, order = 0, 0
        while True:
            cur.execute(backend.log_sql, (last, 2**62, 8192))
            log = cur.fetchall()
            if not log:
                break
            last = log[-1][0]
            cur.execute(backend.events_sql, (order, len(log)))
            events = cur.fetchall()
            order = events[-1][0] + 1
            started = time.perf_counter()
            for (position, rid, version, recorded_us, _, _), (_, _, _, topic, state) in zip(
                log, events, strict=True
            ):
                sha(join((_HEAD(position, unhex(rid), version, len(topic)), topic,
                          _MIDDLE(recorded_us, len(state)), state))).digest()
            spent += time.perf_counter() - started
    return spent


def verify_figures(options: Options, backend: str, small_settings: Settings,
                   big_settings: Settings, small: int, big: int) -> list[Result]:
    small_run = run_verify(small_settings, options)
    big_run = run_verify(big_settings, options)
    raw = read_floor(big_settings)
    hashing = hash_floor(big_settings)
    close_connections()
    target = "≥ 150k events/s" if backend == "sqlite" else "≥ 100k events/s"
    notes = {"jobs": str(cpu_count())}
    verify_rate = rate(big, big_run["seconds"])
    print(f"    verify {verify_rate:,.0f} events/s; raw read {rate(big, raw):,.0f}; "
          f"SHA-256 loop {rate(big, hashing):,.0f}", flush=True)
    return [
        Result(f"verify {big:,} ({backend})", verify_rate, "events/s",
               floor_name="raw read", floor_value=rate(big, raw), target=target, notes=notes),
        Result(f"verify {big:,} ({backend}) vs hashing", verify_rate, "events/s",
               floor_name="SHA-256 loop", floor_value=rate(big, hashing)),
        Result(f"verify peak RSS main, {small:,} ({backend})", small_run["rss_main_mib"], "MiB"),
        Result(f"verify peak RSS main, {big:,} ({backend})", big_run["rss_main_mib"], "MiB",
               target="flat"),
        Result(f"verify peak RSS worker, {small:,} ({backend})", small_run["rss_worker_mib"],
               "MiB"),
        Result(f"verify peak RSS worker, {big:,} ({backend})", big_run["rss_worker_mib"], "MiB",
               target="flat"),
    ]


# Proofs over HTTP -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def bearer_token(settings: Settings) -> str:
    """A token for an auditor, registered after marking the synthetic events as projected."""
    from api.actors import resolve_actor
    from api.bootstrap import open_office
    from domain.actors import Role, Secrecy
    from domain.records import Context

    office = open_office(settings)
    try:
        with office.store.db.write() as cur:
            cur.execute("UPDATE projection_positions SET position = "
                        "(SELECT MAX(position) FROM office_log)")
        ctx = Context(resolve_actor(office, settings.system_actor), office.clock())
        office.users.register(ctx, username="bench-auditor", display_name="Bench",
                              role=Role.AUDITOR, unit="VP", clearance=Secrecy.NONE)
        token = office.users.issue_token(ctx, "bench-auditor").token
        office.projections.catch_up()
        return token
    finally:
        office.close()


def proof_latency(options: Options, backend: str, settings: Settings, n: int) -> list[Result]:
    token = bearer_token(settings)
    port = _free_port()
    env = environment(settings)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "socai"), "serve", "--port", str(port)], cwd=REPO,
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"},
                          timeout=30) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    msg = "socai serve did not start"
                    raise RuntimeError(msg)
                time.sleep(0.2)
            size = n - 1  # the last synthetic checkpoint covers n - 1 events
            rnd = random.Random(5)
            for _ in range(50):  # warm up
                client.get(f"/ledger/proofs/inclusion?position={rnd.randrange(1, size)}"
                           f"&tree_size={size}").raise_for_status()
            latencies = []
            for _ in range(scaled(2000, options)):
                position = rnd.randrange(1, size + 1)
                started = time.perf_counter()
                response = client.get(f"/ledger/proofs/inclusion?position={position}"
                                      f"&tree_size={size}")
                latencies.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()
    p50 = latencies[len(latencies) // 2]
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"    inclusion proof at {n:,} leaves ({backend}): p50 {p50:.2f} ms, p99 {p99:.2f} ms",
          flush=True)
    return [
        Result(f"inclusion proof p50, {n:,} leaves ({backend})", p50, "ms"),
        Result(f"inclusion proof p99, {n:,} leaves ({backend})", p99, "ms"),
    ]
