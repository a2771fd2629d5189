"""The legal calendar and deadline rules: pure domain code (standard library only).

See docs/calendar.md. The base holiday set comes through `HolidaySource`; the production source
lives in `infra/calendar/holidays_source.py`.
"""

from domain.calendar.clock import Extension, Pause
from domain.calendar.deadline import compute_due, due_date
from domain.calendar.errors import (
    CalendarError,
    DeadlineAlreadyPassed,
    ExtensionLimitReached,
    ExtensionTooLong,
    InvalidClockEvent,
    InvalidOverride,
    InvalidRule,
    NaiveRecordedAt,
    NoRuleInForce,
)
from domain.calendar.explanation import (
    AppliedExtension,
    AppliedPause,
    CountedDay,
    DeadlineExplanation,
    DeadlineState,
    EndMove,
    Evaluation,
    Phase,
    RuleRef,
    SkippedDay,
    SkipReason,
)
from domain.calendar.overrides import CalendarOverride, OverrideKind
from domain.calendar.rules import DayType, DeadlineRule, RuleBook, StartEvent
from domain.calendar.source import HolidaySource, MappingHolidaySource
from domain.calendar.working_calendar import DayInfo, DayReason, WorkingCalendar

__all__ = [
    "AppliedExtension",
    "AppliedPause",
    "CalendarError",
    "CalendarOverride",
    "CountedDay",
    "DayInfo",
    "DayReason",
    "DayType",
    "DeadlineAlreadyPassed",
    "DeadlineExplanation",
    "DeadlineRule",
    "DeadlineState",
    "EndMove",
    "Evaluation",
    "Extension",
    "ExtensionLimitReached",
    "ExtensionTooLong",
    "HolidaySource",
    "InvalidClockEvent",
    "InvalidOverride",
    "InvalidRule",
    "MappingHolidaySource",
    "NaiveRecordedAt",
    "NoRuleInForce",
    "OverrideKind",
    "Pause",
    "Phase",
    "RuleBook",
    "RuleRef",
    "SkipReason",
    "SkippedDay",
    "StartEvent",
    "WorkingCalendar",
    "compute_due",
    "due_date",
]
