"""Access to the archive: reading and loan requests (approval, hand-out, return) and the access
trail of secret items, where every access is an event."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID, uuid5

from domain.actors import Secrecy
from domain.archive.incoming import ARCHIVE_NAMESPACE
from domain.archive.status import status_machine
from domain.archive.values import ItemKind
from domain.events import Event
from domain.records import Fold, Record, new_record


def access_trail_id(item_id: UUID) -> UUID:
    return uuid5(ARCHIVE_NAMESPACE, f"access-trail|{item_id}")


class AccessKind(enum.StrEnum):
    READING = "reading"  # đọc tại chỗ
    LOAN = "loan"  # mượn

    @property
    def label(self) -> str:
        return "Đọc tại chỗ" if self is AccessKind.READING else "Mượn"


class AccessStatus(enum.StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"
    HANDED_OUT = "handed_out"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return {"requested": "Chờ duyệt", "approved": "Đã duyệt", "refused": "Từ chối",
                "handed_out": "Đang mượn", "returned": "Đã trả"}[self.value]


@dataclass(frozen=True, kw_only=True)
class AccessRequest(Record):
    kind: AccessKind
    item_kind: ItemKind
    item_id: UUID
    item_label: str
    item_summary: str
    file_code: str | None
    secrecy: Secrecy
    borrower: str
    borrower_unit: str
    purpose: str
    requested_on: date
    status: AccessStatus = AccessStatus.REQUESTED
    approved_by: str | None = None
    approved_on: date | None = None
    due_on: date | None = None
    handed_out_on: date | None = None
    returned_on: date | None = None

    @dataclass(frozen=True, kw_only=True)
    class Requested(Event):
        kind: AccessKind
        item_kind: ItemKind
        item_id: UUID
        item_label: str
        item_summary: str
        file_code: str | None
        secrecy: Secrecy
        borrower: str
        borrower_unit: str
        purpose: str
        requested_on: date

    @dataclass(frozen=True, kw_only=True)
    class Approved(Event):
        approved_by: str
        approved_on: date
        due_on: date | None

    @dataclass(frozen=True, kw_only=True)
    class Refused(Event):
        refused_on: date

    @dataclass(frozen=True, kw_only=True)
    class HandedOut(Event):
        handed_out_on: date
        secrecy: Secrecy  # the item's level when it left the archive

    @dataclass(frozen=True, kw_only=True)
    class Returned(Event):
        returned_on: date


@dataclass(frozen=True, kw_only=True)
class AccessTrail(Record):
    """Every access to one secret item (detail views, content downloads), one event each."""

    item_id: UUID
    accesses: int = 0

    @dataclass(frozen=True, kw_only=True)
    class Accessed(Event):
        item_id: UUID
        item_kind: ItemKind
        secrecy: Secrecy
        what: str  # "view", "content <sha256>", …


#: The access request's status machine: the status each event leads to.
ACCESS_STATUS: dict[type[Event], AccessStatus] = {
    AccessRequest.Requested: AccessStatus.REQUESTED,
    AccessRequest.Approved: AccessStatus.APPROVED,
    AccessRequest.Refused: AccessStatus.REFUSED,
    AccessRequest.HandedOut: AccessStatus.HANDED_OUT,
    AccessRequest.Returned: AccessStatus.RETURNED,
}

#: An access request's status after an event (the fold and the loan register use it).
access_status_after = status_machine(ACCESS_STATUS)


fold_access: Fold[AccessRequest] = Fold(AccessRequest)
fold_trail: Fold[AccessTrail] = Fold(AccessTrail)


@fold_access.on(AccessRequest.Requested)
def _requested(_: None, e: AccessRequest.Requested) -> AccessRequest:
    return new_record(
        AccessRequest, e, kind=e.kind, item_kind=e.item_kind, item_id=e.item_id,
        item_label=e.item_label, item_summary=e.item_summary, file_code=e.file_code,
        secrecy=e.secrecy, borrower=e.borrower, borrower_unit=e.borrower_unit,
        purpose=e.purpose, requested_on=e.requested_on, status=access_status_after(None, e),
    )


@fold_access.on(AccessRequest.Approved)
def _approved(r: AccessRequest, e: AccessRequest.Approved) -> AccessRequest:
    return replace(r, status=access_status_after(r.status, e), approved_by=e.approved_by,
                   approved_on=e.approved_on, due_on=e.due_on)


@fold_access.on(AccessRequest.Refused)
def _refused(r: AccessRequest, e: AccessRequest.Refused) -> AccessRequest:
    return replace(r, status=access_status_after(r.status, e))


@fold_access.on(AccessRequest.HandedOut)
def _out(r: AccessRequest, e: AccessRequest.HandedOut) -> AccessRequest:
    return replace(r, status=access_status_after(r.status, e), handed_out_on=e.handed_out_on)


@fold_access.on(AccessRequest.Returned)
def _returned(r: AccessRequest, e: AccessRequest.Returned) -> AccessRequest:
    return replace(r, status=access_status_after(r.status, e), returned_on=e.returned_on)


@fold_trail.on(AccessTrail.Accessed)
def _accessed(state: AccessTrail | None, e: AccessTrail.Accessed) -> AccessTrail:
    base = state or new_record(AccessTrail, e, item_id=e.item_id)
    return replace(base, accesses=base.accesses + 1)
