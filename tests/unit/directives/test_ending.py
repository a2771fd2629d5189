"""Supersession and revocation: a reason, a directive in force, a successor in force; the open
assignments are cancelled with the same reason."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.directives.errors import DirectiveNotIssued, SupersessionInvalid
from domain.directives.model import Assignment, Directive, DirectiveStatus, fold_assignment
from domain.directives.rules import assignments, ending
from domain.errors import ReasonRequired, RecordNotFound
from tests.unit.directives.support import (
    DID,
    OTHER,
    assigned,
    disseminated,
    drafted,
    issued,
    then,
)
from tests.unit.reference.support import ctx


def with_tasks() -> tuple[Directive, Assignment, Assignment]:
    """A directive with one open and one completed assignment."""
    d, open_one = assigned(disseminated())
    d, second = assigned(d, UUID(int=21))
    done = fold_assignment(second, assignments.complete(ctx(), second,
                                                        completed_on=date(2026, 5, 1),
                                                        result="Xong"))
    assert done is not None
    return d, open_one, done


class TestSupersede:
    def test_both_link_and_open_tasks_are_cancelled(self) -> None:
        """Superseded on the old, SupersededAnother on the new, Cancelled on the open task."""
        d, open_one, done = with_tasks()
        successor = issued(OTHER)
        events = ending.supersede(ctx("Thay thế"), d, successor, [open_one, done],
                                  successor_id=OTHER)
        assert [(type(e), e.originator_id) for e in events] == [
            (Directive.Superseded, DID), (Directive.SupersededAnother, OTHER),
            (Assignment.Cancelled, open_one.id)]
        assert {e.reason for e in events} == {"Thay thế"}
        assert then(d, events).superseded_by == OTHER
        assert then(successor, events).supersedes == (DID,)
        assert then(d, events).status is DirectiveStatus.SUPERSEDED

    def test_a_reason_is_required_first(self) -> None:
        """Without a reason nothing else is checked (even a draft successor)."""
        with pytest.raises(ReasonRequired):
            ending.supersede(ctx(), disseminated(), drafted(OTHER), [], successor_id=OTHER)

    def test_a_directive_does_not_supersede_itself(self) -> None:
        d = disseminated()
        with pytest.raises(SupersessionInvalid) as err:
            ending.supersede(ctx("X"), d, d, [], successor_id=d.id)
        assert err.value.details == {"field": "successor_id"}

    def test_the_successor_must_exist(self) -> None:
        with pytest.raises(RecordNotFound) as err:
            ending.supersede(ctx("X"), disseminated(), None, [], successor_id=OTHER)
        assert err.value.details == {"record_id": str(OTHER)}

    def test_the_superseded_directive_is_checked_before_the_successor(self) -> None:
        """A draft cannot be superseded, whatever the successor."""
        with pytest.raises(DirectiveNotIssued):
            ending.supersede(ctx("X"), drafted(), None, [], successor_id=OTHER)

    def test_the_successor_must_be_in_force(self) -> None:
        with pytest.raises(SupersessionInvalid, match="successor must be issued"):
            ending.supersede(ctx("X"), disseminated(), drafted(OTHER), [], successor_id=OTHER)


class TestRevoke:
    def test_revocation_keeps_its_reason_and_cancels_open_tasks(self) -> None:
        d, open_one, done = with_tasks()
        events = ending.revoke(ctx(" Không còn phù hợp "), d, [open_one, done],
                               revoked_on=date(2026, 4, 1))
        assert [type(e) for e in events] == [Directive.Revoked, Assignment.Cancelled]
        after = then(d, events)
        assert (after.status, after.revoked_reason) == (DirectiveStatus.REVOKED,
                                                        "Không còn phù hợp")

    def test_a_reason_is_required(self) -> None:
        with pytest.raises(ReasonRequired):
            ending.revoke(ctx("  "), disseminated(), [], revoked_on=date(2026, 4, 1))

    def test_a_draft_cannot_be_revoked(self) -> None:
        with pytest.raises(DirectiveNotIssued):
            ending.revoke(ctx("X"), drafted(), [], revoked_on=date(2026, 4, 1))
