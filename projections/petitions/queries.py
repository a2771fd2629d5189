"""Queries on the petition register and its deadlines, live or as of a log position.

"Overdue", "days late" and the working days left depend on an evaluation date ``on`` and are
computed here, never stored (design invariant 10).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.calendar import WorkingCalendar
from infra.db import Database
from projections.query import LIKE, Order, Page, fetch_page, like_contains
from projections.tables import as_of
from projections.timetravel import BusinessAsOf, span
from projections.visibility import readable_rows

REGISTER_ORDERS = {
    "book": Order((("COALESCE(book_year, 0)", False), ("COALESCE(book_number, 0)", False),
                   ("entered_us", False), ("petition_id", True))),
    "received": Order((("received_on", False), ("entered_us", False), ("petition_id", True))),
    "summary": Order((("summary_sort", True), ("petition_id", True))),
}
#: The register's columns as shown to every reader (pseudonymised: no identity, no match token).
REGISTER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("book_no", "Số vào sổ"), ("received_on", "Ngày nhận"), ("entered_on", "Ngày vào sổ"),
    ("backdated", "Nhập lùi ngày"), ("channel", "Nguồn đơn"), ("postmark_on", "Ngày dấu bưu điện"),
    ("forwarded_by", "Cơ quan chuyển đến"), ("petitioner", "Người gửi (bí danh)"),
    ("anonymity", "Danh tính"), ("summary", "Trích yếu nội dung"),
    ("petition_class", "Phân loại"), ("eligible", "Đủ điều kiện xử lý"),
    ("ineligibility_reason", "Lý do không đủ điều kiện"),
    ("about_party_member", "Liên quan đảng viên"), ("queue", "Hàng đợi"),
    ("handling", "Hướng xử lý"), ("decided_on", "Ngày xử lý"), ("referred_to", "Chuyển đến"),
    ("guided_to", "Hướng dẫn đến"), ("handling_unit", "Đơn vị giải quyết"),
    ("handlers", "Người giải quyết"), ("accepted_on", "Ngày thụ lý"),
    ("notified_on", "Ngày thông báo"), ("extensions", "Số lần gia hạn"),
    ("concluded_on", "Ngày kết luận"), ("closed_on", "Ngày kết thúc"), ("status", "Trạng thái"),
)
_SELECT_COLUMNS = ", ".join(["petition_id", "book_year", "book_number", "secrecy", "repeat_of",
                             "same_content_as", "complexity", "withdrawn_on", "reopenings",
                             "referral_urgings", "referral_reply_on", "shredded_on",
                             *(k for k, _ in REGISTER_COLUMNS if k != "petition_id")])


def _keys(order: Order) -> str:
    return ", ".join(f"{c} AS _k{i}" for i, (c, _) in enumerate(order.columns))


@dataclass(frozen=True)
class RegisterFilter:
    status: str | None = None
    petition_class: str | None = None
    channel: str | None = None
    handling: str | None = None
    queue: str | None = None
    unit: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    pseudonym: str | None = None
    text: str | None = None


def list_petitions(db: Database, f: RegisterFilter, *, readable: Iterable[str], sort: str,
                   cursor: str | None, limit: int, at_position: int | None,
                   business: BusinessAsOf | None = None) -> Page:
    order = REGISTER_ORDERS[sort]
    rows, positions = span(at_position, business, "petition_id")
    where = [rows]
    secret, levels = readable_rows(readable, table="petition_register", key="petition_id",
                                   at_position=at_position)
    where.append(secret)
    params: list[Any] = [*positions, *levels]
    for column, value in (("status", f.status), ("petition_class", f.petition_class),
                          ("channel", f.channel), ("handling", f.handling), ("queue", f.queue),
                          ("handling_unit", f.unit), ("pseudonym", f.pseudonym)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if f.received_from:
        where.append("received_on >= ?")
        params.append(f.received_from.isoformat())
    if f.received_to:
        where.append("received_on <= ?")
        params.append(f.received_to.isoformat())
    if f.text:
        where.append(f"(LOWER(summary) {LIKE} OR COALESCE(book_no, '') {LIKE})")
        params += [like_contains(f.text.lower()), like_contains(f.text)]
    select = f"SELECT {_SELECT_COLUMNS}, {_keys(order)} FROM petition_register"
    return fetch_page(db, kind=f"petitions:{sort}", select=select, where=where, params=params,
                      order=order, cursor=cursor, limit=limit, at_position=at_position)


def pseudonym_of(db: Database, petition_id: str) -> str | None:
    """The match token of a petition's writer (to list the same writer's other petitions)."""
    with db.read() as cur:
        cur.execute("SELECT pseudonym FROM petition_register WHERE petition_id = ? AND "
                    "valid_to IS NULL", (petition_id,))
        row = cur.fetchone()
    return str(row[0]) if row and row[0] else None


# The deadline board -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardFilter:
    within: int | None = None  # due within N working days of ``on`` (None: any open deadline)
    overdue_only: bool = False
    handler: str | None = None
    unit: str | None = None
    queue: str | None = None


def deadline_board(db: Database, f: BoardFilter, *, on: date, calendar: WorkingCalendar,
                   readable: Iterable[str], at_position: int | None) -> list[dict[str, Any]]:
    """Open deadlines on ``on``: overdue ones and those due within N working days."""
    span_d, params_d = as_of(at_position, "d")
    span_r, params_r = as_of(at_position, "r")
    secret, levels = readable_rows(readable, table="r", key="petition_id", at_position=at_position)
    where = [span_d, "d.due IS NOT NULL", "(d.done_on IS NULL OR d.done_on > ?)",
             "r.status <> 'closed'", "r.received_on <= ?", secret]
    params: list[Any] = [*params_r, *params_d, on.isoformat(), on.isoformat(), *levels]
    if f.overdue_only:
        where.append("d.due < ?")
        params.append(on.isoformat())
    elif f.within is not None:
        where.append("d.due <= ?")
        params.append(calendar.add_working_days(on, f.within).isoformat())
    if f.handler:
        where.append(f"',' || COALESCE(r.handlers, '') || ',' {LIKE}")
        params.append(like_contains(f",{f.handler},"))
    if f.unit:
        where.append("r.handling_unit = ?")
        params.append(f.unit)
    if f.queue:
        where.append("r.queue = ?")
        params.append(f.queue)
    sql = (
        "SELECT d.petition_id, d.deadline_key, d.rule_code, d.trigger_on, d.due, r.book_no, "
        "r.petition_class, r.status, r.handling_unit, r.handlers, r.queue, r.petitioner, "
        "r.summary FROM petition_deadlines d JOIN petition_register r ON "
        f"r.petition_id = d.petition_id AND {span_r} WHERE {' AND '.join(where)} "
        "ORDER BY d.due, d.petition_id, d.deadline_key"
    )
    with db.read() as cur:
        cur.execute(sql, params)
        names = [c[0] for c in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    for row in rows:
        due = date.fromisoformat(row["due"])
        overdue = due < on
        row["overdue"] = overdue
        row["days_late"] = (on - due).days if overdue else 0
        row["working_days_left"] = 0 if overdue else calendar.count_working_days(on, due)
    return rows


# Cases for statistics and reports ------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A petition as statistics see it: its facts and its main deadline."""

    petition_id: str
    received_on: date
    petition_class: str
    channel: str
    handling: str
    unit: str
    status: str
    decided_on: date | None
    main_key: str | None
    trigger: date | None
    due: date | None
    done_on: date | None


