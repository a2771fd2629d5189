"""Shared fixtures of the calendar tests: the real 2026 calendar and the initial rules."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache

from domain.calendar import DeadlineRule, RuleBook, WorkingCalendar
from domain.calendar.initial_overrides import initial_overrides
from domain.calendar.initial_rules import initial_rules
from infra.calendar.holidays_source import HolidaysVNSource

SEEDED_AT = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
"""When the office entered the initial rules and overrides (in these tests)."""


@cache
def vn_calendar() -> WorkingCalendar:
    """holidays.VN with the initial override table, today's view."""
    return WorkingCalendar(HolidaysVNSource(), initial_overrides(SEEDED_AT))


@cache
def base_only_calendar() -> WorkingCalendar:
    """holidays.VN alone, without any override."""
    return WorkingCalendar(HolidaysVNSource())


@cache
def rule_book() -> RuleBook:
    """The initial rule set, today's view."""
    return RuleBook(initial_rules(SEEDED_AT))


def rule(code: str, trigger: date) -> DeadlineRule:
    """The initial rule `code` in force for `trigger`."""
    return rule_book().rule_for(code, trigger)
