"""A server in a subprocess for tests and benchmarks: start it, wait for ``/healthz``, stop it."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class Served:
    url: str
    process: subprocess.Popen[bytes]


@contextlib.contextmanager
def serving(command: list[str], env: dict[str, str], port: int, log: Path) -> Iterator[Served]:
    """Start ``command`` with exactly ``env`` (its output appended to ``log``), wait for
    /healthz on ``port``, yield it, stop it (if it is still running)."""
    out = open(log, "ab")  # noqa: SIM115 - closed below, after the process
    proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                msg = f"server did not start: {' '.join(command)} (see {log})"
                raise RuntimeError(msg)
            time.sleep(0.1)
        yield Served(url, proc)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        out.close()
