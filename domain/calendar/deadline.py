"""Computing a deadline: the period, its extensions and its pauses, day by day.

Counting follows Bộ luật Dân sự 2015, Art 147–148:
- the period starts the day after the trigger (the trigger day never counts);
- a period of working days (ngày làm việc) counts only working days, so it always ends on one;
- a period of calendar days (ngày) counts every day, and when its last day is a rest day or a
  holiday the period ends on the next working day;
- days inside a pause (see `Pause`) never count, whatever the day type;
- an extension counts its own length, with its own day type, from the day after the due date in
  force when it was granted (the original due date for the first one), then follows the same
  end rule. Extensions beyond `max_extensions` are refused with `ExtensionLimitReached`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from domain.calendar.clock import Extension, Pause
from domain.calendar.errors import (
    DeadlineAlreadyPassed,
    ExtensionLimitReached,
    ExtensionTooLong,
    InvalidClockEvent,
)
from domain.calendar.explanation import (
    AppliedExtension,
    AppliedPause,
    CountedDay,
    DeadlineExplanation,
    EndMove,
    Phase,
    RuleRef,
    SkippedDay,
    SkipReason,
)
from domain.calendar.rules import DayType, DeadlineRule
from domain.calendar.working_calendar import DayInfo, DayReason, WorkingCalendar

_ONE_DAY = timedelta(days=1)
_SKIP_REASONS = {
    DayReason.WEEKEND: SkipReason.WEEKEND,
    DayReason.HOLIDAY: SkipReason.HOLIDAY,
    DayReason.DAY_OFF: SkipReason.DAY_OFF,
}


def due_date(
    rule: DeadlineRule,
    trigger: date,
    calendar: WorkingCalendar,
    extensions: Iterable[Extension] = (),
    pauses: Iterable[Pause] = (),
) -> DeadlineExplanation:
    """The deadline of a case triggered on `trigger` under `rule`, with its explanation.

    `calendar` is the view to count with (today's, or as known at some instant). Extensions are
    applied in the order of `granted_on`. Raises `ExtensionLimitReached`, `ExtensionTooLong`,
    `DeadlineAlreadyPassed` (an extension granted after the due date it extends) or
    `InvalidClockEvent`.
    """
    ordered_pauses, granted = _checked(rule, trigger, extensions, pauses)
    walk = _Walk(calendar, ordered_pauses)
    due = walk.period(trigger, rule.length, rule.day_type, segment=0)
    original_due = due
    applied: list[AppliedExtension] = []
    for number, (extension, length) in enumerate(granted, start=1):
        if due is not None and extension.granted_on > due:
            raise DeadlineAlreadyPassed(rule.code, extension.granted_on, due)
        new_due = (
            walk.period(due, length, rule.extension_day_type, segment=number)
            if due is not None
            else None
        )
        applied.append(
            AppliedExtension(
                number,
                extension.granted_on,
                length,
                rule.extension_day_type,
                extension.reason,
                due,
                new_due,
            )
        )
        due = new_due
    return DeadlineExplanation(
        rule=RuleRef.of(rule),
        trigger=trigger,
        start=trigger + _ONE_DAY,
        original_due=original_due,
        due=due,
        counted=tuple(walk.counted),
        skipped=tuple(walk.skipped),
        end_moves=tuple(walk.end_moves),
        extensions=tuple(applied),
        pauses=tuple(
            AppliedPause(
                p.suspended_on,
                p.resumed_on,
                p.reason,
                None if p.resumed_on is None else (p.resumed_on - p.suspended_on).days,
                walk.paused_skips.get(p, 0),
            )
            for p in ordered_pauses
        ),
        calendar_known_at=calendar.known_at,
    )


def compute_due(
    rule: DeadlineRule,
    trigger: date,
    calendar: WorkingCalendar,
    extensions: Iterable[Extension] = (),
    pauses: Iterable[Pause] = (),
) -> date | None:
    """The same due date as `due_date(...).due`, without the explanation, for statistics.

    It jumps over whole runs of working days with the calendar's per-year index instead of
    walking day by day; the same checks raise the same errors.
    """
    ordered_pauses, granted = _checked(rule, trigger, extensions, pauses)
    due = _fast_period(calendar, ordered_pauses, trigger, rule.length, rule.day_type)
    for extension, length in granted:
        if due is None:
            return None
        if extension.granted_on > due:
            raise DeadlineAlreadyPassed(rule.code, extension.granted_on, due)
        due = _fast_period(calendar, ordered_pauses, due, length, rule.extension_day_type)
    return due


def _checked(
    rule: DeadlineRule,
    trigger: date,
    extensions: Iterable[Extension],
    pauses: Iterable[Pause],
) -> tuple[tuple[Pause, ...], tuple[tuple[Extension, int], ...]]:
    """Pauses in order, and extensions in order with their lengths, after every check that does
    not need the due date."""
    ordered_pauses = _checked_pauses(trigger, pauses)
    ordered = sorted(extensions, key=lambda e: e.granted_on)
    if len(ordered) > rule.max_extensions:
        raise ExtensionLimitReached(rule.code, rule.max_extensions)
    granted: list[tuple[Extension, int]] = []
    for extension in ordered:
        if extension.granted_on < trigger:
            raise InvalidClockEvent(
                f"extension granted on {extension.granted_on}, before the trigger"
            )
        length = rule.extension_length if extension.length is None else extension.length
        if length < 1:
            raise InvalidClockEvent(f"extension of {length} days")
        if length > rule.extension_length:
            raise ExtensionTooLong(rule.code, length, rule.extension_length)
        granted.append((extension, length))
    return ordered_pauses, tuple(granted)


def _fast_period(
    calendar: WorkingCalendar, pauses: Sequence[Pause], after: date, n: int, day_type: DayType
) -> date | None:
    """`_Walk.period` without the records: add n days, then add back the paused ones that fell
    inside, until none is left; then move a calendar-day end off rest days and pauses."""
    working = day_type is DayType.WORKING

    def add(start: date, count: int) -> date:
        if working:
            return calendar.add_working_days(start, count)
        return start + timedelta(days=count)

    low, end = after, add(after, n)
    while True:
        extra = 0
        for pause in pauses:
            if pause.resumed_on is None:
                if pause.suspended_on < end:
                    return None
                continue
            first, last = max(low, pause.suspended_on), min(end, pause.resumed_on)
            if last > first:  # paused days first < d <= last inside this stretch
                extra += (
                    calendar.count_working_days(first, last) if working else (last - first).days
                )
        if extra == 0:
            break
        low, end = end, add(end, extra)
    if working:
        return end
    while True:
        covering = next((p for p in pauses if p.covers(end)), None)
        if covering is not None:
            if covering.resumed_on is None:
                return None
            end = covering.resumed_on + _ONE_DAY
        elif not calendar.is_working_day(end):
            end = calendar.next_working_day(end)
        else:
            return end


def _checked_pauses(trigger: date, pauses: Iterable[Pause]) -> tuple[Pause, ...]:
    """Pauses sorted by suspension date; refuses overlapping, inverted or unfinished-then-more."""
    ordered = tuple(sorted(pauses, key=lambda p: p.suspended_on))
    for index, pause in enumerate(ordered):
        if pause.suspended_on < trigger:
            raise InvalidClockEvent(f"suspension on {pause.suspended_on}, before the trigger")
        if pause.resumed_on is None:
            if index != len(ordered) - 1:
                raise InvalidClockEvent(
                    f"suspension of {pause.suspended_on} is still open but another follows"
                )
        elif pause.resumed_on <= pause.suspended_on:
            raise InvalidClockEvent(
                f"resumption on {pause.resumed_on} is not after the suspension of "
                f"{pause.suspended_on}"
            )
        if index > 0:
            previous = ordered[index - 1]
            if previous.resumed_on is not None and pause.suspended_on < previous.resumed_on:
                raise InvalidClockEvent(
                    f"suspension on {pause.suspended_on} overlaps the one resumed on "
                    f"{previous.resumed_on}"
                )
    return ordered


class _Walk:
    """Walks days forward, recording each counted and skipped day."""

    def __init__(self, calendar: WorkingCalendar, pauses: Sequence[Pause]) -> None:
        self.calendar = calendar
        self.pauses = pauses
        self.counted: list[CountedDay] = []
        self.skipped: list[SkippedDay] = []
        self.end_moves: list[EndMove] = []
        self.paused_skips: dict[Pause, int] = {}

    def _pause_at(self, d: date) -> Pause | None:
        for pause in self.pauses:
            if pause.covers(d):
                return pause
        return None

    def _skip(self, d: date, segment: int, phase: Phase, info: DayInfo) -> None:
        self.skipped.append(
            SkippedDay(d, segment, phase, _SKIP_REASONS[info.reason], info.label, info.legal_source)
        )

    def _skip_paused(self, d: date, segment: int, phase: Phase, pause: Pause) -> None:
        self.skipped.append(SkippedDay(d, segment, phase, SkipReason.PAUSED, pause.reason, None))
        self.paused_skips[pause] = self.paused_skips.get(pause, 0) + 1

    def period(self, after: date, n: int, day_type: DayType, *, segment: int) -> date | None:
        """The end of a period of `n` days of `day_type` starting the day after `after`, or None
        when an open suspension stops the clock before it ends."""
        day = after
        counted = 0
        while counted < n:
            day += _ONE_DAY
            pause = self._pause_at(day)
            if pause is not None:
                if pause.resumed_on is None:
                    return None
                self._skip_paused(day, segment, Phase.COUNTING, pause)
                continue
            info = self.calendar.day_info(day)
            if day_type is DayType.WORKING and not info.working:
                self._skip(day, segment, Phase.COUNTING, info)
                continue
            counted += 1
            self.counted.append(
                CountedDay(day, counted, segment, info.reason, info.label, info.legal_source)
            )
        if day_type is DayType.WORKING:
            return day
        end_info = self.calendar.day_info(day)
        if end_info.working:
            return day
        period_end = day
        while True:
            day += _ONE_DAY
            pause = self._pause_at(day)
            if pause is not None:
                if pause.resumed_on is None:
                    return None
                self._skip_paused(day, segment, Phase.END_MOVED, pause)
                continue
            info = self.calendar.day_info(day)
            if info.working:
                break
            self._skip(day, segment, Phase.END_MOVED, info)
        self.end_moves.append(
            EndMove(segment, period_end, _SKIP_REASONS[end_info.reason], end_info.label, day)
        )
        return day
