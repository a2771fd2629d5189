"""The office-wide feed of events in log order, for API consumers.

Each caller sees only the events of records their clearance covers; hidden events still advance the
cursor (``next_after``), so a consumer never stalls. The feed stops at what the read models have
indexed, so that every event's record and secrecy are known when it is shown.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import orjson
from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.auth import Principal, permit
from api.deps import INT64_MAX, OfficeDep
from api.http import Consistent
from domain.actors import Secrecy
from infra.ledger.topics import event_type

router = APIRouter(tags=["events"])

_SELECT = (
    "SELECT l.position, l.recorded_us, l.originator_id, l.originator_version, e.topic, e.state "
    "FROM office_log l JOIN stored_events e ON e.originator_id = l.originator_id "
    "AND e.originator_version = l.originator_version "
    "WHERE l.position > ? AND l.position <= ? ORDER BY l.position LIMIT ?"
)


class EventOut(BaseModel):
    position: int
    leaf_index: int
    recorded_at: datetime
    record_id: UUID
    version: int
    kind: str
    type: str
    topic: str
    data: dict[str, Any] = Field(description="the event's payload exactly as stored (JSON)")


class EventPage(BaseModel):
    items: list[EventOut]
    next_after: int = Field(description="pass as ?after= for the next page")
    head: int = Field(description="the last position the feed can show now")


def record_secrecy(office: OfficeDep, ids: list[str]) -> dict[str, tuple[str, str]]:
    """Kind and secrecy of each record (live), from the records index."""
    if not ids:
        return {}
    out: dict[str, tuple[str, str]] = {}
    with office.store.db.read() as cur:
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            cur.execute(
                "SELECT record_id, kind, secrecy FROM records WHERE valid_to IS NULL AND "
                f"record_id IN ({','.join('?' * len(chunk))})", chunk,
            )
            out.update({r[0]: (r[1], r[2]) for r in cur.fetchall()})
    return out


@router.get("/events", response_model=EventPage, summary="Dòng sự kiện theo thứ tự nhật ký")
def feed(
    office: OfficeDep, principal: Annotated[Principal, permit("events.read")], _: Consistent,
    after: Annotated[int, Query(ge=0, le=INT64_MAX, description="last position already seen")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> EventPage:
    head = office.projections.position()
    with office.store.db.read() as cur:
        cur.execute(_SELECT, (after, head, limit))
        rows = cur.fetchall()
    ids = [str(r[2] if isinstance(r[2], UUID) else UUID(r[2])) for r in rows]
    index = record_secrecy(office, sorted(set(ids)))
    items = []
    for row, record_id in zip(rows, ids, strict=True):
        kind, secrecy = index.get(record_id, ("", Secrecy.TUYET_MAT.value))
        if not principal.may_read(Secrecy(secrecy)):
            continue
        topic = row[4]
        items.append(EventOut(
            position=row[0], leaf_index=row[0] - 1,
            recorded_at=datetime.fromtimestamp(row[1] / 1e6, UTC), record_id=UUID(record_id),
            version=row[3], kind=kind, type=event_type(topic), topic=topic,
            data=orjson.loads(bytes(row[5])),
        ))
    next_after = int(rows[-1][0]) if rows else after
    return EventPage(items=items, next_after=next_after, head=head)
