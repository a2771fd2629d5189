"""The override table as recorded facts: "as known at T" against today's view."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.calendar import CalendarOverride, OverrideKind, due_date
from domain.calendar.initial_rules import RuleCode
from tests.unit.calendar.support import SEEDED_AT, rule, vn_calendar

T = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def fact(day: date, kind: OverrideKind, recorded_at: datetime) -> CalendarOverride:
    """An override fact with filler label and source."""
    return CalendarOverride(day, kind, "nhãn", "nguồn", day, recorded_at)


def kind_for(day: date) -> OverrideKind:
    """An override that changes `day`: a make-up day on a weekend, a day off on a weekday."""
    return OverrideKind.MAKE_UP_WORKING_DAY if day.weekday() >= 5 else OverrideKind.DAY_OFF


class TestOverrideRecordedLater:
    @given(
        st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
        st.integers(min_value=1, max_value=10**7),
    )
    def test_does_not_change_the_view_as_known_before(self, day: date, seconds: int) -> None:
        """A fact recorded after T leaves the calendar as known at T as it was."""
        before = vn_calendar().as_known_at(T)
        later = vn_calendar().with_overrides(
            fact(day, kind_for(day), T + timedelta(seconds=seconds))
        )
        assert later.as_known_at(T).working_days_in(day.year) == before.working_days_in(day.year)

    @given(
        st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
        st.integers(min_value=1, max_value=10**7),
    )
    def test_changes_todays_view(self, day: date, seconds: int) -> None:
        """The same fact changes today's view of that day."""
        calendar = vn_calendar()
        later = calendar.with_overrides(fact(day, kind_for(day), T + timedelta(seconds=seconds)))
        if calendar.day_info(day).reason.value in {"holiday", "day_off", "make_up_working_day"}:
            return  # already off (or already made up): the fact restates it
        assert later.today().is_working_day(day) != calendar.is_working_day(day)

    def test_deadline_shown_earlier_does_not_move(self) -> None:
        """Notify within 5 working days of Fri 20/11/2026: Mon 23 (1), Tue 24/11 (2, corrected
        to a working day), … Fri 27/11 (5). A later law making 24/11 a day off (recorded
        1/10/2026) moves today's deadline to Mon 30/11, not the one as known on 1/9/2026."""
        trigger = date(2026, 11, 20)
        culture_day = date(2026, 11, 24)
        calendar = vn_calendar().with_overrides(
            fact(culture_day, OverrideKind.DAY_OFF, datetime(2026, 10, 1, tzinfo=UTC))
        )
        notify = rule(RuleCode.DENUNCIATION_NOTIFY_ACCEPTANCE, trigger)
        then = due_date(notify, trigger, calendar.as_known_at(datetime(2026, 9, 1, tzinfo=UTC)))
        now = due_date(notify, trigger, calendar)
        assert (then.due, now.due) == (date(2026, 11, 27), date(2026, 11, 30))
        assert then.calendar_known_at == datetime(2026, 9, 1, tzinfo=UTC)


class TestPrecedence:
    def test_last_recorded_fact_about_a_day_wins(self) -> None:
        """Seeded "not a holiday", later "day off", later still "not a holiday": the last wins."""
        day = date(2026, 11, 24)
        off = fact(day, OverrideKind.DAY_OFF, SEEDED_AT + timedelta(days=10))
        back = fact(day, OverrideKind.NOT_A_HOLIDAY, SEEDED_AT + timedelta(days=20))
        calendar = vn_calendar().with_overrides(back, off)
        assert calendar.is_working_day(day)
        assert not calendar.as_known_at(SEEDED_AT + timedelta(days=15)).is_working_day(day)
        assert calendar.as_known_at(SEEDED_AT).is_working_day(day)

    def test_before_the_seed_the_base_alone_applies(self) -> None:
        """As known before the override table was entered, Fri 2/1/2026 is a working day."""
        early = vn_calendar().as_known_at(SEEDED_AT - timedelta(seconds=1))
        assert early.is_working_day(date(2026, 1, 2))
        assert not early.is_working_day(date(2026, 1, 10))
