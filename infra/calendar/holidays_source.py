"""The production `HolidaySource`: the `holidays` package's Vietnam calendar (`holidays.VN`).

`holidays.VN` computes the lunar days (Tết, Giỗ Tổ Hùng Vương), days in lieu and the national
day's adjacent day, with Vietnamese names (`language="vi"`, its default). It does not know every
yearly swap and may list days before they are law; the office's override table
(`domain.calendar.initial_overrides` and later facts) carries the difference. What it returned
for 2026 is written down in `domain/calendar/initial_overrides.py` and docs/calendar.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from holidays.countries.vietnam import VN
from holidays.utils import country_holidays
from holidays.version import __version__ as holidays_version


class HolidaysVNSource:
    """`HolidaySource` over `holidays.VN`, one year at a time."""

    def __init__(self, language: str = "vi") -> None:
        if language not in VN.supported_languages:
            raise ValueError(f"holidays.VN has no {language!r} names")
        self._language = language

    @property
    def description(self) -> str:
        """Which package version computed the base (worth recording beside a snapshot)."""
        return f"holidays {holidays_version} VN ({self._language})"

    def holidays_for(self, year: int) -> Mapping[date, str]:
        """Every holiday `holidays.VN` gives for `year`, with its name in the chosen language."""
        table = country_holidays("VN", years=year, language=self._language)
        return MappingProxyType({day: str(name) for day, name in table.items() if day.year == year})
