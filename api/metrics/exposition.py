"""Where the metrics are read: ``GET /metrics`` (admin or auditor bearer token), and, if
``SOCAI_METRICS_PORT`` is set, a plain port of its own (``SOCAI_METRICS_HOST``, 127.0.0.1 by
default: only the monitoring host should reach it).

With `socai serve --workers N` the API processes count into files of a private directory
(``prometheus_client``'s multiprocess mode, set up by the command before the processes start) and
every scrape sums them, whichever process answers; the plain port is then served by the command's
own process. `socai worker` has a port of its own (``SOCAI_WORKER_METRICS_PORT``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

from fastapi import APIRouter, Request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import start_http_server
from prometheus_client.registry import Collector
from starlette.responses import Response

from api.auth import permit
from api.bootstrap import Office
from api.metrics.families import Families
from api.metrics.store import StoreGauges
from infra.leases import Leases

MULTIPROCESS_DIR: Final = "PROMETHEUS_MULTIPROC_DIR"
"""The variable prometheus_client reads at import: set only by `socai serve --workers N`."""

router = APIRouter(tags=["health"])


def multiprocess_dir() -> Path | None:
    found = os.environ.get(MULTIPROCESS_DIR)
    return Path(found) if found else None


def scrape_registry(office: Office, families: Families | None) -> CollectorRegistry:
    """Everything one scrape shows: this process's counts (or every API process's, summed),
    and the store's gauges."""
    registry = CollectorRegistry(auto_describe=False)
    shared = multiprocess_dir()
    if shared is not None:
        multiprocess.MultiProcessCollector(registry, path=str(shared))  # type: ignore[no-untyped-call]
    elif families is not None:
        registry.register(families.registry)
    registry.register(gauges_of(office))
    return registry


def gauges_of(office: Office) -> StoreGauges:
    """The office's store gauges, one cache per office."""
    found = office.extras.get("metrics.store")
    if not isinstance(found, StoreGauges):
        found = office.extras["metrics.store"] = StoreGauges(office)
    return found


@router.get("/metrics", response_model=None, summary="Số đo vận hành (Prometheus; quản trị, "
            "kiểm toán)", responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}})
def metrics(request: Request, _: object = permit("metrics.read")) -> Response:
    office: Office = request.app.state.office
    families: Families | None = getattr(request.app.state, "metrics", None)
    body = generate_latest(scrape_registry(office, families))
    return Response(body, media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


def serve_port(registry: CollectorRegistry, host: str, port: int) -> Callable[[], None]:
    """Serve ``registry`` on host:port in a thread; return how to stop it."""
    server, thread = start_http_server(port, addr=host, registry=registry)

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return stop


class HeldLeases(Collector):
    """The leases this worker process holds now (1 each), beside the store's view."""

    def __init__(self, office: Office, leases: Leases) -> None:
        self.office = office.settings.office_code
        self.leases = leases

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily("socai_worker_lease_held", "1 for each lease this worker "
                                   "process holds", labels=["office", "lease"])
        for name in sorted(self.leases.held()):
            family.add_metric([self.office, name], 1)
        yield family


def private_multiprocess_dir() -> Callable[[], None]:
    """Make the directory the API processes count into (mode 0700), announce it to them through
    the environment, and return how to remove it."""
    folder = Path(tempfile.mkdtemp(prefix="socai-metrics-"))
    os.environ[MULTIPROCESS_DIR] = str(folder)

    def remove() -> None:
        os.environ.pop(MULTIPROCESS_DIR, None)
        shutil.rmtree(folder, ignore_errors=True)

    return remove
