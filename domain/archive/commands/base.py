"""What every group of archive commands shares: wiring, dates in the office time zone, loading an
item by kind, the blob references written with attachments and destruction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, tzinfo
from functools import partial
from uuid import UUID

from domain.application import OfficeApplication
from domain.archive.content import BlobUse, ContentStore, blob_use_id, fold_blob_use
from domain.archive.errors import DateBeforeRegistration, DateInFuture
from domain.archive.files import ArchiveFile, fold_file
from domain.archive.incoming import IncomingDocument, fold_incoming
from domain.archive.outgoing import OutgoingDocument, fold_outgoing
from domain.archive.values import ItemKind
from domain.directives.model import Directive, fold_directive
from domain.errors import InvalidValue
from domain.events import Event
from domain.numbering.service import Numbering
from domain.records import Context
from domain.reference.service import Reference

Document = IncomingDocument | OutgoingDocument


class ArchiveBase(OfficeApplication):
    """State and helpers of the archive application (see :class:`domain.archive.service.Archive`)."""

    reference: Reference
    numbering: Numbering
    zone: tzinfo
    content: ContentStore | None = None

    def wire(self, reference: Reference, *, zone: tzinfo, content: ContentStore | None = None
             ) -> None:
        """Called once by the wiring: reference data, the office time zone, the blob store."""
        self.reference = reference
        self.numbering = Numbering(self, reference)
        self.zone = zone
        self.content = content

    # Dates ---------------------------------------------------------------------------------------

    def today(self, ctx: Context) -> date:
        """The command's day in the office time zone (year boundaries use it too)."""
        return ctx.now.astimezone(self.zone).date()

    def _fact_date(self, ctx: Context, value: date | None, field: str) -> date:
        """A date a fact happened on: given, or today; never after today."""
        today = self.today(ctx)
        if value is None:
            return today
        if value > today:
            msg = f"{field}: {value.isoformat()} sau ngày hôm nay (a fact cannot be in the future)"
            raise DateInFuture(msg, field=field)
        return value

    @staticmethod
    def _not_before(day: date, earliest: date, field: str) -> date:
        if day < earliest:
            msg = f"{field}: trước ngày {earliest.isoformat()} (before the record's own date)"
            raise DateBeforeRegistration(msg, field=field)
        return day

    # Loading -------------------------------------------------------------------------------------

    def get_incoming(self, document_id: UUID, *, version: int | None = None) -> IncomingDocument:
        return self.load(document_id, fold_incoming, version=version)

    def get_outgoing(self, document_id: UUID, *, version: int | None = None) -> OutgoingDocument:
        return self.load(document_id, fold_outgoing, version=version)

    def get_file(self, file_id: UUID, *, version: int | None = None) -> ArchiveFile:
        return self.load(file_id, fold_file, version=version)

    def get_directive(self, directive_id: UUID) -> Directive:
        return self.load(directive_id, fold_directive)

    def document(self, kind: ItemKind, document_id: UUID) -> Document:
        if kind is ItemKind.INCOMING:
            return self.get_incoming(document_id)
        if kind is ItemKind.OUTGOING:
            return self.get_outgoing(document_id)
        msg = f"kind: {kind.value} không có tệp đính kèm (only documents carry attachments)"
        raise InvalidValue(msg, field="kind")

    # Blob references -----------------------------------------------------------------------------

    def blob_in_use(self, sha256: str) -> bool:
        use = self.find(blob_use_id(sha256), fold_blob_use)
        return use is not None and bool(use.items)

    def _blob_events(self, ctx: Context, *, referenced: Iterable[tuple[str, UUID, int]] = (),
                     released: Iterable[tuple[str, UUID]] = ()) -> list[Event]:
        """BlobUse events for (hash, item, size) taken and (hash, item) let go, versions chained."""
        versions: dict[str, int] = {}

        def next_version(sha: str) -> int:
            if sha not in versions:
                use = self.find(blob_use_id(sha), fold_blob_use)
                versions[sha] = use.version if use else 0
            versions[sha] += 1
            return versions[sha]

        events: list[Event] = []
        for sha, item_id, size in referenced:
            events.append(ctx.event(BlobUse.Referenced, blob_use_id(sha), next_version(sha),
                                    sha256=sha, item_id=item_id, size=size))
        for sha, item_id in released:
            events.append(ctx.event(BlobUse.Released, blob_use_id(sha), next_version(sha),
                                    sha256=sha, item_id=item_id))
        return events

    def erase_unused(self, hashes: Iterable[str]) -> list[str]:
        """After a destruction is stored: remove the blobs no live item refers to any more."""
        removed: list[str] = []
        if self.content is None:
            return removed
        for sha in sorted(set(hashes)):
            if self.content.remove(sha, partial(self._unused, sha)):
                removed.append(sha)
        return removed

    def _unused(self, sha256: str) -> bool:
        return not self.blob_in_use(sha256)
