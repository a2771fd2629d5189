"""Building a case file (hồ sơ kiểm tra) for one petition, directive, unit or period.

Everything is taken as the log stood at one position: which records belong to the subject and their
register rows (the temporal read models), their events (raw rows, up to that position) with
inclusion proofs against one signed checkpoint, a readable history line per event, the deadline
findings (petitions: the legal calendar's explanation as known then; assignments: deadline and
extensions), all evaluated on the date ``on``. The office then writes a Vietnamese HTML report and
seals content and report with its key (``infra.ledger.casefile``). Identities stay sealed: events
hold ciphertext and pseudonyms only, registers the pseudonym label.

A case file holds only what its reader may see (:func:`projections.visibility.visible_records`:
each record visible at the position and now, none of its events naming a record that is not). A
petition or directive the reader may not see is refused (403); from a unit or period case file the
other records are left out, and the case file says how many (``left_out``), never which.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from api.background import signer_context as ledger_signer
from api.bootstrap import Office
from api.inspection.report import render
from domain.directives.model import Assignment, AssignmentStatus
from domain.errors import ClearanceTooLow, RecordNotFound
from domain.petitions.model import Petition, access_log_id
from domain.records import Context
from infra.ledger import casefile
from infra.ledger.bundle import LoggedEvent, event_json
from infra.ledger.export import Signs, prove
from infra.logging import get_logger
from infra.pdf import PrintFailed
from projections.directives.queries import lateness
from projections.history import Step, actor_json, diff_states, replay_record
from projections.query import record_version_at
from projections.summaries import record_kind, summarize
from projections.tables import as_of
from projections.timeline import business_date
from projections.visibility import visible_records

#: Events that move a deadline or stop its clock, shown with their reasons.
CLOCK_EVENTS = (Petition.Extended, Petition.Suspended, Petition.Resumed, Petition.Reopened,
                Petition.Withdrawn, Assignment.DeadlineExtended, Assignment.Cancelled)
SUBJECTS = ("petition", "directive", "unit", "period")
_log = get_logger("socai.inspection")


@dataclass(frozen=True)
class Subject:
    """What a case file is about: one petition or directive (by id), a unit (by code), a period."""

    kind: str
    id: str | None = None
    period_from: date | None = None
    period_to: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id,
                "from": self.period_from.isoformat() if self.period_from else None,
                "to": self.period_to.isoformat() if self.period_to else None}


@dataclass(frozen=True)
class Scope:
    """The moment and reader a case file is made for."""

    position: int
    on: date
    readable: tuple[str, ...]
    generated_by: str
    as_of: datetime | None = None


def _ids(office: Office, sql: str, params: Sequence[Any], at: int) -> list[str]:
    clause, positions = as_of(at)
    with office.store.db.read() as cur:
        cur.execute(sql.replace("{span}", clause), [*params, *positions])
        return [str(r[0]) for r in cur.fetchall()]


def subject_records(office: Office, subject: Subject, scope: Scope) -> list[str]:
    """The ids of the records a case file on ``subject`` is about (existing then, whatever
    their secrecy: :func:`within_clearance` decides what the reader gets)."""
    at = scope.position
    if subject.kind == "petition":
        found = _ids(office, "SELECT petition_id FROM petition_register WHERE petition_id = ? "
                     "AND {span}", [subject.id], at)
        if not found:
            raise RecordNotFound(f"không có đơn {subject.id} tại vị trí {at} (no such petition)")
        access = str(access_log_id(UUID(found[0])))
        has_access = record_version_at(office.store.db, UUID(access), at) > 0
        return found + ([access] if has_access else [])
    if subject.kind == "directive":
        found = _ids(office, "SELECT directive_id FROM directive_register WHERE directive_id = ? "
                     "AND {span}", [subject.id], at)
        if not found:
            raise RecordNotFound(f"không có văn bản {subject.id} tại vị trí {at} (no such "
                                 "directive)")
        return found + _ids(office, "SELECT assignment_id FROM assignment_tracker WHERE "
                            "directive_id = ? AND {span} ORDER BY assigned_on, assignment_id",
                            [subject.id], at)
    if subject.kind == "unit":
        where = ("lead_unit = ?", "drafting_unit = ?", "handling_unit = ?")
        values: list[Any] = [subject.id]
    else:
        start = (subject.period_from or date.min).isoformat()
        end = (subject.period_to or date.max).isoformat()
        where = ("assigned_on BETWEEN ? AND ?", "issued_on BETWEEN ? AND ?",
                 "received_on BETWEEN ? AND ?")
        values = [start, end]
    assignments = _ids(office, f"SELECT assignment_id FROM assignment_tracker WHERE {where[0]} "
                       "AND {span}", values, at)
    parents = _ids(office, f"SELECT DISTINCT directive_id FROM assignment_tracker WHERE "
                   f"{where[0]} AND {{span}}", values, at)
    directives = _ids(office, f"SELECT directive_id FROM directive_register WHERE {where[1]} AND "
                      "{span}", values, at)
    petitions = _ids(office, f"SELECT petition_id FROM petition_register WHERE {where[2]} AND "
                     "{span}", values, at)
    return list(dict.fromkeys([*sorted(set(directives) | set(parents)), *sorted(assignments),
                               *sorted(petitions)]))


def within_clearance(office: Office, subject: Subject, ids: Sequence[str], scope: Scope
                     ) -> tuple[list[str], int]:
    """The records of ``ids`` the reader may see, and how many were left out for clearance; a
    single petition or directive the reader may not see is refused (403)."""
    kept = visible_records(office.store.db, ids, scope.readable, scope.position)
    if (subject.kind in ("petition", "directive") and subject.id not in kept) or (ids and not kept):
        msg = ("hồ sơ vượt quá mức được tiếp cận của người dùng, tại thời điểm trích xuất hoặc "
               "hiện nay (the record, or one it names, is above your clearance then or now)")
        raise ClearanceTooLow(msg)
    if not kept:  # a case file holds at least one record (docs/verifying.md §7.1)
        msg = (f"không có hồ sơ nào thuộc phạm vi trích xuất tại vị trí {scope.position} "
               "(no record of that unit or period then)")
        raise RecordNotFound(msg)
    return kept, len(ids) - len(kept)


def _rows(office: Office, table: str, key: str, ids: Iterable[str], at: int
          ) -> list[dict[str, Any]]:
    """The rows of ``table`` for these records as of ``at`` (no sort keys, no valid_to)."""
    chosen = sorted(set(ids))
    if not chosen:
        return []
    clause, positions = as_of(at)
    with office.store.db.read() as cur:
        cur.execute(f"SELECT * FROM {table} WHERE {key} IN ({','.join('?' * len(chosen))}) AND "
                    f"{clause}", [*chosen, *positions])
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    for row in rows:
        for name in [n for n in row if n.endswith("_sort") or n == "valid_to"]:
            row.pop(name)
    return sorted(rows, key=lambda r: tuple(str(r.get(k)) for k in (key, "deadline_key")))


def registers(office: Office, ids: Sequence[str], scope: Scope) -> dict[str, list[Any]]:
    at = scope.position
    assignments = _rows(office, "assignment_tracker", "assignment_id", ids, at)
    for row in assignments:
        row.update(lateness(row, scope.on))
    return {
        "directive_register": _rows(office, "directive_register", "directive_id", ids, at),
        "assignment_tracker": assignments,
        "petition_register": _rows(office, "petition_register", "petition_id", ids, at),
        "petition_deadlines": _rows(office, "petition_deadlines", "petition_id", ids, at),
    }


def history_line(step: Step) -> dict[str, Any]:
    """One readable line of a record's history; actor, business time and reason are copied from
    the event's payload, so that a verifier can compare them (docs/verifying.md §7.1)."""
    payload = json.loads(step.row.payload)
    day = business_date(step.event)
    return {
        "position": step.row.position, "version": step.row.version,
        "type": step.type,
        "recorded_time_us": step.row.recorded_time_us,
        "actor": payload.get("actor"), "business_time": payload.get("business_time"),
        "reason": payload.get("reason"), "summary": summarize(step.event),
        "business_on": day.isoformat() if day else None,
        "changes": diff_states(step.before, step.after),
    }


