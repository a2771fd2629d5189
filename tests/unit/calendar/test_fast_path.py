"""compute_due (statistics) and due_date (explanations) agree on every input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.calendar import (
    CalendarError,
    DayType,
    DeadlineRule,
    Extension,
    Pause,
    StartEvent,
    compute_due,
    due_date,
)
from tests.unit.calendar.support import SEEDED_AT, vn_calendar

day_types = st.sampled_from([DayType.CALENDAR, DayType.WORKING])


@st.composite
def cases(draw: st.DrawFn) -> tuple[DeadlineRule, date, list[Extension], list[Pause]]:
    """A random rule, trigger, extensions and pauses (possibly invalid: both must then refuse)."""
    max_extensions = draw(st.integers(min_value=0, max_value=2))
    rule = DeadlineRule(
        code="test.random",
        name_vi="Ngẫu nhiên",
        legal_source="kiểm thử",
        length=draw(st.integers(min_value=1, max_value=90)),
        day_type=draw(day_types),
        start_event=StartEvent.ACCEPTED,
        max_extensions=max_extensions,
        extension_length=draw(st.integers(min_value=1, max_value=30)) if max_extensions else 0,
        extension_day_type=draw(day_types),
        effective_from=date(2019, 1, 1),
        effective_to=None,
        recorded_at=SEEDED_AT,
    )
    trigger = draw(st.dates(min_value=date(2025, 6, 1), max_value=date(2027, 6, 1)))
    offsets = st.integers(min_value=0, max_value=120)
    extensions = [
        Extension(trigger + timedelta(days=draw(offsets)), "gia hạn")
        for _ in range(draw(st.integers(min_value=0, max_value=max_extensions)))
    ]
    pauses: list[Pause] = []
    cursor = trigger
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        start = cursor + timedelta(days=draw(st.integers(min_value=0, max_value=40)))
        length = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=20)))
        end = None if length is None else start + timedelta(days=length)
        pauses.append(Pause(start, end, "tạm đình chỉ"))
        if end is None:
            break
        cursor = end
    return rule, trigger, extensions, pauses


def outcome(compute: Callable[[], date | None]) -> tuple[str, object]:
    """("due", the date) or ("refused", the error's class)."""
    try:
        return ("due", compute())
    except CalendarError as error:
        return ("refused", type(error))


class TestAgreement:
    @given(cases())
    def test_same_due_date_or_same_refusal(
        self, case: tuple[DeadlineRule, date, list[Extension], list[Pause]]
    ) -> None:
        """Both give the same due date, or both raise the same error."""
        rule, trigger, extensions, pauses = case
        calendar = vn_calendar()
        assert outcome(lambda: compute_due(rule, trigger, calendar, extensions, pauses)) == outcome(
            lambda: due_date(rule, trigger, calendar, extensions, pauses).due
        )

    @given(cases())
    def test_due_date_is_a_working_day(
        self, case: tuple[DeadlineRule, date, list[Extension], list[Pause]]
    ) -> None:
        """Whatever the day type, a computed due date is a working day."""
        rule, trigger, _, pauses = case
        due = compute_due(rule, trigger, vn_calendar(), (), pauses)
        if due is not None:
            assert vn_calendar().is_working_day(due)
