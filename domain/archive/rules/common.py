"""What several archive rules share: the dates of facts."""

from __future__ import annotations

from datetime import date

from domain.archive.errors import DateBeforeRegistration, DateInFuture


def fact_date(today: date, value: date | None, field: str) -> date:
    """A date a fact happened on: given, or today (office time zone); never after today."""
    if value is None:
        return today
    if value > today:
        msg = f"{field}: {value.isoformat()} sau ngày hôm nay (a fact cannot be in the future)"
        raise DateInFuture(msg, field=field)
    return value


def not_before(day: date, earliest: date, field: str) -> date:
    """Follow-up actions are dated on or after the record's own date (arrival, issue, …)."""
    if day < earliest:
        msg = f"{field}: trước ngày {earliest.isoformat()} (before the record's own date)"
        raise DateBeforeRegistration(msg, field=field)
    return day
