"""Queries on the directive register and the assignment tracker, live or as of a log position.

"Overdue" and "days late" depend on an evaluation date ``on`` and are computed here, never stored.
The on-time rate is closed-on-time / (closed + overdue on the evaluation date), where "closed" counts
completed assignments and "overdue" open assignments past their deadline on that date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from infra.db import Database
from projections.query import LIKE, Order, Page, fetch_page, like_contains
from projections.tables import as_of
from projections.timetravel import BusinessAsOf, span
from projections.visibility import readable_rows

DIRECTIVE_ORDERS = {
    # One direction per order, so that a live index (register.py) serves each page.
    "issued": Order((("COALESCE(issued_on, '')", False), ("COALESCE(number, 0)", False),
                     ("directive_id", False))),
    "title": Order((("title_sort", True), ("directive_id", True))),
    "drafted": Order((("drafted_us", False), ("directive_id", False))),
}
ASSIGNMENT_ORDERS = {
    "deadline": Order((("deadline", True), ("assignment_id", True))),
    "unit": Order((("lead_unit", True), ("deadline", True), ("assignment_id", True))),
}

_DIRECTIVE_COLUMNS = (
    "directive_id, document_type, type_name, number, number_symbol, issued_on, title, summary, "
    "issuer, signer, signer_title, status, secrecy, drafting_unit, units, assignments, "
    "superseded_by, supersedes, closed_on, imported"
)
_ASSIGNMENT_COLUMNS = (
    "assignment_id, directive_id, number_symbol, directive_title, document_type, secrecy, task, "
    "lead_unit, cooperating_units, monitoring_units, assigned_on, deadline, original_deadline, "
    "status, completed_on, extensions, urgings, reports, last_report_on"
)


def _order_keys(order: Order) -> str:
    return ", ".join(f"{c} AS _k{i}" for i, (c, _) in enumerate(order.columns))


@dataclass(frozen=True)
class DirectiveFilter:
    document_type: str | None = None
    status: str | None = None
    unit: str | None = None
    issuer: str | None = None
    issued_from: date | None = None
    issued_to: date | None = None
    text: str | None = None


def list_directives(
    db: Database, f: DirectiveFilter, *, readable: Iterable[str], sort: str, cursor: str | None,
    limit: int, at_position: int | None, business: BusinessAsOf | None = None,
) -> Page:
    order = DIRECTIVE_ORDERS[sort]
    rows, positions = span(at_position, business, "directive_id")
    params: list[Any] = list(positions)
    where = [rows]
    secret, levels = readable_rows(readable, table="directive_register", key="directive_id",
                                   at_position=at_position)
    where.append(secret)
    params += levels
    for column, value in (("document_type", f.document_type), ("status", f.status),
                          ("issuer", f.issuer)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if f.unit:
        where.append(f"(',' || units || ',' {LIKE} OR drafting_unit = ?)")
        params += [like_contains(f",{f.unit},"), f.unit]
    if f.issued_from:
        where.append("issued_on >= ?")
        params.append(f.issued_from.isoformat())
    if f.issued_to:
        where.append("issued_on <= ?")
        params.append(f.issued_to.isoformat())
    if f.text:
        where.append(f"(LOWER(title) {LIKE} OR LOWER(COALESCE(number_symbol, '')) {LIKE})")
        needle = like_contains(f.text.lower())
        params += [needle, needle]
    select = f"SELECT {_DIRECTIVE_COLUMNS}, {_order_keys(order)} FROM directive_register"
    return fetch_page(db, kind=f"directives:{sort}", select=select, where=where, params=params,
                      order=order, cursor=cursor, limit=limit, at_position=at_position)


@dataclass(frozen=True)
class AssignmentFilter:
    directive_id: str | None = None
    unit: str | None = None
    status: str | None = None
    overdue: bool | None = None
    due_before: date | None = None


def list_assignments(
    db: Database, f: AssignmentFilter, *, on: date, readable: Iterable[str], sort: str,
    cursor: str | None, limit: int, at_position: int | None, business: BusinessAsOf | None = None,
) -> Page:
    order = ASSIGNMENT_ORDERS[sort]
    rows, positions = span(at_position, business, "assignment_id")
    params: list[Any] = list(positions)
    where = [rows]
    secret, levels = readable_rows(readable, table="assignment_tracker", key="assignment_id",
                                   at_position=at_position)
    where.append(secret)
    params += levels
    if f.directive_id:
        where.append("directive_id = ?")
        params.append(f.directive_id)
    if f.unit:
        where.append(f"(lead_unit = ? OR ',' || cooperating_units || ',' {LIKE})")
        params += [f.unit, like_contains(f",{f.unit},")]
    if f.status:
        where.append("status = ?")
        params.append(f.status)
    if f.overdue is True:
        where.append("status = 'open' AND deadline < ?")
        params.append(on.isoformat())
    elif f.overdue is False:
        where.append("NOT (status = 'open' AND deadline < ?)")
        params.append(on.isoformat())
    if f.due_before:
        where.append("deadline <= ?")
        params.append(f.due_before.isoformat())
    select = f"SELECT {_ASSIGNMENT_COLUMNS}, {_order_keys(order)} FROM assignment_tracker"
    page = fetch_page(db, kind=f"assignments:{sort}", select=select, where=where, params=params,
                      order=order, cursor=cursor, limit=limit, at_position=at_position)
    for item in page.items:
        item.update(lateness(item, on))
    return page


def lateness(row: dict[str, Any], on: date) -> dict[str, Any]:
    """Overdue / completed late / days late of an assignment row, evaluated on ``on``."""
    deadline = date.fromisoformat(row["deadline"])
    if row["status"] == "open":
        overdue = deadline < on
        return {"overdue": overdue, "days_late": (on - deadline).days if overdue else 0,
                "on_time": None}
    if row["status"] == "completed" and row.get("completed_on"):
        done = date.fromisoformat(row["completed_on"])
        return {"overdue": False, "days_late": max((done - deadline).days, 0),
                "on_time": done <= deadline}
    return {"overdue": False, "days_late": 0, "on_time": None}


GROUPS = {"type": "document_type", "status": "status", "unit": "lead_unit", "month": "month"}


def assignment_statistics(
    db: Database, *, on: date, group_by: str, readable: Iterable[str], at_position: int | None,
) -> list[dict[str, Any]]:
    """Counts per group, with the on-time rate as defined at the top of this module.

    ``month`` groups by the month of the deadline; ``status`` by the assignment's state on ``on``
    (open, overdue, completed on time, completed late, cancelled).
    """
    span, params = as_of(at_position)
    secret, levels = readable_rows(readable, table="assignment_tracker", key="assignment_id",
                                   at_position=at_position)
    with db.read() as cur:
        cur.execute(
            "SELECT document_type, lead_unit, deadline, status, completed_on FROM "
            f"assignment_tracker WHERE {span} AND {secret}", [*params, *levels],
        )
        rows = cur.fetchall()
    groups: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for document_type, unit, deadline, status, completed_on in rows:
        state = _state(status, deadline, completed_on, on)
        key = {
            "type": document_type or "",
            "unit": unit,
            "month": deadline[:7],
            "status": state,
        }[group_by]
        bucket = groups[key]
        bucket["total"] += 1
        bucket[state] += 1
    out = []
    for key in sorted(groups):
        b = groups[key]
        closed = b["completed_on_time"] + b["completed_late"]
        denominator = closed + b["overdue"]
        out.append({
            "group": key, "total": b["total"], "open": b["open"] + b["overdue"],
            "overdue": b["overdue"], "completed": closed, "completed_on_time": b["completed_on_time"],
            "completed_late": b["completed_late"], "cancelled": b["cancelled"],
            "on_time_rate": round(b["completed_on_time"] / denominator, 4) if denominator else None,
        })
    return out


def _state(status: str, deadline: str, completed_on: str | None, on: date) -> str:
    if status == "open":
        return "overdue" if deadline < on.isoformat() else "open"
    if status == "completed":
        return "completed_on_time" if (completed_on or "") <= deadline else "completed_late"
    return "cancelled"


def directive_statistics(
    db: Database, *, group_by: str, readable: Iterable[str], at_position: int | None,
) -> list[dict[str, Any]]:
    """Directive counts by type, status, unit (drafting) or month of issue."""
    column = {"type": "document_type", "status": "status", "unit": "drafting_unit",
              "month": "SUBSTR(COALESCE(issued_on, ''), 1, 7)"}[group_by]
    span, params = as_of(at_position)
    secret, levels = readable_rows(readable, table="directive_register", key="directive_id",
                                   at_position=at_position)
    with db.read() as cur:
        cur.execute(
            f"SELECT {column} AS g, status, COUNT(*) FROM directive_register WHERE {span} AND "
            f"{secret} GROUP BY {column}, status", [*params, *levels],
        )
        rows = cur.fetchall()
    groups: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, status, count in rows:
        groups[key or ""]["total"] += int(count)
        groups[key or ""][status] += int(count)
    return [{"group": k, **dict(v)} for k, v in sorted(groups.items())]
