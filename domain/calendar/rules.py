"""Deadline rules as versioned data.

A rule is identified by its `code`; each change of the law is a new version of the same code
with its own `effective_from` (and the previous version gets an `effective_to`, or simply loses
to the later `effective_from`). A version applies to a case whose trigger date falls in
[effective_from, effective_to). A view "as known at T" only sees versions recorded at or
before T, so a rule entered later never moves a deadline shown as of an earlier time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from domain.calendar.errors import InvalidRule, NaiveRecordedAt, NoRuleInForce


class DayType(StrEnum):
    """How a period's days are counted."""

    CALENDAR = "calendar"
    """Ngày: every day counts; a period ending on a rest day ends on the next working day."""
    WORKING = "working"
    """Ngày làm việc: only working days count."""


class StartEvent(StrEnum):
    """The event whose date triggers a period (the period starts the day after it)."""

    RECEIVED = "received"
    """Ngày nhận đơn / nhận được tố cáo."""
    ACCEPTED = "accepted"
    """Ngày thụ lý."""


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """One version of a time limit."""

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
    recorded_at: datetime

    def __post_init__(self) -> None:
        if self.recorded_at.utcoffset() is None:
            raise NaiveRecordedAt(f"rule {self.code}")
        if self.length < 1:
            raise InvalidRule(f"rule {self.code!r}: length must be at least 1")
        if self.max_extensions < 0:
            raise InvalidRule(f"rule {self.code!r}: max_extensions must not be negative")
        if self.max_extensions > 0 and self.extension_length < 1:
            raise InvalidRule(f"rule {self.code!r}: an extensible rule needs an extension_length")
        if self.max_extensions == 0 and self.extension_length != 0:
            raise InvalidRule(f"rule {self.code!r}: extension_length without extensions")
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            raise InvalidRule(f"rule {self.code!r}: effective_to must be after effective_from")

    def applies_to(self, trigger: date) -> bool:
        """True when a case triggered on `trigger` falls in this version's effective period."""
        return self.effective_from <= trigger and (
            self.effective_to is None or trigger < self.effective_to
        )


class RuleBook:
    """Every recorded version of every rule, viewed as known at one instant (or today)."""

    def __init__(self, rules: Iterable[DeadlineRule], *, known_at: datetime | None = None) -> None:
        if known_at is not None and known_at.utcoffset() is None:
            raise NaiveRecordedAt("rule book view")
        self._all = tuple(rules)
        self._known_at = known_at
        self._visible = tuple(r for r in self._all if known_at is None or r.recorded_at <= known_at)

    @property
    def known_at(self) -> datetime | None:
        """The instant of this view; None for today's view."""
        return self._known_at

    def as_known_at(self, t: datetime) -> RuleBook:
        """The rule book using only versions recorded at or before `t`."""
        return RuleBook(self._all, known_at=t)

    def today(self) -> RuleBook:
        """The rule book using every recorded version."""
        return RuleBook(self._all)

    def with_rules(self, *rules: DeadlineRule) -> RuleBook:
        """The same view over the table extended by `rules`."""
        return RuleBook(self._all + rules, known_at=self._known_at)

    def codes(self) -> tuple[str, ...]:
        """The codes of every visible rule, sorted."""
        return tuple(sorted({r.code for r in self._visible}))

    def versions(self, code: str) -> tuple[DeadlineRule, ...]:
        """The visible versions of `code`, by effective date then recording time."""
        return tuple(
            sorted(
                (r for r in self._visible if r.code == code),
                key=lambda r: (r.effective_from, r.recorded_at),
            )
        )

    def rule_for(self, code: str, trigger: date) -> DeadlineRule:
        """The version of `code` that applies to a case triggered on `trigger`.

        Among the visible versions whose effective period contains the trigger, the one with the
        latest `effective_from` wins; between versions with the same `effective_from`, the one
        recorded last (a correction of the data).
        """
        candidates = [r for r in self.versions(code) if r.applies_to(trigger)]
        if not candidates:
            raise NoRuleInForce(code, trigger)
        return candidates[-1]
