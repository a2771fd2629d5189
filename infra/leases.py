"""Leases with fencing: each projection, the signer and the housekeeping held by one process at a time.

Several `socai worker` processes (or several `socai serve` processes running their embedded worker)
may follow one office log. Each piece of background work has a **lease**, a row of
``worker_leases`` (its DDL is in ``infra/store/schema.py``): who holds it, until when, and a
**fence** — a number raised by one every time the lease changes hands.

- :meth:`Leases.acquire` renews the leases this process holds and takes those that are free or
  expired, in one write transaction; a holder that was killed is replaced once its lease has
  expired (``SOCAI_LEASE_SECONDS``), by whichever process asks next.
- :meth:`Leases.confirm`, **inside the holder's own write transaction**, reads the lease rows
  (locked on PostgreSQL, so a take-over waits for that transaction to end) and returns the names
  whose fence is still this holder's. A holder that lost a lease — it was paused past its expiry and
  another process took over — writes nothing under it any more: the projection runner applies only
  confirmed projections and the signer appends only with a confirmed fence. Nothing is applied twice
  in any case: a projection's position is read under the same locks and written with its rows.
- A lease that expired but that nobody took over may still be written under: nobody else wrote.

Expiry times are the database server's clock on PostgreSQL (workers on several machines agree
without synchronised clocks) and the local clock on SQLite (one machine).
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from infra.db import Cursor, Database
from infra.logging import get_logger

TABLE: Final = "worker_leases"
SIGNER: Final = "signer"
HOUSEKEEPING: Final = "housekeeping"
LEASES_CHANNEL: Final = "leases"
"""The notification kind sent when a lease is released (standby workers take it at once)."""
_log = get_logger("socai.leases")


def projection_lease(name: str) -> str:
    """The lease of one projection."""
    return f"projection:{name}"


def holder_id() -> str:
    """A name for this process that no other process, here or on another machine, shares."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass(frozen=True)
class Lease:
    """A lease row: its holder, its fence, and when it expires (microseconds, UTC)."""

    name: str
    holder: str
    fence: int
    expires_us: int


