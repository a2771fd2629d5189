"""What a deadline computation shows its reader: every day counted or skipped, and why.

Plain frozen dataclasses of dates, strings, ints and string enums, so `orjson` (or
`to_json_dict` for the standard `json` module) writes them as they are. Overdue and days late
are not part of the explanation: they depend on an evaluation date and are computed by
`evaluate(on=…)` (design invariant 10).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import TYPE_CHECKING

from domain.calendar.errors import CalendarError
from domain.calendar.rules import DayType, DeadlineRule, StartEvent
from domain.calendar.working_calendar import DayReason

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


class SkipReason(StrEnum):
    """Why a day did not count."""

    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    DAY_OFF = "day_off"
    PAUSED = "paused"


class Phase(StrEnum):
    """Where in the computation a day was skipped."""

    COUNTING = "counting"
    """While counting the period's days."""
    END_MOVED = "end_moved"
    """After the last day of a calendar-day period that fell on a rest day, moving to the next
    working day (Bộ luật Dân sự 2015, Art 148)."""


class DeadlineState(StrEnum):
    """A deadline's state on an evaluation date."""

    OPEN = "open"
    OVERDUE = "overdue"
    MET = "met"
    MISSED = "missed"
    SUSPENDED = "suspended"
    """The clock is stopped (an open suspension) and nothing is due."""


@dataclass(frozen=True, slots=True)
class RuleRef:
    """The rule version that was applied."""

    code: str
    name_vi: str
    legal_source: str
    length: int
    day_type: DayType
    start_event: StartEvent
    effective_from: date
    effective_to: date | None
    recorded_at: datetime

    @classmethod
    def of(cls, rule: DeadlineRule) -> RuleRef:
        """The reference to `rule`."""
        return cls(
            rule.code,
            rule.name_vi,
            rule.legal_source,
            rule.length,
            rule.day_type,
            rule.start_event,
            rule.effective_from,
            rule.effective_to,
            rule.recorded_at,
        )


@dataclass(frozen=True, slots=True)
class CountedDay:
    """A day that counted: its number within its segment (0: the period, k: the k-th extension).

    `reason` says what kind of day it is: a make-up Saturday counts in a working-day period and
    shows `make_up_working_day` with its label and source; a weekend day counts in a
    calendar-day period and shows `weekend`.
    """

    day: date
    number: int
    segment: int
    reason: DayReason
    label: str | None
    legal_source: str | None


@dataclass(frozen=True, slots=True)
class SkippedDay:
    """A day that did not count, with the reason and, for holidays and overrides, the source."""

    day: date
    segment: int
    phase: Phase
    reason: SkipReason
    label: str | None
    legal_source: str | None


@dataclass(frozen=True, slots=True)
class EndMove:
    """A calendar-day period whose last day was a rest day, moved to the next working day."""

    segment: int
    period_end: date
    reason: SkipReason
    label: str | None
    moved_to: date


@dataclass(frozen=True, slots=True)
class AppliedExtension:
    """An extension: counted from the due date in force when it was granted."""

    number: int
    granted_on: date
    length: int
    day_type: DayType
    reason: str
    from_due: date | None
    to_due: date | None


@dataclass(frozen=True, slots=True)
class AppliedPause:
    """A suspension: `calendar_days` in the pause (None while open), `days_skipped` of them that
    would otherwise have counted."""

    suspended_on: date
    resumed_on: date | None
    reason: str
    calendar_days: int | None
    days_skipped: int


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A deadline's state on a date; `days_late` in calendar days (0 unless missed or overdue)."""

    state: DeadlineState
    due: date | None
    on: date | None
    completed_on: date | None
    days_late: int


@dataclass(frozen=True, slots=True)
class DeadlineExplanation:
    """A computed deadline with everything needed to check it by hand."""

    rule: RuleRef
    trigger: date
    start: date
    """The first day of the period: the day after the trigger (Bộ luật Dân sự 2015, Art 147)."""
    original_due: date | None
    """The due date before any extension (None while the clock is stopped)."""
    due: date | None
    """The due date after every extension (None while the clock is stopped)."""
    counted: tuple[CountedDay, ...]
    skipped: tuple[SkippedDay, ...]
    end_moves: tuple[EndMove, ...]
    extensions: tuple[AppliedExtension, ...]
    pauses: tuple[AppliedPause, ...]
    calendar_known_at: datetime | None
    """The calendar view used: None for today's view."""

    def evaluate(self, *, on: date | None = None, completed_on: date | None = None) -> Evaluation:
        """Met or missed given a completion date; open or overdue on an evaluation date.

        With both, a completion after `on` is not yet known on `on` and is ignored. The due day
        itself is in time: completing on it meets the deadline, and it is overdue from the next day.
        """
        done = (
            completed_on
            if completed_on is not None and (on is None or completed_on <= on)
            else None
        )
        due = self.due
        if done is not None:
            if due is None or done <= due:
                return Evaluation(DeadlineState.MET, due, on, done, 0)
            return Evaluation(DeadlineState.MISSED, due, on, done, (done - due).days)
        if on is None:
            raise CalendarError("evaluate needs an evaluation date (on=) or a completion date")
        if due is None:
            return Evaluation(DeadlineState.SUSPENDED, due, on, None, 0)
        if on <= due:
            return Evaluation(DeadlineState.OPEN, due, on, None, 0)
        return Evaluation(DeadlineState.OVERDUE, due, on, None, (on - due).days)

    def to_json_dict(self) -> dict[str, object]:
        """The explanation as JSON-ready values (ISO dates, enum values, lists)."""
        return _jsonable_fields(self)


def _jsonable_fields(value: DataclassInstance) -> dict[str, object]:
    return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}


def _jsonable(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable_fields(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value
