"""Reference data: units, issuers, document types and their symbols, committee terms (the
commands that change them are in ``api/commands/reference.py``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter

from api.auth import Principal, permit
from api.deps import OfficeDep

router = APIRouter(prefix="/reference", tags=["reference"])
Reader = Annotated[Principal, permit("reference.read")]


def _table(record: Any, attribute: str) -> dict[str, Any]:
    if record is None:
        return {"version": 0, "items": []}
    values = getattr(record, attribute)
    items = list(values.values()) if isinstance(values, dict) else list(values)
    return {"version": record.version, "items": [asdict(i) for i in items]}


@router.get("/units", summary="Đơn vị")
def units(office: OfficeDep, _: Reader) -> dict[str, Any]:
    return _table(office.reference.units(), "units")


@router.get("/issuers", summary="Cơ quan ban hành")
def issuers(office: OfficeDep, _: Reader) -> dict[str, Any]:
    return _table(office.reference.issuers(), "issuers")


@router.get("/document-types", summary="Loại văn bản và ký hiệu theo thời kỳ")
def document_types(office: OfficeDep, _: Reader) -> dict[str, Any]:
    return _table(office.reference.document_types(), "types")


@router.get("/terms", summary="Nhiệm kỳ")
def terms(office: OfficeDep, _: Reader) -> dict[str, Any]:
    return _table(office.reference.terms(), "terms")