class Leases:
    """The leases of one office, as one holder sees them."""

    def __init__(self, db: Database, *, holder: str | None = None, seconds: float = 15.0,
                 clock_us: Callable[[], int] | None = None) -> None:
        """``clock_us`` replaces the expiry clock (tests); by default the database's."""
        self.db = db
        self.holder = holder or holder_id()
        self.seconds = seconds
        self.clock_us = clock_us
        self._lock = threading.Lock()
        self._fences: dict[str, int] = {}
        self._valid_until: dict[str, float] = {}  # local monotonic time

    # What this process holds (its own view; the database has the last word) ------------------

    def holds(self, name: str) -> bool:
        """Whether this holder took or renewed ``name`` less than a lease ago."""
        with self._lock:
            return name in self._fences and time.monotonic() < self._valid_until[name]

    def held(self) -> frozenset[str]:
        now = time.monotonic()
        with self._lock:
            return frozenset(n for n, until in self._valid_until.items()
                             if n in self._fences and now < until)

    def fence(self, name: str) -> int | None:
        with self._lock:
            return self._fences.get(name)

    def _forget(self, name: str) -> None:
        with self._lock:
            self._fences.pop(name, None)
            self._valid_until.pop(name, None)

    # Taking, renewing, releasing --------------------------------------------------------------

    def acquire(self, names: Iterable[str]) -> frozenset[str]:
        """Renew the held leases among ``names`` and take the free or expired ones; return what
        this holder now holds. One write transaction."""
        wanted = sorted(set(names))
        started = time.monotonic()
        taken: dict[str, int] = {}
        lost: list[str] = []
        with self.db.write() as cur:
            now = self._now_us(cur)
            expires = now + int(self.seconds * 1_000_000)
            rows = {lease.name: lease for lease in self._rows(cur, wanted, lock=True)}
            for name in wanted:
                row = rows.get(name)
                if row is None:
                    cur.execute(f"INSERT INTO {TABLE} (name, holder, fence, expires_us, "
                                "acquired_us) VALUES (?, ?, 1, ?, ?)",
                                (name, self.holder, expires, now))
                    taken[name] = 1
                elif row.holder == self.holder and row.fence == self.fence(name):
                    cur.execute(f"UPDATE {TABLE} SET expires_us = ? WHERE name = ?",
                                (expires, name))
                    taken[name] = row.fence
                elif row.expires_us <= now:
                    fence = row.fence + 1
                    cur.execute(f"UPDATE {TABLE} SET holder = ?, fence = ?, expires_us = ?, "
                                "acquired_us = ? WHERE name = ?",
                                (self.holder, fence, expires, now, name))
                    taken[name] = fence
                elif self.fence(name) is not None:
                    lost.append(name)
        until = started + self.seconds * 0.9  # a margin for the time the transaction took
        with self._lock:
            for name in lost:
                self._fences.pop(name, None)
                self._valid_until.pop(name, None)
            new = sorted(n for n, fence in taken.items() if self._fences.get(n) != fence)
            for name, fence in taken.items():
                self._fences[name] = fence
                self._valid_until[name] = until
        if new:
            _log.info("leases_taken", leases=new, fences=[taken[n] for n in new])
        for name in lost:
            _log.warning("lease_lost", lease=name)
        return self.held()

    def release(self) -> None:
        """Give up every lease this holder has (a clean stop): another process takes them at
        once instead of waiting for them to expire."""
        with self._lock:
            names = sorted(self._fences)
            self._fences.clear()
            self._valid_until.clear()
        if not names:
            return
        with self.db.write() as cur:
            for name in names:
                cur.execute(f"UPDATE {TABLE} SET expires_us = 0 WHERE name = ? AND holder = ?",
                            (name, self.holder))
            self.db.notify(cur, LEASES_CHANNEL, "released")

    # Fencing, inside the holder's write transaction -------------------------------------------

    def confirm(self, cur: Cursor, names: Iterable[str]) -> frozenset[str]:
        """Inside a write transaction: the names among ``names`` whose lease row still carries
        this holder's fence (rows locked until the transaction ends on PostgreSQL). A lease found
        in other hands is forgotten: this holder writes nothing more under it."""
        wanted = sorted(set(names))
        if not wanted:
            return frozenset()
        mine = {name: self.fence(name) for name in wanted}
        confirmed = set()
        for row in self._rows(cur, wanted, lock=True, shared=True):
            if row.holder == self.holder and row.fence == mine.get(row.name):
                confirmed.add(row.name)
        for name in wanted:
            if name not in confirmed and mine.get(name) is not None:
                _log.warning("lease_lost", lease=name)
                self._forget(name)
        return frozenset(confirmed)

    # Reading -----------------------------------------------------------------------------------

    def rows(self) -> list[Lease]:
        """Every lease row of the office (for `socai worker --status` and the metrics)."""
        with self.db.read() as cur:
            return self._rows(cur, None, lock=False)

    def _rows(self, cur: Cursor, names: list[str] | None, *, lock: bool,
              shared: bool = False) -> list[Lease]:
        sql = f"SELECT name, holder, fence, expires_us FROM {TABLE}"
        params: list[str] = []
        if names is not None:
            sql += f" WHERE name IN ({', '.join('?' * len(names))})"
            params = names
        sql += " ORDER BY name"
        if lock and self.db.dialect.name == "postgresql":
            sql += " FOR SHARE" if shared else " FOR UPDATE"
        cur.execute(sql, params)
        return [Lease(str(r[0]), str(r[1]), int(r[2]), int(r[3])) for r in cur.fetchall()]

    def _now_us(self, cur: Cursor) -> int:
        if self.clock_us is not None:
            return self.clock_us()
        if self.db.dialect.name == "postgresql":
            cur.execute("SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)")
            row = cur.fetchone()
            return int(row[0]) if row else 0
        return time.time_ns() // 1000
