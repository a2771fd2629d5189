"""The office's override table: dated, recorded facts laid over the base holiday set.

Each fact is about one day. It is recorded (`recorded_at`, an instant) and takes legal effect
(`effective_from`, a date, kept for the record and shown in explanations). Which cases it affects
is implied by the day itself: every period that runs over that day. When several facts about the
same day are known, the one recorded last wins, so a correction of a correction is a new fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from domain.calendar.errors import InvalidOverride, NaiveRecordedAt


class OverrideKind(StrEnum):
    """What an override says about its day."""

    DAY_OFF = "day_off"
    """Ngày nghỉ: the day is not worked (a swapped day, an extra day off decided by the PM)."""
    MAKE_UP_WORKING_DAY = "make_up_working_day"
    """Ngày làm bù: a Saturday or Sunday worked to make up a swapped day."""
    NOT_A_HOLIDAY = "not_a_holiday"
    """The base source lists the day as a holiday but it is not one by law (yet)."""


@dataclass(frozen=True, slots=True)
class CalendarOverride:
    """One fact of the override table."""

    day: date
    kind: OverrideKind
    label: str
    """Vietnamese label shown in explanations, e.g. "Nghỉ Tết Dương lịch (hoán đổi)"."""
    legal_source: str
    """The document that makes it law, e.g. "Văn bản 12729/VPCP-KGVX ngày 25/12/2025"."""
    effective_from: date
    recorded_at: datetime

    def __post_init__(self) -> None:
        if self.recorded_at.utcoffset() is None:
            raise NaiveRecordedAt(f"override for {self.day}")
        if self.kind is OverrideKind.MAKE_UP_WORKING_DAY and self.day.weekday() < 5:
            raise InvalidOverride(
                f"{self.day} is a weekday: a make-up working day must be a Saturday or Sunday"
            )
        if not self.label.strip() or not self.legal_source.strip():
            raise InvalidOverride(f"override for {self.day} needs a label and a legal source")
