"""The background work of an office, and how the processes that do not do it wait for it.

:class:`Worker` is `socai worker`, and `socai serve`'s embedded worker (the default, and the only
setting on SQLite's one process): threads that

- keep the leases (``infra/leases.py``): every projection, the ``signer`` and the
  ``housekeeping``, renewed every third of ``SOCAI_LEASE_SECONDS``; free or expired ones are taken
  (a killed worker is replaced within one lease), released ones at once (``leases`` notification);
- apply the projections this process holds (``projections.runner``), fenced;
- sign checkpoints by the policy or when a reader asks, while holding the ``signer`` lease, fenced;
- do the housekeeping while holding its lease: purge expired Idempotency-Key receipts (at most once
  a minute), adopt next year's calendar base when the year turns (every five minutes);
- on PostgreSQL, listen to the office's channels (``infra/store/notify.py``): new events wake the
  projections, a reader's request wakes the signer, a released lease wakes the lease keeper. The
  log is looked at every ``SOCAI_WORKER_POLL_SECONDS`` as well (0.5 s when notifications do not
  arrive).

:class:`Follower` is an API process whose projections a worker applies elsewhere
(``SOCAI_EMBEDDED_WORKER=false``): read-your-writes waits wake on the ``projections`` channel, and a
case file that needs a checkpoint asks the signer through the ``sign`` channel.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from api.actors import system_actor
from api.bootstrap import Office
from api.startup import CalendarKeeper
from domain.records import Context
from infra.leases import HOUSEKEEPING, LEASES_CHANNEL, SIGNER, Leases, projection_lease
from infra.logging import get_logger
from infra.store.faults import StoreFault
from infra.store.notify import Handler, Listener
from infra.store.receipts import ReceiptSweeper

_log = get_logger("socai.worker")

POLL_WITHOUT_NOTIFY = 0.5  # seconds between looks at the log when no notification can arrive
CALENDAR_EVERY = 300.0  # seconds between two checks that the year has turned


class Background(Protocol):
    def stop(self, timeout: float = 5.0) -> None: ...


def signer_context(office: Office) -> Context:
    """The background signer acts as its own system actor (design invariant 9)."""
    return Context(system_actor(office, "ledger-signer"), office.clock())


def listener(office: Office, handlers: dict[str, Handler]) -> Listener | None:
    """A LISTEN connection for ``handlers`` on PostgreSQL; None on SQLite."""
    settings = office.settings
    if not settings.is_postgres or not settings.listen:
        return None
    return Listener(settings.postgres, settings.postgres.schema_name, handlers,
                    connect_timeout=settings.pg_connect_timeout)


def ask_through_notify(office: Office) -> Callable[[int], bool]:
    """How an API process asks a worker's signer for a checkpoint (PostgreSQL)."""
    def ask(tree_size: int) -> bool:
        try:
            with office.store.db.write() as cur:
                office.store.db.notify(cur, "sign", str(tree_size))
        except StoreFault:
            return False
        return True

    return ask


