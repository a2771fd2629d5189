"""The FastAPI application: built by :func:`create_app`, wired in its lifespan, never at import."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.authn import Authentication, Authenticator
from api.background import start_background
from api.bootstrap import Office, open_office
from api.commands.routes import command_router
from api.edges import install_edges
from api.metrics.exposition import multiprocess_dir, scrape_registry, serve_port
from api.metrics.exposition import router as metrics_router
from api.metrics.families import Families
from api.metrics.http import HttpMetrics
from api.middleware import BodyLimit, RequestContext
from api.problems import install_problem_handlers
from api.reading import mark_routes
from api.routers import (
    archive,
    assignments,
    directives,
    events,
    health,
    inspection,
    ledger,
    petitions,
    records,
    reference,
    statistics,
    users,
)
from api.startup import prepare_office, prepare_process
from infra.logging import configure_logging, get_logger
from infra.settings import Settings
from infra.store.faults import StoreFault
from infra.store.receipts import ReceiptSweeper

DESCRIPTION = """
**Sổ Cái** — hệ thống quản lý văn bản chỉ đạo, đơn thư và lưu trữ với nhật ký kiểm chứng được.

Every action is an immutable event in one office log. Commands are POSTs to sub-resources named for
the action; the record version is the ETag and commands to an existing record need `If-Match`;
POSTs accept `Idempotency-Key` (a retry answers the first receipt); errors are RFC 9457
problem+json; lists are cursor-paginated; a
command answers the log `position` of its last event and any query may pass `?min_position=` to
read its own writes. Authenticate with `Authorization: Bearer <token>` (`socai users token NAME`).
"""

TAGS = [
    {"name": "directives", "description": "Văn bản chỉ đạo: dự thảo → ban hành → theo dõi → kết thúc"},
    {"name": "assignments", "description": "Nhiệm vụ giao cho đơn vị: báo cáo, đôn đốc, gia hạn"},
    {"name": "petitions", "description": "Đơn thư: tiếp nhận → phân loại → xử lý → kết thúc"},
    {"name": "calendar", "description": "Lịch làm việc và quy tắc thời hạn (dữ liệu có phiên bản)"},
    {"name": "registers", "description": "Sổ sách và thống kê dựng từ nhật ký"},
    {"name": "archive", "description": "Văn thư, lưu trữ: văn bản đến, đi, hồ sơ, khai thác, hủy"},
    {"name": "records", "description": "Lịch sử từng hồ sơ"},
    {"name": "events", "description": "Dòng sự kiện toàn văn phòng cho hệ thống khác"},
    {"name": "inspection", "description": "Kiểm tra, kiểm toán: hồ sơ kiểm tra, báo cáo"},
    {"name": "ledger", "description": "Nhật ký kiểm chứng được: điểm kiểm tra đã ký, khóa, chứng minh"},
    {"name": "reference", "description": "Danh mục: đơn vị, cơ quan ban hành, loại văn bản, nhiệm kỳ"},
    {"name": "users", "description": "Người dùng, vai trò, mã truy cập"},
    {"name": "health", "description": "Tình trạng dịch vụ"},
]


def create_app(settings: Settings | None = None, *, office: Office | None = None,
               background: bool = True) -> FastAPI:
    """Build the app. With ``office`` given (tests), the caller owns it and closes it."""
    settings = settings or (office.settings if office else Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = office is None
        the_office: Office = office or open_office(settings)
        app.state.office = the_office
        app.state.authenticator = Authenticator(the_office)
        the_office.signing_key()  # the first start creates the office key (docs/verifying.md §6)
        start_calendar(the_office)
        if background and settings.embedded_worker:
            sweep_receipts(ReceiptSweeper(the_office.receipts,
                                          ttl_hours=settings.idempotency_ttl_hours,
                                          clock_us=the_office.store.log.clock))
        work = start_background(the_office, enabled=background)  # api/background.py
        metrics_port = start_metrics_port(the_office, app.state.metrics) if background else None
        get_logger("socai").info("started", store=settings.describe_database(),
                                 embedded_worker=background and settings.embedded_worker)
        try:
            yield
        finally:
            if metrics_port is not None:
                metrics_port()
            work.stop()
            if own:
                app.state.office.close()

    docs = settings.docs_enabled  # production: off unless SOCAI_API_DOCS=true
    app = FastAPI(
        title="Sổ Cái API", version="0.1.0", description=DESCRIPTION, openapi_tags=TAGS,
        lifespan=lifespan, docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None, openapi_url="/openapi.json" if docs else None,
    )
    install_problem_handlers(app)
    app.state.metrics = Families.build(settings.office_code)
    for router in (health.router, directives.router, assignments.router, events.router,
                   records.router, reference.router, statistics.router, users.router,
                   archive.router, ledger.router, inspection.router, petitions.router,
                   petitions.calendar_router, metrics_router, command_router()):
        mark_routes(router)  # permissions and target kinds in the OpenAPI
        app.include_router(router)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes,
                       exempt_prefixes=(archive.UPLOAD_PREFIX,))
    app.add_middleware(Authentication, authenticator=lambda: app.state.authenticator)
    app.add_middleware(RequestContext)
    app.add_middleware(HttpMetrics, families=lambda: app.state.metrics)
    install_edges(app, settings)
    return app


def start_calendar(office: Office) -> None:
    """Adopt the calendar years ahead of need; a store that takes no write now still serves
    reads (its writes answer 503), so the server starts anyway."""
    try:
        prepare_office(office)
    except StoreFault as exc:
        get_logger("socai").warning("calendar_not_prepared", problem=exc.code)


def start_metrics_port(office: Office, families: Families) -> Callable[[], None] | None:
    """The plain metrics port (``SOCAI_METRICS_PORT``) of a lone API process; with several, the
    `socai serve` process serves it (``api/cli/main.py``)."""
    port = office.settings.metrics_port
    if port is None or multiprocess_dir() is not None:
        return None
    return serve_port(scrape_registry(office, families), office.settings.metrics_host, port)


def sweep_receipts(sweeper: ReceiptSweeper) -> None:
    """Purge expired Idempotency-Key receipts at start-up (the embedded worker's housekeeping
    does it again later); a store that takes no write now still serves."""
    try:
        sweeper()
    except StoreFault as exc:
        get_logger("socai").warning("receipts_not_purged", problem=exc.code)


def app_from_environment() -> FastAPI:
    """The ASGI factory used by `socai serve` (``uvicorn --factory``)."""
    settings = Settings()
    configure_logging(json=settings.log_format == "json", level=settings.log_level)
    prepare_process(settings)
    return create_app(settings)
