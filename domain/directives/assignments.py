"""Commands on assignments: unit reports, urging, deadline extension, completion, cancellation."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.application import OfficeApplication, Receipt
from domain.directives.errors import AssignmentNotOpen, DeadlineNotLater
from domain.directives.model import (
    Assignment,
    AssignmentStatus,
    ReportKind,
    fold_assignment,
)
from domain.errors import InvalidValue
from domain.records import Context, expect_version
from domain.text import clean, clean_optional


class AssignmentCommands(OfficeApplication):
    """The assignment half of the directives application."""

    def get_assignment(self, assignment_id: UUID, *, version: int | None = None) -> Assignment:
        return self.load(assignment_id, fold_assignment, version=version)

    def _open(self, assignment_id: UUID, expected: int | None) -> Assignment:
        a = self.get_assignment(assignment_id)
        expect_version(a, expected)
        if a.status is not AssignmentStatus.OPEN:
            msg = f"nhiệm vụ đã {a.status.label.lower()} (assignment is {a.status.value})"
            raise AssignmentNotOpen(msg, state=a.status.value)
        return a

    @staticmethod
    def _not_before_assignment(a: Assignment, day: date, field: str) -> date:
        if day < a.assigned_on:
            msg = f"{field}: trước ngày giao {a.assigned_on.isoformat()} (before the assignment)"
            raise InvalidValue(msg, field=field)
        return day

    def report(
        self, ctx: Context, assignment_id: UUID, expected: int | None, *, kind: ReportKind,
        reported_on: date, summary: str, period: str | None = None,
    ) -> Receipt:
        """A unit's report: periodic (định kỳ), ad hoc (đột xuất) or thematic (chuyên đề)."""
        a = self._open(assignment_id, expected)
        event = ctx.follow(
            a, Assignment.Reported, kind=ReportKind(kind),
            reported_on=self._not_before_assignment(a, reported_on, "reported_on"),
            period=clean_optional(period, "period", max_length=100),
            summary=clean(summary, "summary", max_length=5000),
        )
        return self.record([event], record_id=a.id)

    def urge(
        self, ctx: Context, assignment_id: UUID, expected: int | None, *, urged_on: date,
        note: str,
    ) -> Receipt:
        a = self._open(assignment_id, expected)
        event = ctx.follow(
            a, Assignment.Urged, urged_on=self._not_before_assignment(a, urged_on, "urged_on"),
            note=clean(note, "note", max_length=2000),
        )
        return self.record([event], record_id=a.id)

    def extend(
        self, ctx: Context, assignment_id: UUID, expected: int | None, *, new_deadline: date
    ) -> Receipt:
        """Move the deadline later, with the reason the rules ask for."""
        reason = ctx.required_reason("gia hạn nhiệm vụ")
        a = self._open(assignment_id, expected)
        if new_deadline <= a.deadline:
            msg = (f"new_deadline: phải sau hạn hiện tại {a.deadline.isoformat()} "
                   "(must be later than the current deadline)")
            raise DeadlineNotLater(msg, field="new_deadline")
        event = ctx.follow(a, Assignment.DeadlineExtended, previous_deadline=a.deadline,
                           new_deadline=new_deadline, reason=reason)
        return self.record([event], record_id=a.id)

    def complete(
        self, ctx: Context, assignment_id: UUID, expected: int | None, *, completed_on: date,
        result: str,
    ) -> Receipt:
        a = self._open(assignment_id, expected)
        event = ctx.follow(
            a, Assignment.Completed,
            completed_on=self._not_before_assignment(a, completed_on, "completed_on"),
            result=clean(result, "result", max_length=5000),
        )
        return self.record([event], record_id=a.id)

    def cancel(self, ctx: Context, assignment_id: UUID, expected: int | None) -> Receipt:
        reason = ctx.required_reason("hủy nhiệm vụ")
        a = self._open(assignment_id, expected)
        return self.record([ctx.follow(a, Assignment.Cancelled, reason=reason)], record_id=a.id)
