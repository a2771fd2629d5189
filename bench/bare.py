"""The comparison point: a bare ``eventsourcing`` application with the same payload as ours.

Aggregates written as the library's documentation writes them (``@event`` methods, mutable state,
the library's recorder and its JSON transcoder), carrying the same fields as our directive, series
and assignment events, but none of our metadata (actor, business time, reason), rules, validation,
reference look-ups, office-log positions or hashes.
"""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, event


class BareDirective(Aggregate):
    @event("Drafted")
    def __init__(self, document_type: str, title: str, summary: str, issuer: str,
                 drafting_unit: str, secrecy: str) -> None:
        self.document_type = document_type
        self.title = title
        self.summary = summary
        self.issuer = issuer
        self.drafting_unit = drafting_unit
        self.secrecy = secrecy
        self.status = "draft"
        self.number_symbol = ""
        self.assignments: list[UUID] = []

    @event("Appraised")
    def appraise(self, passed: bool, comments: str | None) -> None:
        self.status = "appraised" if passed else "returned"

    @event("Issued")
    def issue(self, system: str, number: int, number_symbol: str, series_id: UUID,
              issued_on: str, signer: str, signer_title: str) -> None:
        self.status = "issued"
        self.number_symbol = number_symbol

    @event("TaskAssigned")
    def assign(self, assignment_id: UUID, lead_unit: str, deadline: str) -> None:
        self.assignments.append(assignment_id)
        self.status = "implementing"


class BareSeries(Aggregate):
    @staticmethod
    def create_id(issuer: str, symbol: str, period: str, system: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"{issuer}|{symbol}|{period}")

    @event("Opened")
    def __init__(self, issuer: str, symbol: str, period: str, system: str) -> None:
        self.taken: set[int] = set()

    @event("NumberAllocated")
    def allocate(self, number: int, document_id: UUID, number_symbol: str) -> None:
        self.taken.add(number)


class BareAssignment(Aggregate):
    @event("Assigned")
    def __init__(self, directive_id: UUID, directive_number_symbol: str, task: str,
                 lead_unit: str, cooperating_units: list[str], monitoring_units: list[str],
                 assigned_on: str, deadline: str) -> None:
        self.status = "open"


class BareOffice(Application[UUID]):
    """Draft, appraise, issue (advancing a series) and assign: load, trigger, save."""

    def draft(self, **payload: Any) -> UUID:
        d = BareDirective(**payload)
        self.save(d)
        return d.id

    def appraise(self, directive_id: UUID) -> None:
        d: BareDirective = self.repository.get(directive_id)
        d.appraise(passed=True, comments=None)
        self.save(d)

    def issue(self, directive_id: UUID, series: tuple[str, str, str, str], issued_on: str,
              signer: str, signer_title: str) -> None:
        d: BareDirective = self.repository.get(directive_id)
        sid = BareSeries.create_id(*series)
        try:
            s: BareSeries = self.repository.get(sid)
        except AggregateNotFoundError:
            s = BareSeries(*series)
        number = max(s.taken, default=0) + 1
        text = f"{number:02d}-{series[1]}/{series[0]}"
        s.allocate(number=number, document_id=d.id, number_symbol=text)
        d.issue(system=series[3], number=number, number_symbol=text, series_id=sid,
                issued_on=issued_on, signer=signer, signer_title=signer_title)
        self.save(s, d)

    def assign(self, directive_id: UUID, **payload: Any) -> UUID:
        d: BareDirective = self.repository.get(directive_id)
        a = BareAssignment(directive_id=d.id, directive_number_symbol=d.number_symbol, **payload)
        d.assign(assignment_id=a.id, lead_unit=payload["lead_unit"], deadline=payload["deadline"])
        self.save(d, a)
        return a.id
