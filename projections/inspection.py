"""Inspection reports: what the inspection commission and auditors look at first.

Every report reads the read models as they stood at a log position (None: live) and evaluates
deadlines on an explicit date ``on`` (design invariant 10). Periods (``start``, ``end``) are days of
recorded time in the office time zone. Personal data never appears: petitioners are pseudonyms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from infra.db import Database
from projections.tables import as_of
from projections.visibility import SecrecyIndex, readable_rows, split_names

#: Event types that change what was recorded before (a burst of them deserves a look).
CORRECTIONS = ("Directive.Revised", "Directive.Amended", "OutgoingDocument.CorrectedBy",
               "OutgoingDocument.ReplacedBy", "OutgoingDocument.Recalled", "Petition.Reopened",
               "CalendarOverrides.OverrideRecorded", "DeadlineRules.RuleRecorded")
#: Event types that move a deadline or stop its clock.
CLOCK_CHANGES = ("Petition.Extended", "Petition.Suspended", "Petition.Resumed",
                 "Petition.Reopened", "Assignment.DeadlineExtended")


@dataclass(frozen=True)
class Window:
    """What a report is about: position (None: live), evaluation date, recorded-time period,
    the reader's secrecy levels and the office time zone."""

    at: int | None
    on: date
    zone: tzinfo
    readable: tuple[str, ...]
    start: date | None = None
    end: date | None = None

    def recorded_range(self) -> tuple[int, int]:
        """The period in microseconds of recorded time: [start 00:00, end+1 00:00)."""
        def us(day: date) -> int:
            return int(datetime.combine(day, time(0), self.zone).timestamp() * 1_000_000)
        low = us(self.start) if self.start else 0
        high = us(self.end + timedelta(days=1)) if self.end else 2**62
        return low, high

    def recorded_day(self, us: int) -> date:
        return datetime.fromtimestamp(us / 1e6, UTC).astimezone(self.zone).date()


