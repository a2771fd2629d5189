"""The one status machine of each record kind: every transition, the guarded ones, and the fold
agreeing with it event by event."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.actors import Secrecy
from domain.directives.model import (
    Amendment,
    Assignment,
    AssignmentStatus,
    Directive,
    DirectiveStatus,
    ReportKind,
    assignment_status_after,
    directive_status_after,
    fold_assignment,
    fold_directive,
)
from domain.events import Event
from domain.numbering.model import NumberSeries
from domain.reference.model import NumberingSystem
from tests.unit.reference.support import ctx

S = DirectiveStatus
A = AssignmentStatus
DID = UUID(int=10)
DAY = date(2026, 3, 2)


ISSUED_FIELDS: dict[str, object] = {"system": NumberingSystem.PARTY, "number": 1, "number_symbol": "01-CT/TU",
                 "series_id": UUID(int=1), "issued_on": DAY, "signer": "A", "signer_title": "B"}
DRAFT_FIELDS: dict[str, object] = {"document_type": "CT", "title": "T", "summary": "", "issuer": "TU",
                "drafting_unit": "VP", "secrecy": Secrecy.NONE}
#: One event of each kind a directive has (appraisal twice: passed and returned).
KINDS: dict[str, tuple[type[Event], dict[str, object]]] = {
    "drafted": (Directive.Drafted, DRAFT_FIELDS),
    "imported": (Directive.Imported, {**DRAFT_FIELDS, **ISSUED_FIELDS}),
    "revised": (Directive.Revised, {"title": "T", "summary": "", "secrecy": Secrecy.NONE}),
    "passed": (Directive.Appraised, {"passed": True, "comments": None}),
    "returned": (Directive.Appraised, {"passed": False, "comments": "Sửa"}),
    "issued": (Directive.Issued, ISSUED_FIELDS),
    "disseminated": (Directive.Disseminated, {"disseminated_on": DAY, "form": "Hội nghị",
                                              "participants": 0, "note": None}),
    "task": (Directive.TaskAssigned, {"assignment_id": UUID(int=2), "lead_unit": "BTC",
                                      "deadline": DAY}),
    "inspected": (Directive.Inspected, {"inspected_on": DAY, "inspecting_unit": "UBKT",
                                        "findings": "F"}),
    "prelim": (Directive.PreliminaryReviewed, {"reviewed_on": DAY, "summary": "S"}),
    "final": (Directive.FinalReviewed, {"reviewed_on": DAY, "summary": "S"}),
    "closed": (Directive.Closed, {"closed_on": DAY}),
    "amended": (Directive.Amended, {"amendment": Amendment("X", "Y", DAY)}),
    "superseded": (Directive.Superseded, {"successor_id": UUID(int=3),
                                          "successor_number_symbol": "02-CT/TU", "reason": "R"}),
    "supersedes": (Directive.SupersededAnother, {"predecessor_id": UUID(int=4),
                                                 "predecessor_number_symbol": "01-CT/TU",
                                                 "reason": "R"}),
    "revoked": (Directive.Revoked, {"revoked_on": DAY, "reason": "R"}),
}


def ev(kind: str, version: int = 2) -> Event:
    """The directive event of that kind, at ``version``."""
    cls, fields = KINDS[kind]
    return ctx().event(cls, DID, version, **fields)


class TestDirectiveTransitions:
    @pytest.mark.parametrize(("before", "event", "after"), [
        (None, "drafted", S.DRAFT),
        (None, "imported", S.ISSUED),
        (S.DRAFT, "passed", S.APPRAISED),
        (S.DRAFT, "returned", S.RETURNED),
        (S.RETURNED, "revised", S.DRAFT),
        (S.DRAFT, "revised", S.DRAFT),
        (S.APPRAISED, "issued", S.ISSUED),
        (S.ISSUED, "disseminated", S.DISSEMINATED),
        (S.ISSUED, "task", S.IMPLEMENTING),
        (S.DISSEMINATED, "task", S.IMPLEMENTING),
        (S.IMPLEMENTING, "prelim", S.PRELIMINARY_REVIEWED),
        (S.PRELIMINARY_REVIEWED, "prelim", S.PRELIMINARY_REVIEWED),
        (S.IMPLEMENTING, "final", S.FINAL_REVIEWED),
        (S.FINAL_REVIEWED, "closed", S.CLOSED),
        (S.IMPLEMENTING, "superseded", S.SUPERSEDED),
        (S.DISSEMINATED, "revoked", S.REVOKED),
    ])
    def test_the_event_sets_the_status(self, before: S | None, event: str, after: S) -> None:
        """Each lifecycle event leads to its status."""
        assert directive_status_after(before, ev(event)) is after

    @pytest.mark.parametrize(("before", "event"), [
        (S.DISSEMINATED, "disseminated"),  # a second dissemination
        (S.IMPLEMENTING, "disseminated"),  # disseminated again while tasks run
        (S.PRELIMINARY_REVIEWED, "task"),  # a task after a preliminary review
        (S.IMPLEMENTING, "task"),
        (S.IMPLEMENTING, "inspected"),
        (S.FINAL_REVIEWED, "amended"),
        (S.ISSUED, "supersedes"),  # superseding another leaves the successor as it was
    ])
    def test_the_event_leaves_the_status(self, before: S, event: str) -> None:
        """Follow-up that is not a step of the lifecycle keeps the status."""
        assert directive_status_after(before, ev(event)) is before

    def test_every_event_of_a_directive_has_a_transition(self) -> None:
        """Each event class the fold knows is known to the machine (a new event class without a
        transition fails here, not in a projection)."""
        assert {cls for cls, _ in KINDS.values()} == fold_directive.event_types
        for kind in KINDS:
            before = None if kind in ("drafted", "imported") else S.IMPLEMENTING
            assert isinstance(directive_status_after(before, ev(kind)), S)

    def test_only_a_creating_event_starts_a_directive(self) -> None:
        """A history that starts with an inspection is not a directive's."""
        with pytest.raises(TypeError, match="cannot happen to a directive"):
            directive_status_after(None, ev("inspected"))

    def test_an_event_of_another_record_is_refused(self) -> None:
        """A numbering event is not a directive event (never silently ignored)."""
        other = ctx().event(NumberSeries.NumberAllocated, DID, 2, number=1,
                            document_id=UUID(int=5), number_symbol="01-CT/TU")
        with pytest.raises(TypeError):
            directive_status_after(S.ISSUED, other)


