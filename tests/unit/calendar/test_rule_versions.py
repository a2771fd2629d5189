"""Rules as versioned data: effective dates choose the version, recording times the view."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from domain.calendar import (
    DayType,
    DeadlineRule,
    InvalidRule,
    NaiveRecordedAt,
    NoRuleInForce,
    RuleBook,
    StartEvent,
    due_date,
)
from domain.calendar.initial_rules import RuleCode
from tests.unit.calendar.support import SEEDED_AT, rule_book, vn_calendar

V1 = DeadlineRule(
    code="test.resolve",
    name_vi="Giải quyết (bản 1)",
    legal_source="Luật cũ",
    length=30,
    day_type=DayType.CALENDAR,
    start_event=StartEvent.ACCEPTED,
    max_extensions=0,
    extension_length=0,
    extension_day_type=DayType.CALENDAR,
    effective_from=date(2019, 1, 1),
    effective_to=None,
    recorded_at=SEEDED_AT,
)
V2_RECORDED = datetime(2026, 5, 15, 9, 0, tzinfo=UTC)
V2 = replace(
    V1,
    name_vi="Giải quyết (bản 2)",
    legal_source="Luật mới",
    length=20,
    effective_from=date(2026, 7, 1),
    recorded_at=V2_RECORDED,
)
BOOK = RuleBook([V1, V2])


class TestEffectiveDates:
    def test_trigger_before_the_change_keeps_the_old_version(self) -> None:
        """A case triggered on 30/6/2026 uses the version in force then (30 days)."""
        assert BOOK.rule_for("test.resolve", date(2026, 6, 30)) == V1

    def test_trigger_on_the_change_uses_the_new_version(self) -> None:
        """A case triggered on 1/7/2026, the new version's effective date, uses it (20 days)."""
        assert BOOK.rule_for("test.resolve", date(2026, 7, 1)) == V2

    def test_effective_to_closes_a_version(self) -> None:
        """A version with effective_to 1/1/2027 does not apply to a trigger on that day."""
        closed = RuleBook([replace(V1, effective_to=date(2027, 1, 1))])
        assert closed.rule_for("test.resolve", date(2026, 12, 31)).length == 30
        with pytest.raises(NoRuleInForce):
            closed.rule_for("test.resolve", date(2027, 1, 1))

    def test_trigger_before_any_version_has_no_rule(self) -> None:
        """A trigger before the first version's effective date raises NoRuleInForce."""
        with pytest.raises(NoRuleInForce):
            BOOK.rule_for("test.resolve", date(2018, 12, 31))

    def test_correction_recorded_later_wins_for_the_same_effective_date(self) -> None:
        """Two versions with the same effective date: the one recorded last is the data."""
        corrected = replace(V2, length=25, recorded_at=datetime(2026, 6, 1, tzinfo=UTC))
        assert RuleBook([V1, V2, corrected]).rule_for("test.resolve", date(2026, 8, 1)) == corrected


class TestAsKnownAt:
    def test_rule_recorded_later_is_unknown_earlier(self) -> None:
        """As known on 1/5/2026, before V2 was recorded, a trigger on 1/7/2026 uses V1."""
        before = BOOK.as_known_at(datetime(2026, 5, 1, tzinfo=UTC))
        assert before.rule_for("test.resolve", date(2026, 7, 1)) == V1

    def test_deadline_as_known_earlier_does_not_move(self) -> None:
        """The deadline shown as of 1/5/2026 stays 30 days (Fri 31/7/2026) after V2 is recorded;
        today's view gives 20 days (Tue 21/7/2026)."""
        trigger = date(2026, 7, 1)
        then = BOOK.as_known_at(datetime(2026, 5, 1, tzinfo=UTC)).rule_for("test.resolve", trigger)
        now = BOOK.rule_for("test.resolve", trigger)
        assert due_date(then, trigger, vn_calendar()).due == date(2026, 7, 31)
        assert due_date(now, trigger, vn_calendar()).due == date(2026, 7, 21)

    def test_recorded_at_the_instant_is_known(self) -> None:
        """A version recorded exactly at T is part of the view as known at T."""
        assert BOOK.as_known_at(V2_RECORDED).rule_for("test.resolve", date(2026, 7, 1)) == V2

    def test_before_the_seed_nothing_is_known(self) -> None:
        """As known before the initial rules were entered, no rule is in force."""
        with pytest.raises(NoRuleInForce):
            rule_book().as_known_at(datetime(2025, 1, 1, tzinfo=UTC)).rule_for(
                RuleCode.DENUNCIATION_RESOLVE, date(2024, 6, 1)
            )


