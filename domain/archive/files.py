"""Files (hồ sơ): opened for a piece of work, filled with documents, closed, handed over to the
office archive with an archival code, declassified, transferred to the historical archive, held, or
destroyed leaving a tombstone.

A file's retention is the longest of its own class and its documents' (the most valuable document
decides); the years are taken from the retention table when the class is given and stored in the
event, so a later change to the table extends nothing silently.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID, uuid5

from domain.actors import Secrecy
from domain.archive.incoming import ARCHIVE_NAMESPACE
from domain.archive.status import status_machine
from domain.archive.values import (
    ItemKind,
    Tombstone,
    handover_due,
    longest,
    retention_expires_on,
)
from domain.events import Event
from domain.records import Fold, Record, new_record


class FileStatus(enum.StrEnum):
    OPEN = "open"  # đang lập
    CLOSED = "closed"  # đã kết thúc, ở đơn vị
    ARCHIVED = "archived"  # đã nộp lưu vào lưu trữ cơ quan
    TRANSFERRED = "transferred"  # đã nộp lưu vào lưu trữ lịch sử
    DESTROYED = "destroyed"  # đã hủy

    @property
    def label(self) -> str:
        return FILE_STATUS_LABELS[self]


FILE_STATUS_LABELS = {
    FileStatus.OPEN: "Đang lập",
    FileStatus.CLOSED: "Đã kết thúc",
    FileStatus.ARCHIVED: "Đã nộp lưu cơ quan",
    FileStatus.TRANSFERRED: "Đã nộp lưu lịch sử",
    FileStatus.DESTROYED: "Đã hủy",
}


@dataclass(frozen=True)
class ArchivalCode:
    """Phông · mục lục · hộp · hồ sơ số."""

    fonds: str
    inventory: str
    box: str
    file_number: int

    @property
    def text(self) -> str:
        return f"{self.fonds}/{self.inventory}/{self.box}/{self.file_number}"

    @property
    def record_id(self) -> UUID:
        # The box does not identify a file: a file keeps its number when boxes are re-packed.
        return uuid5(ARCHIVE_NAMESPACE, f"archival-code|{self.fonds}|{self.inventory}|"
                                        f"{self.file_number}")


@dataclass(frozen=True)
class FiledDocument:
    document_id: UUID
    kind: ItemKind
    label: str
    retention_class: str
    retention_years: int | None
    added_on: date


@dataclass(frozen=True)
class Hold:
    hold_id: UUID
    reference: str
    placed_on: date
    reason: str


@dataclass(frozen=True, kw_only=True)
class ArchiveFile(Record):
    reference: str  # ký hiệu hồ sơ in the unit's file list
    title: str
    unit: str
    opened_on: date
    secrecy: Secrecy
    retention_class: str
    own_retention_years: int | None
    status: FileStatus = FileStatus.OPEN
    documents: tuple[FiledDocument, ...] = ()
    ended_on: date | None = None
    kept_back_until: date | None = None
    code: ArchivalCode | None = None
    handed_over_on: date | None = None
    holds: tuple[Hold, ...] = ()
    transferred_on: date | None = None
    receiving_archive: str | None = None
    tombstone: Tombstone | None = None

    @property
    def retention_years(self) -> int | None:
        """The file's period: the longest of its own class and its documents' (None: permanent)."""
        return longest([self.own_retention_years, *(d.retention_years for d in self.documents)])

    @property
    def expires_on(self) -> date | None:
        if self.ended_on is None:
            return None
        return retention_expires_on(self.ended_on, self.retention_years)

    @property
    def handover_due(self) -> date | None:
        if self.ended_on is None:
            return None
        return handover_due(self.ended_on, self.kept_back_until)

    @property
    def on_hold(self) -> bool:
        return bool(self.holds)

    @dataclass(frozen=True, kw_only=True)
    class Opened(Event):
        reference: str
        title: str
        unit: str
        opened_on: date
        secrecy: Secrecy
        retention_class: str
        retention_years: int | None

    @dataclass(frozen=True, kw_only=True)
    class DocumentAdded(Event):
        document: FiledDocument

    @dataclass(frozen=True, kw_only=True)
    class Closed(Event):
        ended_on: date

    @dataclass(frozen=True, kw_only=True)
    class KeptBack(Event):
        until: date
        approval_reference: str

    @dataclass(frozen=True, kw_only=True)
    class HandedOver(Event):
        handed_over_on: date
        code: ArchivalCode
        received_by: str

    @dataclass(frozen=True, kw_only=True)
    class Declassified(Event):
        secrecy: Secrecy  # the new level
        previous: Secrecy
        declassified_on: date
        decision_reference: str

    @dataclass(frozen=True, kw_only=True)
    class Transferred(Event):
        transferred_on: date
        receiving_archive: str
        reference: str

    @dataclass(frozen=True, kw_only=True)
    class HoldPlaced(Event):
        hold: Hold

    @dataclass(frozen=True, kw_only=True)
    class HoldReleased(Event):
        hold_id: UUID
        released_on: date

    @dataclass(frozen=True, kw_only=True)
    class Destroyed(Event):
        tombstone: Tombstone


@dataclass(frozen=True, kw_only=True)
class ArchivalCodeSlot(Record):
    """An archival code taken by a file (natural key: taking it twice is a version conflict)."""

    code: ArchivalCode
    file_id: UUID

    @dataclass(frozen=True, kw_only=True)
    class Assigned(Event):
        code: ArchivalCode
        file_id: UUID


@dataclass(frozen=True, kw_only=True)
class DirectiveFiling(Record):
    """A directive filed in a file (the directive record belongs to another context)."""

    file_id: UUID

    @dataclass(frozen=True, kw_only=True)
    class Filed(Event):
        file_id: UUID


fold_directive_filing: Fold[DirectiveFiling] = Fold(DirectiveFiling)


@fold_directive_filing.on(DirectiveFiling.Filed)
def _filed(_: None, e: DirectiveFiling.Filed) -> DirectiveFiling:
    return new_record(DirectiveFiling, e, file_id=e.file_id)


def directive_filing_id(directive_id: UUID) -> UUID:
    return uuid5(ARCHIVE_NAMESPACE, f"directive-filing|{directive_id}")


#: The file's status machine: the status each event leads to (others keep it). Keeping a file back,
#: declassifying it and holds change no status (a hold blocks disposal without being one).
FILE_STATUS: dict[type[Event], FileStatus] = {
    ArchiveFile.Opened: FileStatus.OPEN,
    ArchiveFile.Closed: FileStatus.CLOSED,
    ArchiveFile.HandedOver: FileStatus.ARCHIVED,
    ArchiveFile.Transferred: FileStatus.TRANSFERRED,
    ArchiveFile.Destroyed: FileStatus.DESTROYED,
}

#: A file's status after an event (the fold and the file catalogue use it).
file_status_after = status_machine(FILE_STATUS)


fold_file: Fold[ArchiveFile] = Fold(ArchiveFile)
fold_code_slot: Fold[ArchivalCodeSlot] = Fold(ArchivalCodeSlot)


@fold_file.on(ArchiveFile.Opened)
def _opened(_: None, e: ArchiveFile.Opened) -> ArchiveFile:
    return new_record(
        ArchiveFile, e, reference=e.reference, title=e.title, unit=e.unit, opened_on=e.opened_on,
        secrecy=e.secrecy, retention_class=e.retention_class,
        own_retention_years=e.retention_years, status=file_status_after(None, e),
    )


@fold_file.on(ArchiveFile.DocumentAdded)
def _added(f: ArchiveFile, e: ArchiveFile.DocumentAdded) -> ArchiveFile:
    return replace(f, documents=(*f.documents, e.document))


@fold_file.on(ArchiveFile.Closed)
def _closed(f: ArchiveFile, e: ArchiveFile.Closed) -> ArchiveFile:
    return replace(f, status=file_status_after(f.status, e), ended_on=e.ended_on)


@fold_file.on(ArchiveFile.KeptBack)
def _kept(f: ArchiveFile, e: ArchiveFile.KeptBack) -> ArchiveFile:
    return replace(f, kept_back_until=e.until)


@fold_file.on(ArchiveFile.HandedOver)
def _handed(f: ArchiveFile, e: ArchiveFile.HandedOver) -> ArchiveFile:
    return replace(f, status=file_status_after(f.status, e), code=e.code, handed_over_on=e.handed_over_on)


@fold_file.on(ArchiveFile.Declassified)
def _declassified(f: ArchiveFile, e: ArchiveFile.Declassified) -> ArchiveFile:
    return replace(f, secrecy=e.secrecy)


@fold_file.on(ArchiveFile.Transferred)
def _transferred(f: ArchiveFile, e: ArchiveFile.Transferred) -> ArchiveFile:
    return replace(f, status=file_status_after(f.status, e), transferred_on=e.transferred_on,
                   receiving_archive=e.receiving_archive)


@fold_file.on(ArchiveFile.HoldPlaced)
def _hold(f: ArchiveFile, e: ArchiveFile.HoldPlaced) -> ArchiveFile:
    return replace(f, holds=(*f.holds, e.hold))


@fold_file.on(ArchiveFile.HoldReleased)
def _release(f: ArchiveFile, e: ArchiveFile.HoldReleased) -> ArchiveFile:
    return replace(f, holds=tuple(h for h in f.holds if h.hold_id != e.hold_id))


@fold_file.on(ArchiveFile.Destroyed)
def _destroyed(f: ArchiveFile, e: ArchiveFile.Destroyed) -> ArchiveFile:
    return replace(f, status=file_status_after(f.status, e), tombstone=e.tombstone)


@fold_code_slot.on(ArchivalCodeSlot.Assigned)
def _slot(_: None, e: ArchivalCodeSlot.Assigned) -> ArchivalCodeSlot:
    return new_record(ArchivalCodeSlot, e, code=e.code, file_id=e.file_id)
