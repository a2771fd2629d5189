"""The office-wide feed of events in log order, for API consumers.

Every position is given, in order and without a gap. An event the caller may not see (its record,
or a record it names, is above their clearance then or now) comes as a placeholder with only its
position, leaf index, recorded time and ``kind: "withheld"``, so a consumer never stalls and nothing
is named. The feed stops at what the read models have indexed, so that every event's record and
secrecy are known when it is shown.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.auth import Principal, permit
from api.deps import INT64_MAX, OfficeDep, readable_levels
from api.http import Consistent
from infra.ledger.topics import event_type
from projections.feed import FeedEvent, read_feed

router = APIRouter(tags=["events"])


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


class WithheldEventOut(BaseModel):
    """An event above the caller's clearance: where it is in the log, and nothing else."""

    position: int
    leaf_index: int
    recorded_at: datetime
    kind: Literal["withheld"] = "withheld"


class EventPage(BaseModel):
    items: list[EventOut | WithheldEventOut]
    next_after: int = Field(description="pass as ?after= for the next page")
    head: int = Field(description="the last position the feed can show now")


def _out(e: FeedEvent) -> EventOut | WithheldEventOut:
    recorded_at = datetime.fromtimestamp(e.recorded_us / 1e6, UTC)
    if e.record_id is None or e.topic is None or e.version is None:
        return WithheldEventOut(position=e.position, leaf_index=e.position - 1,
                                recorded_at=recorded_at)
    return EventOut(position=e.position, leaf_index=e.position - 1, recorded_at=recorded_at,
                    record_id=e.record_id, version=e.version, kind=e.kind or "",
                    type=event_type(e.topic), topic=e.topic, data=e.data or {})


@router.get("/events", response_model=EventPage, summary="Dòng sự kiện theo thứ tự nhật ký")
def feed(
    office: OfficeDep, principal: Annotated[Principal, permit("events.read")], _: Consistent,
    after: Annotated[int, Query(ge=0, le=INT64_MAX, description="last position already seen")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> EventPage:
    head = office.projections.position()
    events = read_feed(office.store.db, after=after, head=head, limit=limit,
                       readable=readable_levels(principal))
    next_after = events[-1].position if events else after
    return EventPage(items=[_out(e) for e in events], next_after=next_after, head=head)
