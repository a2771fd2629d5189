"""The composition root: build the office (store, applications, projections) from the settings.

Called once at start-up by `socai serve` (from the FastAPI lifespan) and by each CLI command; tests
call it with their own settings. Nothing is built at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from api.petitions_wiring import wire_petitions
from domain.archive.service import Archive
from domain.directives.service import Directives
from domain.ledger.service import Checkpoints
from domain.petitions.legal_calendar import LegalCalendar
from domain.petitions.service import Petitions
from domain.reference.service import Reference
from domain.users.service import Users
from infra.blobs import BlobStore
from infra.ledger.keys import SigningKey, ensure_key
from infra.ledger.signer import CheckpointSigner, witness_path
from infra.ledger.tree import StoredTree
from infra.pdf import PdfPrinter, find_printer
from infra.settings import Settings
from infra.store.backends import Store, open_store
from infra.store.log import Clock, wall_clock_us
from infra.store.receipts import Receipts
from infra.transcoding import OfficeMapper
from projections.archive.documents import DocumentRegisters
from projections.archive.files import FileRegisters
from projections.archive.summaries import register_archive_summaries
from projections.directives.register import DirectiveRegister
from projections.directives.summaries import register_summaries
from projections.ledger import register_ledger_summaries
from projections.operations import OperationRuns
from projections.petitions.register import PetitionRegister
from projections.petitions.summaries import register_petition_summaries
from projections.runner import Projection, ProjectionRunner
from projections.timeline import TimelineProjection
from projections.users import UsersProjection


def utc_now() -> datetime:
    return datetime.now(UTC)


def all_projections() -> list[Projection]:
    return [TimelineProjection(), UsersProjection(), DirectiveRegister(), DocumentRegisters(),
            FileRegisters(), PetitionRegister(), OperationRuns()]


@dataclass
class Office:
    """Everything a request or a command needs, built once."""

    settings: Settings
    store: Store
    mapper: OfficeMapper
    clock: Callable[[], datetime]
    users: Users
    reference: Reference
    directives: Directives
    checkpoints: Checkpoints
    tree: StoredTree
    signer: CheckpointSigner
    projections: ProjectionRunner
    archive: Archive
    blobs: BlobStore
    legal_calendar: LegalCalendar
    petitions: Petitions
    receipts: Receipts  # Idempotency-Key receipts (written only by the append)
    printer: PdfPrinter | None = None  # prints case-file reports to PDF, if the machine can
    extras: dict[str, Any] = field(default_factory=dict)

    def signing_key(self) -> SigningKey:
        """The office's Ed25519 key, created in the key directory the first time it is needed."""
        return self.signer.key()

    def close(self) -> None:
        self.store.close()


def open_office(
    settings: Settings, *, clock: Callable[[], datetime] = utc_now,
    log_clock: Clock = wall_clock_us,
) -> Office:
    register_summaries()
    register_archive_summaries()
    register_petition_summaries()
    register_ledger_summaries()
    printer = find_printer(settings.pdf_renderer)  # before opening anything: may refuse
    store = open_store(settings, clock=log_clock)
    mapper = OfficeMapper()
    common: dict[str, Any] = {"recorder": store.recorder, "mapper": mapper, "clock": clock}
    users = Users(**common)
    reference = Reference(**common)
    directives = Directives(**common)
    directives.wire(reference)
    blobs = BlobStore(settings.blobs_path, max_bytes=settings.max_attachment_bytes)
    archive = Archive(**common)
    archive.wire(reference, zone=settings.zone, content=blobs)
    checkpoints = Checkpoints(**common)
    tree = StoredTree(store.db)
    runner = ProjectionRunner(store.db, mapper, all_projections(),
                              batch_size=settings.projection_batch_size)
    runner.ensure_tables()
    keys: dict[str, SigningKey] = {}

    def signing_key() -> SigningKey:
        if "key" not in keys:
            keys["key"], _ = ensure_key(settings.keys_path, settings.ledger_origin)
        return keys["key"]

    signer = CheckpointSigner(
        db=store.db, log=store.log, mapper=mapper, checkpoints=checkpoints, tree=tree,
        key=signing_key, origin=settings.ledger_origin, witness=witness_path(settings.data_dir),
        every_events=settings.checkpoint_every_events,
        every_seconds=settings.checkpoint_every_seconds, clock=clock,
    )
    legal_calendar, petitions = LegalCalendar(**common), Petitions(**common)
    office = Office(
        settings=settings, store=store, mapper=mapper, clock=clock, users=users,
        reference=reference, directives=directives, checkpoints=checkpoints, tree=tree,
        signer=signer, projections=runner, archive=archive, blobs=blobs,
        legal_calendar=legal_calendar, petitions=petitions, receipts=Receipts(store.db),
        printer=printer,
    )
    wire_petitions(office)
    return office
