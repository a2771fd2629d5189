"""The office-wide feed of events in log order, as one reader may see it.

Every position up to what the read models have indexed is given, in order and without a gap: an
event the reader may see in full (its record and every record it names visible then and now, see
:mod:`projections.visibility`), or else an opaque placeholder that keeps only its position and
recorded time, so that a consumer never stalls and nothing is named.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import orjson

from infra.db import Database
from projections.visibility import SecrecyIndex, split_names

_SELECT = (
    "SELECT l.position, l.recorded_us, l.originator_id, l.originator_version, e.topic, e.state, "
    "re.kind, re.names FROM office_log l JOIN stored_events e ON e.originator_id = l.originator_id "
    "AND e.originator_version = l.originator_version LEFT JOIN record_events re ON "
    "re.position = l.position WHERE l.position > ? AND l.position <= ? ORDER BY l.position LIMIT ?"
)


@dataclass(frozen=True)
class FeedEvent:
    """One position of the feed; ``record_id`` is None when the event is withheld (and then
    nothing but the position and the recorded time is set)."""

    position: int
    recorded_us: int
    record_id: UUID | None = None
    version: int | None = None
    kind: str | None = None
    topic: str | None = None
    data: dict[str, Any] | None = None

    @property
    def withheld(self) -> bool:
        return self.record_id is None


def _uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def read_feed(db: Database, *, after: int, head: int, limit: int, readable: Collection[str]
              ) -> list[FeedEvent]:
    """The events after position ``after`` up to ``head`` (at most ``limit``), each in full or
    withheld for a reader with these secrecy levels."""
    with db.read() as cur:
        cur.execute(_SELECT, (after, head, limit))
        rows = cur.fetchall()
    names = {int(r[0]): split_names(r[7]) for r in rows}
    ids = {str(_uuid(r[2])) for r in rows} | {n for found in names.values() for n in found}
    index = SecrecyIndex.load(db, ids, readable)
    out = []
    for position, recorded_us, originator, version, topic, state, kind, _ in rows:
        record_id = _uuid(originator)
        if not index.event_visible(str(record_id), names[int(position)], int(position), readable):
            out.append(FeedEvent(int(position), int(recorded_us)))
            continue
        out.append(FeedEvent(int(position), int(recorded_us), record_id, int(version),
                             kind or "", str(topic), orjson.loads(bytes(state))))
    return out
