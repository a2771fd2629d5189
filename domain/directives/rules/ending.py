"""The end of a directive in force other than the close: supersession by another directive, and
revocation (bãi bỏ). Both need a reason and cancel the open assignments with the same reason."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from domain.directives.errors import SupersessionInvalid
from domain.directives.model import IN_FORCE, Assignment, AssignmentStatus, Directive
from domain.directives.rules.guards import not_before_issue, require_in_force
from domain.events import Event
from domain.records import Context, required


def supersede(ctx: Context, d: Directive, successor: Directive | None,
              assignments: Sequence[Assignment], *, successor_id: UUID) -> list[Event]:
    """``d`` is superseded by ``successor`` (the directive ``successor_id``; ``None`` if there is
    none), another issued directive in force; both records link to each other, and the open ones
    among ``d``'s ``assignments`` are cancelled."""
    reason = ctx.required_reason("thay thế văn bản")
    require_in_force(d)
    if successor_id == d.id:
        msg = "văn bản không thể tự thay thế chính nó (a directive cannot supersede itself)"
        raise SupersessionInvalid(msg, field="successor_id")
    successor = required(successor, Directive, successor_id)
    if successor.status not in IN_FORCE:
        msg = (f"văn bản thay thế phải đã ban hành và còn hiệu lực "
               f"(successor must be issued and in force; status {successor.status.label})")
        raise SupersessionInvalid(msg, field="successor_id")
    return [
        ctx.follow(d, Directive.Superseded, successor_id=successor.id,
                   successor_number_symbol=successor.number_symbol or "", reason=reason),
        ctx.follow(successor, Directive.SupersededAnother, predecessor_id=d.id,
                   predecessor_number_symbol=d.number_symbol or "", reason=reason),
        *cancel_open(ctx, assignments, reason),
    ]


def revoke(ctx: Context, d: Directive, assignments: Sequence[Assignment], *, revoked_on: date
           ) -> list[Event]:
    """``d`` is revoked from ``revoked_on``, with a reason; its open assignments are cancelled."""
    reason = ctx.required_reason("bãi bỏ văn bản")
    require_in_force(d)
    return [
        ctx.follow(d, Directive.Revoked, reason=reason,
                   revoked_on=not_before_issue(d, revoked_on, "revoked_on")),
        *cancel_open(ctx, assignments, reason),
    ]


def cancel_open(ctx: Context, assignments: Sequence[Assignment], reason: str) -> list[Event]:
    """Every open one of ``assignments`` is cancelled, with ``reason``."""
    return [ctx.follow(a, Assignment.Cancelled, reason=reason)
            for a in assignments if a.status is AssignmentStatus.OPEN]
