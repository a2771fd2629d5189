"""The retention table (reference data) and disposals of expired files.

A disposal (đợt hủy tài liệu) is proposed by the appraisal council with the list of expired files,
decided by the competent head, and carried out within 15 days of the decision with destruction
minutes (Thông tư 06/2025/TT-BNV). A legal hold on a file blocks it at every step.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from uuid import UUID, uuid5

from domain.archive.incoming import ARCHIVE_NAMESPACE
from domain.archive.status import status_machine
from domain.archive.values import RetentionClass
from domain.events import Event
from domain.records import Fold, Record, new_record

RETENTION_TABLE_ID = uuid5(ARCHIVE_NAMESPACE, "retention-table")


@dataclass(frozen=True, kw_only=True)
class RetentionTable(Record):
    """Bảng thời hạn bảo quản: data changed by admin commands, versioned as events."""

    classes: Mapping[str, RetentionClass] = field(default_factory=dict)

    @dataclass(frozen=True, kw_only=True)
    class Defined(Event):
        retention_class: RetentionClass


class DisposalStatus(enum.StrEnum):
    PROPOSED = "proposed"  # hội đồng đề nghị
    DECIDED = "decided"  # đã có quyết định hủy
    DESTROYED = "destroyed"  # đã hủy, có biên bản
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"proposed": "Hội đồng đề nghị hủy", "decided": "Đã có quyết định hủy",
                "destroyed": "Đã hủy", "cancelled": "Đã hủy bỏ đợt"}[self.value]


@dataclass(frozen=True, kw_only=True)
class Disposal(Record):
    council: tuple[str, ...]
    file_ids: tuple[UUID, ...]
    proposed_on: date
    proposal_reference: str
    status: DisposalStatus = DisposalStatus.PROPOSED
    decision_number: str | None = None
    decided_on: date | None = None
    decided_by: str | None = None
    destroyed_on: date | None = None
    minutes_number: str | None = None
    executed_by: str | None = None

    @dataclass(frozen=True, kw_only=True)
    class Proposed(Event):
        council: tuple[str, ...]
        file_ids: tuple[UUID, ...]
        proposed_on: date
        proposal_reference: str

    @dataclass(frozen=True, kw_only=True)
    class Decided(Event):
        decision_number: str
        decided_on: date
        decided_by: str

    @dataclass(frozen=True, kw_only=True)
    class Destroyed(Event):
        destroyed_on: date
        minutes_number: str
        executed_by: str
        content_hashes: tuple[str, ...]

    @dataclass(frozen=True, kw_only=True)
    class Cancelled(Event):
        pass


#: The disposal's status machine: the status each event leads to.
DISPOSAL_STATUS: dict[type[Event], DisposalStatus] = {
    Disposal.Proposed: DisposalStatus.PROPOSED,
    Disposal.Decided: DisposalStatus.DECIDED,
    Disposal.Destroyed: DisposalStatus.DESTROYED,
    Disposal.Cancelled: DisposalStatus.CANCELLED,
}

#: A disposal's status after an event (the fold and the disposal list use it).
disposal_status_after = status_machine(DISPOSAL_STATUS)


fold_retention: Fold[RetentionTable] = Fold(RetentionTable)
fold_disposal: Fold[Disposal] = Fold(Disposal)


@fold_retention.on(RetentionTable.Defined)
def _defined(state: RetentionTable | None, e: RetentionTable.Defined) -> RetentionTable:
    base = state or new_record(RetentionTable, e)
    c = e.retention_class
    return replace(base, classes={**base.classes, c.code: c})


@fold_disposal.on(Disposal.Proposed)
def _proposed(_: None, e: Disposal.Proposed) -> Disposal:
    return new_record(Disposal, e, council=e.council, file_ids=e.file_ids,
                      proposed_on=e.proposed_on, proposal_reference=e.proposal_reference,
                      status=disposal_status_after(None, e))


@fold_disposal.on(Disposal.Decided)
def _decided(d: Disposal, e: Disposal.Decided) -> Disposal:
    return replace(d, status=disposal_status_after(d.status, e), decision_number=e.decision_number,
                   decided_on=e.decided_on, decided_by=e.decided_by)


@fold_disposal.on(Disposal.Destroyed)
def _destroyed(d: Disposal, e: Disposal.Destroyed) -> Disposal:
    return replace(d, status=disposal_status_after(d.status, e), destroyed_on=e.destroyed_on,
                   minutes_number=e.minutes_number, executed_by=e.executed_by)


@fold_disposal.on(Disposal.Cancelled)
def _cancelled(d: Disposal, e: Disposal.Cancelled) -> Disposal:
    return replace(d, status=disposal_status_after(d.status, e))
