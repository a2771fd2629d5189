"""The directive register and the assignment tracker.

Deadlines and states are stored; "overdue" and "days late" are computed at query time for an explicit
evaluation date (design invariant 10).
"""

from __future__ import annotations

from typing import Any, ClassVar

from domain.directives.model import (
    Assignment,
    AssignmentStatus,
    Directive,
    DirectiveStatus,
    assignment_status_after,
    directive_status_after,
)
from domain.reference.model import DocumentTypes, Units
from projections.collation import sort_key
from projections.runner import Batch, LoggedEvent, Projection
from projections.tables import Table

DIRECTIVES = Table(
    "directive_register",
    key=("directive_id",),
    columns=(
        ("directive_id", "text"), ("document_type", "text"), ("type_name", "text"),
        ("number", "int"), ("number_symbol", "text"), ("issued_on", "text"), ("title", "text"),
        ("title_sort", "text"), ("summary", "text"), ("issuer", "text"), ("signer", "text"),
        ("signer_title", "text"), ("status", "text"), ("secrecy", "text"),
        ("drafting_unit", "text"), ("units", "text"), ("assignments", "int"),
        ("superseded_by", "text"), ("supersedes", "text"), ("drafted_us", "int"),
        ("closed_on", "text"), ("imported", "bool"),
    ),
    indexes=(("issued_on",), ("title_sort",), ("status",), ("document_type",)),
    live_indexes=(("COALESCE(issued_on, '')", "COALESCE(number, 0)", "directive_id"),
                  ("title_sort", "directive_id"), ("drafted_us", "directive_id")),
)
ASSIGNMENTS = Table(
    "assignment_tracker",
    key=("assignment_id",),
    columns=(
        ("assignment_id", "text"), ("directive_id", "text"), ("number_symbol", "text"),
        ("directive_title", "text"), ("document_type", "text"), ("secrecy", "text"),
        ("task", "text"), ("lead_unit", "text"), ("cooperating_units", "text"),
        ("monitoring_units", "text"), ("assigned_on", "text"), ("deadline", "text"),
        ("original_deadline", "text"), ("status", "text"), ("completed_on", "text"),
        ("extensions", "int"), ("urgings", "int"), ("reports", "int"), ("last_report_on", "text"),
    ),
    indexes=(("deadline",), ("lead_unit",), ("directive_id",), ("status",)),
    live_indexes=(("deadline", "assignment_id"), ("lead_unit", "deadline", "assignment_id")),
)
TYPE_NAMES = Table(
    "document_type_names",
    key=("code",),
    columns=(("code", "text"), ("name", "text"), ("directive", "bool")),
)
UNIT_NAMES = Table(
    "unit_names",
    key=("code",),
    columns=(("code", "text"), ("name", "text"), ("active", "bool")),
)


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