def clock_changes(steps: Sequence[Step]) -> list[dict[str, Any]]:
    return [{"position": s.row.position, "recorded_time_us": s.row.recorded_time_us,
             "type": s.type, "actor": actor_json(s.event),
             "reason": getattr(s.event, "reason", None), "summary": summarize(s.event)}
            for s in steps if isinstance(s.event, CLOCK_EVENTS)]


_KEPT = ("rule", "trigger", "start", "original_due", "due", "extensions", "pauses", "end_moves")


def petition_findings(office: Office, record_id: str, steps: Sequence[Step], scope: Scope
                      ) -> list[dict[str, Any]]:
    """Each deadline of the petition as known at the position, evaluated on ``on``."""
    p, reports = office.petitions.deadlines(UUID(record_id), at_position=scope.position)
    changes = clock_changes(steps)
    out = []
    for r in reports:
        body = r.to_json_dict(scope.on)
        evaluation = body.pop("evaluation", None) or {}
        out.append({
            "record_id": record_id, "kind": "petition", "label": p.book_no or p.summary,
            "deadline": r.key, "title": r.label, "done_on": body.get("done_on"),
            **{k: body.get(k) for k in _KEPT}, "state": evaluation.get("state"),
            "days_late": evaluation.get("days_late", 0), "problem": body.get("problem"),
            "clock_changes": changes if r.key == "resolve" else [],
        })
    return out


