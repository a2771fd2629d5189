"""Commands on access to the archive: reading and loan requests, approval, hand-out, return; and
the access trail of secret items."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from domain.actors import Secrecy
from domain.application import Receipt
from domain.archive.access import (
    AccessKind,
    AccessRequest,
    AccessStatus,
    AccessTrail,
    access_trail_id,
    fold_access,
    fold_trail,
)
from domain.archive.commands.base import ArchiveBase
from domain.archive.errors import (
    AccessNotApproved,
    AccessRequestNotPending,
    DocumentDestroyed,
    LoanNeedsDueDate,
    NotHandedOut,
)
from domain.archive.files import FileStatus
from domain.archive.incoming import IncomingStatus
from domain.archive.outgoing import OutgoingStatus
from domain.archive.values import ItemKind
from domain.errors import InvalidValue
from domain.records import Context, expect_version
from domain.text import clean, clean_optional

_GONE = (IncomingStatus.DESTROYED, OutgoingStatus.DESTROYED, FileStatus.DESTROYED,
         FileStatus.TRANSFERRED)


class AccessCommands(ArchiveBase):
    def get_access(self, request_id: UUID, *, version: int | None = None) -> AccessRequest:
        return self.load(request_id, fold_access, version=version)

    def item_facts(self, kind: ItemKind, item_id: UUID) -> tuple[str, str, str | None, Secrecy]:
        """Label, summary, file code and secrecy of an archive item (refused if it is gone)."""
        kind = ItemKind(kind)
        if kind is ItemKind.FILE:
            f = self.get_file(item_id)
            status: object = f.status
            facts = (f.reference, f.title, f.code.text if f.code else None, f.secrecy)
        elif kind is ItemKind.DIRECTIVE:
            d = self.get_directive(item_id)
            status = None
            facts = (d.number_symbol or d.title[:100], d.title, None, d.secrecy)
        else:
            doc = self.document(kind, item_id)
            status = doc.status
            code = None
            if doc.file_id is not None:
                holder = self.get_file(doc.file_id)
                code = holder.code.text if holder.code else holder.reference
            facts = (doc.label, doc.summary, code, doc.secrecy)
        if status in _GONE:
            msg = "tài liệu không còn trong lưu trữ cơ quan (the item was destroyed or transferred)"
            raise DocumentDestroyed(msg)
        return facts

    def request_access(
        self, ctx: Context, *, kind: AccessKind, item_kind: ItemKind, item_id: UUID, purpose: str,
        borrower: str | None = None, requested_on: date | None = None,
    ) -> Receipt:
        """Ask to read (in the reading room) or borrow an item; the borrower defaults to the actor."""
        label, summary, code, secrecy = self.item_facts(item_kind, item_id)
        request_id = uuid4()
        event = ctx.event(
            AccessRequest.Requested, request_id, 1, kind=AccessKind(kind),
            item_kind=ItemKind(item_kind), item_id=item_id, item_label=label,
            item_summary=summary[:1000], file_code=code, secrecy=secrecy,
            borrower=clean(borrower or ctx.actor.username, "borrower", max_length=200),
            borrower_unit=ctx.actor.unit, purpose=clean(purpose, "purpose", max_length=2000),
            requested_on=self._fact_date(ctx, requested_on, "requested_on"),
        )
        return self.record([event], record_id=request_id)

    def _request(self, request_id: UUID, expected: int | None) -> AccessRequest:
        r = self.get_access(request_id)
        expect_version(r, expected)
        return r

    def approve_access(
        self, ctx: Context, request_id: UUID, expected: int | None, *, due_on: date | None = None,
        approved_on: date | None = None,
    ) -> Receipt:
        """Approve a pending request; a loan is approved with the date it is due back."""
        r = self._request(request_id, expected)
        if r.status is not AccessStatus.REQUESTED:
            msg = f"yêu cầu đã {r.status.label.lower()} (request is not pending)"
            raise AccessRequestNotPending(msg, status=r.status.value)
        day = self._not_before(self._fact_date(ctx, approved_on, "approved_on"), r.requested_on,
                               "approved_on")
        if r.kind is AccessKind.LOAN and (due_on is None or due_on < day):
            msg = "due_on: mượn tài liệu phải có hạn trả từ ngày duyệt trở đi (a loan needs a due date)"
            raise LoanNeedsDueDate(msg, field="due_on")
        event = ctx.follow(r, AccessRequest.Approved, approved_by=ctx.actor.username,
                           approved_on=day, due_on=due_on)
        return self.record([event], record_id=r.id)

    def refuse_access(
        self, ctx: Context, request_id: UUID, expected: int | None, *,
        refused_on: date | None = None,
    ) -> Receipt:
        reason = ctx.required_reason("từ chối yêu cầu khai thác")
        r = self._request(request_id, expected)
        if r.status is not AccessStatus.REQUESTED:
            msg = f"yêu cầu đã {r.status.label.lower()} (request is not pending)"
            raise AccessRequestNotPending(msg, status=r.status.value)
        event = ctx.follow(r, AccessRequest.Refused, reason=reason,
                           refused_on=self._fact_date(ctx, refused_on, "refused_on"))
        return self.record([event], record_id=r.id)

    def hand_out(
        self, ctx: Context, request_id: UUID, expected: int | None, *,
        handed_out_on: date | None = None,
    ) -> Receipt:
        """The archive hands the item out on an approved request (an event: this is an access)."""
        r = self._request(request_id, expected)
        if r.status is not AccessStatus.APPROVED:
            msg = f"yêu cầu chưa được duyệt hoặc đã giao (request is {r.status.label.lower()})"
            raise AccessNotApproved(msg, status=r.status.value)
        *_, secrecy = self.item_facts(r.item_kind, r.item_id)
        day = self._not_before(self._fact_date(ctx, handed_out_on, "handed_out_on"),
                               r.approved_on or r.requested_on, "handed_out_on")
        event = ctx.follow(r, AccessRequest.HandedOut, handed_out_on=day, secrecy=secrecy)
        return self.record([event], record_id=r.id)

    def return_item(
        self, ctx: Context, request_id: UUID, expected: int | None, *,
        returned_on: date | None = None, note: str | None = None,
    ) -> Receipt:
        r = self._request(request_id, expected)
        if r.status is not AccessStatus.HANDED_OUT:
            msg = f"tài liệu không ở trạng thái đang mượn (request is {r.status.label.lower()})"
            raise NotHandedOut(msg, status=r.status.value)
        day = self._not_before(self._fact_date(ctx, returned_on, "returned_on"),
                               r.handed_out_on or r.requested_on, "returned_on")
        event = ctx.follow(r, AccessRequest.Returned, returned_on=day,
                           reason=clean_optional(note, "note") or ctx.reason)
        return self.record([event], record_id=r.id)

    def record_access(
        self, ctx: Context, *, item_kind: ItemKind, item_id: UUID, secrecy: Secrecy, what: str,
    ) -> Receipt:
        """One access to a secret item (a detail view, a content download): always an event."""
        if Secrecy(secrecy) is Secrecy.NONE:
            msg = "secrecy: chỉ ghi vết truy cập tài liệu mật (only secret items are traced)"
            raise InvalidValue(msg, field="secrecy")
        trail_id = access_trail_id(item_id)

        def attempt() -> Receipt:
            trail = self.find(trail_id, fold_trail)
            event = ctx.event(AccessTrail.Accessed, trail_id, (trail.version if trail else 0) + 1,
                              item_id=item_id, item_kind=ItemKind(item_kind),
                              secrecy=Secrecy(secrecy), what=clean(what, "what", max_length=200))
            return self.record([event], record_id=trail_id)

        return self.retrying(attempt)
