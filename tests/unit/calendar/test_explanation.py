"""The explanation value: JSON-friendly, and evaluated only against an explicit date."""

from __future__ import annotations

import json
from datetime import date

import orjson
import pytest

from domain.calendar import CalendarError, DeadlineState, Extension, Pause, due_date
from domain.calendar.initial_rules import RuleCode
from tests.unit.calendar.support import rule, vn_calendar

TRIGGER = date(2026, 3, 6)
"""Accepted Fri 6/3/2026; 30 days end Sun 5/4, so the denunciation is due Mon 6/4/2026."""


def explained() -> object:
    """A denunciation with an extension and a pause, explained."""
    return due_date(
        rule(RuleCode.DENUNCIATION_RESOLVE_COMPLEX, TRIGGER),
        TRIGGER,
        vn_calendar(),
        extensions=[Extension(date(2026, 4, 1), "vụ việc phức tạp")],
        pauses=[Pause(date(2026, 3, 10), date(2026, 3, 12), "chờ tài liệu")],
    )


class TestJsonFriendly:
    def test_standard_json_round_trip(self) -> None:
        """to_json_dict() is accepted by json.dumps and keeps dates as ISO strings."""
        explanation = due_date(rule(RuleCode.DENUNCIATION_RESOLVE, TRIGGER), TRIGGER, vn_calendar())
        data = json.loads(json.dumps(explanation.to_json_dict(), ensure_ascii=False))
        assert data["due"] == "2026-04-06"
        assert data["rule"]["legal_source"] == "Luật Tố cáo 2018 (25/2018/QH14), Điều 30"
        assert data["end_moves"][0]["reason"] == "weekend"

    def test_orjson_writes_the_dataclass_as_is(self) -> None:
        """orjson serialises the dataclass directly to the same document as to_json_dict()."""
        explanation = due_date(rule(RuleCode.DENUNCIATION_RESOLVE, TRIGGER), TRIGGER, vn_calendar())
        assert orjson.loads(orjson.dumps(explanation)) == explanation.to_json_dict()


class TestContents:
    def test_start_is_the_day_after_the_trigger(self) -> None:
        """The period starts on Sat 7/3/2026, the day after the acceptance."""
        explanation = due_date(rule(RuleCode.DENUNCIATION_RESOLVE, TRIGGER), TRIGGER, vn_calendar())
        assert explanation.start == date(2026, 3, 7)
        assert explanation.counted[0].day == date(2026, 3, 7)
        assert len(explanation.counted) == 30

    def test_every_day_is_counted_or_skipped_once(self) -> None:
        """From the start to the due date, each day appears exactly once, counted or skipped."""
        explanation = due_date(
            rule(RuleCode.DENUNCIATION_RESOLVE_COMPLEX, TRIGGER),
            TRIGGER,
            vn_calendar(),
            extensions=[Extension(date(2026, 4, 1), "vụ việc phức tạp")],
            pauses=[Pause(date(2026, 3, 10), date(2026, 3, 12), "chờ tài liệu")],
        )
        assert explanation.due is not None
        seen = sorted([c.day for c in explanation.counted] + [s.day for s in explanation.skipped])
        span = (explanation.due - explanation.start).days + 1
        assert seen == [date.fromordinal(explanation.start.toordinal() + i) for i in range(span)]

    def test_records_the_rule_version_used(self) -> None:
        """The explanation names the rule's code, Vietnamese name and effective date."""
        explanation = due_date(rule(RuleCode.DENUNCIATION_RESOLVE, TRIGGER), TRIGGER, vn_calendar())
        assert (explanation.rule.code, explanation.rule.name_vi) == (
            RuleCode.DENUNCIATION_RESOLVE,
            "Giải quyết tố cáo",
        )
        assert explanation.rule.effective_from == date(2019, 1, 1)


class TestEvaluate:
    def setup_method(self) -> None:
        """The deadline due Mon 6/4/2026."""
        self.explanation = due_date(
            rule(RuleCode.DENUNCIATION_RESOLVE, TRIGGER), TRIGGER, vn_calendar()
        )

    def test_completed_on_the_due_date_is_met(self) -> None:
        """Completing on the due day itself meets the deadline."""
        assert self.explanation.evaluate(completed_on=date(2026, 4, 6)).state is DeadlineState.MET

    def test_completed_later_is_missed_with_days_late(self) -> None:
        """Completing on Thu 9/4 misses it by 3 calendar days."""
        result = self.explanation.evaluate(completed_on=date(2026, 4, 9))
        assert (result.state, result.days_late) == (DeadlineState.MISSED, 3)

    def test_open_until_the_due_date(self) -> None:
        """On the due date, an unfinished case is still open."""
        assert self.explanation.evaluate(on=date(2026, 4, 6)).state is DeadlineState.OPEN

    def test_overdue_the_day_after(self) -> None:
        """On Tue 7/4 an unfinished case is overdue by 1 day."""
        result = self.explanation.evaluate(on=date(2026, 4, 7))
        assert (result.state, result.days_late) == (DeadlineState.OVERDUE, 1)

    def test_completion_after_the_evaluation_date_is_not_yet_known(self) -> None:
        """Evaluated on 8/4, a completion on 10/4 is in the future: overdue by 2 days."""
        result = self.explanation.evaluate(on=date(2026, 4, 8), completed_on=date(2026, 4, 10))
        assert (result.state, result.days_late) == (DeadlineState.OVERDUE, 2)

    def test_needs_a_date(self) -> None:
        """Without an evaluation date or a completion date there is nothing to evaluate."""
        with pytest.raises(CalendarError):
            self.explanation.evaluate()
