"""The legal calendar as recorded data: override facts, deadline rules and the base holidays.

``domain/calendar`` computes with tables it is given; this module keeps those tables in the office
log. Three kinds of record, each changed only by events:

- ``CalendarOverrides`` (one record): each ``OverrideRecorded`` is a fact about one day;
- ``DeadlineRules`` (one record): each ``RuleRecorded`` is a version of a rule;
- ``HolidayBase`` (one record per year): ``BaseYearAdopted`` freezes what the holiday package said
  about that year when the year was adopted, so a later package upgrade never moves a past
  deadline. Afterwards only the recorded base is used.

Reads never write: years are adopted at start-up, by `socai calendar adopt-years`, at each year's
end by the background keeper (:meth:`LegalCalendar.adopt_years`), or by a command that needs a year
(``adopt=True``); a view that needs a year not adopted yet raises
:class:`~domain.petitions.errors.CalendarYearNotAdopted`.

"As known at" a log position is the fold of these records up to that position (their version at
the position, through a :class:`LogIndex` the wiring provides). The initial rules and overrides are
seeded on first use by a system actor.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Protocol
from uuid import UUID, uuid5

from domain.application import OfficeApplication, Receipt, side_write
from domain.calendar import (
    CalendarError,
    CalendarOverride,
    DayType,
    DeadlineRule,
    HolidaySource,
    OverrideKind,
    RuleBook,
    StartEvent,
    WorkingCalendar,
)
from domain.calendar.initial_overrides import initial_overrides
from domain.calendar.initial_rules import initial_rules
from domain.errors import ConcurrentChange, InvalidValue
from domain.events import Event
from domain.petitions.errors import CalendarYearNotAdopted
from domain.records import Context, Fold, Record, new_record
from domain.text import clean

CALENDAR_NAMESPACE = UUID("c4a1e7d2-9b3f-5a6c-8e1d-2f3a4b5c6d7e")
OVERRIDES_ID = uuid5(CALENDAR_NAMESPACE, "calendar-overrides")
RULES_ID = uuid5(CALENDAR_NAMESPACE, "deadline-rules")


def base_year_id(year: int) -> UUID:
    return uuid5(CALENDAR_NAMESPACE, f"holiday-base|{year}")


class LogIndex(Protocol):
    """Where records stood at a log position (implemented over ``office_log`` by ``infra``)."""

    def version_at(self, record_id: UUID, position: int) -> int:
        """The record's last version stored at or before ``position`` (0: none)."""
        ...


@dataclass(frozen=True)
class BaseDay:
    day: date
    name: str


@dataclass(frozen=True, kw_only=True)
class CalendarOverrides(Record):
    facts: tuple[CalendarOverride, ...] = ()

    @dataclass(frozen=True, kw_only=True)
    class OverrideRecorded(Event):
        day: date
        kind: OverrideKind
        label: str
        legal_source: str
        effective_from: date


@dataclass(frozen=True, kw_only=True)
class DeadlineRules(Record):
    rules: tuple[DeadlineRule, ...] = ()

    @dataclass(frozen=True, kw_only=True)
    class RuleRecorded(Event):
        code: str
        name_vi: str
        legal_source: str
        length: int
        day_type: DayType
        start_event: StartEvent
        max_extensions: int
        extension_length: int
        extension_day_type: DayType
        effective_from: date
        effective_to: date | None


@dataclass(frozen=True, kw_only=True)
class HolidayBase(Record):
    year: int
    days: tuple[BaseDay, ...] = field(default_factory=tuple)
    source: str = ""

    @dataclass(frozen=True, kw_only=True)
    class BaseYearAdopted(Event):
        year: int
        days: tuple[BaseDay, ...]
        source: str


fold_overrides: Fold[CalendarOverrides] = Fold(CalendarOverrides)
fold_rules: Fold[DeadlineRules] = Fold(DeadlineRules)
fold_base: Fold[HolidayBase] = Fold(HolidayBase)


@fold_overrides.on(CalendarOverrides.OverrideRecorded)
def _override(state: CalendarOverrides | None, e: CalendarOverrides.OverrideRecorded
              ) -> CalendarOverrides:
    base = state or new_record(CalendarOverrides, e)
    fact = CalendarOverride(e.day, e.kind, e.label, e.legal_source, e.effective_from, e.timestamp)
    return replace(base, facts=(*base.facts, fact))


@fold_rules.on(DeadlineRules.RuleRecorded)
def _rule(state: DeadlineRules | None, e: DeadlineRules.RuleRecorded) -> DeadlineRules:
    base = state or new_record(DeadlineRules, e)
    return replace(base, rules=(*base.rules, _rule_of(e)))


def _rule_of(e: DeadlineRules.RuleRecorded) -> DeadlineRule:
    return DeadlineRule(
        code=e.code, name_vi=e.name_vi, legal_source=e.legal_source, length=e.length,
        day_type=e.day_type, start_event=e.start_event, max_extensions=e.max_extensions,
        extension_length=e.extension_length, extension_day_type=e.extension_day_type,
        effective_from=e.effective_from, effective_to=e.effective_to, recorded_at=e.timestamp,
    )