def assignment_findings(office: Office, record_id: str, steps: Sequence[Step], scope: Scope
                        ) -> list[dict[str, Any]]:
    """The assignment's deadline: original, extensions with reasons, met or missed on ``on``."""
    a = steps[-1].after
    status = a.status
    late = lateness({"deadline": a.deadline.isoformat(), "status": status.value,
                     "completed_on": a.completed_on.isoformat() if a.completed_on else None},
                    scope.on)
    if status is AssignmentStatus.COMPLETED:
        state = "met" if late["on_time"] else "missed"
    elif status is AssignmentStatus.CANCELLED:
        state = "cancelled"
    else:
        state = "overdue" if late["overdue"] else "open"
    return [{
        "record_id": record_id, "kind": "assignment",
        "label": f"{a.directive_number_symbol}: {a.task}", "deadline": "assignment",
        "title": f"Nhiệm vụ giao {a.lead_unit} chủ trì", "done_on": _iso(a.completed_on),
        "trigger": a.assigned_on.isoformat(), "original_due": a.original_deadline.isoformat(),
        "due": a.deadline.isoformat(), "state": state, "days_late": late["days_late"],
        "extensions": [{"from_due": x.previous_deadline.isoformat(),
                        "to_due": x.new_deadline.isoformat(), "reason": x.reason}
                       for x in a.extensions],
        "clock_changes": clock_changes(steps), "problem": None,
    }]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _label(office: Office, record_id: str, at: int) -> tuple[str | None, str | None]:
    clause, positions = as_of(at)
    with office.store.db.read() as cur:
        cur.execute(f"SELECT kind, label FROM records WHERE record_id = ? AND {clause}",
                    [record_id, *positions])
        row = cur.fetchone()
    return (row[0], row[1]) if row else (None, None)


def build(office: Office, subject: Subject, scope: Scope, sign_as: Any,
          signer: Signs | None = None) -> dict[str, Any]:
    """The sealed case file on ``subject`` as of ``scope``; ``sign_as`` gives the context a fresh
    checkpoint is signed under when the latest does not cover the events, by ``signer`` (default:
    the office's; over HTTP one that asks the running signer, since reads never write)."""
    ids, left_out = within_clearance(office, subject, subject_records(office, subject, scope),
                                     scope)
    latest = office.checkpoints.latest()
    signed = latest.tree_size if latest else None
    replayed = {rid: replay_record(office.store.db, office.mapper, UUID(rid), upto=scope.position,
                                   signed_size=signed) for rid in ids}
    replayed = {rid: steps for rid, steps in replayed.items() if steps}
    rows: list[LoggedEvent] = [s.row for steps in replayed.values() for s in steps]
    checkpoint, proofs = prove(db=office.store.db, tree=office.tree,
                               checkpoints=office.checkpoints, signer=signer or office.signer,
                               sign_as=sign_as, events=rows)
    proof_of = {row.position: proof for row, proof in zip(rows, proofs, strict=True)}
    records, findings = [], []
    for rid, steps in replayed.items():
        kind, label = _label(office, rid, scope.position)
        kind = kind or record_kind(steps[0].event)
        records.append({
            "record_id": rid, "kind": kind, "label": label,
            "events": [event_json(s.row, proof_of[s.row.position]) for s in steps],
            "history": [history_line(s) for s in steps],
        })
        if kind == "Petition":
            findings += petition_findings(office, rid, steps, scope)
        elif kind == "Assignment":
            findings += assignment_findings(office, rid, steps, scope)
    key = office.signing_key()
    content = {
        "origin": key.verifier.name, "public_key": key.verifier.to_text(),
        "subject": subject.to_json(), "at_position": scope.position,
        "as_of": scope.as_of.isoformat() if scope.as_of else None, "on": scope.on.isoformat(),
        "generated_at": office.clock().isoformat(), "generated_by": scope.generated_by,
        "checkpoint": checkpoint.note, "tree_size": checkpoint.tree_size, "records": records,
        "registers": registers(office, list(replayed), scope), "deadlines": findings,
    }
    if left_out:
        content["left_out"] = {"records": left_out, "reason": "clearance"}
    content = json.loads(json.dumps(content, default=str))  # plain JSON values only
    html = render(content)
    return casefile.seal(content, html, key.private_key, print_pdf(office, html))


def print_pdf(office: Office, html: str) -> bytes | None:
    """The report printed to PDF, when the office has a printer (``SOCAI_PDF_RENDERER``); a
    failed print leaves the case file with its HTML report only, and says so in the log."""
    if office.printer is None:
        return None
    try:
        return office.printer.print_html(html)
    except PrintFailed as exc:
        _log.warning("case_file_pdf_failed", error=str(exc))
        return None


def signer_context(office: Office) -> Context:
    """A fresh checkpoint for a case file is signed by the ledger's own system actor."""
    return ledger_signer(office)