def _select(db: Database, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    with db.read() as cur:
        cur.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _levels(w: Window, alias: str, key: str) -> tuple[str, list[Any]]:
    return readable_rows(w.readable, table=alias, key=key, at_position=w.at)


def _shown(db: Database, w: Window, rows: list[dict[str, Any]], record: str = "record_id"
           ) -> list[dict[str, Any]]:
    """The event rows the reader may see: their record and every record they name visible at
    the event's position, at the report's position and now (``names`` is dropped)."""
    names = {r["position"]: split_names(r.pop("names")) for r in rows}
    ids = {str(r[record]) for r in rows} | {n for found in names.values() for n in found}
    index = SecrecyIndex.load(db, ids, w.readable)
    return [r for r in rows
            if all(index.event_visible(str(r[record]), names[r["position"]], at, w.readable)
                   for at in {r["position"], w.at or r["position"]})]


def _events(db: Database, w: Window, where: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    """Rows of ``record_events`` (with the record's label; events the reader may see only) in
    the window's period, up to its position; ``username`` is the actor's as it was then."""
    low, high = w.recorded_range()
    recs, rec_params = as_of(w.at, "r")
    sql = ("SELECT e.position, e.record_id, e.version, e.kind, e.event_type, e.recorded_us, "
           "e.business_time, e.business_on, e.actor_id, e.actor_name AS username, e.actor_role, "
           "e.actor_unit, e.reason, e.summary, e.names, r.label FROM record_events e "
           f"JOIN records r ON r.record_id = e.record_id AND {recs} "
           f"WHERE e.recorded_us >= ? AND e.recorded_us < ? AND {where}")
    args: list[Any] = [*rec_params, low, high, *params]
    if w.at is not None:
        sql += " AND e.position <= ?"
        args.append(w.at)
    rows = _shown(db, w, _select(db, sql + " ORDER BY e.position", args))
    for row in rows:
        row["recorded_at"] = datetime.fromtimestamp(row["recorded_us"] / 1e6, UTC).isoformat()
    return rows


def overdue_assignments(db: Database, w: Window) -> list[dict[str, Any]]:
    """Per lead unit: its open assignments past their deadline on ``on``, oldest first."""
    span, params = as_of(w.at, "t")
    secret, levels = _levels(w, "t", "assignment_id")
    names, name_params = as_of(w.at, "n")
    rows = _select(db, (
        "SELECT t.assignment_id, t.directive_id, t.number_symbol, t.directive_title, t.task, "
        "t.lead_unit, n.name AS unit_name, t.assigned_on, t.original_deadline, t.deadline, "
        "t.extensions, t.urgings, t.reports, t.last_report_on FROM assignment_tracker t "
        f"LEFT JOIN unit_names n ON n.code = t.lead_unit AND {names} "
        f"WHERE {span} AND {secret} AND t.status = 'open' AND t.deadline < ? "
        "ORDER BY t.lead_unit, t.deadline, t.assignment_id"),
        [*name_params, *params, *levels, w.on.isoformat()])
    units: dict[str, dict[str, Any]] = {}
    for row in rows:
        row["days_late"] = (w.on - date.fromisoformat(row["deadline"])).days
        unit = units.setdefault(row["lead_unit"], {
            "unit": row["lead_unit"], "unit_name": row.pop("unit_name"), "overdue": 0,
            "items": []})
        row.pop("unit_name", None)
        unit["overdue"] += 1
        unit["items"].append(row)
    return sorted(units.values(), key=lambda u: (-u["overdue"], u["unit"]))


def overdue_petitions(db: Database, w: Window) -> list[dict[str, Any]]:
    """Petition deadlines past due on ``on``: still open (overdue) or met late (missed)."""
    span_d, params_d = as_of(w.at, "d")
    span_r, params_r = as_of(w.at, "r")
    secret, levels = _levels(w, "r", "petition_id")
    day = w.on.isoformat()
    rows = _select(db, (
        "SELECT d.petition_id, r.book_no, r.petitioner, r.summary, r.petition_class, r.status, "
        "r.handling_unit, r.handlers, r.queue, r.extensions, d.deadline_key, d.rule_code, "
        "d.trigger_on, d.due, d.done_on FROM petition_deadlines d JOIN petition_register r ON "
        f"r.petition_id = d.petition_id AND {span_r} WHERE {span_d} AND {secret} AND "
        "d.due IS NOT NULL AND d.due < ? AND ((d.done_on IS NULL OR d.done_on > ?) OR "
        "d.done_on > d.due) ORDER BY d.due, d.petition_id, d.deadline_key"),
        [*params_r, *params_d, *levels, day, day])
    for row in rows:
        due = date.fromisoformat(row["due"])
        done = date.fromisoformat(row["done_on"]) if row["done_on"] else None
        if done is not None and done <= w.on:
            row["state"], row["days_late"] = "missed", (done - due).days
        else:
            row["state"], row["days_late"] = "overdue", (w.on - due).days
    return rows


def clock_changes(db: Database, w: Window) -> list[dict[str, Any]]:
    """Every extension, suspension, resumption and reopening in the period, with its reason."""
    marks = ",".join("?" * len(CLOCK_CHANGES))
    return _events(db, w, f"e.event_type IN ({marks})", CLOCK_CHANGES)


def backdated(db: Database, w: Window, *, min_days: int = 1) -> list[dict[str, Any]]:
    """Events whose business date lies ``min_days`` or more before the day they were recorded:
    explicit business times (``source: business_time``) and acts dated in the past
    (``source: act_date``), the largest gaps first."""
    out = []
    for row in _events(db, w, "e.business_on IS NOT NULL", ()):
        gap = (w.recorded_day(row["recorded_us"]) - date.fromisoformat(row["business_on"])).days
        if gap >= min_days:
            row["days_backdated"] = gap
            row["source"] = "business_time" if row["business_time"] else "act_date"
            out.append(row)
    return sorted(out, key=lambda r: (-r["days_backdated"], r["position"]))


def reveals(db: Database, w: Window, *, flagged: bool | None = None) -> list[dict[str, Any]]:
    """Per petition: every reading (and refused attempt) of its writer's identity, by whom, why,
    and whether the reader was one of the case's handlers."""
    low, high = w.recorded_range()
    span_r, params_r = as_of(w.at, "r")
    secret, levels = _levels(w, "r", "petition_id")
    sql = ("SELECT a.position, a.petition_id, a.recorded_us, a.actor_id, e.actor_name AS username, "
           "a.actor_role, a.actor_unit, a.outcome, a.as_handler, a.flagged, a.reason, r.book_no, "
           "r.handlers, e.record_id AS log_id, e.names FROM petition_identity_access a "
           f"JOIN petition_register r ON r.petition_id = a.petition_id AND {span_r} "
           "JOIN record_events e ON e.position = a.position "
           f"WHERE a.recorded_us >= ? AND a.recorded_us < ? AND {secret}")
    args: list[Any] = [*params_r, low, high, *levels]
    if w.at is not None:
        sql += " AND a.position <= ?"
        args.append(w.at)
    if flagged is not None:
        sql += " AND a.flagged = ?"
        args.append(int(flagged))
    cases: dict[str, dict[str, Any]] = {}
    for row in _shown(db, w, _select(db, sql + " ORDER BY a.position", args), "log_id"):
        row.pop("log_id")
        case = cases.setdefault(row["petition_id"], {
            "petition_id": row["petition_id"], "book_no": row.pop("book_no"),
            "handlers": row.pop("handlers"), "reveals": 0, "refused": 0, "flagged": 0,
            "items": []})
        row.pop("book_no", None)
        row.pop("handlers", None)
        row["recorded_at"] = datetime.fromtimestamp(row["recorded_us"] / 1e6, UTC).isoformat()
        case["reveals" if row["outcome"] == "revealed" else "refused"] += 1
        case["flagged"] += int(bool(row["flagged"]))
        case["items"].append(row)
    return list(cases.values())


def actions(db: Database, w: Window) -> list[dict[str, Any]]:
    """Per actor: how many events of each type they caused in the period, busiest first."""
    actors: dict[str, dict[str, Any]] = {}
    counts: dict[str, defaultdict[str, int]] = {}
    for row in _events(db, w, "e.actor_id IS NOT NULL", ()):
        key = row["actor_id"]
        actor = actors.setdefault(key, {
            "actor_id": key, "username": row["username"], "role": row["actor_role"],
            "unit": row["actor_unit"], "total": 0, "first_at": row["recorded_at"]})
        actor["total"] += 1
        actor["last_at"] = row["recorded_at"]
        counts.setdefault(key, defaultdict(int))[row["event_type"]] += 1
    for key, actor in actors.items():
        actor["by_type"] = dict(sorted(counts[key].items()))
    return sorted(actors.values(), key=lambda a: (-a["total"], a["username"] or ""))


@dataclass(frozen=True)
class Thresholds:
    extensions: int = 2  # extensions on one case
    burst: int = 5  # corrections by one actor …
    window_minutes: int = 60  # … within this many minutes


def anomalies(db: Database, w: Window, t: Thresholds) -> list[dict[str, Any]]:
    """What a reviewer should see first: cases extended many times, identities read by someone
    outside the case's handlers (and refused attempts), bursts of corrections by one person
    (system actors seeding data or running checks are not counted)."""
    out: list[dict[str, Any]] = []
    span_a, params_a = as_of(w.at, "a")
    secret_a, levels_a = _levels(w, "a", "assignment_id")
    for row in _select(db, (
            "SELECT a.assignment_id AS record_id, a.number_symbol, a.task, a.lead_unit, "
            f"a.extensions FROM assignment_tracker a WHERE {span_a} AND {secret_a} AND "
            "a.extensions >= ? ORDER BY a.extensions DESC, a.assignment_id"),
            [*params_a, *levels_a, t.extensions]):
        out.append({"kind": "many_extensions", "severity": "medium", "record_kind": "Assignment",
                    **row, "detail": f"{row['extensions']} lần gia hạn nhiệm vụ"})
    span_p, params_p = as_of(w.at, "a")
    secret_p, levels_p = _levels(w, "a", "petition_id")
    for row in _select(db, (
            "SELECT a.petition_id AS record_id, a.book_no, a.extensions, a.handling_unit FROM "
            f"petition_register a WHERE {span_p} AND {secret_p} AND a.extensions >= ? "
            "ORDER BY a.extensions DESC, a.petition_id"), [*params_p, *levels_p, t.extensions]):
        out.append({"kind": "many_extensions", "severity": "medium", "record_kind": "Petition",
                    **row, "detail": f"{row['extensions']} lần gia hạn giải quyết đơn"})
    for case in reveals(db, w):
        for item in case["items"]:
            if item["outcome"] == "revealed" and not item["as_handler"]:
                kind, severity = "reveal_outside_handlers", "high"
                detail = "xem danh tính người gửi đơn, không phải người giải quyết"
            elif item["outcome"] != "revealed":
                kind, severity, detail = "reveal_refused", "high", "bị từ chối xem danh tính"
            else:
                continue
            out.append({"kind": kind, "severity": severity, "record_kind": "Petition",
                        "record_id": case["petition_id"], "book_no": case["book_no"],
                        "position": item["position"], "username": item["username"],
                        "role": item["actor_role"], "reason": item["reason"],
                        "recorded_at": item["recorded_at"], "detail": detail})
    out += _bursts(db, w, t)
    order = {"high": 0, "medium": 1, "low": 2}
    return sorted(out, key=lambda a: (order[a["severity"]], a["kind"], str(a.get("record_id"))))


def _bursts(db: Database, w: Window, t: Thresholds) -> list[dict[str, Any]]:
    marks = ",".join("?" * len(CORRECTIONS))
    by_actor: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _events(db, w, f"e.event_type IN ({marks}) AND e.actor_role <> 'system'",
                       CORRECTIONS):
        by_actor[row["actor_id"]].append(row)
    span = t.window_minutes * 60 * 1_000_000
    out = []
    for rows in by_actor.values():
        start = 0
        best: tuple[int, int] | None = None
        for end in range(len(rows)):
            while rows[end]["recorded_us"] - rows[start]["recorded_us"] > span:
                start += 1
            if end - start + 1 >= t.burst and (best is None or end - start > best[1] - best[0]):
                best = (start, end)
        if best is not None:
            chosen = rows[best[0]:best[1] + 1]
            out.append({"kind": "correction_burst", "severity": "medium", "record_kind": None,
                        "record_id": None, "username": chosen[0]["username"],
                        "role": chosen[0]["actor_role"], "count": len(chosen),
                        "from": chosen[0]["recorded_at"], "to": chosen[-1]["recorded_at"],
                        "positions": [r["position"] for r in chosen],
                        "detail": f"{len(chosen)} lần sửa, đính chính trong "
                                  f"{t.window_minutes} phút"})
    return out
