"""Any record's history: every event with who, when (recorded and business time), why, what it
changed, its place in the log and whether its stored hashes still hold; and the difference between
two versions.

Each event carries its position, its leaf index (position − 1) and its stored leaf hash, so that a
client can ask for its inclusion proof (``/ledger/proofs/inclusion``) and check it.

A record above the caller's clearance at the requested position or now is refused (403
``clearance-too-low``); an event that names another record the caller may not see is shown as a
withheld line (position, leaf index, version, recorded time, ``kind: "withheld"``).
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query

from api.auth import Principal, permit, require_clearance
from api.deps import INT64_MAX, AtPosition, OfficeDep, readable_levels, time_axis
from api.http import Consistent
from api.problems import Problem
from domain.errors import RecordNotFound
from projections.history import (
    Step,
    entry,
    record_header,
    replay_record,
    visible_changes,
    withheld_entry,
    withheld_positions,
)
from projections.summaries import summarize
from projections.visibility import SecrecyIndex

router = APIRouter(prefix="/records", tags=["records"])


def _steps(office: OfficeDep, principal: Principal, record_id: UUID, at: int | None
           ) -> tuple[tuple[str, str | None], list[Step], frozenset[int]]:
    """The record's kind and label, its events up to ``at`` and the positions of those withheld
    from the caller; clearance checked then (at ``at``) and now."""
    db = office.store.db
    header = record_header(db, record_id)
    readable = readable_levels(principal)
    index = SecrecyIndex.load(db, [str(record_id)])
    for moment in {at, None}:
        level = index.level(str(record_id), moment)
        if level is None:
            raise RecordNotFound(f"không có hồ sơ {record_id} (no such record)")
        require_clearance(principal, level)
    latest = office.checkpoints.latest()
    steps = replay_record(db, office.mapper, record_id, upto=at,
                          signed_size=latest.tree_size if latest else None)
    return header, steps, withheld_positions(db, record_id, readable)


@router.get("/{record_id}/history",
            summary="Lịch sử hồ sơ: mọi sự kiện, ai, khi nào, vì sao, thay đổi gì, đã kiểm chứng chưa")
def history(principal: Annotated[Principal, permit("records.read")], office: OfficeDep,
            record_id: UUID, _: Consistent, at: AtPosition) -> dict[str, Any]:
    (kind, label), steps, withheld = _steps(office, principal, record_id, at)
    return {"record_id": record_id, "kind": kind, "label": label, **time_axis(at, None),
            "events": [withheld_entry(s) if s.row.position in withheld else entry(s)
                       for s in steps]}


@router.get("/{record_id}/diff", summary="So sánh hai phiên bản của một hồ sơ")
def diff(principal: Annotated[Principal, permit("records.read")], office: OfficeDep,
         record_id: UUID, _: Consistent,
         from_version: Annotated[int, Query(alias="from", ge=0, le=INT64_MAX, description=(
             "phiên bản đầu (0: trước khi tạo)"))],
         to_version: Annotated[int, Query(alias="to", ge=1, le=INT64_MAX,
                                          description="phiên bản sau")],
         ) -> dict[str, Any]:
    (kind, label), steps, withheld = _steps(office, principal, record_id, None)
    if from_version > to_version or to_version > len(steps):
        raise Problem(422, "version-out-of-range", "Phiên bản không hợp lệ",
                      f"need 0 ≤ from ≤ to ≤ {len(steps)} (the record's last version)")
    between = [withheld_entry(s) if s.row.position in withheld else {
        "version": s.row.version, "position": s.row.position, "type": s.type,
        "summary": summarize(s.event)} for s in steps[from_version:to_version]]
    return {"record_id": record_id, "kind": kind, "label": label, "from": from_version,
            "to": to_version, "events": between,
            "changes": visible_changes(steps, from_version, to_version, withheld)}
