"""Which deadlines a petition has, which rule each follows, and how they are computed.

Each deadline has a key, a rule code chosen from the petition's class and handling, a trigger (the
rule's start event: receipt or acceptance) and the date it was met on (if it was). Only the
resolution period takes extensions and pauses. Calendar errors are translated into the petition's
errors here, at the boundary between the two modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.calendar import (
    CalendarError,
    DeadlineAlreadyPassed,
    DeadlineExplanation,
    DeadlineRule,
    ExtensionLimitReached,
    ExtensionTooLong,
    InvalidClockEvent,
    NoRuleInForce,
    RuleBook,
    StartEvent,
    WorkingCalendar,
    compute_due,
    due_date,
)
from domain.calendar.initial_rules import RuleCode
from domain.errors import DomainError
from domain.petitions.errors import (
    ClockEventOutOfOrder,
    ExtensionAfterDeadline,
    ExtensionsExhausted,
    ExtensionTooLongForRule,
    NoDeadlineRuleInForce,
)
from domain.petitions.model import (
    Complexity,
    Due,
    Instance,
    Petition,
    PetitionClass,
    PetitionStatus,
)

KEY_LABELS = {
    "notify": "Thông báo việc thụ lý hoặc chuyển đơn cho người gửi",
    "accept": "Thụ lý giải quyết khiếu nại",
    "notify_acceptance": "Thông báo cho người tố cáo về việc thụ lý",
    "resolve": "Giải quyết vụ việc",
}
CLOCK_KEY = "resolve"


@dataclass(frozen=True)
class Spec:
    key: str
    code: str
    done_on: date | None


def _first_on_or_after(days: tuple[date, ...], start: date) -> date | None:
    return min((d for d in days if d >= start), default=None)


def resolve_code(p: Petition) -> str | None:
    """The resolution rule of an accepted case, from its class, complexity and place."""
    if p.petition_class is PetitionClass.DENUNCIATION:
        if p.about_party_member:
            return RuleCode.PARTY_GRASSROOTS_DENUNCIATION
        return {
            Complexity.NORMAL: RuleCode.DENUNCIATION_RESOLVE,
            Complexity.COMPLEX: RuleCode.DENUNCIATION_RESOLVE_COMPLEX,
            Complexity.VERY_COMPLEX: RuleCode.DENUNCIATION_RESOLVE_VERY_COMPLEX,
        }[p.complexity]
    if p.petition_class in (PetitionClass.COMPLAINT, PetitionClass.SEVERAL):
        complex_case = p.complexity is not Complexity.NORMAL
        first = p.instance is Instance.FIRST
        table = {
            (True, False, False): RuleCode.COMPLAINT_FIRST,
            (True, True, False): RuleCode.COMPLAINT_FIRST_COMPLEX,
            (True, False, True): RuleCode.COMPLAINT_FIRST_REMOTE,
            (True, True, True): RuleCode.COMPLAINT_FIRST_REMOTE_COMPLEX,
            (False, False, False): RuleCode.COMPLAINT_SECOND,
            (False, True, False): RuleCode.COMPLAINT_SECOND_COMPLEX,
            (False, False, True): RuleCode.COMPLAINT_SECOND_REMOTE,
            (False, True, True): RuleCode.COMPLAINT_SECOND_REMOTE_COMPLEX,
        }
        return table[(first, complex_case, p.remote)]
    return None  # recommendations and feedback: no statutory resolution period


def specs(p: Petition) -> list[Spec]:
    """The petition's deadlines in its current state."""
    out: list[Spec] = []
    if p.identity is not None:  # an anonymous writer cannot be told anything
        out.append(Spec("notify", RuleCode.NOTIFY_ACCEPTED_OR_REFERRED,
                        min(p.notifications, default=None)))
    classified = p.status not in (PetitionStatus.RECEIVED, PetitionStatus.REGISTERED)
    if classified and p.petition_class in (PetitionClass.COMPLAINT, PetitionClass.SEVERAL):
        out.append(Spec("accept", RuleCode.COMPLAINT_ACCEPT, p.decided_on))
    if p.accepted_on is not None:
        code = resolve_code(p)
        if code is not None:
            out.append(Spec(CLOCK_KEY, code, p.concluded_on or p.withdrawn_on))
        if (p.petition_class is PetitionClass.DENUNCIATION and not p.about_party_member
                and p.identity is not None):
            out.append(Spec("notify_acceptance", RuleCode.DENUNCIATION_NOTIFY_ACCEPTANCE,
                            _first_on_or_after(p.notifications, p.accepted_on)))
    return out


