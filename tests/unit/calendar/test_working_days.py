"""Working days: what counts, and adding / counting them."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.calendar import (
    CalendarOverride,
    DayReason,
    MappingHolidaySource,
    OverrideKind,
    WorkingCalendar,
)
from tests.unit.calendar.support import SEEDED_AT, base_only_calendar, vn_calendar

days = st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31))
counts = st.integers(min_value=-400, max_value=400)


class TestWhatIsAWorkingDay:
    def test_weekdays_work_and_weekends_rest(self) -> None:
        """With no holiday at all, Monday–Friday work and Saturday–Sunday rest."""
        calendar = WorkingCalendar(MappingHolidaySource({}))
        week = [date(2026, 3, 9) + timedelta(days=i) for i in range(7)]
        assert [calendar.is_working_day(d) for d in week] == [True] * 5 + [False] * 2

    def test_holiday_from_the_source_is_not_worked(self) -> None:
        """A base holiday on a weekday is a day off, named by the source."""
        info = vn_calendar().day_info(date(2026, 4, 30))
        assert (info.working, info.reason, info.label) == (
            False,
            DayReason.HOLIDAY,
            "Ngày Chiến thắng",
        )

    def test_swapped_day_off_is_not_worked(self) -> None:
        """Friday 2 January 2026 is off by the override table, with its legal source."""
        info = vn_calendar().day_info(date(2026, 1, 2))
        assert info.reason is DayReason.DAY_OFF
        assert info.legal_source is not None
        assert "12729/VPCP-KGVX" in info.legal_source

    def test_make_up_saturday_is_worked(self) -> None:
        """Saturday 10 January 2026 is a working day (ngày làm bù)."""
        info = vn_calendar().day_info(date(2026, 1, 10))
        assert (info.working, info.reason) == (True, DayReason.MAKE_UP_WORKING_DAY)

    def test_culture_day_is_corrected_to_a_working_day(self) -> None:
        """24/11/2026 is listed by holidays.VN but worked: the law has not made it a holiday."""
        assert not base_only_calendar().is_working_day(date(2026, 11, 24))
        info = vn_calendar().day_info(date(2026, 11, 24))
        assert (info.working, info.reason) == (True, DayReason.NOT_A_HOLIDAY)

    def test_not_a_holiday_on_a_weekend_leaves_a_weekend_day(self) -> None:
        """Cancelling a holiday that falls on a Sunday leaves an ordinary Sunday."""
        sunday = date(2026, 4, 26)
        calendar = vn_calendar().with_overrides(
            CalendarOverride(sunday, OverrideKind.NOT_A_HOLIDAY, "x", "y", sunday, SEEDED_AT)
        )
        assert calendar.day_info(sunday).reason is DayReason.WEEKEND

    @given(st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31)))
    def test_make_up_saturday_property(self, day: date) -> None:
        """Any Saturday recorded as a make-up day is a working day, and is counted."""
        saturday = day + timedelta(days=(5 - day.weekday()) % 7)
        calendar = base_only_calendar().with_overrides(
            CalendarOverride(
                saturday, OverrideKind.MAKE_UP_WORKING_DAY, "làm bù", "test", saturday, SEEDED_AT
            )
        )
        assert calendar.is_working_day(saturday)
        assert calendar.count_working_days(saturday - timedelta(days=1), saturday) == 1


class TestAddWorkingDays:
    def test_zero_is_the_start(self) -> None:
        """Adding zero working days returns the start, even on a Sunday."""
        assert vn_calendar().add_working_days(date(2026, 3, 8), 0) == date(2026, 3, 8)

    def test_start_is_not_counted(self) -> None:
        """One working day after Friday 6/3/2026 is Monday 9/3 (the start never counts)."""
        assert vn_calendar().add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)

    def test_crosses_a_year(self) -> None:
        """Three working days after Tue 30/12/2025: Wed 31/12, (Thu 1/1 holiday, Fri 2/1 off,
        weekend) Mon 5/1, Tue 6/1."""
        assert vn_calendar().add_working_days(date(2025, 12, 30), 3) == date(2026, 1, 6)

    @given(days, counts)
    def test_never_lands_on_a_non_working_day(self, start: date, n: int) -> None:
        """Adding n != 0 working days always lands on a working day."""
        if n == 0:
            return
        assert vn_calendar().is_working_day(vn_calendar().add_working_days(start, n))

    @given(days, st.integers(min_value=0, max_value=400))
    def test_counting_back_returns_n(self, start: date, n: int) -> None:
        """count_working_days(start, add_working_days(start, n)) == n for n >= 0, any start."""
        calendar = vn_calendar()
        assert calendar.count_working_days(start, calendar.add_working_days(start, n)) == n

    @given(days, counts)
    def test_counting_back_from_a_working_day_returns_n(self, start: date, n: int) -> None:
        """From a working day the count returns n for negative n too."""
        calendar = vn_calendar()
        start = calendar.next_working_day(start)
        assert calendar.count_working_days(start, calendar.add_working_days(start, n)) == n

    @given(days, counts)
    def test_adding_back_returns_the_start(self, start: date, n: int) -> None:
        """From a working day, adding n then -n working days returns the start."""
        calendar = vn_calendar()
        start = calendar.next_working_day(start)
        assert calendar.add_working_days(calendar.add_working_days(start, n), -n) == start

    @given(days, st.integers(min_value=1, max_value=60))
    def test_agrees_with_walking_day_by_day(self, start: date, n: int) -> None:
        """The bisect jump gives the same day as stepping one day at a time."""
        calendar = vn_calendar()
        day, found = start, 0
        while found < n:
            day += timedelta(days=1)
            found += calendar.is_working_day(day)
        assert calendar.add_working_days(start, n) == day


class TestCountWorkingDays:
    def test_half_open(self) -> None:
        """count(a, b) counts a < d <= b: Mon 9/3 to Fri 13/3/2026 is 4; Sun 8/3 to Fri 13/3, 5."""
        calendar = vn_calendar()
        assert calendar.count_working_days(date(2026, 3, 9), date(2026, 3, 13)) == 4
        assert calendar.count_working_days(date(2026, 3, 8), date(2026, 3, 13)) == 5

    def test_reversed_is_negative(self) -> None:
        """count(b, a) == -count(a, b)."""
        calendar = vn_calendar()
        assert calendar.count_working_days(date(2026, 3, 13), date(2026, 3, 8)) == -5

    def test_working_days_of_2026(self) -> None:
        """2026 has 261 weekdays; minus 13 weekday days off (1/1, 2/1, 16–20/2, 27/4, 30/4,
        1/5, 31/8, 1/9, 2/9; 24/11 corrected back to a working day) plus 2 make-up Saturdays
        (10/1, 22/8) gives 250."""
        assert len(vn_calendar().working_days_in(2026)) == 261 - 13 + 2
