"""Typed settings, read once at start-up from ``SOCAI_*`` environment variables.

Nothing else in the code base reads the environment: the settings object is passed to the wiring,
which translates what the ``eventsourcing`` library needs into an explicit environment of its own.
"""

from __future__ import annotations

import shutil
from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class PostgresTarget(BaseModel):
    """The parts of a ``postgresql://`` URL that the driver needs."""

    host: str
    port: int
    user: str
    password: str
    dbname: str
    schema_name: str = "public"


class Settings(BaseSettings):
    """Every setting of Sổ Cái. See the README, section "Configuration"."""

    model_config = SettingsConfigDict(env_prefix="SOCAI_", extra="ignore", frozen=True)

    database_url: str | None = Field(
        default=None,
        description="sqlite:///PATH or postgresql://user:pass@host:port/db[?schema=NAME]; "
        "default: an SQLite file in the data directory",
    )
    data_dir: Path = Field(default=Path("var"), description="SQLite file, blobs, keys, witnesses")
    key_dir: Path | None = Field(default=None, description="signing keys; default DATA_DIR/keys")
    timezone: str = Field(default="Asia/Ho_Chi_Minh", description="office time zone")
    environment: Literal["development", "production"] = "development"
    api_docs: bool | None = Field(default=None, description="serve /docs, /redoc and "
                                  "/openapi.json; default: only in development")
    log_format: Literal["json", "console"] = "json"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    host: str = Field(default="127.0.0.1", description="bind address of `socai serve`")
    port: int = Field(default=8000, ge=1, le=65535)
    office_name: str = "Văn phòng Tỉnh ủy"
    ledger_origin: str = Field(default="socai.local/office-log", min_length=1)
    checkpoint_every_events: int = Field(default=1000, ge=1)
    checkpoint_every_seconds: float = Field(default=60.0, gt=0)
    max_body_bytes: int = Field(default=1_048_576, ge=1024, description="largest JSON body")
    pg_pool_size: int = Field(default=8, ge=1, le=200)
    system_actor: str = Field(default="system", description="user that CLI writes act as")
    projection_batch_size: int = Field(default=2000, ge=1)
    blob_dir: Path | None = Field(default=None, description="attachments; default DATA_DIR/blobs")
    max_attachment_bytes: int = Field(default=200 * 1024 * 1024, ge=1024,
                                      description="largest attachment upload (bytes)")
    petition_retention_years: int = Field(default=5, ge=0, description="petition files, until the "
                                          "archive's retention table exists; then keys are shredded")
    key_backup_days: int = Field(default=90, ge=1, le=3650, description="days a key backup "
                                 "(`socai keys backup`) may be restored; refused after")
    pdf_renderer: str = Field(default="auto", min_length=1, description="prints case-file "
                              "reports to PDF: auto (a Chromium on PATH), off, or a program")
    evaluation_first_year: int = Field(
        default=1990, ge=1900, le=2100, description="earliest year of an evaluation date (on, "
        "as_of, as_known_at, business_as_of); also the first calendar year adopted at start-up")
    evaluation_years_forward: int = Field(
        default=2, ge=1, le=50, description="latest evaluation year: this year plus this many "
        "(2: next year + 1); calendar years are adopted through next year")
    max_url_bytes: int = Field(default=8192, ge=1024, le=1_048_576,
                               description="longest path + query string; longer is 414")
    cors_origins: str = Field(default="", description="comma-separated origins allowed to call "
                              "the API from a browser (CORS); empty: none")
    pg_connect_timeout: float = Field(default=5.0, gt=0, le=120, description="seconds a request "
                                      "waits for a PostgreSQL connection before 503")
    ready_min_free_bytes: int = Field(default=100 * 1024 * 1024, ge=0, description="free space "
                                      "/readyz wants beside the SQLite file")
    ready_max_projection_lag: int = Field(default=10_000, ge=0, description="events the read "
                                          "models may be behind before /readyz says not ready")
    idempotency_ttl_hours: float = Field(default=24.0, gt=0, le=24 * 366, description=(
        "how long an Idempotency-Key's receipt answers a retry; then it is ignored and purged"))
    # Processes (docs/operations.md, "Processes"): the background work and who does it.
    embedded_worker: bool = Field(default=True, description="`socai serve` runs the projections, "
                                  "the signer and the housekeeping itself; false: a `socai "
                                  "worker` process does")
    serve_workers: int = Field(default=1, ge=1, le=64, description="API processes of `socai "
                               "serve` (uvicorn workers); more than one needs PostgreSQL")
    lease_seconds: float = Field(default=15.0, ge=1, le=3600, description="how long a worker "
                                 "holds a projection's or the signer's lease without renewing "
                                 "it: a killed worker is replaced within this time")
    worker_poll_seconds: float = Field(default=5.0, gt=0, le=3600, description="how often a "
                                       "worker looks at the log when LISTEN/NOTIFY works (a "
                                       "fallback only; 0.5 s without notifications)")
    listen: bool = Field(default=True, description="LISTEN/NOTIFY wake-ups on PostgreSQL; false "
                         "falls back to polling (for diagnosis and measurement only)")
    office_code: str = Field(default="office", pattern=r"^[a-z0-9][a-z0-9_.-]{0,62}$",
                             description="the office's short code: the `office` label of "
                             "every metric")
    metrics_port: int | None = Field(default=None, ge=1, le=65535, description="serve /metrics "
                                     "without authentication on this port (off by default)")
    metrics_host: str = Field(default="127.0.0.1", description="bind address of the metrics port")
    worker_metrics_port: int | None = Field(default=None, ge=1, le=65535, description="the "
                                            "metrics port of `socai worker` (off by default)")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            msg = f"unknown time zone {value!r}"
            raise ValueError(msg) from exc
        return value

    @field_validator("pdf_renderer")
    @classmethod
    def _printer_exists(cls, value: str) -> str:
        if value not in ("auto", "off") and shutil.which(value) is None:
            msg = f"no such program {value!r} (use auto, off, or a program's name or path)"
            raise ValueError(msg)
        return value

    @field_validator("ledger_origin")
    @classmethod
    def _origin_is_a_key_name(cls, value: str) -> str:
        if any(c.isspace() or c == "+" or ord(c) < 0x20 for c in value):
            msg = "ledger origin may not contain spaces, '+' or control characters"
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _known_backend(self) -> Settings:
        url = self.database_url
        if url and not url.startswith(("sqlite://", "postgresql://", "postgres://")):
            msg = "SOCAI_DATABASE_URL must start with sqlite:// or postgresql://"
            raise ValueError(msg)
        return self

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def docs_enabled(self) -> bool:
        """Whether the API serves its interactive documentation (off in production unless asked)."""
        return self.api_docs if self.api_docs is not None else self.environment == "development"

    @property
    def is_postgres(self) -> bool:
        return bool(self.database_url) and not str(self.database_url).startswith("sqlite://")

    @property
    def sqlite_path(self) -> Path:
        """The SQLite file: from ``sqlite:///PATH`` or the default in the data directory."""
        if self.database_url and self.database_url.startswith("sqlite://"):
            # sqlite:///relative/file or sqlite:////absolute/file, as SQLAlchemy writes them
            return Path(self.database_url.removeprefix("sqlite:///").removeprefix("sqlite://"))
        return self.data_dir / "socai.sqlite"

    @property
    def postgres(self) -> PostgresTarget:
        if not self.is_postgres or self.database_url is None:
            msg = "the database is not PostgreSQL"
            raise ValueError(msg)
        parts = urlsplit(self.database_url)
        query = parse_qs(parts.query)
        return PostgresTarget(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=unquote(parts.username or "postgres"),
            password=unquote(parts.password or ""),
            dbname=(parts.path or "/postgres").lstrip("/") or "postgres",
            schema_name=query.get("schema", ["public"])[0],
        )

    @property
    def cors_origin_list(self) -> tuple[str, ...]:
        return tuple(o.strip() for o in self.cors_origins.split(",") if o.strip())

    @property
    def keys_path(self) -> Path:
        return self.key_dir if self.key_dir is not None else self.data_dir / "keys"

    @property
    def blobs_path(self) -> Path:
        return self.blob_dir if self.blob_dir is not None else self.data_dir / "blobs"

    def describe_database(self) -> str:
        """Where the store is, without the password (safe for logs)."""
        if self.is_postgres:
            pg = self.postgres
            return f"postgresql://{pg.user}@{pg.host}:{pg.port}/{pg.dbname} schema {pg.schema_name}"
        return f"sqlite {self.sqlite_path}"
