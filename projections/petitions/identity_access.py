"""The log of readings of petitioners' identities (and refused attempts), for review.

Each reading is an event of the petition's identity access log, whose secrecy follows the
petition's: a reader sees a line only if the petition (and the log) is within their clearance at
the reading's position and now (:mod:`projections.visibility`).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from infra.db import Database
from projections.visibility import SecrecyIndex, row_visible, split_names


def identity_access(db: Database, *, readable: Collection[str], flagged: bool | None = None,
                    petition_id: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """The latest readings first (at most ``limit``), with ISO 8601 times."""
    visible, params = row_visible("a.petition_id", readable, None)
    sql = ("SELECT a.position, a.petition_id, a.recorded_us, a.actor_id, e.actor_name AS username, "
           "a.actor_role, a.actor_unit, a.outcome, a.as_handler, a.flagged, a.reason, "
           "e.record_id AS log_id, e.names FROM petition_identity_access a "
           f"JOIN record_events e ON e.position = a.position WHERE {visible}")
    args: list[Any] = list(params)
    if flagged is not None:
        sql += " AND a.flagged = ?"
        args.append(int(flagged))
    if petition_id is not None:
        sql += " AND a.petition_id = ?"
        args.append(petition_id)
    with db.read() as cur:
        cur.execute(sql + " ORDER BY a.position DESC LIMIT ?", [*args, limit])
        names = [c[0] for c in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    index = SecrecyIndex.load(db, {str(r["log_id"]) for r in rows}, readable)
    out = []
    for row in rows:
        log_id, named = str(row.pop("log_id")), split_names(row.pop("names"))
        if not index.event_visible(log_id, named, int(row["position"]), readable):
            continue
        recorded_us = row.pop("recorded_us")
        row["recorded_at"] = datetime.fromtimestamp(recorded_us / 1e6, UTC).isoformat()
        row["as_handler"], row["flagged"] = bool(row["as_handler"]), bool(row["flagged"])
        out.append(row)
    return out