MAIN_ORDER = ("resolve", "accept", "notify")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load_cases(db: Database, *, readable: Iterable[str], at_position: int | None) -> list[Case]:
    """Every petition the reader may see, with its main deadline (resolution, else acceptance,
    else notification)."""
    span_r, params_r = as_of(at_position)
    secret, levels = readable_rows(readable, table="petition_register", key="petition_id",
                                   at_position=at_position)
    span_d, params_d = as_of(at_position)
    with db.read() as cur:
        cur.execute(
            "SELECT petition_id, received_on, petition_class, channel, handling, handling_unit, "
            f"status, decided_on FROM petition_register WHERE {span_r} AND {secret}",
            [*params_r, *levels],
        )
        register = cur.fetchall()
        cur.execute(f"SELECT petition_id, deadline_key, trigger_on, due, done_on FROM "
                    f"petition_deadlines WHERE {span_d}", params_d)
        deadlines: dict[str, dict[str, tuple[Any, ...]]] = {}
        for pid, key, trigger, due, done in cur.fetchall():
            deadlines.setdefault(pid, {})[key] = (trigger, due, done)
    cases = []
    for pid, received, cls, channel, handling, unit, status, decided in register:
        mine = deadlines.get(pid, {})
        main = next((k for k in MAIN_ORDER if k in mine), None)
        trigger, due, done = mine[main] if main else (None, None, None)
        cases.append(Case(
            pid, date.fromisoformat(received), cls or "unclassified", channel,
            handling or ("linked" if status == "linked" else "undecided"), unit or "",
            status, _day(decided), main, _day(trigger), _day(due), _day(done),
        ))
    return cases


