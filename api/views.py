"""JSON views of records (current state folded from events), with Vietnamese labels."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from domain.directives.model import Assignment, Directive
from projections.directives.queries import lateness


def _plain(record: Any) -> dict[str, Any]:
    return asdict(record)


def directive_view(d: Directive) -> dict[str, Any]:
    body = _plain(d)
    body["status_label"] = d.status.label
    body["secrecy_label"] = d.secrecy.label
    return body


def assignment_view(a: Assignment, on: date) -> dict[str, Any]:
    body = _plain(a)
    body["status_label"] = a.status.label
    body["evaluated_on"] = on
    body.update(lateness({"deadline": a.deadline.isoformat(), "status": a.status.value,
                          "completed_on": a.completed_on.isoformat() if a.completed_on else None},
                         on))
    return body
