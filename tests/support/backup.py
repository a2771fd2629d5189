"""Backups and restores in tests: more empty stores on the same backend, a writer thread, raw rows."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

from api.actors import resolve_actor
from api.bootstrap import Office, all_projections, open_office
from domain.actors import Role, Secrecy
from domain.records import Context
from infra.settings import Settings
from infra.store.backends import open_store
from projections.replay import replay
from projections.tables import dump

StoreMaker = Callable[[str], Settings]


@contextmanager
def restore_database(pg_url: str) -> Iterator[str]:
    """A second database on the test server (a restore must not meet the schema it was dumped
    from), dropped at the end; yields its URL."""
    dbname = f"r_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{dbname}"')
    try:
        yield urlunsplit(urlsplit(pg_url)._replace(path=f"/{dbname}", query=""))
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def empty_stores(root: Path, pg_url: str | None) -> StoreMaker:
    """Make settings for more empty stores of the backend: SQLite in a new data directory;
    PostgreSQL in a new schema of the database ``pg_url`` (small pools: the server is shared)."""

    def make(name: str) -> Settings:
        common: dict[str, Any] = {"data_dir": root / name, "ledger_origin": "test.socai.local/log",
                                  "projection_batch_size": 500, "pdf_renderer": "off",
                                  "pg_pool_size": 2}
        if pg_url is None:
            return Settings(**common)
        return Settings(database_url=f"{pg_url}?schema=r_{uuid.uuid4().hex[:12]}", **common)

    return make


class Writer(threading.Thread):
    """Registers users one after another until stopped: commands landing while a backup runs."""

    def __init__(self, office: Office) -> None:
        super().__init__(daemon=True)
        self.office = office
        self.stop = threading.Event()
        self.positions: list[int] = []
        self.error: BaseException | None = None
        self._written = threading.Condition()

    def run(self) -> None:
        ctx = Context(resolve_actor(self.office, self.office.settings.system_actor),
                      self.office.clock())
        i = 0
        try:
            while not self.stop.is_set():
                receipt = self.office.users.register(
                    ctx, username=f"can-bo-{i}", display_name=f"Cán bộ {i}", role=Role.CLERK,
                    unit="VP", clearance=Secrecy.NONE)
                i += 1
                with self._written:
                    self.positions.append(receipt.position)
                    self._written.notify_all()
        except BaseException as exc:  # noqa: BLE001 - reported by the test that joins
            self.error = exc
            with self._written:
                self._written.notify_all()

    def wait_for(self, count: int, timeout: float = 60.0) -> None:
        """Block until ``count`` more commands have been written."""
        with self._written:
            goal = len(self.positions) + count
            if not self._written.wait_for(lambda: len(self.positions) >= goal or
                                          self.error is not None, timeout):
                msg = "the writer stalled"
                raise TimeoutError(msg)
        if self.error is not None:
            raise self.error

    def finish(self) -> None:
        self.stop.set()
        self.join(30)
        if self.error is not None:
            raise self.error


def raw_log(office: Office, upto: int) -> list[tuple[Any, ...]]:
    """Every log row and its event row up to a position, as stored."""
    with office.store.db.read() as cur:
        cur.execute(
            "SELECT l.position, l.originator_id, l.originator_version, l.recorded_us, l.leaf_hash, "
            "l.chain_hash, e.topic, e.state FROM office_log l JOIN stored_events e "
            "ON e.originator_id = l.originator_id AND e.originator_version = l.originator_version "
            "WHERE l.position <= ? ORDER BY l.position", (upto,))
        return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r)
                for r in cur.fetchall()]


def read_models(office: Office) -> dict[str, list[tuple[Any, ...]]]:
    with office.store.db.read() as cur:
        return {t.name: dump(cur, t) for p in office.projections.projections for t in p.tables}


def replayed_read_models(source: Office, position: int, scratch: Settings
                         ) -> dict[str, list[tuple[Any, ...]]]:
    """The read models the source's log gives up to ``position``, built in another empty store of
    the same backend (so that they compare with a rebuild of the same backend)."""
    store = open_store(scratch)
    try:
        projections = all_projections()
        replay(source.store.db, source.mapper, projections, store.db, position=position)
        with store.db.read() as cur:
            return {t.name: dump(cur, t) for p in projections for t in p.tables}
    finally:
        store.close()


@contextmanager
def opened(settings: Settings, **kwargs: Any) -> Iterator[Office]:
    office = open_office(settings, **kwargs)
    try:
        yield office
    finally:
        office.close()