class Worker:
    """The projections, the signer and the housekeeping of one office, each under its lease."""

    def __init__(self, office: Office, *, holder: str | None = None) -> None:
        settings = office.settings
        self.office = office
        self.leases = Leases(office.store.db, holder=holder, seconds=settings.lease_seconds)
        self.names = [*(projection_lease(p.name) for p in office.projections.projections),
                      SIGNER, HOUSEKEEPING]
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []
        self._lease_wake = threading.Event()
        self.sweeper = ReceiptSweeper(office.receipts, ttl_hours=settings.idempotency_ttl_hours,
                                      clock_us=office.store.log.clock)
        self.calendar = CalendarKeeper(office)
        self._calendar_due = 0.0
        runner = office.projections
        self.listener = listener(office, {
            "log": lambda _: runner.nudge(),
            "projections": lambda _: runner.progress.fire(),
            "sign": lambda size: self._asked(int(size) if size.isdigit() else 0),
            LEASES_CHANNEL: lambda _: self._lease_wake.set(),
        })

    def _asked(self, tree_size: int) -> None:
        if tree_size > 0 and self.leases.holds(SIGNER):
            self.office.signer.request(tree_size)

    @property
    def notified(self) -> bool:
        return self.listener is not None and self.listener.connected

    def idle(self) -> float:
        """Seconds between two looks at the log: long while notifications arrive."""
        return self.office.settings.worker_poll_seconds if self.notified else POLL_WITHOUT_NOTIFY

    def start(self) -> Worker:
        """Take the leases that are free (so that a lone process starts holding everything),
        then start the threads."""
        office = self.office
        runner = office.projections
        runner.leases = self.leases
        runner.follows = True
        runner.notified = lambda: self.notified
        self.keep_leases_once()
        stop = self.stop_event
        if self.listener is not None:
            self.threads.append(self.listener.start(stop))
        self._spawn("leases", self._keep_leases)
        self._spawn("projections", lambda: runner.run(stop, idle=self.idle))
        self._spawn("ledger-signer", lambda: office.signer.run(
            stop, lambda: signer_context(office),
            poll=min(1.0, office.settings.checkpoint_every_seconds), leases=self.leases))
        self._spawn("housekeeping", self._housekeeping)
        _log.info("worker_started", holder=self.leases.holder, leases=len(self.leases.held()))
        return self

    def run(self) -> None:
        """Run until :meth:`stop` is called (`socai worker`, in the foreground)."""
        self.stop_event.wait()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the threads, then release the leases so that a standby takes them at once."""
        self.stop_event.set()
        self._lease_wake.set()
        for thread in self.threads:
            thread.join(timeout=timeout)
        try:
            self.leases.release()
        except StoreFault as exc:
            _log.warning("leases_not_released", problem=exc.code)
        _log.info("worker_stopped", holder=self.leases.holder)

    # Threads ------------------------------------------------------------------------------------

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self.threads.append(thread)
        thread.start()

    def keep_leases_once(self) -> frozenset[str]:
        """Renew and take leases once; a store fault is logged and tried again later."""
        before = self.leases.held()
        try:
            held = self.leases.acquire(self.names)
        except StoreFault as exc:
            _log.warning("leases_not_renewed", problem=exc.code)
            return self.leases.held()
        if held - before:
            self.office.projections.nudge()  # a projection taken over: catch it up now
        return held

    def _keep_leases(self) -> None:
        every = self.leases.seconds / 3
        while not self.stop_event.is_set():
            self._lease_wake.wait(every)
            self._lease_wake.clear()
            if self.stop_event.is_set():
                break
            try:
                self.keep_leases_once()
            except Exception:  # noqa: BLE001 - retried at the next turn, never fatal
                _log.exception("lease_keeper_failed")

    def _housekeeping(self) -> None:
        while not self.stop_event.wait(min(10.0, self.leases.seconds / 3)):
            if not self.leases.holds(HOUSEKEEPING):
                continue
            try:
                self.housekeeping_once()
            except StoreFault as exc:
                _log.warning("housekeeping_failed", problem=exc.code)
            except Exception:  # noqa: BLE001 - retried at the next turn, never fatal
                _log.exception("housekeeping_failed")

    def housekeeping_once(self) -> None:
        """Purge expired receipts (the sweeper acts at most once a minute) and, every five
        minutes, adopt the calendar's base years if the year has turned."""
        self.sweeper()
        now = time.monotonic()
        if now >= self._calendar_due:
            self._calendar_due = now + CALENDAR_EVERY
            self.calendar.tick()


class Follower:
    """An API process whose projections and signer run in a `socai worker` process."""

    def __init__(self, office: Office) -> None:
        self.office = office
        self.stop_event = threading.Event()
        runner = office.projections
        self.listener = listener(office, {"projections": lambda _: runner.progress.fire()})
        self.thread: threading.Thread | None = None

    def start(self) -> Follower:
        runner = self.office.projections
        runner.follows = True
        if self.listener is not None:
            listening = self.listener
            runner.notified = lambda: listening.connected
            self.office.signer.asker = ask_through_notify(self.office)
            self.thread = listening.start(self.stop_event)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self.stop_event.set()
        if self.thread is not None:
            self.thread.join(timeout=timeout)


class Nothing:
    """No background work in this process (tests that drive the projections themselves)."""

    def stop(self, timeout: float = 5.0) -> None:
        del timeout


def start_background(office: Office, *, enabled: bool) -> Background:
    """What `socai serve` runs beside its requests: the embedded worker (default), or, with
    ``SOCAI_EMBEDDED_WORKER=false``, a follower of the `socai worker` processes."""
    if not enabled:
        return Nothing()
    if office.settings.embedded_worker:
        return Worker(office).start()
    return Follower(office).start()
