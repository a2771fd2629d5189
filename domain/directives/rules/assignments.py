"""Assignments (giao nhiệm vụ): a unit's reports, urging, deadline extension, completion and
cancellation. Each applies to an open assignment and is dated on or after the day it was given."""

from __future__ import annotations

from datetime import date

from domain.directives.errors import AssignmentNotOpen, DeadlineNotLater
from domain.directives.model import Assignment, AssignmentStatus, ReportKind
from domain.errors import InvalidValue
from domain.events import Event
from domain.records import Context
from domain.text import clean, clean_optional


def require_open(a: Assignment) -> Assignment:
    """Reports, urgings, extensions, completion and cancellation apply to open assignments."""
    if a.status is not AssignmentStatus.OPEN:
        msg = f"nhiệm vụ đã {a.status.label.lower()} (assignment is {a.status.value})"
        raise AssignmentNotOpen(msg, state=a.status.value)
    return a


def not_before_assignment(a: Assignment, day: date, field: str) -> date:
    """What happens to an assignment is dated on or after the day it was assigned."""
    if day < a.assigned_on:
        msg = f"{field}: trước ngày giao {a.assigned_on.isoformat()} (before the assignment)"
        raise InvalidValue(msg, field=field)
    return day


def report(
    ctx: Context, a: Assignment, *, kind: ReportKind, reported_on: date, summary: str,
    period: str | None = None,
) -> list[Event]:
    """A unit's report: periodic (định kỳ), ad hoc (đột xuất) or thematic (chuyên đề)."""
    require_open(a)
    return [ctx.follow(
        a, Assignment.Reported, kind=ReportKind(kind),
        reported_on=not_before_assignment(a, reported_on, "reported_on"),
        period=clean_optional(period, "period", max_length=100),
        summary=clean(summary, "summary", max_length=5000),
    )]


def urge(ctx: Context, a: Assignment, *, urged_on: date, note: str) -> list[Event]:
    """The office urges (đôn đốc) the lead unit."""
    require_open(a)
    return [ctx.follow(
        a, Assignment.Urged, urged_on=not_before_assignment(a, urged_on, "urged_on"),
        note=clean(note, "note", max_length=2000),
    )]


def extend(ctx: Context, a: Assignment, *, new_deadline: date) -> list[Event]:
    """The deadline moves later, with the reason the rules ask for."""
    reason = ctx.required_reason("gia hạn nhiệm vụ")
    require_open(a)
    if new_deadline <= a.deadline:
        msg = (f"new_deadline: phải sau hạn hiện tại {a.deadline.isoformat()} "
               "(must be later than the current deadline)")
        raise DeadlineNotLater(msg, field="new_deadline")
    return [ctx.follow(a, Assignment.DeadlineExtended, previous_deadline=a.deadline,
                       new_deadline=new_deadline, reason=reason)]


def complete(ctx: Context, a: Assignment, *, completed_on: date, result: str) -> list[Event]:
    """The lead unit completed the task, with its result."""
    require_open(a)
    return [ctx.follow(
        a, Assignment.Completed,
        completed_on=not_before_assignment(a, completed_on, "completed_on"),
        result=clean(result, "result", max_length=5000),
    )]


def cancel(ctx: Context, a: Assignment) -> list[Event]:
    """The task is cancelled, with a reason (merged into another, no longer needed, …)."""
    reason = ctx.required_reason("hủy nhiệm vụ")
    require_open(a)
    return [ctx.follow(a, Assignment.Cancelled, reason=reason)]
