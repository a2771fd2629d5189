"""After issue: the directive must be in force; dissemination, tasks to units, inspection,
reviews, amendment and the close, each with its refusals."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.directives.errors import (
    DateBeforeIssue,
    DeadlineBeforeAssignment,
    DirectiveNotDisseminated,
    DirectiveNotInForce,
    DirectiveNotIssued,
    FinalReviewDone,
    FinalReviewMissing,
    OpenAssignmentsRemain,
    UnitRolesOverlap,
)
from domain.directives.model import (
    Assignment,
    AssignmentStatus,
    Directive,
    DirectiveStatus,
    fold_assignment,
)
from domain.directives.rules import assignments, follow_up
from domain.errors import InvalidValue
from domain.events import Event
from domain.reference.errors import UnknownReference
from tests.unit.directives.support import (
    AID,
    assigned,
    disseminated,
    drafted,
    final_reviewed,
    issued,
    then,
)
from tests.unit.reference.support import catalogues, ctx


def closed() -> Directive:
    d = final_reviewed(disseminated())
    return then(d, follow_up.close(ctx(), d, [], closed_on=date(2026, 9, 2)))


def assign(d: Directive, **values: object) -> list[Event]:
    fields: dict[str, object] = {"task": "Xây dựng kế hoạch", "lead_unit": "BTC",
                                 "assigned_on": date(2026, 3, 10), "deadline": date(2026, 6, 30)}
    fields.update(values)
    return follow_up.assign(ctx(), d, assignment_id=AID, units=catalogues().units,
                            **fields)  # type: ignore[arg-type]


class TestInForce:
    def test_a_draft_takes_no_follow_up(self) -> None:
        """Every follow-up command refuses a directive not yet issued."""
        with pytest.raises(DirectiveNotIssued) as err:
            follow_up.disseminate(ctx(), drafted(), disseminated_on=date(2026, 3, 9),
                                  form="Hội nghị")
        assert err.value.details == {"state": "draft"}

    def test_a_closed_directive_takes_no_follow_up(self) -> None:
        with pytest.raises(DirectiveNotInForce) as err:
            follow_up.amend(ctx(), closed(), reference="X", summary="Y",
                            amended_on=date(2026, 9, 3))
        assert err.value.details == {"state": "closed"}

    def test_follow_up_is_dated_on_or_after_issue(self) -> None:
        """Disseminated the day before the issue date: refused on that field."""
        with pytest.raises(DateBeforeIssue) as err:
            follow_up.disseminate(ctx(), issued(), disseminated_on=date(2026, 3, 1),
                                  form="Hội nghị")
        assert err.value.details == {"field": "disseminated_on"}


class TestDisseminate:
    def test_the_first_dissemination_moves_an_issued_directive(self) -> None:
        d = issued()
        events = follow_up.disseminate(ctx(), d, disseminated_on=date(2026, 3, 9),
                                       form="Hội nghị", participants=120, note=" ")
        [event] = events
        assert isinstance(event, Directive.Disseminated)
        assert (event.participants, event.note) == (120, None)
        assert then(d, events).status is DirectiveStatus.DISSEMINATED

    def test_participants_are_not_negative(self) -> None:
        with pytest.raises(InvalidValue) as err:
            follow_up.disseminate(ctx(), issued(), disseminated_on=date(2026, 3, 9), form="X",
                                  participants=-1)
        assert err.value.details == {"field": "participants"}


class TestAssign:
    def test_a_task_links_both_ways_and_starts_implementation(self) -> None:
        """TaskAssigned on the directive, Assigned (version 1) on the new assignment."""
        d = disseminated()
        events = assign(d, cooperating_units=["BNC", "BNC"], monitoring_units=["VP"])
        link, created = events
        assert isinstance(link, Directive.TaskAssigned)
        assert isinstance(created, Assignment.Assigned)
        assert (link.originator_id, link.assignment_id) == (d.id, AID)
        assert (created.originator_id, created.originator_version) == (AID, 1)
        assert (created.directive_id, created.directive_number_symbol) == (d.id, "01-CT/TU")
        assert created.cooperating_units == ("BNC",)  # named twice, kept once
        after = then(d, events)
        assert (after.status, after.assignments) == (DirectiveStatus.IMPLEMENTING, (AID,))
        a = fold_assignment(None, [created])
        assert a is not None
        assert (a.status, a.deadline, a.original_deadline) == (
            AssignmentStatus.OPEN, date(2026, 6, 30), date(2026, 6, 30))

    @pytest.mark.parametrize(("coop", "mon"), [(["BTC"], []), ([], ["BTC"]), (["BNC"], ["BNC"])])
    def test_a_unit_holds_one_role(self, coop: list[str], mon: list[str]) -> None:
        """Lead and co-operating, lead and monitoring, or co-operating and monitoring at once."""
        with pytest.raises(UnitRolesOverlap):
            assign(disseminated(), cooperating_units=coop, monitoring_units=mon)

    @pytest.mark.parametrize(("field", "value"), [
        ("lead_unit", "NOPE"), ("cooperating_units", ["CU"]), ("monitoring_units", ["XX"]),
    ])
    def test_every_unit_is_known_and_active(self, field: str, value: object) -> None:
        with pytest.raises(UnknownReference):
            assign(disseminated(), **{field: value})

    def test_a_unit_code_has_no_spaces(self) -> None:
        with pytest.raises(InvalidValue) as err:
            assign(disseminated(), lead_unit="B TC")
        assert err.value.details == {"field": "lead_unit"}

    def test_the_deadline_is_not_before_the_assignment(self) -> None:
        with pytest.raises(DeadlineBeforeAssignment) as err:
            assign(disseminated(), deadline=date(2026, 3, 9))
        assert err.value.details == {"field": "deadline"}

    def test_the_assignment_is_not_dated_before_issue(self) -> None:
        with pytest.raises(DateBeforeIssue):
            assign(disseminated(), assigned_on=date(2026, 3, 1), deadline=date(2026, 4, 1))

    def test_no_task_after_the_final_review(self) -> None:
        with pytest.raises(FinalReviewDone):
            assign(final_reviewed(disseminated()))

    def test_roles_are_checked_before_the_units_exist(self) -> None:
        """An overlap naming an unknown unit reports the overlap."""
        with pytest.raises(UnitRolesOverlap):
            assign(disseminated(), lead_unit="NOPE", cooperating_units=["NOPE"])


class TestInspectAndAmend:
    def test_an_inspection_counts_and_keeps_the_status(self) -> None:
        d, _ = assigned(disseminated())
        events = follow_up.inspect(ctx(), d, units=catalogues().units,
                                   inspected_on=date(2026, 4, 1), inspecting_unit="UBKT",
                                   findings="Đúng tiến độ")
        after = then(d, events)
        assert (after.inspections, after.status) == (1, DirectiveStatus.IMPLEMENTING)

    def test_the_inspecting_unit_must_be_known(self) -> None:
        with pytest.raises(UnknownReference):
            follow_up.inspect(ctx(), disseminated(), units=catalogues().units,
                              inspected_on=date(2026, 4, 1), inspecting_unit="NOPE", findings="F")

    def test_an_amendment_is_kept_on_the_directive(self) -> None:
        d = issued()
        after = then(d, follow_up.amend(ctx(), d, reference="05-NQ/TU", summary="Sửa điều 2",
                                        amended_on=date(2026, 4, 1)))
        assert [a.reference for a in after.amendments] == ["05-NQ/TU"]

    def test_an_amendment_reference_is_bounded(self) -> None:
        with pytest.raises(InvalidValue) as err:
            follow_up.amend(ctx(), issued(), reference="x" * 201, summary="S",
                            amended_on=date(2026, 4, 1))
        assert err.value.details == {"field": "reference"}


class TestReviews:
    def test_reviews_come_after_dissemination(self) -> None:
        with pytest.raises(DirectiveNotDisseminated):
            follow_up.review_preliminary(ctx(), issued(), reviewed_on=date(2026, 5, 1),
                                         summary="Sơ kết")

    def test_preliminary_reviews_may_repeat(self) -> None:
        d = disseminated()
        for day in (date(2026, 5, 1), date(2026, 7, 1)):
            d = then(d, follow_up.review_preliminary(ctx(), d, reviewed_on=day, summary="Sơ kết"))
        assert (d.status, d.preliminary_reviewed_on) == (DirectiveStatus.PRELIMINARY_REVIEWED,
                                                         date(2026, 7, 1))

    def test_no_review_after_the_final_review(self) -> None:
        d = final_reviewed(disseminated())
        with pytest.raises(FinalReviewDone):
            follow_up.review_final(ctx(), d, reviewed_on=date(2026, 9, 2), summary="Lần hai")
        with pytest.raises(FinalReviewDone):
            follow_up.review_preliminary(ctx(), d, reviewed_on=date(2026, 9, 2), summary="S")


class TestClose:
    def test_close_needs_the_final_review(self) -> None:
        with pytest.raises(FinalReviewMissing) as err:
            follow_up.close(ctx(), disseminated(), [], closed_on=date(2026, 9, 1))
        assert err.value.details == {"state": "disseminated"}

    def test_close_needs_every_assignment_closed(self) -> None:
        """The open ones are named; completed and cancelled ones do not count."""
        d, open_one = assigned(disseminated())
        d, done = assigned(d, UUID(int=21))
        d, dropped = assigned(d, UUID(int=22))
        closed_ones = [
            fold_assignment(done, assignments.complete(ctx(), done, completed_on=date(2026, 5, 1),
                                                       result="Xong")),
            fold_assignment(dropped, assignments.cancel(ctx("Lồng ghép"), dropped)),
        ]
        others = [a for a in closed_ones if a is not None]
        d = final_reviewed(d)
        with pytest.raises(OpenAssignmentsRemain) as err:
            follow_up.close(ctx(), d, [open_one, *others], closed_on=date(2026, 9, 2))
        assert err.value.details == {"open": [str(open_one.id)]}
        [event] = follow_up.close(ctx(), d, others, closed_on=date(2026, 9, 2))
        assert then(d, [event]).status is DirectiveStatus.CLOSED
