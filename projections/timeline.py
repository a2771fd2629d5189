"""Every event of every record, with who, when, why and a readable summary; and an index of records.

``record_events`` is append-only (a record's history as of position N is its rows up to N); each
row lists the other records its event names (``names``, see :mod:`domain.references`).
``records`` knows each record's kind, label, own secrecy and the record it belongs to
(``parent_id``: an assignment's directive, an access log's petition), temporal like every register;
:mod:`projections.visibility` reads both to decide who may see what.

Each event also gets a **business date** (``business_on``), the business-time axis of time travel:
the date of its ``business_time`` when the command gave one (a petition received on paper before it
was entered), else the date of the act the event records (its first ``*_on`` date field: received,
issued, assigned, completed on…), else none (the act happened when it was recorded).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any, ClassVar

from domain.actors import Secrecy
from domain.references import labels_own_record, named_records, parent_of
from projections.runner import Batch, LoggedEvent, Projection
from projections.summaries import record_kind, summarize
from projections.tables import Table

RECORD_EVENTS = Table(
    "record_events",
    key=("position",),
    columns=(
        ("position", "int"), ("record_id", "text"), ("version", "int"), ("kind", "text"),
        ("event_type", "text"), ("recorded_us", "int"), ("business_time", "text"),
        ("actor_id", "text"), ("actor_role", "text"), ("actor_unit", "text"), ("reason", "text"),
        ("summary", "text"), ("business_on", "text"), ("actor_name", "text"), ("names", "text"),
    ),
    indexes=(("record_id", "version"), ("actor_id", "position"), ("event_type", "position")),
    temporal=False,
)
RECORDS = Table(
    "records",
    key=("record_id",),
    columns=(("record_id", "text"), ("kind", "text"), ("label", "text"), ("secrecy", "text"),
             ("parent_id", "text")),
)


#: ``*_on`` fields that are not the date of the act an event records.
_NOT_ACT_DATES = frozenset({"entered_on", "postmark_on", "due_on", "document_date"})


_ACT_DATE_FIELDS: dict[type, str | None] = {}


def _act_date_field(event_type: type) -> str | None:
    """The first ``*_on`` date field of an event class: the date of the act it records."""
    if event_type not in _ACT_DATE_FIELDS:
        names = [f.name for f in dataclasses.fields(event_type)] if dataclasses.is_dataclass(
            event_type) else []
        _ACT_DATE_FIELDS[event_type] = next(
            (n for n in names if n.endswith("_on") and n not in _NOT_ACT_DATES), None)
    return _ACT_DATE_FIELDS[event_type]


def business_date(event: Any) -> date | None:
    """The business date of an event: its ``business_time``'s date, else its act's date."""
    business = getattr(event, "business_time", None)
    if isinstance(business, datetime):
        return business.date()
    name = _act_date_field(type(event))
    value = getattr(event, name, None) if name else None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _secrecy_of(event: Any) -> Secrecy | None:
    value = getattr(event, "secrecy", None)
    return value if isinstance(value, Secrecy) else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


class TimelineProjection(Projection):
    name = "timeline"
    schema_version = 3
    tables: ClassVar = (RECORD_EVENTS, RECORDS)

    def apply(self, batch: Batch, e: LoggedEvent) -> None:
        ev = e.event
        actor = getattr(ev, "actor", None)
        business = getattr(ev, "business_time", None)
        kind = record_kind(ev)
        batch.table(RECORD_EVENTS).append({
            "position": e.position, "record_id": str(e.record_id), "version": e.version,
            "kind": kind, "event_type": type(ev).__qualname__, "recorded_us": e.recorded_us,
            "business_time": business.isoformat() if business else None,
            "actor_id": str(actor.user_id) if actor else None,
            "actor_role": actor.role.value if actor else None,
            "actor_unit": actor.unit if actor else None,
            "reason": getattr(ev, "reason", None), "summary": summarize(ev),
            "business_on": _iso(business_date(ev)),
            "actor_name": actor.username if actor else None,
            "names": ",".join(str(n) for n in named_records(ev)) or None,
        })
        records = batch.table(RECORDS)
        key = (str(e.record_id),)
        current = records.get(key)
        secrecy = _secrecy_of(ev)
        parent = parent_of(ev)
        label = (getattr(ev, "number_symbol", None) or getattr(ev, "title", None)
                 if labels_own_record(ev) else None)
        if current is None:
            inherited = Secrecy.NONE.value
            if parent is not None:
                parent_row = records.get((str(parent),))
                inherited = parent_row["secrecy"] if parent_row else inherited
            records.put(key, {
                "kind": kind, "label": label,
                "secrecy": secrecy.value if secrecy else inherited,
                "parent_id": str(parent) if parent else None,
            }, e.position)
        elif (secrecy is not None and secrecy.value != current["secrecy"]) or (
            label and label != current["label"]
        ) or (parent is not None and current["parent_id"] is None):
            records.update(key, e.position, secrecy=(secrecy or Secrecy(current["secrecy"])).value,
                           label=label or current["label"],
                           parent_id=current["parent_id"] or (str(parent) if parent else None))
