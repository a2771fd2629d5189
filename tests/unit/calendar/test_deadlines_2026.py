"""Named deadlines of 2026, each checked by hand against a printed 2026 calendar.

The calendar is holidays.VN (0.109) with the initial override table: Tết Nguyên đán off
Mon 16/2–Fri 20/2 (official break Sat 14/2–Sun 22/2), Giỗ Tổ Sun 26/4 with Mon 27/4 in lieu,
Thu 30/4 and Fri 1/5 off, Fri 2/1 off and Sat 10/1 worked, Mon 31/8–Wed 2/9 off and
Sat 22/8 worked.
"""

from __future__ import annotations

from datetime import date

from domain.calendar import Phase, SkipReason, due_date
from domain.calendar.initial_rules import RuleCode
from tests.unit.calendar.support import base_only_calendar, rule, vn_calendar


class TestAcrossTet2026:
    def test_working_days_skip_the_nine_day_break(self) -> None:
        """Tell the writer within 10 working days of receipt on Tue 10/2/2026: Wed 11, Thu 12,
        Fri 13 (3); Sat 14–Sun 22 off; Mon 23–Fri 27 (8); Mon 2/3 (9), Tue 3/3 (10)."""
        explanation = due_date(
            rule(RuleCode.NOTIFY_ACCEPTED_OR_REFERRED, date(2026, 2, 10)),
            date(2026, 2, 10),
            vn_calendar(),
        )
        assert explanation.due == date(2026, 3, 3)
        holidays = [s.day.day for s in explanation.skipped if s.reason is SkipReason.HOLIDAY]
        assert holidays == [16, 17, 18, 19, 20]

    def test_calendar_days_ending_in_tet_move_after_it(self) -> None:
        """Accept a complaint within 10 days of receipt on Wed 4/2/2026: day 10 is Sat 14/2,
        the first day of the break, so the period ends on the next working day, Mon 23/2."""
        explanation = due_date(
            rule(RuleCode.COMPLAINT_ACCEPT, date(2026, 2, 4)), date(2026, 2, 4), vn_calendar()
        )
        assert explanation.due == date(2026, 2, 23)
        (move,) = explanation.end_moves
        assert (move.period_end, move.reason, move.moved_to) == (
            date(2026, 2, 14),
            SkipReason.WEEKEND,
            date(2026, 2, 23),
        )
        moved_over = [s.day.day for s in explanation.skipped if s.phase is Phase.END_MOVED]
        assert moved_over == list(range(15, 23))


class TestAcross30April1May2026:
    def test_working_days_skip_gio_to_and_30_4_1_5(self) -> None:
        """Notify the denouncer within 5 working days of acceptance on Fri 24/4/2026: Mon 27/4
        off (Giỗ Tổ in lieu), Tue 28 (1), Wed 29 (2), Thu 30/4 and Fri 1/5 off, weekend,
        Mon 4/5 (3), Tue 5 (4), Wed 6/5 (5)."""
        explanation = due_date(
            rule(RuleCode.DENUNCIATION_NOTIFY_ACCEPTANCE, date(2026, 4, 24)),
            date(2026, 4, 24),
            vn_calendar(),
        )
        assert explanation.due == date(2026, 5, 6)
        assert [c.day for c in explanation.counted][:2] == [date(2026, 4, 28), date(2026, 4, 29)]

    def test_calendar_days_ending_on_30_4_move_to_monday(self) -> None:
        """Accept a complaint within 10 days of receipt on Mon 20/4/2026: day 10 is Thu 30/4
        (holiday), then Fri 1/5 (holiday), Sat 2, Sun 3: the period ends Mon 4/5."""
        explanation = due_date(
            rule(RuleCode.COMPLAINT_ACCEPT, date(2026, 4, 20)), date(2026, 4, 20), vn_calendar()
        )
        assert explanation.due == date(2026, 5, 4)
        assert explanation.end_moves[0].reason is SkipReason.HOLIDAY


class TestAcrossTheJanuary2026Swap:
    def test_swapped_friday_is_skipped(self) -> None:
        """5 working days after Tue 30/12/2025: Wed 31/12 (1), Thu 1/1 holiday, Fri 2/1 off
        (swapped), weekend, Mon 5/1 (2) … Thu 8/1 (5). Without the override Fri 2/1 would count
        and the period would end Wed 7/1."""
        code = RuleCode.DENUNCIATION_NOTIFY_ACCEPTANCE
        trigger = date(2025, 12, 30)
        explanation = due_date(rule(code, trigger), trigger, vn_calendar())
        assert explanation.due == date(2026, 1, 8)
        assert due_date(rule(code, trigger), trigger, base_only_calendar()).due == date(2026, 1, 7)
        (day_off,) = [s for s in explanation.skipped if s.reason is SkipReason.DAY_OFF]
        assert day_off.day == date(2026, 1, 2)
        assert day_off.legal_source is not None

    def test_make_up_saturday_is_counted_and_says_why(self) -> None:
        """5 working days after Fri 9/1/2026: Sat 10/1 (1, make-up day), Mon 12 (2) … Thu 15/1
        (5); without the override it would be Fri 16/1."""
        code = RuleCode.DENUNCIATION_NOTIFY_ACCEPTANCE
        trigger = date(2026, 1, 9)
        explanation = due_date(rule(code, trigger), trigger, vn_calendar())
        assert explanation.due == date(2026, 1, 15)
        assert due_date(rule(code, trigger), trigger, base_only_calendar()).due == date(2026, 1, 16)
        first = explanation.counted[0]
        assert (first.day, first.number, first.reason.value) == (
            date(2026, 1, 10),
            1,
            "make_up_working_day",
        )
        assert first.label == "Làm bù cho thứ Sáu 02/01/2026"

    def test_calendar_period_ending_on_the_make_up_saturday_stays(self) -> None:
        """10 days after Wed 31/12/2025 is Sat 10/1/2026, a working day: the period is not moved."""
        trigger = date(2025, 12, 31)
        explanation = due_date(rule(RuleCode.COMPLAINT_ACCEPT, trigger), trigger, vn_calendar())
        assert explanation.due == date(2026, 1, 10)
        assert explanation.end_moves == ()


class TestCalendarPeriodEndingOnSunday:
    def test_moves_to_monday(self) -> None:
        """Resolve a denunciation within 30 days of acceptance on Fri 6/3/2026: day 30 is
        Sun 5/4/2026, so the period ends on Mon 6/4."""
        trigger = date(2026, 3, 6)
        explanation = due_date(rule(RuleCode.DENUNCIATION_RESOLVE, trigger), trigger, vn_calendar())
        assert explanation.counted[-1].day == date(2026, 4, 5)
        assert explanation.due == date(2026, 4, 6)
        (move,) = explanation.end_moves
        assert (move.reason, move.label) == (SkipReason.WEEKEND, "Chủ nhật")
