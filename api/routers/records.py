"""Any record's history: every event with who, when, why, and its place in the log.

Each event carries its position, its leaf index (position − 1) and its stored leaf hash, so that a
client can ask for its inclusion proof (``/ledger/proofs/inclusion``) and check it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter

from api.auth import Principal, permit, require_clearance
from api.deps import AtPosition, OfficeDep
from api.http import Consistent
from domain.actors import Secrecy
from domain.errors import RecordNotFound
from infra.ledger.encoding import b64encode

router = APIRouter(prefix="/records", tags=["records"])


@router.get("/{record_id}/history", summary="Lịch sử hồ sơ: mọi sự kiện, ai, khi nào, vì sao")
def history(office: OfficeDep, record_id: UUID,
            principal: Annotated[Principal, permit("records.read")], _: Consistent,
            at: AtPosition) -> dict[str, Any]:
    with office.store.db.read() as cur:
        cur.execute("SELECT kind, secrecy, label FROM records WHERE record_id = ? AND "
                    "valid_to IS NULL", (str(record_id),))
        found = cur.fetchone()
        if found is None:
            raise RecordNotFound(f"không có hồ sơ {record_id} (no such record)")
        require_clearance(principal, Secrecy(found[1]))
        sql = (
            "SELECT e.position, e.version, e.event_type, e.recorded_us, e.business_time, "
            "e.actor_id, e.actor_role, e.actor_unit, e.reason, e.summary, u.username, "
            "l.leaf_hash FROM record_events e LEFT JOIN users u ON u.user_id = e.actor_id "
            "AND u.valid_to IS NULL LEFT JOIN office_log l ON l.position = e.position "
            "WHERE e.record_id = ?"
        )
        params: list[Any] = [str(record_id)]
        if at is not None:
            sql += " AND e.position <= ?"
            params.append(at)
        cur.execute(sql + " ORDER BY e.version", params)
        rows = cur.fetchall()
    events = [
        {
            "position": r[0], "leaf_index": r[0] - 1,
            "leaf_hash": b64encode(bytes(r[11])) if r[11] is not None else None,
            "version": r[1], "type": r[2],
            "recorded_at": datetime.fromtimestamp(r[3] / 1e6, UTC), "business_time": r[4],
            "actor": {"user_id": r[5], "username": r[10], "role": r[6], "unit": r[7]},
            "reason": r[8], "summary": r[9],
        }
        for r in rows
    ]
    return {"record_id": record_id, "kind": found[0], "label": found[2], "at_position": at,
            "events": events}
