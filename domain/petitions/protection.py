"""Reading a petitioner's identity, and destroying it (crypto-shredding).

Who may read (design invariant 6): the case's assigned handlers, and leaders or inspectors, each
only if their clearance covers the case's secrecy (a handler below it is refused). Every reading is
an event with its reason; readings by anyone but the handlers are flagged for review; a refused
attempt is recorded too (the one exception to "a refused command writes nothing") before the
refusal is raised. Events live on a record of their own per petition, so audits never conflict
with the handling of the case.
"""

from __future__ import annotations

from datetime import date, tzinfo
from uuid import UUID

from domain.actors import Role
from domain.application import OfficeApplication, Receipt
from domain.events import Event
from domain.petitions.errors import (
    IdentityKeyMissing,
    IdentityShredded,
    NoIdentityRecorded,
    PetitionNotInState,
    RetentionNotElapsed,
    RevealNeedsClearance,
    RevealNotPermitted,
)
from domain.petitions.identity import Identity, KeyStore, KeyUnavailable, associated_data
from domain.petitions.model import (
    IdentityAccess,
    Petition,
    PetitionStatus,
    access_log_id,
    fold_access,
    fold_petition,
)
from domain.records import Context

#: Roles that may read an identity when their clearance covers the case (besides the handlers).
CLEARED_ROLES = frozenset({Role.LEADER, Role.INSPECTOR})


class IdentityCommands(OfficeApplication):
    """The identity half of the petitions application."""

    keys: KeyStore
    zone: tzinfo
    retention_years: int

    def _petition(self, petition_id: UUID) -> Petition:
        return self.load(petition_id, fold_petition)

    def may_reveal(self, ctx: Context, p: Petition) -> tuple[bool, bool]:
        """(allowed, as a handler) for the acting user: a handler or a leader or inspector,
        whose clearance covers the case's secrecy in either case."""
        as_handler = any(h.user_id == ctx.actor.user_id for h in p.handlers)
        if ctx.actor.role is Role.SYSTEM:
            return True, as_handler
        cleared = ctx.actor.clearance.covers(p.secrecy)
        return cleared and (as_handler or ctx.actor.role in CLEARED_ROLES), as_handler

    def reveal(self, ctx: Context, petition_id: UUID, *, role_allows: bool = True) -> Identity:
        """The identity in the clear, for a reason; the reading is recorded (flagged for review
        unless the reader handles the case). A refused attempt is recorded, then refused."""
        reason = ctx.required_reason("xem thông tin người gửi đơn")
        p = self._petition(petition_id)
        allowed, as_handler = self.may_reveal(ctx, p)
        below = ctx.actor.role is not Role.SYSTEM and not ctx.actor.clearance.covers(p.secrecy)
        if role_allows and below:
            self._audit(ctx, p, IdentityAccess.RevealRefused, reason=reason, rule="clearance")
            msg = (f"độ mật của vụ việc ({p.secrecy.label}) vượt quá mức được tiếp cận của người "
                   f"dùng ({ctx.actor.clearance.label}), kể cả người được phân công giải quyết; "
                   "lần truy cập này đã được ghi lại (the case is above your clearance; this "
                   "attempt was recorded)")
            raise RevealNeedsClearance(msg, secrecy=p.secrecy.value)
        if not (allowed and role_allows):
            rule = "role" if not role_allows else "not-handler-or-cleared"
            self._audit(ctx, p, IdentityAccess.RevealRefused, reason=reason, rule=rule)
            msg = ("chỉ người được phân công giải quyết, lãnh đạo hoặc cán bộ kiểm tra có độ mật "
                   "phù hợp mới được xem thông tin người gửi; lần truy cập này đã được ghi lại "
                   "(only the case's handlers and cleared leaders or inspectors may read it; "
                   "this attempt was recorded)")
            raise RevealNotPermitted(msg)
        if p.identity is None:
            msg = "đơn không ghi nhận thông tin người gửi (anonymous: no identity recorded)"
            raise NoIdentityRecorded(msg)
        if p.shredded_on is not None:
            msg = (f"khóa giải mã đã bị hủy ngày {p.shredded_on.isoformat()}, không thể đọc "
                   "(the key was destroyed; the identity is unrecoverable)")
            raise IdentityShredded(msg, shredded_on=p.shredded_on.isoformat())
        try:
            raw = self.keys.open(p.id, p.identity.nonce, p.identity.ciphertext,
                                 associated_data(p.id))
        except KeyUnavailable as exc:
            msg = "kho khóa không có khóa của đơn này (the key store has no key for it)"
            raise IdentityKeyMissing(msg) from exc
        self._audit(ctx, p, IdentityAccess.Revealed, reason=reason, fields=p.identity.fields,
                    as_handler=as_handler, flagged_for_review=not as_handler)
        return Identity.from_bytes(raw)

    def _audit(self, ctx: Context, p: Petition, cls: type[Event], **fields: object) -> Receipt:
        record_id = access_log_id(p.id)

        def attempt() -> Receipt:
            log = self.find(record_id, fold_access)
            events: list[Event] = []
            version = log.version if log else 0
            if log is None:
                events.append(ctx.event(IdentityAccess.Opened, record_id, 1, petition_id=p.id,
                                        secrecy=p.secrecy))
                version = 1
            events.append(ctx.event(cls, record_id, version + 1, petition_id=p.id, **fields))
            return self.record(events, record_id=record_id)

        return self.retrying(attempt)

    def access_log(self, petition_id: UUID) -> IdentityAccess | None:
        return self.find(access_log_id(petition_id), fold_access)

    def shreddable_from(self, p: Petition) -> date | None:
        """1 January of the year after closure, plus the retention period (Thông tư 10/2022)."""
        if p.closed_on is None:
            return None
        return date(p.closed_on.year + 1 + self.retention_years, 1, 1)

    def shred(self, ctx: Context, petition_id: UUID) -> Receipt:
        """Destroy the petition's key once its file's retention period has passed. The event is
        stored first, then the key destroyed; a repeated call finishes an interrupted one."""
        reason = ctx.required_reason("hủy khóa thông tin nhân thân")
        p = self._petition(petition_id)
        if p.shredded_on is not None:
            self.keys.destroy_key(p.id)
            return Receipt(positions=(), record_id=p.id, versions={p.id: p.version})
        start = self.shreddable_from(p)
        if p.status is not PetitionStatus.CLOSED or start is None:
            msg = (f"chỉ hủy khóa khi vụ việc đã kết thúc (status {p.status.label}; "
                   "only a closed petition's file reaches the end of its retention)")
            raise PetitionNotInState(msg, status=p.status.value)
        today = ctx.now.astimezone(self.zone).date()
        if today < start:
            msg = (f"chưa hết thời hạn bảo quản: chỉ hủy khóa từ ngày {start.isoformat()} "
                   "(the retention period has not passed)")
            raise RetentionNotElapsed(msg, shreddable_from=start.isoformat())
        receipt = self.record([ctx.follow(p, Petition.IdentityShredded, shredded_on=today,
                                          reason=reason)], record_id=p.id)
        self.keys.destroy_key(p.id)
        return receipt