class DirectiveRegister(Projection):
    name = "directives"
    tables: ClassVar = (DIRECTIVES, ASSIGNMENTS, TYPE_NAMES, UNIT_NAMES)
    event_types = (
        Directive.Drafted, Directive.Revised, Directive.Appraised, Directive.Issued,
        Directive.Imported, Directive.Disseminated, Directive.TaskAssigned, Directive.Inspected,
        Directive.PreliminaryReviewed, Directive.FinalReviewed, Directive.Closed,
        Directive.Amended, Directive.Superseded, Directive.SupersededAnother, Directive.Revoked,
        Assignment.Assigned, Assignment.Reported, Assignment.Urged, Assignment.DeadlineExtended,
        Assignment.Completed, Assignment.Cancelled, DocumentTypes.Defined, Units.Defined,
    )

    def apply(self, batch: Batch, e: LoggedEvent) -> None:
        ev = e.event
        if isinstance(ev, DocumentTypes.Defined):
            t = ev.document_type
            batch.table(TYPE_NAMES).put((t.code,), {"name": t.name, "directive": int(t.directive)},
                                        e.position)
        elif isinstance(ev, Units.Defined):
            u = ev.unit
            batch.table(UNIT_NAMES).put((u.code,), {"name": u.name, "active": int(u.active)},
                                        e.position)
        elif isinstance(ev, (Assignment.Assigned, Assignment.Reported, Assignment.Urged,
                             Assignment.DeadlineExtended, Assignment.Completed,
                             Assignment.Cancelled)):
            self._assignment(batch, e)
        else:
            self._directive(batch, e)

    def _directive(self, batch: Batch, e: LoggedEvent) -> None:
        ev = e.event
        table = batch.table(DIRECTIVES)
        key = (str(e.record_id),)
        if isinstance(ev, (Directive.Drafted, Directive.Imported)):
            type_row = batch.table(TYPE_NAMES).get((ev.document_type,))
            row: dict[str, Any] = {
                "document_type": ev.document_type,
                "type_name": type_row["name"] if type_row else ev.document_type,
                "title": ev.title, "title_sort": sort_key(ev.title), "summary": ev.summary,
                "issuer": ev.issuer, "status": directive_status_after(None, ev).value,
                "secrecy": ev.secrecy.value, "drafting_unit": ev.drafting_unit, "units": "",
                "assignments": 0, "supersedes": "", "drafted_us": e.recorded_us, "imported": 0,
            }
            if isinstance(ev, Directive.Imported):
                row.update(self._issued_columns(ev), imported=1)
            table.put(key, row, e.position)
            return
        row_or_none = table.get(key)
        if row_or_none is None:
            return
        row = row_or_none
        # The status comes from the domain's one status machine, as in the directive's fold.
        status = directive_status_after(DirectiveStatus(row["status"]), ev).value
        if isinstance(ev, (Directive.Inspected, Directive.Amended)) and status == row["status"]:
            return  # in the timeline, not in the register's columns
        row["status"] = status
        if isinstance(ev, Directive.Revised):
            row.update(title=ev.title, title_sort=sort_key(ev.title), summary=ev.summary,
                       secrecy=ev.secrecy.value)
        elif isinstance(ev, Directive.Issued):
            row.update(self._issued_columns(ev))
        elif isinstance(ev, Directive.TaskAssigned):
            units = set(filter(None, (row["units"] or "").split(","))) | {ev.lead_unit}
            row.update(units=",".join(sorted(units)), assignments=row["assignments"] + 1)
        elif isinstance(ev, Directive.Closed):
            row["closed_on"] = _date(ev.closed_on)
        elif isinstance(ev, Directive.Superseded):
            row["superseded_by"] = str(ev.successor_id)
        elif isinstance(ev, Directive.SupersededAnother):
            earlier = set(filter(None, (row["supersedes"] or "").split(",")))
            row["supersedes"] = ",".join(sorted(earlier | {str(ev.predecessor_id)}))
        table.put(key, row, e.position)

    @staticmethod
    def _issued_columns(ev: Directive.Issued | Directive.Imported) -> dict[str, Any]:
        return {
            "number": ev.number, "number_symbol": ev.number_symbol,
            "issued_on": ev.issued_on.isoformat(), "signer": ev.signer,
            "signer_title": ev.signer_title,
        }

    def _assignment(self, batch: Batch, e: LoggedEvent) -> None:
        ev = e.event
        table = batch.table(ASSIGNMENTS)
        key = (str(e.record_id),)
        if isinstance(ev, Assignment.Assigned):
            directive = batch.table(DIRECTIVES).get((str(ev.directive_id),)) or {}
            table.put(key, {
                "directive_id": str(ev.directive_id), "number_symbol": ev.directive_number_symbol,
                "directive_title": directive.get("title"),
                "document_type": directive.get("document_type"),
                "secrecy": directive.get("secrecy", "none"), "task": ev.task,
                "lead_unit": ev.lead_unit, "cooperating_units": ",".join(ev.cooperating_units),
                "monitoring_units": ",".join(ev.monitoring_units),
                "assigned_on": ev.assigned_on.isoformat(), "deadline": ev.deadline.isoformat(),
                "original_deadline": ev.deadline.isoformat(),
                "status": assignment_status_after(None, ev).value, "extensions": 0, "urgings": 0,
                "reports": 0,
            }, e.position)
            return
        row = table.get(key)
        if row is None:
            return
        row["status"] = assignment_status_after(AssignmentStatus(row["status"]), ev).value
        if isinstance(ev, Assignment.Reported):
            row.update(reports=row["reports"] + 1, last_report_on=ev.reported_on.isoformat())
        elif isinstance(ev, Assignment.Urged):
            row["urgings"] = row["urgings"] + 1
        elif isinstance(ev, Assignment.DeadlineExtended):
            row.update(deadline=ev.new_deadline.isoformat(), extensions=row["extensions"] + 1)
        elif isinstance(ev, Assignment.Completed):
            row["completed_on"] = ev.completed_on.isoformat()
        table.put(key, row, e.position)
