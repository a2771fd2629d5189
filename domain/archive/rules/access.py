"""Rules of access to the archive: reading and loan requests (approval, hand-out, return), and
the access trail of secret items (every access is an event).

A request names an item still in the office archive (not destroyed or transferred); a leader
approves it (a loan with the date it is due back) or refuses it with a reason; the archive hands
the item out once, on an approved request, and takes it back.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple
from uuid import UUID

from domain.actors import Secrecy
from domain.archive.access import (
    AccessKind,
    AccessRequest,
    AccessStatus,
    AccessTrail,
    access_trail_id,
)
from domain.archive.errors import (
    AccessNotApproved,
    AccessRequestNotPending,
    DocumentDestroyed,
    LoanNeedsDueDate,
    NotHandedOut,
)
from domain.archive.files import ArchiveFile, FileStatus
from domain.archive.incoming import IncomingDocument, IncomingStatus
from domain.archive.outgoing import OutgoingDocument, OutgoingStatus
from domain.archive.rules.common import fact_date, not_before
from domain.archive.values import ItemKind
from domain.directives.model import Directive
from domain.errors import InvalidValue
from domain.events import Event
from domain.records import Context
from domain.text import clean, clean_optional

#: An item of the archive a request may name.
Item = ArchiveFile | Directive | IncomingDocument | OutgoingDocument

_GONE = (IncomingStatus.DESTROYED, OutgoingStatus.DESTROYED, FileStatus.DESTROYED,
         FileStatus.TRANSFERRED)


class ItemFacts(NamedTuple):
    """What the loan register shows of an item: label, summary, file code, secrecy."""

    label: str
    summary: str
    file_code: str | None
    secrecy: Secrecy


def item_facts(item: Item, holder: ArchiveFile | None = None) -> ItemFacts:
    """Label, summary, file code and secrecy of an item still in the office archive; a document's
    file code is that of ``holder``, the file it is in (its archival code, else its reference)."""
    status: object = None
    if isinstance(item, ArchiveFile):
        status = item.status
        facts = ItemFacts(item.reference, item.title, item.code.text if item.code else None,
                          item.secrecy)
    elif isinstance(item, Directive):
        facts = ItemFacts(item.number_symbol or item.title[:100], item.title, None, item.secrecy)
    else:
        status = item.status
        code = None
        if holder is not None:
            code = holder.code.text if holder.code else holder.reference
        facts = ItemFacts(item.label, item.summary, code, item.secrecy)
    if status in _GONE:
        msg = "tài liệu không còn trong lưu trữ cơ quan (the item was destroyed or transferred)"
        raise DocumentDestroyed(msg)
    return facts


def request_access(
    ctx: Context, item: Item, holder: ArchiveFile | None, *, today: date, request_id: UUID,
    kind: AccessKind, item_kind: ItemKind, item_id: UUID, purpose: str,
    borrower: str | None = None, requested_on: date | None = None,
) -> list[Event]:
    """Ask to read (in the reading room) or borrow ``item``; the borrower defaults to the actor.
    The request keeps what the loan register shows of the item."""
    label, summary, code, secrecy = item_facts(item, holder)
    return [ctx.event(
        AccessRequest.Requested, request_id, 1, kind=AccessKind(kind),
        item_kind=ItemKind(item_kind), item_id=item_id, item_label=label,
        item_summary=summary[:1000], file_code=code, secrecy=secrecy,
        borrower=clean(borrower or ctx.actor.username, "borrower", max_length=200),
        borrower_unit=ctx.actor.unit, purpose=clean(purpose, "purpose", max_length=2000),
        requested_on=fact_date(today, requested_on, "requested_on"),
    )]


def _pending(r: AccessRequest) -> AccessRequest:
    if r.status is not AccessStatus.REQUESTED:
        msg = f"yêu cầu đã {r.status.label.lower()} (request is not pending)"
        raise AccessRequestNotPending(msg, status=r.status.value)
    return r


def approve_access(
    ctx: Context, r: AccessRequest, *, today: date, due_on: date | None = None,
    approved_on: date | None = None,
) -> list[Event]:
    """Approve a pending request, on or after it was made; a loan is approved with the date it
    is due back, on or after the approval."""
    _pending(r)
    day = not_before(fact_date(today, approved_on, "approved_on"), r.requested_on, "approved_on")
    if r.kind is AccessKind.LOAN and (due_on is None or due_on < day):
        msg = "due_on: mượn tài liệu phải có hạn trả từ ngày duyệt trở đi (a loan needs a due date)"
        raise LoanNeedsDueDate(msg, field="due_on")
    return [ctx.follow(r, AccessRequest.Approved, approved_by=ctx.actor.username,
                       approved_on=day, due_on=due_on)]


def refuse_access(
    ctx: Context, r: AccessRequest, *, today: date, refused_on: date | None = None,
) -> list[Event]:
    """Refuse a pending request, with a reason."""
    reason = ctx.required_reason("từ chối yêu cầu khai thác")
    _pending(r)
    return [ctx.follow(r, AccessRequest.Refused, reason=reason,
                       refused_on=fact_date(today, refused_on, "refused_on"))]


def hand_out(
    ctx: Context, r: AccessRequest, item: Item, holder: ArchiveFile | None, *, today: date,
    handed_out_on: date | None = None,
) -> list[Event]:
    """The archive hands the item out once, on an approved request, if it is still there; the
    event keeps the item's secrecy when it left (an access)."""
    if r.status is not AccessStatus.APPROVED:
        msg = f"yêu cầu chưa được duyệt hoặc đã giao (request is {r.status.label.lower()})"
        raise AccessNotApproved(msg, status=r.status.value)
    secrecy = item_facts(item, holder).secrecy
    day = not_before(fact_date(today, handed_out_on, "handed_out_on"),
                     r.approved_on or r.requested_on, "handed_out_on")
    return [ctx.follow(r, AccessRequest.HandedOut, handed_out_on=day, secrecy=secrecy)]


def return_item(
    ctx: Context, r: AccessRequest, *, today: date, returned_on: date | None = None,
    note: str | None = None,
) -> list[Event]:
    """An item handed out comes back, on or after the hand-out."""
    if r.status is not AccessStatus.HANDED_OUT:
        msg = f"tài liệu không ở trạng thái đang mượn (request is {r.status.label.lower()})"
        raise NotHandedOut(msg, status=r.status.value)
    day = not_before(fact_date(today, returned_on, "returned_on"),
                     r.handed_out_on or r.requested_on, "returned_on")
    return [ctx.follow(r, AccessRequest.Returned, returned_on=day,
                       reason=clean_optional(note, "note") or ctx.reason)]


def record_access(
    ctx: Context, trail: AccessTrail | None, *, item_kind: ItemKind, item_id: UUID,
    secrecy: Secrecy, what: str,
) -> list[Event]:
    """One access to a secret item (a detail view, a content download), on the item's trail
    (``None`` before its first access). Only secret items are traced."""
    if Secrecy(secrecy) is Secrecy.NONE:
        msg = "secrecy: chỉ ghi vết truy cập tài liệu mật (only secret items are traced)"
        raise InvalidValue(msg, field="secrecy")
    return [ctx.event(AccessTrail.Accessed, access_trail_id(item_id),
                      (trail.version if trail else 0) + 1, item_id=item_id,
                      item_kind=ItemKind(item_kind), secrecy=Secrecy(secrecy),
                      what=clean(what, "what", max_length=200))]
