"""Errors of the legal calendar, each named for the rule it protects.

They carry only codes, dates and numbers: never personal data (design invariant 6), so the API
layer may show their messages as they are.
"""

from __future__ import annotations

from datetime import date


class CalendarError(ValueError):
    """Base class: a calendar, rule or deadline input breaks a rule of the calendar."""


class NaiveRecordedAt(CalendarError):
    """A `recorded_at` must be an aware datetime: "as known at T" compares instants."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what}: recorded_at must be timezone-aware")
        self.what = what


class InvalidOverride(CalendarError):
    """An override fact that cannot be true (e.g. a make-up working day on a weekday)."""


class InvalidRule(CalendarError):
    """A deadline rule with impossible data (length < 1, effective_to before effective_from, …)."""


class NoRuleInForce(CalendarError):
    """No version of the rule applies to a trigger on this date (as known at the given time)."""

    def __init__(self, code: str, trigger: date) -> None:
        super().__init__(f"no version of rule {code!r} is in force for a trigger on {trigger}")
        self.code = code
        self.trigger = trigger


class ExtensionLimitReached(CalendarError):
    """The rule allows at most `max_extensions` extensions; one more was asked for."""

    def __init__(self, code: str, max_extensions: int) -> None:
        super().__init__(
            f"rule {code!r} allows at most {max_extensions} extension(s); "
            f"extension {max_extensions + 1} refused"
        )
        self.code = code
        self.max_extensions = max_extensions


class ExtensionTooLong(CalendarError):
    """An extension longer than the rule's `extension_length` ("không quá N ngày")."""

    def __init__(self, code: str, asked: int, allowed: int) -> None:
        super().__init__(
            f"rule {code!r} allows extensions of at most {allowed} days; {asked} asked"
        )
        self.code = code
        self.asked = asked
        self.allowed = allowed


class DeadlineAlreadyPassed(CalendarError):
    """An extension granted after the due date it would extend: an expired period stays expired."""

    def __init__(self, code: str, granted_on: date, due: date) -> None:
        super().__init__(
            f"rule {code!r}: extension granted on {granted_on} after the due date {due}"
        )
        self.code = code
        self.granted_on = granted_on
        self.due = due


class InvalidClockEvent(CalendarError):
    """A suspension, resumption or extension that is out of order (before the trigger, overlapping,
    resumed before it was suspended, a second open suspension)."""
