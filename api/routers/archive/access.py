"""Access requests (reading, loans) and disposals: one of each (the commands are in
``api/commands/archive.py``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from starlette.responses import Response

from api.deps import AtPosition, time_axis
from api.http import record_answer
from api.kinds import ACCESS_REQUEST, DISPOSAL
from api.reading import Seen, reading
from api.routers.archive.common import view
from domain.archive.access import AccessRequest
from domain.archive.disposal import Disposal

router = APIRouter(prefix="/archive", tags=["archive"])


@router.get("/access-requests/{request_id}", summary="Một yêu cầu khai thác")
def get_access(
    seen: Annotated[Seen[AccessRequest], reading(ACCESS_REQUEST, "archive.read",
                                                 param="request_id")],
    at: AtPosition,
) -> Response:
    return record_answer(seen.record, view(seen.record) | time_axis(at, None))


@router.get("/disposals/{disposal_id}", summary="Một đợt hủy tài liệu")
def get_disposal(
    seen: Annotated[Seen[Disposal], reading(DISPOSAL, "archive.read", param="disposal_id")],
    at: AtPosition,
) -> Response:
    return record_answer(seen.record, view(seen.record) | time_axis(at, None))
