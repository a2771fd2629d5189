"""Where the base holiday set of a year comes from.

The domain names only the protocol. The production source (`infra/calendar/holidays_source.py`)
wraps the `holidays` package; tests and recorded snapshots use `MappingHolidaySource`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Protocol


class HolidaySource(Protocol):
    """The public holidays (ngày nghỉ lễ, Tết, nghỉ bù) of a year, before the office's overrides."""

    def holidays_for(self, year: int) -> Mapping[date, str]:
        """Every day off of `year` that the source knows, each with its Vietnamese name.

        Only days of `year` itself; weekends need not be listed (a holiday on a weekend may be
        listed, the calendar treats the day as a day off either way).
        """
        ...


class MappingHolidaySource:
    """A fixed table of holidays: for tests, and to pin a recorded snapshot of a year."""

    def __init__(self, days: Mapping[date, str]) -> None:
        self._by_year: dict[int, dict[date, str]] = {}
        for day, name in days.items():
            self._by_year.setdefault(day.year, {})[day] = name

    def holidays_for(self, year: int) -> Mapping[date, str]:
        """The table's days in `year` (empty when the table has none)."""
        return MappingProxyType(self._by_year.get(year, {}))
