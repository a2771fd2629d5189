"""Files (hồ sơ) and the retention table (the commands — open, fill, close, keep back, hand over,
declassify, transfer, legal holds — are in ``api/commands/archive.py``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.auth import Principal, permit
from api.deps import OfficeDep
from api.kinds import FILE
from api.reading import Seen, reading
from api.routers.archive.common import show
from domain.archive.files import ArchiveFile
from domain.archive.values import ItemKind

router = APIRouter(prefix="/archive", tags=["archive"])
Reader = Annotated[Principal, permit("archive.read")]


@router.get("/retention-classes", summary="Bảng thời hạn bảo quản")
def retention_classes(office: OfficeDep, _: Reader) -> dict[str, Any]:
    table = office.archive.retention_table()
    if table is None:
        return {"version": 0, "items": []}
    items = [{**asdict(c), "label": c.label} for c in table.classes.values()]
    return {"version": table.version, "items": items}


@router.get("/files/{file_id}", summary="Một hồ sơ (thời hạn bảo quản, mã lưu trữ, phong tỏa)")
def get_file(
    request: Request,
    seen: Annotated[Seen[ArchiveFile], reading(FILE, "archive.read", param="file_id")],
) -> Response:
    f = seen.record
    return show(request, seen, ItemKind.FILE, {
        "retention_years": f.retention_years, "expires_on": f.expires_on,
        "handover_due": f.handover_due, "on_hold": f.on_hold})
