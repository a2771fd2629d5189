"""Clock events: extensions (gia hạn) and suspensions (tạm đình chỉ) with resumption.

Dates checked by hand against a printed 2026 calendar (see test_deadlines_2026.py for the days
off): 1/7/2026 is a Wednesday, 31/7 a Friday, 30/8 a Sunday; 31/8, 1/9 and 2/9 are off.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.calendar import (
    DeadlineAlreadyPassed,
    Extension,
    ExtensionLimitReached,
    ExtensionTooLong,
    InvalidClockEvent,
    Pause,
    SkipReason,
    compute_due,
    due_date,
)
from domain.calendar.initial_rules import RuleCode
from tests.unit.calendar.support import rule, vn_calendar

ACCEPTED = date(2026, 6, 1)
"""A denunciation accepted on Mon 1/6/2026: day 30 is Wed 1/7/2026."""
FIRST = Extension(date(2026, 6, 25), "vụ việc phức tạp")
SECOND = Extension(date(2026, 7, 28), "vụ việc đặc biệt phức tạp")
THIRD = Extension(date(2026, 8, 28), "gia hạn thêm")


class TestExtensions:
    def test_one_extension_of_a_complex_case(self) -> None:
        """Complex case, one extension of 30 days from the due date Wed 1/7: Fri 31/7/2026."""
        explanation = due_date(
            rule(RuleCode.DENUNCIATION_RESOLVE_COMPLEX, ACCEPTED),
            ACCEPTED,
            vn_calendar(),
            extensions=[FIRST],
        )
        assert explanation.original_due == date(2026, 7, 1)
        assert explanation.due == date(2026, 7, 31)
        (applied,) = explanation.extensions
        assert (applied.from_due, applied.to_due, applied.length) == (
            date(2026, 7, 1),
            date(2026, 7, 31),
            30,
        )

    def test_two_extensions_of_a_very_complex_case(self) -> None:
        """Very complex case, two extensions: 31/7, then 30 days to Sun 30/8; Mon 31/8, Tue 1/9
        and Wed 2/9 are off (Quốc khánh), so the due date is Thu 3/9/2026."""
        explanation = due_date(
            rule(RuleCode.DENUNCIATION_RESOLVE_VERY_COMPLEX, ACCEPTED),
            ACCEPTED,
            vn_calendar(),
            extensions=[SECOND, FIRST],
        )
        assert [e.to_due for e in explanation.extensions] == [date(2026, 7, 31), date(2026, 9, 3)]
        assert explanation.due == date(2026, 9, 3)
        assert [m.moved_to for m in explanation.end_moves] == [date(2026, 9, 3)]

    def test_third_extension_is_refused(self) -> None:
        """A very complex case has at most two extensions: a third raises ExtensionLimitReached."""
        with pytest.raises(ExtensionLimitReached) as refused:
            due_date(
                rule(RuleCode.DENUNCIATION_RESOLVE_VERY_COMPLEX, ACCEPTED),
                ACCEPTED,
                vn_calendar(),
                extensions=[FIRST, SECOND, THIRD],
            )
        assert refused.value.max_extensions == 2

    def test_ordinary_case_has_no_extension(self) -> None:
        """An ordinary denunciation (30 days) cannot be extended at all."""
        with pytest.raises(ExtensionLimitReached):
            due_date(
                rule(RuleCode.DENUNCIATION_RESOLVE, ACCEPTED),
                ACCEPTED,
                vn_calendar(),
                extensions=[FIRST],
            )

    def test_shorter_extension_is_allowed(self) -> None:
        """At most ("không quá") 30 days: an extension of 10 days from Wed 1/7 ends Sat 11/7,
        moved to Mon 13/7/2026."""
        explanation = due_date(
            rule(RuleCode.DENUNCIATION_RESOLVE_COMPLEX, ACCEPTED),
            ACCEPTED,
            vn_calendar(),
            extensions=[Extension(date(2026, 6, 30), "phức tạp", length=10)],
        )
        assert explanation.due == date(2026, 7, 13)

    def test_longer_extension_is_refused(self) -> None:
        """An extension of 31 days where the rule allows 30 raises ExtensionTooLong."""
        with pytest.raises(ExtensionTooLong):
            due_date(
                rule(RuleCode.DENUNCIATION_RESOLVE_COMPLEX, ACCEPTED),
                ACCEPTED,
                vn_calendar(),
                extensions=[Extension(date(2026, 6, 30), "phức tạp", length=31)],
            )

    def test_extension_after_the_due_date_is_refused(self) -> None:
        """An extension granted on Thu 2/7, after the due date Wed 1/7, raises
        DeadlineAlreadyPassed; one granted on the due date itself is accepted."""
        code = RuleCode.DENUNCIATION_RESOLVE_COMPLEX
        with pytest.raises(DeadlineAlreadyPassed):
            due_date(
                rule(code, ACCEPTED),
                ACCEPTED,
                vn_calendar(),
                extensions=[Extension(date(2026, 7, 2), "muộn")],
            )
        on_the_day = Extension(date(2026, 7, 1), "đúng hạn")
        assert due_date(rule(code, ACCEPTED), ACCEPTED, vn_calendar(), [on_the_day]).due == date(
            2026, 7, 31
        )

    def test_working_day_extension_of_the_party_rule(self) -> None:
        """The grassroots Party rule extends by 30 working days counted after its due date."""
        received = date(2026, 3, 2)
        party_rule = rule(RuleCode.PARTY_GRASSROOTS_DENUNCIATION, received)
        calendar = vn_calendar()
        plain = due_date(party_rule, received, calendar)
        assert plain.due is not None
        extended = due_date(party_rule, received, calendar, [Extension(plain.due, "chưa xong")])
        assert extended.due is not None
        assert calendar.count_working_days(received, plain.due) == 90
        assert calendar.count_working_days(plain.due, extended.due) == 30


class TestSuspensionAndResumption:
    def test_calendar_days_stop_while_suspended(self) -> None:
        """Accepted Mon 1/6/2026, suspended Wed 10/6, resumed Fri 19/6: 2/6–10/6 count (9),
        11/6–19/6 do not (9 days), 20/6 onward count 21 more: due Fri 10/7 instead of Wed 1/7."""
        pause = Pause(date(2026, 6, 10), date(2026, 6, 19), "chờ kết quả giám định")
        explanation = due_date(
            rule(RuleCode.DENUNCIATION_RESOLVE, ACCEPTED), ACCEPTED, vn_calendar(), pauses=[pause]
        )
        assert explanation.due == date(2026, 7, 10)
        (applied,) = explanation.pauses
        assert (applied.calendar_days, applied.days_skipped) == (9, 9)
        paused = [s.day.day for s in explanation.skipped if s.reason is SkipReason.PAUSED]
        assert paused == list(range(11, 20))

    def test_working_days_stop_while_suspended(self) -> None:
        """10 working days from receipt on Mon 9/3/2026, suspended Wed 11/3, resumed Mon 16/3:
        Tue 10 (1), Wed 11 (2); Thu 12, Fri 13 and Mon 16 paused (3 working days); Tue 17 (3)
        … Thu 26/3 (10), three working days after the unpaused due date Mon 23/3."""
        received = date(2026, 3, 9)
        pause = Pause(date(2026, 3, 11), date(2026, 3, 16), "tạm đình chỉ")
        code = RuleCode.NOTIFY_ACCEPTED_OR_REFERRED
        explanation = due_date(rule(code, received), received, vn_calendar(), pauses=[pause])
        assert due_date(rule(code, received), received, vn_calendar()).due == date(2026, 3, 23)
        assert explanation.due == date(2026, 3, 26)
        assert explanation.pauses[0].days_skipped == 5  # Thu, Fri, Sat, Sun, Mon

    def test_open_suspension_has_no_due_date(self) -> None:
        """While suspended (no resumption yet) before the due date, nothing is due."""
        pause = Pause(date(2026, 6, 10), None, "tạm đình chỉ")
        explanation = due_date(
            rule(RuleCode.DENUNCIATION_RESOLVE, ACCEPTED), ACCEPTED, vn_calendar(), pauses=[pause]
        )
        assert explanation.due is None
        assert explanation.evaluate(on=date(2026, 12, 31)).state.value == "suspended"

    def test_suspension_after_the_due_date_changes_nothing(self) -> None:
        """A suspension on Mon 6/7, after the due date Wed 1/7, leaves the due date."""
        pause = Pause(date(2026, 7, 6), None, "tạm đình chỉ")
        explanation = due_date(
            rule(RuleCode.DENUNCIATION_RESOLVE, ACCEPTED), ACCEPTED, vn_calendar(), pauses=[pause]
        )
        assert explanation.due == date(2026, 7, 1)

    def test_overlapping_suspensions_are_refused(self) -> None:
        """Two suspensions whose days overlap raise InvalidClockEvent."""
        with pytest.raises(InvalidClockEvent):
            due_date(
                rule(RuleCode.DENUNCIATION_RESOLVE, ACCEPTED),
                ACCEPTED,
                vn_calendar(),
                pauses=[
                    Pause(date(2026, 6, 10), date(2026, 6, 19), "a"),
                    Pause(date(2026, 6, 15), date(2026, 6, 25), "b"),
                ],
            )

    def test_resumption_before_suspension_is_refused(self) -> None:
        """A resumption on or before its suspension raises InvalidClockEvent."""
        with pytest.raises(InvalidClockEvent):
            due_date(
                rule(RuleCode.DENUNCIATION_RESOLVE, ACCEPTED),
                ACCEPTED,
                vn_calendar(),
                pauses=[Pause(date(2026, 6, 10), date(2026, 6, 10), "a")],
            )


class TestFastPathAgrees:
    def test_same_due_for_the_named_cases(self) -> None:
        """compute_due gives the same dates as the explanations above."""
        very_complex = rule(RuleCode.DENUNCIATION_RESOLVE_VERY_COMPLEX, ACCEPTED)
        pause = Pause(date(2026, 6, 10), date(2026, 6, 19), "x")
        assert compute_due(very_complex, ACCEPTED, vn_calendar(), [FIRST, SECOND]) == date(
            2026, 9, 3
        )
        assert compute_due(very_complex, ACCEPTED, vn_calendar(), pauses=[pause]) == date(
            2026, 7, 10
        )
