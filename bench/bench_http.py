"""Commands over HTTP: `socai serve` (a real uvicorn process) against a bare FastAPI endpoint.

For each backend, a fresh store is loaded with the demo reference data, a leader with a bearer token,
and drafted-and-appraised directives (set-up, not timed); then `socai serve` starts on a free port of
127.0.0.1 and a small asyncio HTTP/1.1 client issues each directive and assigns one task on it (two
commands, with If-Match) from 1 and then 16 keep-alive connections, a bounded number of commands
each, after a few untimed warm-up commands. (httpx itself tops out near 300 requests/s on this kind
of machine, which would measure the client.) The floor is a tiny
FastAPI app in this module (:func:`bare_app`), run by uvicorn the same way, whose one route validates
a body like ours and saves one event with the library per request, on the same backend.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
from fastapi import FastAPI
from pydantic import BaseModel

from api.actors import resolve_actor
from api.bootstrap import open_office
from bench.bare import BareAssignment, BareOffice
from bench.bench_commands import _assign_args, _draft_args, _issue_args
from bench.corpus import bench_actor
from bench.harness import Options, Result, scaled
from bench.stores import BACKENDS, library_env, office_settings
from domain.actors import Role, Secrecy
from domain.records import Context
from infra.settings import Settings
from tests.support.serving import free_port, serving

CONNECTIONS = (1, 16)
WARM_UP = 10  # directives issued and assigned before the timed runs
Call = Callable[["Connection", int], Awaitable[list[float]]]


@dataclass
class Load:
    rate: float  # commands (requests) per second
    p50_ms: float
    p99_ms: float
    failed: int


# The floor: a bare FastAPI endpoint saving one event with the library ----------------------------


class AssignBody(BaseModel):
    directive_id: UUID
    task: str
    lead_unit: str
    cooperating_units: list[str]
    monitoring_units: list[str]
    assigned_on: str
    deadline: str


def bare_app() -> FastAPI:
    """``uvicorn --factory bench.bench_http:bare_app``: the library reads its store from the env."""
    app = FastAPI()
    office = BareOffice()

    @app.post("/assignments", status_code=201)
    def assign(body: AssignBody) -> dict[str, Any]:
        a = BareAssignment(directive_number_symbol="01-NQ/TU", **body.model_dump())
        office.save(a)
        return {"id": str(a.id), "version": a.version}

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


# Serving -------------------------------------------------------------------------------------


def socai_command(port: int) -> list[str]:
    return [str(Path(sys.executable).parent / "socai"), "serve", "--port", str(port)]


def uvicorn_command(port: int) -> list[str]:
    return [sys.executable, "-m", "uvicorn", "bench.bench_http:bare_app", "--factory",
            "--host", "127.0.0.1", "--port", str(port), "--no-access-log", "--log-level", "warning"]


def settings_env(settings: Settings) -> dict[str, str]:
    return {"SOCAI_DATABASE_URL": str(settings.database_url), "SOCAI_LOG_LEVEL": "INFO",
            "SOCAI_LEDGER_ORIGIN": settings.ledger_origin}


# Driving -------------------------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection: enough of the protocol for JSON requests and answers."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def post(self, path: str, body: Any, headers: dict[str, str] | None = None
                   ) -> tuple[int, bytes]:
        data = orjson.dumps(body)
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        self.writer.write(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\n{extra}\r\n".encode() + data)
        await self.writer.drain()
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        length = next(int(line.split(":", 1)[1]) for line in head
                      if line.lower().startswith("content-length:"))
        return int(head[0].split(" ", 2)[1]), await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


async def drive(port: int, items: range, connections: int, call: Call) -> Load:
    """Run ``call`` for each of ``items`` from ``connections`` concurrent connections."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in items:
        queue.put_nowait(i)
    latencies: list[float] = []
    failed = 0
    conns = [await Connection.open(port) for _ in range(connections)]

    async def worker(conn: Connection) -> None:
        nonlocal failed
        while not queue.empty():
            i = queue.get_nowait()
            try:
                latencies.extend(await call(conn, i))
            except AssertionError:
                failed += 1

    start = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in conns))
    elapsed = time.perf_counter() - start
    for c in conns:
        c.close()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return Load(len(latencies) / elapsed, q[49] * 1000, q[98] * 1000, failed)


