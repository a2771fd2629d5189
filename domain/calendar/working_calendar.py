"""The working-day calendar: Monday–Friday, minus holidays, plus make-up days.

A year is computed on first use from the base source and the override facts visible to this view,
then kept as a `frozenset` of working days (membership) and a sorted tuple (for `bisect`), so that
`is_working_day` is a set lookup and `add_working_days` / `count_working_days` jump over whole
years instead of walking day by day.

A calendar is immutable. `as_known_at(T)` gives the view that uses only the facts recorded at or
before T; `today()` gives the view that uses every recorded fact. Views of one table share the
base-source cache.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from domain.calendar.errors import CalendarError, NaiveRecordedAt
from domain.calendar.overrides import CalendarOverride, OverrideKind
from domain.calendar.source import HolidaySource

BASE_SOURCE_LABEL = "Bộ luật Lao động 2019, Điều 112 (lịch nghỉ lễ cơ sở)"
_WEEKEND_LABELS = {5: "Thứ Bảy", 6: "Chủ nhật"}
_ONE_DAY = timedelta(days=1)


class DayReason(StrEnum):
    """Why a day is, or is not, a working day."""

    WORKING_DAY = "working_day"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    """Listed by the base holiday source (a public holiday or a day in lieu)."""
    DAY_OFF = "day_off"
    """An override: a day off decided for that year (a swapped day)."""
    MAKE_UP_WORKING_DAY = "make_up_working_day"
    """An override: a Saturday or Sunday worked (ngày làm bù)."""
    NOT_A_HOLIDAY = "not_a_holiday"
    """An override: the base source lists the weekday as a holiday, but it is not one by law."""


@dataclass(frozen=True, slots=True)
class DayInfo:
    """One day's status, with the reason and, for holidays and overrides, its label and source."""

    day: date
    working: bool
    reason: DayReason
    label: str | None = None
    legal_source: str | None = None


@dataclass(frozen=True, slots=True)
class _Year:
    first_ordinal: int
    working: frozenset[date]
    ordered: tuple[date, ...]
    infos: tuple[DayInfo, ...]
    """Every day's status, indexed by `day.toordinal() - first_ordinal`."""


class _BaseCache:
    """Base holidays per year, shared by every view of one calendar."""

    def __init__(self, source: HolidaySource) -> None:
        self.source = source
        self._years: dict[int, Mapping[date, str]] = {}

    def holidays_for(self, year: int) -> Mapping[date, str]:
        found = self._years.get(year)
        if found is None:
            found = MappingProxyType(dict(self.source.holidays_for(year)))
            self._years[year] = found
        return found


