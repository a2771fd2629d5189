"""The worker in its own process: HTTP commands, and read-your-writes latency (PostgreSQL).

Three set-ups of one `socai serve` on PostgreSQL, run back to back on the same machine:

- ``embedded``: the worker in the API process (the default), woken in memory;
- ``worker+notify``: ``SOCAI_EMBEDDED_WORKER=false`` and a `socai worker` process, woken by
  LISTEN/NOTIFY, the API's ``min_position`` waits woken by NOTIFY;
- ``worker+polling``: the same with ``SOCAI_LISTEN=false`` (the fallback: the worker looks every
  0.5 s, the API re-reads the positions every 0.1 s).

For each: commands/s from 16 connections (issue + assign, as ``bench_http``), and the
read-your-writes latency of one connection: a command, then ``GET /directives/{id}?min_position=``
of its position (the GET's own time, p50 and p99). The floor of the commands is the embedded
set-up (the ratio says what the separate process costs or gains); the floor of read-your-writes is
the same GET without ``min_position``.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson

from bench.bench_http import Connection, Load, drive, ours_call, prepare, settings_env, socai_command
from bench.harness import Options, Result, scaled
from bench.stores import office_settings
from tests.support.serving import free_port, serving

SETUPS = {
    "embedded": {},
    "worker+notify": {"SOCAI_EMBEDDED_WORKER": "false"},
    "worker+polling": {"SOCAI_EMBEDDED_WORKER": "false", "SOCAI_LISTEN": "false"},
}
DRAFT = {"document_type": "NQ", "title": "Về chuyển đổi số", "issuer": "TU", "drafting_unit": "VP"}


async def read_your_writes(port: int, token: str, n: int) -> tuple[list[float], list[float]]:
    """``n`` times: draft, then read it back with and without min_position (seconds each)."""
    conn = await Connection.open(port)
    auth = f"Bearer {token}"
    waited, plain = [], []
    try:
        for _ in range(n):
            status, body = await conn.post("/directives", DRAFT, {"Authorization": auth})
            assert status == 201, body
            answer: dict[str, Any] = orjson.loads(body)
            for sink, query in ((waited, f"?min_position={answer['position']}"), (plain, "")):
                t0 = time.perf_counter()
                status, text = await get(conn, f"/directives/{answer['id']}{query}", auth)
                sink.append(time.perf_counter() - t0)
                assert status == 200, text
    finally:
        conn.close()
    return waited, plain


async def get(conn: Connection, path: str, auth: str) -> tuple[int, bytes]:
    conn.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\n\r\n"
                      .encode())
    await conn.writer.drain()
    head = (await conn.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    length = next(int(line.split(":", 1)[1]) for line in head
                  if line.lower().startswith("content-length:"))
    return int(head[0].split(" ", 2)[1]), await conn.reader.readexactly(length)


def quantiles(values: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(values, n=100)
    return q[49] * 1000, q[98] * 1000


def run(options: Options) -> list[Result]:
    n = scaled(300, options)
    ryw = scaled(200, options)
    loads: dict[str, Load] = {}
    latencies: dict[str, tuple[list[float], list[float]]] = {}
    for name, extra in SETUPS.items():
        with office_settings("postgres", options, f"worker_{name.replace('+', '_')}") as settings:
            token, ids = prepare(settings, 10 + n)
            env = {**os.environ, **settings_env(settings), **extra}
            port = free_port()
            log = options.workdir / f"worker_{name}.log"
            worker = None
            if extra:
                out = log.open("ab")
                worker = subprocess.Popen(
                    [str(Path(sys.executable).parent / "socai"), "worker"], env=env,
                    stdout=out, stderr=subprocess.STDOUT)
            try:
                with serving(socai_command(port), env, port, log):
                    call = ours_call(ids, token)
                    asyncio.run(drive(port, range(10), 1, call))
                    loads[name] = asyncio.run(drive(port, range(10, 10 + n), 16, call))
                    latencies[name] = asyncio.run(read_your_writes(port, token, ryw))
            finally:
                if worker is not None:
                    worker.terminate()
                    worker.wait(timeout=60)
    results = []
    floor = loads["embedded"]
    for name, load in loads.items():
        results.append(Result(f"http postgres, 16 conn, {name}: commands/s", load.rate,
                              "commands/s", "embedded worker", floor.rate,
                              notes={"failed": str(load.failed)}))
        waited, plain = latencies[name]
        w50, w99 = quantiles(waited)
        p50, p99 = quantiles(plain)
        results.append(Result(f"read-your-writes, {name}: GET p50", w50, "ms",
                              "the same GET without min_position", p50))
        results.append(Result(f"read-your-writes, {name}: GET p99", w99, "ms",
                              "the same GET without min_position", p99))
    return results