@fold_base.on(HolidayBase.BaseYearAdopted)
def _base(_: None, e: HolidayBase.BaseYearAdopted) -> HolidayBase:
    return new_record(HolidayBase, e, year=e.year, days=e.days, source=e.source)


class _RecordedHolidays:
    """The `HolidaySource` the domain computes with: the recorded base of each year (adopted on
    need only for a command: ``adopt``)."""

    def __init__(self, app: LegalCalendar, *, adopt: bool) -> None:
        self.app = app
        self.adopt = adopt

    def holidays_for(self, year: int) -> Mapping[date, str]:
        return self.app.base_year(year, adopt=self.adopt)


class LegalCalendar(OfficeApplication):
    """Admin commands on the calendar and the rules, and the views other contexts compute with."""

    package: HolidaySource
    package_label: str
    system_context: Callable[[], Context]
    log_index: LogIndex

    def wire(self, *, package: HolidaySource, package_label: str,
             system_context: Callable[[], Context], log_index: LogIndex) -> None:
        """Called once by the wiring (``api/bootstrap.py``)."""
        self.package = package
        self.package_label = package_label
        self.system_context = system_context
        self.log_index = log_index
        self._base_years: dict[int, Mapping[date, str]] = {}
        self._seeded = False

    # Seeding ------------------------------------------------------------------------------------

    def ensure_seeded(self) -> None:
        """Record the initial rules and overrides once (idempotent, safe under concurrency)."""
        if self._seeded:
            return
        if self.find(RULES_ID, fold_rules) is None or self.find(OVERRIDES_ID, fold_overrides) is None:
            ctx = replace(self.system_context(), reason="Dữ liệu ban đầu: quy tắc thời hạn và "
                          "bảng điều chỉnh lịch (initial rules and overrides)")
            for seed in (self._seed_rules, self._seed_overrides):
                # Another process may have seeded it first; either way not the command's write.
                with contextlib.suppress(ConcurrentChange), side_write():
                    seed(ctx)
        self._seeded = True

    def _seed_rules(self, ctx: Context) -> None:
        if self.find(RULES_ID, fold_rules) is not None:
            return
        events = [self._rule_event(ctx, r, i + 1) for i, r in enumerate(initial_rules(ctx.now))]
        self.record(events, record_id=RULES_ID)

    def _seed_overrides(self, ctx: Context) -> None:
        if self.find(OVERRIDES_ID, fold_overrides) is not None:
            return
        events = [
            ctx.event(CalendarOverrides.OverrideRecorded, OVERRIDES_ID, i + 1, day=o.day,
                      kind=o.kind, label=o.label, legal_source=o.legal_source,
                      effective_from=o.effective_from)
            for i, o in enumerate(initial_overrides(ctx.now))
        ]
        self.record(events, record_id=OVERRIDES_ID)

    @staticmethod
    def _rule_event(ctx: Context, r: DeadlineRule, version: int) -> DeadlineRules.RuleRecorded:
        return ctx.event(
            DeadlineRules.RuleRecorded, RULES_ID, version, code=r.code, name_vi=r.name_vi,
            legal_source=r.legal_source, length=r.length, day_type=r.day_type,
            start_event=r.start_event, max_extensions=r.max_extensions,
            extension_length=r.extension_length, extension_day_type=r.extension_day_type,
            effective_from=r.effective_from, effective_to=r.effective_to,
        )

    # Admin commands -----------------------------------------------------------------------------

    def record_override(
        self, ctx: Context, *, day: date, kind: OverrideKind, label: str, legal_source: str,
        effective_from: date,
    ) -> Receipt:
        """A fact about one day (a day off, a make-up working day, "not a holiday"); the fact
        recorded last about a day wins, so a correction is one more fact."""
        self.ensure_seeded()
        text = clean(label, "label", max_length=300)
        source = clean(legal_source, "legal_source", max_length=1000)
        try:
            CalendarOverride(day, OverrideKind(kind), text, source, effective_from, ctx.now)
        except CalendarError as exc:
            raise InvalidValue(f"day: {exc}", field="day") from exc

        def attempt() -> Receipt:
            current = self.find(OVERRIDES_ID, fold_overrides)
            version = current.version + 1 if current else 1
            event = ctx.event(CalendarOverrides.OverrideRecorded, OVERRIDES_ID, version, day=day,
                              kind=OverrideKind(kind), label=text, legal_source=source,
                              effective_from=effective_from)
            return self.record([event], record_id=OVERRIDES_ID)

        return self.retrying(attempt)

    def record_rule(
        self, ctx: Context, *, code: str, name_vi: str, legal_source: str, length: int,
        day_type: DayType, start_event: StartEvent, effective_from: date,
        effective_to: date | None = None, max_extensions: int = 0, extension_length: int = 0,
        extension_day_type: DayType | None = None,
    ) -> Receipt:
        """A new version of a deadline rule (or a correction: same code and effective date)."""
        self.ensure_seeded()
        try:
            rule = DeadlineRule(
                code=clean(code, "code", max_length=120),
                name_vi=clean(name_vi, "name_vi", max_length=300),
                legal_source=clean(legal_source, "legal_source", max_length=1000),
                length=length, day_type=DayType(day_type), start_event=StartEvent(start_event),
                max_extensions=max_extensions, extension_length=extension_length,
                extension_day_type=DayType(extension_day_type or day_type),
                effective_from=effective_from, effective_to=effective_to, recorded_at=ctx.now,
            )
        except CalendarError as exc:
            raise InvalidValue(f"rule: {exc}", field="length") from exc

        def attempt() -> Receipt:
            current = self.find(RULES_ID, fold_rules)
            version = current.version + 1 if current else 1
            return self.record([self._rule_event(ctx, rule, version)], record_id=RULES_ID)

        return self.retrying(attempt)

    # Views --------------------------------------------------------------------------------------

    def _version(self, record_id: UUID, position: int | None) -> int | None:
        """None: today's (every event); 0: nothing recorded by then; else the version."""
        if position is None:
            return None
        return self.log_index.version_at(record_id, position)

    def overrides(self, *, at_position: int | None = None) -> tuple[CalendarOverride, ...]:
        """Every recorded override fact (as the log stood at ``at_position``); a view: nothing
        is seeded here (start-up and commands seed)."""
        version = self._version(OVERRIDES_ID, at_position)
        if version == 0:
            return ()
        found = self.find(OVERRIDES_ID, fold_overrides, version=version)
        return found.facts if found else ()

    def rule_book(self, *, at_position: int | None = None) -> RuleBook:
        """Every recorded rule version (as the log stood at ``at_position``); a view."""
        version = self._version(RULES_ID, at_position)
        if version == 0:
            return RuleBook(())
        found = self.find(RULES_ID, fold_rules, version=version)
        return RuleBook(found.rules if found else ())

    def working_calendar(self, *, at_position: int | None = None,
                         adopt: bool = False) -> WorkingCalendar:
        """Working days over the recorded base years and the overrides known at the position.

        ``adopt``: for a command only, adopt a base year it needs that is not recorded yet; a
        view raises :class:`CalendarYearNotAdopted` instead (reads never write)."""
        return WorkingCalendar(_RecordedHolidays(self, adopt=adopt),
                               self.overrides(at_position=at_position))

    def base_year(self, year: int, *, adopt: bool = False) -> Mapping[date, str]:
        """The recorded base holidays of ``year`` (adopted from the package first if ``adopt``)."""
        found = self._base_years.get(year)
        if found is not None:
            return found
        for _ in range(3):
            base = self.find(base_year_id(year), fold_base)
            if base is not None:
                days = MappingProxyType({d.day: d.name for d in base.days})
                self._base_years[year] = days
                return days
            if not adopt:
                raise CalendarYearNotAdopted.of(year)
            self._adopt([year], reason=f"Ghi nhận lịch nghỉ lễ cơ sở năm {year} lần đầu cần dùng")
        msg = f"could not adopt the base holidays of {year}"  # pragma: no cover - defensive
        raise RuntimeError(msg)  # pragma: no cover

    def adopted(self, year: int) -> bool:
        """Whether the base holidays of ``year`` are recorded."""
        try:
            self.base_year(year)
        except CalendarYearNotAdopted:
            return False
        return True

    def adopt_years(self, years: Iterable[int], *, reason: str) -> tuple[int, ...]:
        """Adopt every year of ``years`` not adopted yet, in one append, as the calendar's
        system actor; return the years adopted now (none: all were there). Also seeds the
        initial rules and overrides. Safe under concurrency: a year adopted meanwhile by another
        process is skipped on the retry."""
        self.ensure_seeded()

        def attempt() -> tuple[int, ...]:
            missing = tuple(y for y in sorted(set(years)) if not self.adopted(y))
            self._adopt(missing, reason=reason, quiet=False)
            return missing

        return self.retrying(attempt)

    def _adopt(self, years: Sequence[int], *, reason: str, quiet: bool = True) -> None:
        ctx = replace(self.system_context(), reason=reason)
        events = [
            ctx.event(HolidayBase.BaseYearAdopted, base_year_id(year), 1, year=year,
                      days=tuple(BaseDay(d, str(name))
                                 for d, name in sorted(self.package.holidays_for(year).items())
                                 if d.year == year),
                      source=self.package_label)
            for year in years
        ]
        if not quiet:
            self.record(events)
            return
        # Adopted meanwhile: the caller reloads it. Not the running command's own write.
        with contextlib.suppress(ConcurrentChange), side_write():
            self.record(events)
