"""Queries on the archive registers: filtered by period and fields, sorted in Vietnamese order,
paginated, time-travelled, and exported.

"Overdue" (follow-up, handover, loans) and "expired" depend on the evaluation date ``on`` and are
computed here, never stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from infra.db import Database
from projections.archive.registers import REGISTERS, Register
from projections.exports import export
from projections.query import LIKE, Page, fetch_page, like_contains
from projections.timetravel import BusinessAsOf, span
from projections.visibility import readable_rows

EXPORT_LIMIT = 100_000
_NAMED = re.compile(r":(from|to|on)\b")


class UnknownFilter(ValueError):
    """The register has no such filter or sort order."""


@dataclass(frozen=True)
class RegisterFilter:
    period_from: date | None = None
    period_to: date | None = None
    fields: Mapping[str, str] = field(default_factory=dict)
    text: str | None = None
    overdue: bool | None = None


def _bind(sql: str, values: Mapping[str, str]) -> tuple[str, list[Any]]:
    params: list[Any] = []

    def take(match: re.Match[str]) -> str:
        params.append(values[match.group(1)])
        return "?"

    return _NAMED.sub(take, sql), params


def _where(reg: Register, f: RegisterFilter, *, on: date, readable: Iterable[str],
           at_position: int | None, business: BusinessAsOf | None
           ) -> tuple[list[str], list[Any]]:
    rows, positions = span(at_position, business, reg.key)
    params: list[Any] = list(positions)
    clauses = [rows]
    secret, levels = readable_rows(readable, table=reg.table, key=reg.key,
                                   at_position=at_position)
    clauses.append(secret)
    params += levels
    named = {"on": on.isoformat(), "from": (f.period_from or date.min).isoformat(),
             "to": (f.period_to or date.max).isoformat()}
    for sql in reg.where:
        clause, extra = _bind(sql, named)
        clauses.append(clause)
        params += extra
    if f.period_from or f.period_to:
        clause, extra = _bind(reg.period, named)
        clauses.append(f"({clause})")
        params += extra
    for name, value in f.fields.items():
        column = reg.filters.get(name)
        if column is None:
            msg = f"sổ {reg.name} không lọc theo {name!r} (no such filter)"
            raise UnknownFilter(msg)
        clauses.append(f"{column} = ?")
        params.append(int(value) if column in ("year", "file_number") else value)
    if f.text and reg.search:
        needle = like_contains(f.text.lower())
        clauses.append("(" + " OR ".join(f"LOWER({c}) {LIKE}" for c in reg.search) + ")")
        params += [needle] * len(reg.search)
    if f.overdue is not None:
        if reg.overdue is None:
            msg = f"sổ {reg.name} không có khái niệm quá hạn (no overdue filter)"
            raise UnknownFilter(msg)
        clause, extra = _bind(reg.overdue, named)
        clauses.append(f"({clause})" if f.overdue else f"NOT ({clause})")
        params += extra
    return clauses, params


def _select(reg: Register, sort: str) -> tuple[str, Any]:
    order = reg.orders.get(sort)
    if order is None:
        msg = f"sổ {reg.name} không sắp xếp theo {sort!r} (no such order)"
        raise UnknownFilter(msg)
    keys = ", ".join(f"{c} AS _k{i}" for i, (c, _) in enumerate(order.columns))
    return f"SELECT *, {keys} FROM {reg.table}", order


def _finish(reg: Register, rows: list[dict[str, Any]], on: date) -> None:
    for row in rows:
        for column in ("valid_from", "valid_to"):
            row.pop(column, None)
        for column in [c for c in row if c.endswith("_sort")]:
            row.pop(column)
        if reg.enrich is not None:
            reg.enrich(row, on)


def register(name: str) -> Register:
    found = REGISTERS.get(name)
    if found is None:
        msg = f"không có sổ {name!r} (no such register)"
        raise UnknownFilter(msg)
    return found


def list_register(
    db: Database, name: str, f: RegisterFilter, *, on: date, readable: Iterable[str], sort: str,
    cursor: str | None, limit: int, at_position: int | None, business: BusinessAsOf | None = None,
) -> Page:
    reg = register(name)
    clauses, params = _where(reg, f, on=on, readable=readable, at_position=at_position,
                             business=business)
    select, order = _select(reg, sort)
    page = fetch_page(db, kind=f"register:{name}:{sort}", select=select, where=clauses,
                      params=params, order=order, cursor=cursor, limit=limit,
                      at_position=at_position)
    _finish(reg, page.items, on)
    return page


def register_rows(
    db: Database, name: str, f: RegisterFilter, *, on: date, readable: Iterable[str], sort: str,
    at_position: int | None = None, business: BusinessAsOf | None = None,
) -> list[dict[str, Any]]:
    """Every row of a register that matches (up to :data:`EXPORT_LIMIT`), in order."""
    reg = register(name)
    clauses, params = _where(reg, f, on=on, readable=readable, at_position=at_position,
                             business=business)
    select, order = _select(reg, sort)
    sql = f"{select} WHERE {' AND '.join(clauses)} ORDER BY {order.sql()} LIMIT {EXPORT_LIMIT}"
    with db.read() as cur:
        cur.execute(sql, params)
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    for row in rows:
        for i in range(len(order.columns)):
            row.pop(f"_k{i}", None)
    _finish(reg, rows, on)
    return rows


def export_register(
    db: Database, name: str, fmt: str, f: RegisterFilter, *, on: date, readable: Iterable[str],
    sort: str, at_position: int | None = None, business: BusinessAsOf | None = None,
) -> bytes:
    """The register as CSV or XLSX with its Vietnamese column headers."""
    reg = register(name)
    rows = register_rows(db, name, f, on=on, readable=readable, sort=sort,
                         at_position=at_position, business=business)
    return export(fmt, reg.columns, rows, title=reg.title)


def live_blobs(db: Database) -> list[tuple[str, int]]:
    """(hash, size) of every blob some live item refers to, for `socai fixity`."""
    with db.read() as cur:
        cur.execute("SELECT sha256, size FROM archive_blobs WHERE valid_to IS NULL AND refs > 0 "
                    "ORDER BY sha256")
        return [(str(r[0]), int(r[1])) for r in cur.fetchall()]