def case_state(case: Case, on: date) -> str:
    """``none`` (no deadline), ``met``, ``missed``, ``overdue``, ``open`` or ``suspended`` on
    ``on``; a completion after ``on`` is not yet known on ``on``."""
    if case.main_key is None:
        return "none"
    done = case.done_on if case.done_on is not None and case.done_on <= on else None
    if done is not None:
        return "met" if case.due is None or done <= case.due else "missed"
    if case.due is None:
        return "suspended"
    return "overdue" if on > case.due else "open"


def _quarter(d: date) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


GROUPS: dict[str, Callable[[Case], str]] = {
    "class": lambda c: c.petition_class,
    "channel": lambda c: c.channel,
    "handling": lambda c: c.handling,
    "unit": lambda c: c.unit,
    "month": lambda c: c.received_on.isoformat()[:7],
    "quarter": lambda c: _quarter(c.received_on),
    "year": lambda c: str(c.received_on.year),
}
STATES = ("met", "missed", "overdue", "open", "suspended", "none")


def statistics(cases: Iterable[Case], *, on: date, group_by: str, calendar: WorkingCalendar,
               received_from: date | None = None, received_to: date | None = None,
               prolonged_days: int = 90) -> list[dict[str, Any]]:
    """Counts per group on ``on``: on_time_rate = met / (met + missed + overdue); average handling
    time in working days over the deadlines met or missed; backlog = open + overdue + suspended;
    prolonged = backlog cases received more than ``prolonged_days`` days before ``on``."""
    key_of = GROUPS[group_by]
    buckets: dict[str, dict[str, Any]] = {}
    for case in cases:
        if case.received_on > on:
            continue
        if received_from and case.received_on < received_from:
            continue
        if received_to and case.received_on > received_to:
            continue
        b = buckets.setdefault(key_of(case), dict.fromkeys(STATES, 0) | {
            "total": 0, "handling_days": 0, "handled": 0, "prolonged": 0})
        state = case_state(case, on)
        b["total"] += 1
        b[state] += 1
        if state in ("met", "missed") and case.trigger and case.done_on:
            b["handling_days"] += calendar.count_working_days(case.trigger, case.done_on)
            b["handled"] += 1
        if state in ("open", "overdue", "suspended") and (on - case.received_on).days > prolonged_days:
            b["prolonged"] += 1
    out = []
    for key in sorted(buckets):
        b = buckets[key]
        closed = b["met"] + b["missed"]
        denominator = closed + b["overdue"]
        out.append({
            "group": key, "total": b["total"], "met": b["met"], "missed": b["missed"],
            "closed": closed, "overdue": b["overdue"], "open": b["open"],
            "suspended": b["suspended"], "no_deadline": b["none"],
            "backlog": b["open"] + b["overdue"] + b["suspended"], "prolonged": b["prolonged"],
            "on_time_rate": round(b["met"] / denominator, 4) if denominator else None,
            "average_working_days": (round(b["handling_days"] / b["handled"], 2)
                                     if b["handled"] else None),
        })
    return out
