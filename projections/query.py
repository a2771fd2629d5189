"""Query helpers shared by registers: keyset pagination with opaque cursors, time travel."""

from __future__ import annotations

import base64
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

import orjson

from infra.db import Database


class BadCursor(ValueError):
    """The cursor was not made by this API for this list (or was altered)."""


@dataclass(frozen=True)
class Order:
    """A total order for a list: columns with directions, ending with a unique column."""

    columns: tuple[tuple[str, bool], ...]  # (SQL expression, ascending)

    def sql(self) -> str:
        return ", ".join(f"{c} {'ASC' if asc else 'DESC'}" for c, asc in self.columns)

    def after(self, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """WHERE clause for rows strictly after ``values`` in this order."""
        if len(values) != len(self.columns):
            msg = "cursor does not match this list's order"
            raise BadCursor(msg)
        ors: list[str] = []
        params: list[Any] = []
        for i, (column, asc) in enumerate(self.columns):
            ands = [f"{c} = ?" for c, _ in self.columns[:i]]
            params.extend(values[:i])
            ands.append(f"{column} {'>' if asc else '<'} ?")
            params.append(values[i])
            ors.append("(" + " AND ".join(ands) + ")")
        return "(" + " OR ".join(ors) + ")", params


LIKE = "LIKE ? ESCAPE '\\'"
"""A LIKE comparison whose pattern comes from :func:`like_contains` (both stores honour ESCAPE)."""


def like_contains(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with ``%``, ``_`` and the escape character
    taken literally (a search for "%" finds a percent sign, not everything)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def encode_cursor(kind: str, values: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([kind, list(values)])).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        found_kind, values = orjson.loads(raw)
    except (ValueError, TypeError, orjson.JSONDecodeError) as exc:
        msg = "the cursor is not valid; start again without one"
        raise BadCursor(msg) from exc
    if found_kind != kind or not isinstance(values, list):
        msg = "the cursor belongs to another list"
        raise BadCursor(msg)
    if not all(_cursor_value(v) for v in values):  # an altered cursor never reaches the store
        msg = "the cursor is not valid; start again without one"
        raise BadCursor(msg)
    return values


def _cursor_value(value: Any) -> bool:
    """A value our cursors hold: null, a number, or text without NUL and other controls."""
    if value is None or isinstance(value, bool | int | float):
        return True
    return isinstance(value, str) and not any(
        unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in value)


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None
    at_position: int | None


def position_at_time(db: Database, recorded_us: int) -> int:
    """The last log position recorded at or before the time (0 if none).

    Recorded time never decreases along positions, so that is the last row of the index on
    (recorded_us, position) at or before the time: one index seek, whatever the log's size.
    """
    with db.read() as cur:
        cur.execute(
            "SELECT position FROM office_log WHERE recorded_us <= ? "
            "ORDER BY recorded_us DESC, position DESC LIMIT 1", (recorded_us,)
        )
        row = cur.fetchone()
        return int(row[0]) if row and row[0] is not None else 0


def position_as_of(db: Database, moment: datetime, zone: tzinfo) -> int:
    """The last log position recorded at or before ``moment`` (a naive time is in ``zone``)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=zone)
    return position_at_time(db, int(aware.astimezone(UTC).timestamp() * 1_000_000))


def fetch_page(
    db: Database, *, kind: str, select: str, where: list[str], params: list[Any], order: Order,
    cursor: str | None, limit: int, at_position: int | None,
) -> Page:
    """Run a keyset-paginated query; ``select`` must select the order's columns as ``_k0, _k1…``."""
    clauses = list(where)
    args = list(params)
    if cursor:
        clause, extra = order.after(decode_cursor(kind, cursor))
        clauses.append(clause)
        args.extend(extra)
    sql = select + (" WHERE " + " AND ".join(clauses) if clauses else "")
    sql += f" ORDER BY {order.sql()} LIMIT ?"
    args.append(limit + 1)
    with db.read() as cur:
        cur.execute(sql, args)
        columns = [d[0] for d in cur.description]
        rows = cur.fetchall()
    items = [dict(zip(columns, r, strict=True)) for r in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = encode_cursor(kind, [last[f"_k{i}"] for i in range(len(order.columns))])
    for item in items:
        for i in range(len(order.columns)):
            item.pop(f"_k{i}", None)
    return Page(items, next_cursor, at_position)


def record_version_at(db: Database, record_id: Any, position: int) -> int:
    """The version a record had when the log stood at ``position`` (0: it did not exist yet)."""
    with db.read() as cur:
        cur.execute(
            "SELECT MAX(originator_version) FROM office_log WHERE originator_id = ? "
            "AND position <= ?", (db.dialect.uuid_param(record_id), position),
        )
        row = cur.fetchone()
        return int(row[0]) if row and row[0] is not None else 0
