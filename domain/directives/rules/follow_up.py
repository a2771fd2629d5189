"""After issue: dissemination (quán triệt), tasks to units, inspection, the preliminary and final
reviews (sơ kết, tổng kết), amendment, and the close."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from uuid import UUID

from domain.directives.errors import (
    DeadlineBeforeAssignment,
    DirectiveNotDisseminated,
    FinalReviewDone,
    FinalReviewMissing,
    OpenAssignmentsRemain,
    UnitRolesOverlap,
)
from domain.directives.model import (
    Amendment,
    Assignment,
    AssignmentStatus,
    Directive,
    DirectiveStatus,
)
from domain.directives.rules.guards import not_before_issue, require_in_force
from domain.errors import InvalidValue
from domain.events import Event
from domain.records import Context
from domain.reference import catalogue
from domain.reference.model import Units
from domain.text import clean, clean_code, clean_optional


def disseminate(
    ctx: Context, d: Directive, *, disseminated_on: date, form: str, participants: int = 0,
    note: str | None = None,
) -> list[Event]:
    """The directive is made known (a conference, a meeting, a circular), dated on or after its
    issue; the first dissemination moves an issued directive to disseminated."""
    require_in_force(d)
    if participants < 0:
        msg = "participants: không được âm (must not be negative)"
        raise InvalidValue(msg, field="participants")
    return [ctx.follow(
        d, Directive.Disseminated,
        disseminated_on=not_before_issue(d, disseminated_on, "disseminated_on"),
        form=clean(form, "form", max_length=300), participants=participants,
        note=clean_optional(note, "note"),
    )]


def assign(
    ctx: Context, d: Directive, *, assignment_id: UUID, units: Units | None, task: str,
    lead_unit: str, deadline: date, assigned_on: date, cooperating_units: Iterable[str] = (),
    monitoring_units: Iterable[str] = (),
) -> list[Event]:
    """A task to a lead unit, with co-operating and monitoring units (each unit in one role, all
    known and active) and a deadline on or after the day it is assigned. Not after the final
    review. The directive lists the task and a new assignment record starts, linked both ways."""
    require_in_force(d)
    if d.status is DirectiveStatus.FINAL_REVIEWED:
        msg = "văn bản đã tổng kết, không giao thêm nhiệm vụ (final review done)"
        raise FinalReviewDone(msg)
    lead = clean_code(lead_unit, "lead_unit")
    coop = tuple(dict.fromkeys(clean_code(u, "cooperating_units") for u in cooperating_units))
    mon = tuple(dict.fromkeys(clean_code(u, "monitoring_units") for u in monitoring_units))
    if lead in coop or lead in mon or set(coop) & set(mon):
        msg = "một đơn vị chỉ giữ một vai trò trong một nhiệm vụ (a unit has one role)"
        raise UnitRolesOverlap(msg, field="cooperating_units")
    catalogue.require_units(units, (lead, *coop, *mon))
    not_before_issue(d, assigned_on, "assigned_on")
    if deadline < assigned_on:
        msg = "deadline: trước ngày giao (deadline before the day it is assigned)"
        raise DeadlineBeforeAssignment(msg, field="deadline")
    link = ctx.follow(d, Directive.TaskAssigned, assignment_id=assignment_id, lead_unit=lead,
                      deadline=deadline)
    created = ctx.event(
        Assignment.Assigned, assignment_id, 1, directive_id=d.id,
        directive_number_symbol=d.number_symbol or "",
        task=clean(task, "task", max_length=2000), lead_unit=lead, cooperating_units=coop,
        monitoring_units=mon, assigned_on=assigned_on, deadline=deadline,
    )
    return [link, created]


def inspect(
    ctx: Context, d: Directive, *, units: Units | None, inspected_on: date, inspecting_unit: str,
    findings: str,
) -> list[Event]:
    """An inspection of the implementation by a known unit, with its findings."""
    require_in_force(d)
    catalogue.unit(units, inspecting_unit)
    return [ctx.follow(
        d, Directive.Inspected, inspected_on=not_before_issue(d, inspected_on, "inspected_on"),
        inspecting_unit=inspecting_unit, findings=clean(findings, "findings", max_length=5000),
    )]


def reviewable(d: Directive) -> Directive:
    """Reviews come after dissemination and stop at the final review."""
    require_in_force(d)
    if d.status is DirectiveStatus.ISSUED:
        msg = "văn bản chưa được quán triệt (not yet disseminated)"
        raise DirectiveNotDisseminated(msg)
    if d.status is DirectiveStatus.FINAL_REVIEWED:
        msg = "văn bản đã tổng kết (final review already done)"
        raise FinalReviewDone(msg)
    return d


def review_preliminary(ctx: Context, d: Directive, *, reviewed_on: date, summary: str
                       ) -> list[Event]:
    """A preliminary review (sơ kết) of a disseminated directive; there may be several."""
    reviewable(d)
    return [ctx.follow(
        d, Directive.PreliminaryReviewed,
        reviewed_on=not_before_issue(d, reviewed_on, "reviewed_on"),
        summary=clean(summary, "summary", max_length=5000),
    )]


def review_final(ctx: Context, d: Directive, *, reviewed_on: date, summary: str) -> list[Event]:
    """The final review (tổng kết): after it no new task or review, the next step is the close."""
    reviewable(d)
    return [ctx.follow(
        d, Directive.FinalReviewed, reviewed_on=not_before_issue(d, reviewed_on, "reviewed_on"),
        summary=clean(summary, "summary", max_length=5000),
    )]


def close(ctx: Context, d: Directive, assignments: Sequence[Assignment], *, closed_on: date
          ) -> list[Event]:
    """A directive is closed after its final review, when every one of its ``assignments`` is
    completed or cancelled."""
    require_in_force(d)
    if d.status is not DirectiveStatus.FINAL_REVIEWED:
        msg = f"cần tổng kết trước khi kết thúc (final review first; status {d.status.label})"
        raise FinalReviewMissing(msg, state=d.status.value)
    still_open = [a for a in assignments if a.status is AssignmentStatus.OPEN]
    if still_open:
        msg = f"còn {len(still_open)} nhiệm vụ chưa hoàn thành ({len(still_open)} still open)"
        raise OpenAssignmentsRemain(msg, open=[str(a.id) for a in still_open])
    return [ctx.follow(d, Directive.Closed,
                       closed_on=not_before_issue(d, closed_on, "closed_on"))]


def amend(ctx: Context, d: Directive, *, reference: str, summary: str, amended_on: date
          ) -> list[Event]:
    """An amendment (by another document, named by ``reference``) is recorded on the directive."""
    require_in_force(d)
    amendment = Amendment(
        clean(reference, "reference", max_length=200), clean(summary, "summary", max_length=5000),
        not_before_issue(d, amended_on, "amended_on"),
    )
    return [ctx.follow(d, Directive.Amended, amendment=amendment)]