def rule_and_trigger(p: Petition, spec: Spec, book: RuleBook) -> tuple[DeadlineRule, date]:
    """The rule version in force for the case and the date its period starts after."""
    candidate = p.accepted_on if spec.key in (CLOCK_KEY, "notify_acceptance") else None
    rule = book.rule_for(spec.code, candidate or p.received_on)
    if rule.start_event is StartEvent.RECEIVED:
        if candidate is not None:
            rule = book.rule_for(spec.code, p.received_on)
        return rule, p.received_on
    return rule, p.accepted_on or p.received_on


def translated(exc: CalendarError) -> DomainError:
    """The petition's error for a calendar refusal (messages hold codes and dates only)."""
    if isinstance(exc, ExtensionLimitReached):
        return ExtensionsExhausted(
            f"quy tắc {exc.code} chỉ cho gia hạn tối đa {exc.max_extensions} lần "
            f"(rule allows at most {exc.max_extensions} extension(s))",
            rule=exc.code, max_extensions=exc.max_extensions)
    if isinstance(exc, ExtensionTooLong):
        return ExtensionTooLongForRule(
            f"length: gia hạn không quá {exc.allowed} ngày (at most {exc.allowed} days)",
            field="length", rule=exc.code, allowed=exc.allowed)
    if isinstance(exc, DeadlineAlreadyPassed):
        return ExtensionAfterDeadline(
            f"granted_on: đã quá hạn {exc.due.isoformat()}, không thể gia hạn "
            "(an expired period is not extended)", field="granted_on", due=exc.due.isoformat())
    if isinstance(exc, NoRuleInForce):
        return NoDeadlineRuleInForce(
            f"không có quy tắc {exc.code} áp dụng cho ngày {exc.trigger.isoformat()} "
            "(no rule in force)", rule=exc.code)
    if isinstance(exc, InvalidClockEvent):
        return ClockEventOutOfOrder(f"ngày không hợp lệ (clock event out of order): {exc}")
    return ClockEventOutOfOrder(str(exc))


def compute_dues(p: Petition, calendar: WorkingCalendar, book: RuleBook) -> tuple[Due, ...]:
    """Every deadline's due date with today's data (a deadline with no rule in force is left out)."""
    out: list[Due] = []
    for spec in specs(p):
        try:
            rule, trigger = rule_and_trigger(p, spec, book)
            clock = spec.key == CLOCK_KEY
            due = compute_due(rule, trigger, calendar, p.extensions if clock else (),
                              p.pauses if clock else ())
        except NoRuleInForce:
            continue
        out.append(Due(spec.key, rule.code, trigger, due, spec.done_on))
    return tuple(out)


def check_clock(p: Petition, calendar: WorkingCalendar, book: RuleBook) -> date | None:
    """The resolution due date of ``p`` (its clock events included), or the petition's error."""
    spec = next(s for s in specs(p) if s.key == CLOCK_KEY)
    try:
        rule, trigger = rule_and_trigger(p, spec, book)
        return compute_due(rule, trigger, calendar, p.extensions, p.pauses)
    except CalendarError as exc:
        raise translated(exc) from exc


@dataclass(frozen=True)
class DeadlineReport:
    """One deadline explained: the rule, every day counted or skipped, and its state on a date."""

    key: str
    label: str
    explanation: DeadlineExplanation | None
    done_on: date | None
    problem: str | None

    def to_json_dict(self, on: date) -> dict[str, Any]:
        body: dict[str, Any] = {"key": self.key, "label": self.label,
                                "done_on": self.done_on.isoformat() if self.done_on else None}
        if self.explanation is None:
            body["problem"] = self.problem
            return body
        body.update(self.explanation.to_json_dict())
        evaluation = self.explanation.evaluate(on=on, completed_on=self.done_on)
        body["evaluation"] = {
            "on": on.isoformat(), "state": evaluation.state.value,
            "days_late": evaluation.days_late,
            "due": evaluation.due.isoformat() if evaluation.due else None,
        }
        return body


def explain(p: Petition, calendar: WorkingCalendar, book: RuleBook) -> list[DeadlineReport]:
    """Each deadline of ``p`` with its full explanation (``domain.calendar.due_date``)."""
    out: list[DeadlineReport] = []
    for spec in specs(p):
        label = KEY_LABELS[spec.key]
        try:
            rule, trigger = rule_and_trigger(p, spec, book)
            clock = spec.key == CLOCK_KEY
            explanation = due_date(rule, trigger, calendar, p.extensions if clock else (),
                                   p.pauses if clock else ())
        except CalendarError as exc:
            out.append(DeadlineReport(spec.key, label, None, spec.done_on,
                                      translated(exc).message))
            continue
        out.append(DeadlineReport(spec.key, label, explanation, spec.done_on, None))
    return out
