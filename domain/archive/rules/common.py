"""What several archive rules share: the dates of facts, and records a command names."""

from __future__ import annotations

from datetime import date
from typing import TypeVar
from uuid import UUID

from domain.archive.errors import DateBeforeRegistration, DateInFuture
from domain.errors import RecordNotFound
from domain.records import Record

R = TypeVar("R", bound=Record)


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


def required(state: R | None, record_type: type[R], record_id: UUID) -> R:
    """The record a command names, refused as loading it would be when there is none."""
    if state is None:
        msg = f"không có {record_type.__name__} {record_id} (no such record)"
        raise RecordNotFound(msg, record_id=str(record_id))
    return state
