"""Assignments: reports, urging, extension, completion and cancellation of open assignments."""

from __future__ import annotations

from datetime import date

import pytest

from domain.directives.errors import AssignmentNotOpen, DeadlineNotLater
from domain.directives.model import Assignment, AssignmentStatus, ReportKind, fold_assignment
from domain.directives.rules import assignments as rules
from domain.errors import InvalidValue, ReasonRequired
from tests.unit.directives.support import assigned, disseminated
from tests.unit.reference.support import ctx


def open_assignment() -> Assignment:
    return assigned(disseminated())[1]


def completed() -> Assignment:
    a = open_assignment()
    done = fold_assignment(a, rules.complete(ctx(), a, completed_on=date(2026, 4, 1),
                                             result="Xong"))
    assert done is not None
    return done


class TestReportsAndUrging:
    def test_a_report_counts(self) -> None:
        a = open_assignment()
        events = rules.report(ctx(), a, kind=ReportKind("periodic"), reported_on=date(2026, 4, 1),
                              summary="Đang triển khai", period="Quý I/2026")
        after = fold_assignment(a, events)
        assert after is not None
        assert (after.reports, after.last_report_on) == (1, date(2026, 4, 1))

    def test_a_report_is_not_dated_before_the_assignment(self) -> None:
        with pytest.raises(InvalidValue) as err:
            rules.report(ctx(), open_assignment(), kind=ReportKind.AD_HOC,
                         reported_on=date(2026, 3, 9), summary="S")
        assert err.value.details == {"field": "reported_on"}

    def test_an_urging_counts(self) -> None:
        a = open_assignment()
        after = fold_assignment(a, rules.urge(ctx(), a, urged_on=date(2026, 4, 25),
                                              note="Khẩn trương"))
        assert after is not None
        assert after.urgings == 1

    def test_a_completed_assignment_takes_no_report_or_urging(self) -> None:
        a = completed()
        with pytest.raises(AssignmentNotOpen) as err:
            rules.report(ctx(), a, kind=ReportKind.AD_HOC, reported_on=date(2026, 4, 2),
                         summary="Thêm")
        assert err.value.details == {"state": "completed"}
        with pytest.raises(AssignmentNotOpen):
            rules.urge(ctx(), a, urged_on=date(2026, 4, 2), note="Nhắc")


class TestExtend:
    def test_the_deadline_moves_later_with_the_reason(self) -> None:
        a = open_assignment()
        [event] = rules.extend(ctx("Chờ hướng dẫn"), a, new_deadline=date(2026, 7, 31))
        assert isinstance(event, Assignment.DeadlineExtended)
        assert (event.previous_deadline, event.new_deadline, event.reason) == (
            date(2026, 6, 30), date(2026, 7, 31), "Chờ hướng dẫn")
        after = fold_assignment(a, [event])
        assert after is not None
        assert (after.deadline, after.original_deadline) == (date(2026, 7, 31), date(2026, 6, 30))

    def test_an_extension_needs_a_reason(self) -> None:
        with pytest.raises(ReasonRequired):
            rules.extend(ctx(), open_assignment(), new_deadline=date(2026, 8, 1))

    @pytest.mark.parametrize("day", [date(2026, 6, 1), date(2026, 6, 30)])
    def test_an_extension_is_later_than_the_deadline(self, day: date) -> None:
        """Earlier, or the same day, is not an extension."""
        with pytest.raises(DeadlineNotLater) as err:
            rules.extend(ctx("Lý do"), open_assignment(), new_deadline=day)
        assert err.value.details == {"field": "new_deadline"}

    def test_the_reason_is_asked_before_the_state(self) -> None:
        """A completed assignment extended without a reason: the reason is what is reported."""
        with pytest.raises(ReasonRequired):
            rules.extend(ctx(), completed(), new_deadline=date(2026, 8, 1))


class TestCompleteAndCancel:
    def test_completion_keeps_the_result(self) -> None:
        a = completed()
        assert (a.status, a.completed_on, a.result) == (AssignmentStatus.COMPLETED,
                                                        date(2026, 4, 1), "Xong")

    def test_completion_needs_a_result(self) -> None:
        with pytest.raises(InvalidValue) as err:
            rules.complete(ctx(), open_assignment(), completed_on=date(2026, 4, 1), result=" ")
        assert err.value.details == {"field": "result"}

    def test_cancelling_needs_a_reason(self) -> None:
        with pytest.raises(ReasonRequired):
            rules.cancel(ctx(), open_assignment())

    def test_a_cancelled_assignment_keeps_why(self) -> None:
        a = open_assignment()
        after = fold_assignment(a, rules.cancel(ctx("Lồng ghép"), a))
        assert after is not None
        assert (after.status, after.cancel_reason) == (AssignmentStatus.CANCELLED, "Lồng ghép")

    def test_a_cancelled_assignment_is_not_completed(self) -> None:
        a = open_assignment()
        after = fold_assignment(a, rules.cancel(ctx("Lồng ghép"), a))
        assert after is not None
        with pytest.raises(AssignmentNotOpen):
            rules.complete(ctx(), after, completed_on=date(2026, 4, 1), result="Xong")