def _json(args: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in args.items()}


def ours_call(ids: list[UUID], token: str) -> Call:
    """Issue directive ``i`` (If-Match 2), then assign a task on it (If-Match 3)."""
    auth = {"Authorization": f"Bearer {token}"}

    async def call(conn: Connection, i: int) -> list[float]:
        did = ids[i]
        t0 = time.perf_counter()
        status, text = await conn.post(f"/directives/{did}/issue", _json(_issue_args(i)),
                                       {**auth, "If-Match": '"2"'})
        t1 = time.perf_counter()
        assert status == 200, text
        status, text = await conn.post(f"/directives/{did}/assignments",
                                       _json(_assign_args(i)), {**auth, "If-Match": '"3"'})
        assert status == 201, text
        return [t1 - t0, time.perf_counter() - t1]

    return call


async def bare_call(conn: Connection, i: int) -> list[float]:
    body = {"directive_id": str(UUID(int=i)), **_json(_assign_args(i))}
    t0 = time.perf_counter()
    status, text = await conn.post("/assignments", body)
    assert status == 201, text
    return [time.perf_counter() - t0]


def prepare(settings: Settings, directives: int) -> tuple[str, list[UUID]]:
    """Reference data, a leader's token and ``directives`` appraised drafts; projections caught up."""
    from tests.support.office import seed_reference

    office = open_office(settings)
    try:
        seed_reference(office)
        system = Context(resolve_actor(office, settings.system_actor), office.clock())
        office.users.register(system, username="bench-leader", display_name="Lãnh đạo (bench)",
                              role=Role.LEADER, unit="VP", clearance=Secrecy.TOI_MAT)
        token = office.users.issue_token(system, "bench-leader", label="bench").token
        leader = resolve_actor(office, "bench-leader")
        specialist = bench_actor(Role.SPECIALIST)
        ids = []
        for i in range(directives):
            receipt = office.directives.draft(Context(specialist, office.clock()),
                                              **_draft_args(i))
            assert receipt.record_id is not None
            office.directives.appraise(Context(leader, office.clock()), receipt.record_id, 1,
                                       passed=True)
            ids.append(receipt.record_id)
        office.projections.catch_up()
        return token, ids
    finally:
        office.close()


def run(options: Options) -> list[Result]:
    n = scaled(500, options)  # directives per connection count: 2n commands
    results: list[Result] = []
    for backend in BACKENDS:
        ours: dict[int, Load] = {}
        bare: dict[int, Load] = {}
        with office_settings(backend, options, "http") as settings:
            token, ids = prepare(settings, WARM_UP + n * len(CONNECTIONS))
            call = ours_call(ids, token)
            port = free_port()
            log = options.workdir / f"http_{backend}_socai.log"
            with serving(socai_command(port), {**os.environ, **settings_env(settings)}, port,
                         log):
                asyncio.run(drive(port, range(WARM_UP), 1, call))
                for k, c in enumerate(CONNECTIONS):
                    first = WARM_UP + k * n
                    ours[c] = asyncio.run(drive(port, range(first, first + n), c, call))
        with library_env(backend, options, "http_bare") as env:
            port = free_port()
            log = options.workdir / f"http_{backend}_bare.log"
            with serving(uvicorn_command(port), {**os.environ, **env}, port, log):
                asyncio.run(drive(port, range(2 * WARM_UP), 1, bare_call))
                for c in CONNECTIONS:
                    bare[c] = asyncio.run(drive(port, range(2 * n), c, bare_call))
        for c in CONNECTIONS:
            o, b = ours[c], bare[c]
            notes = {"failed (ours / bare)": f"{o.failed} / {b.failed}",
                     "commands": f"{n} issue + {n} assign; bare: {2 * n} single-event saves"}
            name = f"http {backend}, {c} conn"
            results.append(Result(f"{name}: commands/s", o.rate, "commands/s",
                                  "bare FastAPI + library save", b.rate, notes=notes))
            results.append(Result(f"{name}: p50 latency", o.p50_ms, "ms", "bare p50", b.p50_ms))
            results.append(Result(f"{name}: p99 latency", o.p99_ms, "ms", "bare p99", b.p99_ms))
    return results
