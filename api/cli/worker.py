"""`socai worker`: the projections, the checkpoint signer and the housekeeping, in a process of
their own (``api/background.py``); `socai worker --status`: who holds which lease."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from types import FrameType

import typer
from rich.table import Table

from api.background import Worker
from api.cli.common import office_session, out
from api.metrics.exposition import HeldLeases, scrape_registry, serve_port
from api.startup import prepare_office
from infra.leases import Leases
from infra.logging import configure_logging, get_logger, log_uncaught
from infra.settings import Settings
from infra.store.faults import StoreFault


def worker(
    status: bool = typer.Option(False, "--status", help="print the leases and who holds them, "
                                "then exit"),
) -> None:
    """Run the projections, the checkpoint signer and the housekeeping until stopped (SIGTERM,
    SIGINT); several may run: each piece is held by one at a time (leases)."""
    settings = Settings()
    with office_session() as office:
        if status:
            print_leases(Leases(office.store.db, seconds=settings.lease_seconds))
            return
        configure_logging(json=settings.log_format == "json", level=settings.log_level)
        log_uncaught()
        log = get_logger("socai.worker")
        try:
            prepare_office(office)  # the calendar's base years, as `socai serve` does
            office.signing_key()
        except StoreFault as exc:
            log.warning("calendar_not_prepared", problem=exc.code)
        running = Worker(office)
        stopping = threading.Event()

        def stop(signum: int, frame: FrameType | None) -> None:
            del frame
            log.info("worker_stopping", signal=signal.Signals(signum).name)
            stopping.set()
            running.stop_event.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        metrics = start_worker_metrics(running)
        running.start()
        log.info("worker_running", store=settings.describe_database(), holder=running.leases.holder)
        try:
            while not stopping.wait(1.0):
                pass
        finally:
            running.stop()
            if metrics is not None:
                metrics()


def start_worker_metrics(running: Worker) -> Callable[[], None] | None:
    """The metrics port of `socai worker` (``SOCAI_WORKER_METRICS_PORT``), if configured: the
    store's gauges and the leases this process holds; returns how to stop it."""
    settings = running.office.settings
    if settings.worker_metrics_port is None:
        return None
    registry = scrape_registry(running.office, None)
    registry.register(HeldLeases(running.office, running.leases))
    return serve_port(registry, settings.metrics_host, settings.worker_metrics_port)


def print_leases(leases: Leases) -> None:
    now = datetime.now(UTC)
    table = Table("lease", "holder", "fence", "expires", title="Hợp đồng thuê việc nền (leases)")
    for lease in leases.rows():
        expires = datetime.fromtimestamp(lease.expires_us / 1_000_000, UTC)
        left = (expires - now).total_seconds()
        table.add_row(lease.name, lease.holder, str(lease.fence),
                      f"{left:.0f} s" if left > 0 else "expired")
    out.print(table)