class WorkingCalendar:
    """Working days as known at one instant (or today: every recorded fact)."""

    def __init__(
        self,
        source: HolidaySource,
        overrides: Iterable[CalendarOverride] = (),
        *,
        known_at: datetime | None = None,
        base_source_label: str = BASE_SOURCE_LABEL,
    ) -> None:
        self._init(_BaseCache(source), tuple(overrides), known_at, base_source_label)

    def _init(
        self,
        base: _BaseCache,
        table: tuple[CalendarOverride, ...],
        known_at: datetime | None,
        base_source_label: str,
    ) -> None:
        if known_at is not None and known_at.utcoffset() is None:
            raise NaiveRecordedAt("calendar view")
        self._base = base
        self._table = table
        self._known_at = known_at
        self._base_source_label = base_source_label
        visible = [o for o in table if known_at is None or o.recorded_at <= known_at]
        # The fact recorded last wins; equal instants keep the table's order (later wins).
        visible.sort(key=lambda o: o.recorded_at)
        effective: dict[date, CalendarOverride] = {}
        for fact in visible:
            effective[fact.day] = fact
        self._effective = effective
        self._years: dict[int, _Year] = {}

    def _view(
        self, table: tuple[CalendarOverride, ...], known_at: datetime | None
    ) -> WorkingCalendar:
        view = WorkingCalendar.__new__(WorkingCalendar)
        view._init(self._base, table, known_at, self._base_source_label)
        return view

    # Views -------------------------------------------------------------------------------------

    @property
    def known_at(self) -> datetime | None:
        """The instant of this view; None for today's view (every recorded fact)."""
        return self._known_at

    def as_known_at(self, t: datetime) -> WorkingCalendar:
        """The calendar using only the override facts recorded at or before `t`."""
        return self._view(self._table, t)

    def today(self) -> WorkingCalendar:
        """The calendar using every recorded override fact."""
        return self._view(self._table, None)

    def with_overrides(self, *facts: CalendarOverride) -> WorkingCalendar:
        """The same view over the table extended by `facts` (they are still filtered by
        `known_at`, so a fact recorded after this view's instant changes nothing in it)."""
        return self._view(self._table + facts, self._known_at)

    def overrides(self) -> tuple[CalendarOverride, ...]:
        """The facts in force in this view, one per day (the last recorded), sorted by day."""
        return tuple(self._effective[d] for d in sorted(self._effective))

    # Days --------------------------------------------------------------------------------------

    def _year(self, year: int) -> _Year:
        found = self._years.get(year)
        if found is not None:
            return found
        if not MINYEAR <= year <= MAXYEAR:
            raise CalendarError(f"year {year} is outside the calendar")
        special: dict[date, DayInfo] = {}
        for day, name in self._base.holidays_for(year).items():
            if day.year == year:
                special[day] = DayInfo(day, False, DayReason.HOLIDAY, name, self._base_source_label)
        for day, fact in self._effective.items():
            if day.year != year:
                continue
            if fact.kind is OverrideKind.DAY_OFF:
                special[day] = DayInfo(day, False, DayReason.DAY_OFF, fact.label, fact.legal_source)
            elif fact.kind is OverrideKind.MAKE_UP_WORKING_DAY:
                special[day] = DayInfo(
                    day, True, DayReason.MAKE_UP_WORKING_DAY, fact.label, fact.legal_source
                )
            elif day.weekday() < 5:  # NOT_A_HOLIDAY on a weekday: an ordinary working day
                special[day] = DayInfo(
                    day, True, DayReason.NOT_A_HOLIDAY, fact.label, fact.legal_source
                )
            else:  # NOT_A_HOLIDAY on a weekend: the day is simply a weekend day
                special.pop(day, None)
        infos: list[DayInfo] = []
        day = date(year, 1, 1)
        first_ordinal = day.toordinal()
        while day.year == year:
            info = special.get(day)
            if info is None:
                weekday = day.weekday()
                info = (
                    DayInfo(day, False, DayReason.WEEKEND, _WEEKEND_LABELS[weekday])
                    if weekday >= 5
                    else DayInfo(day, True, DayReason.WORKING_DAY)
                )
            infos.append(info)
            if day == date.max:
                break
            day += _ONE_DAY
        working = tuple(info.day for info in infos if info.working)
        found = _Year(first_ordinal, frozenset(working), working, tuple(infos))
        self._years[year] = found
        return found

    def working_days_in(self, year: int) -> frozenset[date]:
        """Every working day of `year` in this view."""
        return self._year(year).working

    def is_working_day(self, d: date) -> bool:
        """True when `d` is worked: a weekday that is not a day off, or a make-up day."""
        return d in self._year(d.year).working

    def day_info(self, d: date) -> DayInfo:
        """`d`'s status with its reason, label and legal source."""
        data = self._year(d.year)
        return data.infos[d.toordinal() - data.first_ordinal]

    def next_working_day(self, d: date) -> date:
        """`d` itself when it is a working day, else the first working day after it."""
        if self.is_working_day(d):
            return d
        return self.add_working_days(d, 1)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (n > 0), before it (n < 0), or `start` (n == 0).

        `start` itself is never counted, whether or not it is a working day, so
        `add_working_days(trigger, 10)` is the end of a 10-working-day period that starts the day
        after the trigger (Bộ luật Dân sự 2015, Art 147). Inverse of `count_working_days`:
        `count_working_days(start, add_working_days(start, n)) == n` for every n >= 0 and any
        `start`, and for every n when `start` is a working day; from a working day,
        `add_working_days(add_working_days(start, n), -n) == start`. (Going back from a rest day,
        the first working day before it is one step, but the half-open count from it back to the
        rest day holds no working day at its closed end, hence the condition.)
        """
        if n == 0:
            return start
        year = start.year
        data = self._year(year)
        if n > 0:
            index = bisect_right(data.ordered, start)  # working days on or before start
            remaining = n
            while remaining > len(data.ordered) - index:
                remaining -= len(data.ordered) - index
                year += 1
                data = self._year(year)
                index = 0
            return data.ordered[index + remaining - 1]
        index = bisect_left(data.ordered, start)  # working days before start
        remaining = -n
        while remaining > index:
            remaining -= index
            year -= 1
            data = self._year(year)
            index = len(data.ordered)
        return data.ordered[index - remaining]

    def count_working_days(self, a: date, b: date) -> int:
        """The number of working days d with a < d <= b; negative (−count(b, a)) when b < a.

        Half-open like a period: the first day is excluded, the last included, so a period of
        n working days after `a` ends on the day `b` where `count_working_days(a, b) == n`
        and b is a working day.
        """
        if b < a:
            return -self.count_working_days(b, a)
        total = 0
        for year in range(a.year, b.year + 1):
            ordered = self._year(year).ordered
            low = bisect_right(ordered, a) if year == a.year else 0
            high = bisect_right(ordered, b) if year == b.year else len(ordered)
            total += high - low
        return total