class TestTheFoldUsesTheMachine:
    def test_status_after_every_event_of_a_long_life(self) -> None:
        """Fold a history that passes every event type: after each event the record's status is
        the machine's."""
        order = ["drafted", "returned", "revised", "passed", "issued", "inspected", "task",
                 "disseminated", "amended", "supersedes", "prelim", "final", "closed"]
        state: Directive | None = None
        status: S | None = None
        for version, name in enumerate(order, start=1):
            event = ev(name, version)
            state = fold_directive.apply(state, event)
            status = directive_status_after(status, event)
            assert state.status is status, name
        assert status is S.CLOSED


def aev(cls: type[Event], version: int = 2, **fields: object) -> Event:
    return ctx().event(cls, UUID(int=20), version, **fields)


ASSIGNED = aev(Assignment.Assigned, 1, directive_id=DID, directive_number_symbol="01-CT/TU",
               task="T", lead_unit="BTC", cooperating_units=(), monitoring_units=(),
               assigned_on=DAY, deadline=DAY)


class TestAssignmentTransitions:
    @pytest.mark.parametrize(("before", "event", "after"), [
        (None, ASSIGNED, A.OPEN),
        (A.OPEN, aev(Assignment.Completed, completed_on=DAY, result="R"), A.COMPLETED),
        (A.OPEN, aev(Assignment.Cancelled, reason="R"), A.CANCELLED),
        (A.OPEN, aev(Assignment.Reported, kind=ReportKind.PERIODIC, reported_on=DAY,
                     period=None, summary="S"), A.OPEN),
        (A.OPEN, aev(Assignment.Urged, urged_on=DAY, note="N"), A.OPEN),
        (A.OPEN, aev(Assignment.DeadlineExtended, previous_deadline=DAY, new_deadline=DAY,
                     reason="R"), A.OPEN),
    ])
    def test_the_event_sets_the_status(self, before: A | None, event: Event, after: A) -> None:
        """Assigned opens; completion and cancellation end; the rest keeps the status."""
        assert assignment_status_after(before, event) is after

    def test_only_assigned_starts_an_assignment(self) -> None:
        with pytest.raises(TypeError, match="cannot happen to an assignment"):
            assignment_status_after(None, aev(Assignment.Urged, urged_on=DAY, note="N"))

    def test_a_directive_event_is_not_an_assignment_event(self) -> None:
        with pytest.raises(TypeError):
            assignment_status_after(A.OPEN, ev("closed"))

    def test_the_fold_uses_the_machine(self) -> None:
        """Assigned then Completed: the folded status is the machine's at each step."""
        done = aev(Assignment.Completed, completed_on=DAY, result="R")
        state = fold_assignment.apply(None, ASSIGNED)
        assert state.status is assignment_status_after(None, ASSIGNED)
        state = fold_assignment.apply(state, done)
        assert state.status is assignment_status_after(A.OPEN, done) is A.COMPLETED