class TestRuleData:
    def test_naive_recorded_at_is_refused(self) -> None:
        """recorded_at must be aware: a naive datetime raises NaiveRecordedAt."""
        with pytest.raises(NaiveRecordedAt):
            replace(V1, recorded_at=datetime(2026, 1, 1))

    def test_extension_length_without_extensions_is_refused(self) -> None:
        """A rule with no extension but an extension length is contradictory data."""
        with pytest.raises(InvalidRule):
            replace(V1, extension_length=30)

    def test_initial_rules_match_the_domain_brief(self) -> None:
        """Lengths, day types and extension limits of the initial set (domain.md, Petitions)."""
        book = rule_book()
        on = date(2026, 3, 1)
        table = {
            code: (r.length, r.day_type.value, r.max_extensions, r.extension_length)
            for code in book.codes()
            for r in [book.rule_for(code, on)]
        }
        assert table == {
            RuleCode.NOTIFY_ACCEPTED_OR_REFERRED: (10, "working", 0, 0),
            RuleCode.COMPLAINT_ACCEPT: (10, "calendar", 0, 0),
            RuleCode.COMPLAINT_FIRST: (30, "calendar", 0, 0),
            RuleCode.COMPLAINT_FIRST_COMPLEX: (45, "calendar", 0, 0),
            RuleCode.COMPLAINT_FIRST_REMOTE: (45, "calendar", 0, 0),
            RuleCode.COMPLAINT_FIRST_REMOTE_COMPLEX: (60, "calendar", 0, 0),
            RuleCode.COMPLAINT_SECOND: (45, "calendar", 0, 0),
            RuleCode.COMPLAINT_SECOND_COMPLEX: (60, "calendar", 0, 0),
            RuleCode.COMPLAINT_SECOND_REMOTE: (60, "calendar", 0, 0),
            RuleCode.COMPLAINT_SECOND_REMOTE_COMPLEX: (70, "calendar", 0, 0),
            RuleCode.DENUNCIATION_NOTIFY_ACCEPTANCE: (5, "working", 0, 0),
            RuleCode.DENUNCIATION_RESOLVE: (30, "calendar", 0, 0),
            RuleCode.DENUNCIATION_RESOLVE_COMPLEX: (30, "calendar", 1, 30),
            RuleCode.DENUNCIATION_RESOLVE_VERY_COMPLEX: (30, "calendar", 2, 30),
            RuleCode.PARTY_GRASSROOTS_DENUNCIATION: (90, "working", 1, 30),
        }

    def test_laws_apply_from_their_effective_dates(self) -> None:
        """Luật Khiếu nại 2011 from 1/7/2012, Luật Tố cáo 2018 from 1/1/2019, QĐ 11 from
        18/2/2019: the day before, no rule."""
        book = rule_book()
        for code, first_day in [
            (RuleCode.COMPLAINT_ACCEPT, date(2012, 7, 1)),
            (RuleCode.DENUNCIATION_RESOLVE, date(2019, 1, 1)),
            (RuleCode.NOTIFY_ACCEPTED_OR_REFERRED, date(2019, 2, 18)),
        ]:
            assert book.rule_for(code, first_day).effective_from == first_day
            with pytest.raises(NoRuleInForce):
                book.rule_for(code, date.fromordinal(first_day.toordinal() - 1))
