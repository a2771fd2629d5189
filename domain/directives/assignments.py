"""Commands on assignments: unit reports, urging, deadline extension, completion, cancellation.

Each loads the assignment at the caller's version (If-Match), lets the rule decide
(``domain.directives.rules.assignments``) and records the events.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.application import OfficeApplication, Receipt
from domain.directives.model import Assignment, ReportKind, fold_assignment
from domain.directives.rules import assignments as rules
from domain.records import Context, expect_version


class AssignmentCommands(OfficeApplication):
    """The assignment half of the directives application."""

    def get_assignment(self, assignment_id: UUID, *, version: int | None = None) -> Assignment:
        return self.load(assignment_id, fold_assignment, version=version)

    def _assignment_at(self, assignment_id: UUID, expected: int | None) -> Assignment:
        """The assignment, which must be at the version the caller decided on (If-Match)."""
        a = self.get_assignment(assignment_id)
        expect_version(a, expected)
        return a

    def report(
        self, ctx: Context, assignment_id: UUID, expected: int | None, *, kind: ReportKind,
        reported_on: date, summary: str, period: str | None = None,
    ) -> Receipt:
        """A unit's report: periodic (định kỳ), ad hoc (đột xuất) or thematic (chuyên đề)."""
        a = self._assignment_at(assignment_id, expected)
        events = rules.report(ctx, a, kind=kind, reported_on=reported_on, summary=summary,
                              period=period)
        return self.record(events, record_id=a.id)

    def urge(
        self, ctx: Context, assignment_id: UUID, expected: int | None, *, urged_on: date,
        note: str,
    ) -> Receipt:
        a = self._assignment_at(assignment_id, expected)
        return self.record(rules.urge(ctx, a, urged_on=urged_on, note=note), record_id=a.id)

    def extend(
        self, ctx: Context, assignment_id: UUID, expected: int | None, *, new_deadline: date
    ) -> Receipt:
        """Move the deadline later, with the reason the rules ask for."""
        a = self._assignment_at(assignment_id, expected)
        return self.record(rules.extend(ctx, a, new_deadline=new_deadline), record_id=a.id)

    def complete(
        self, ctx: Context, assignment_id: UUID, expected: int | None, *, completed_on: date,
        result: str,
    ) -> Receipt:
        a = self._assignment_at(assignment_id, expected)
        events = rules.complete(ctx, a, completed_on=completed_on, result=result)
        return self.record(events, record_id=a.id)

    def cancel(self, ctx: Context, assignment_id: UUID, expected: int | None) -> Receipt:
        a = self._assignment_at(assignment_id, expected)
        return self.record(rules.cancel(ctx, a), record_id=a.id)
