"""Waking up on the office's notifications: a signal that loses nothing, and the LISTEN loop.

On PostgreSQL the append (``infra/store/log.py``), the projection runner and the workers send
``NOTIFY`` on the office's channels (``infra/store/channels.py``) inside their transactions, so the
message is delivered when they commit. Each process that waits for something — a worker for new
events, an API process for a read model to reach a position — holds one :class:`Listener`: one
connection, ``LISTEN`` on the channels it needs, a thread that turns each notification into a call.
A lost connection (the server restarted) is retried every second; meanwhile, and whenever a
notification could have been missed, the callers fall back to polling, and on every reconnection
every handler is called once so that nothing waits for a message that was sent while it was away.

On SQLite nothing is sent: one process does the work, and wakes its threads in memory.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

import psycopg
from psycopg import sql

from infra.logging import get_logger
from infra.settings import PostgresTarget
from infra.store.channels import channel

Handler = Callable[[str], None]
_log = get_logger("socai.notify")


class Wakeup:
    """A signal whose waiters cannot miss a firing: each remembers the generation it saw before
    looking at the store, and waits only while the generation is still that one."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._generation = 0

    @property
    def generation(self) -> int:
        with self._cond:
            return self._generation

    def fire(self) -> None:
        with self._cond:
            self._generation += 1
            self._cond.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """Return once the generation differs from ``seen`` or ``timeout`` seconds passed."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._generation == seen:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            return self._generation


class Listener:
    """One ``LISTEN`` connection to an office's channels; calls ``handlers[kind](payload)``."""

    def __init__(self, target: PostgresTarget, namespace: str, handlers: Mapping[str, Handler],
                 *, connect_timeout: float = 5.0, retry: float = 1.0) -> None:
        self.target = target
        self.handlers = dict(handlers)
        self.kinds = {channel(namespace, kind): kind for kind in self.handlers}
        self.connect_timeout = connect_timeout
        self.retry = retry
        self._connected = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def connected(self) -> bool:
        """Whether notifications are being received now (else the callers poll)."""
        return self._connected.is_set()

    def start(self, stop: threading.Event) -> threading.Thread:
        self._thread = threading.Thread(target=self.run, args=(stop,), name="listener",
                                        daemon=True)
        self._thread.start()
        return self._thread

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    def run(self, stop: threading.Event) -> None:
        """Listen until ``stop`` is set, reconnecting after any failure."""
        while not stop.is_set():
            try:
                self._listen(stop)
            except (psycopg.Error, OSError) as exc:
                if self._connected.is_set():
                    _log.warning("listener_disconnected", error_type=type(exc).__name__)
            finally:
                self._connected.clear()
            stop.wait(self.retry)

    def _listen(self, stop: threading.Event) -> None:
        t = self.target
        with psycopg.connect(host=t.host, port=t.port, user=t.user, password=t.password,
                             dbname=t.dbname, autocommit=True,
                             connect_timeout=max(1, round(self.connect_timeout)),
                             keepalives=1, keepalives_idle=10, keepalives_interval=5,
                             keepalives_count=3) as conn:
            for name in self.kinds:
                conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(name)))
            self._connected.set()
            _log.info("listener_connected", channels=len(self.kinds))
            for kind in self.handlers:  # anything sent while we were away
                self._dispatch(kind, "")
            while not stop.is_set():
                for note in conn.notifies(timeout=1.0):
                    found = self.kinds.get(note.channel)
                    if found is not None:
                        self._dispatch(found, note.payload)

    def _dispatch(self, kind: str, payload: str) -> None:
        try:
            self.handlers[kind](payload)
        except Exception:  # noqa: BLE001 - a failing handler must not stop the listener
            _log.exception("listener_handler_failed", kind=kind)
