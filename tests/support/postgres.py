"""A real PostgreSQL server for the test run, whatever the machine has.

In order: ``SOCAI_TEST_DATABASE_URL`` if set; else the server at 127.0.0.1:5432 if it answers; else a
throwaway cluster started from the installed PostgreSQL binaries (as the ``postgres`` OS user when
run as root), stopped and deleted at the end. The run works in a database of its own, dropped at the
end, and each test in a schema of its own.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Server:
    url: str  # the maintenance database of the server
    origin: str  # "environment", "local" or "throwaway"

    def database_url(self, dbname: str) -> str:
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path=f"/{dbname}", query=""))


def _answers(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _binaries() -> Path:
    candidates = [*sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True),
                  Path("/usr/local/pgsql/bin"), Path("/opt/homebrew/bin")]
    for found in candidates:
        if (found / "initdb").exists():
            return found
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    msg = "no PostgreSQL server answers and no initdb binary is installed to start one"
    raise RuntimeError(msg)


@contextlib.contextmanager
def _throwaway() -> Iterator[str]:
    bin_dir = _binaries()
    root = Path(tempfile.mkdtemp(prefix="socai-pg-"))
    data = root / "data"
    port = _free_port()
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    prefix: list[str] = []
    if as_root:
        shutil.chown(root, "postgres", "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    run = lambda *args: subprocess.run([*prefix, *args], check=True, capture_output=True)  # noqa: E731
    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
        "--locale=C.UTF-8")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "start", "-o",
        f"-p {port} -k {root} -h 127.0.0.1 -c fsync=off -c full_page_writes=off")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], check=False, capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def server() -> Iterator[Server]:
    given = os.environ.get("SOCAI_TEST_DATABASE_URL")
    if given:
        if not _answers(given):
            msg = f"SOCAI_TEST_DATABASE_URL is set but the server does not answer: {given}"
            raise RuntimeError(msg)
        yield Server(given, "environment")
        return
    if _answers(DEFAULT_URL):
        yield Server(DEFAULT_URL, "local")
        return
    with _throwaway() as url:
        deadline = time.monotonic() + 30
        while not _answers(url):
            if time.monotonic() > deadline:
                msg = "the throwaway PostgreSQL cluster did not start"
                raise RuntimeError(msg)
            time.sleep(0.2)
        yield Server(url, "throwaway")


@contextlib.contextmanager
def run_database(srv: Server) -> Iterator[str]:
    """A database for this test run, dropped afterwards; yields its URL."""
    name = f"socai_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(srv.url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield srv.database_url(name)
    finally:
        with psycopg.connect(srv.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
