"""Reference data: units, issuers, document types and their symbols, committee terms."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import Field
from starlette.responses import Response

from api.auth import Principal, permit
from api.deps import OfficeDep, command
from api.http import Body, CommandResult, command_answer, context
from api.schemas.common import Code, ShortText
from domain.reference.model import NumberingSystem

router = APIRouter(prefix="/reference", tags=["reference"])
Admin = Annotated[Principal, permit("reference.change")]
Reader = Annotated[Principal, permit("reference.read")]


class UnitIn(Body):
    code: Code = Field(examples=["BTG"])
    name: ShortText = Field(examples=["Ban Tuyên giáo và Dân vận Tỉnh ủy"])
    active: bool = True


class IssuerIn(Body):
    code: Code = Field(examples=["TU"])
    name: ShortText = Field(examples=["Tỉnh ủy"])
    system: NumberingSystem
    abbreviation: Code = Field(examples=["TU"], description="viết sau dấu gạch chéo: 05-NQ/TU")
    active: bool = True


class SymbolIn(Body):
    system: NumberingSystem
    symbol: Code = Field(examples=["QĐ"])
    effective_from: date = Field(examples=["2021-01-01"])


class DocumentTypeIn(Body):
    code: Code = Field(examples=["QDI"])
    name: ShortText = Field(examples=["Quy định"])
    directive: bool = Field(description="văn bản chỉ đạo được theo dõi thực hiện")
    symbols: list[SymbolIn] = Field(min_length=1, max_length=20)
    active: bool = True


class TermIn(Body):
    code: Code = Field(examples=["2025-2030"])
    name: ShortText = Field(examples=["Nhiệm kỳ 2025–2030"])
    starts_on: date
    ends_on: date


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


@router.post("/units", response_model=CommandResult, openapi_extra=command("reference.change"),
             summary="Thêm hoặc sửa đơn vị")
def define_unit(
    principal: Admin, request: Request, office: OfficeDep, body: UnitIn,
) -> Response:
    return command_answer(request, office.reference.define_unit(
        context(request, principal), **body.model_dump()))


@router.post("/issuers", response_model=CommandResult, openapi_extra=command("reference.change"),
             summary="Thêm hoặc sửa cơ quan ban hành")
def define_issuer(
    principal: Admin, request: Request, office: OfficeDep, body: IssuerIn,
) -> Response:
    return command_answer(request, office.reference.define_issuer(
        context(request, principal), **body.model_dump()))


@router.post("/document-types", response_model=CommandResult,
             openapi_extra=command("reference.change"), summary="Thêm hoặc sửa loại văn bản")
def define_document_type(
    principal: Admin, request: Request, office: OfficeDep, body: DocumentTypeIn,
) -> Response:
    symbols = [(s.system, s.symbol, s.effective_from) for s in body.symbols]
    return command_answer(request, office.reference.define_document_type(
        context(request, principal), code=body.code, name=body.name, directive=body.directive,
        symbols=symbols, active=body.active))


@router.post("/terms", response_model=CommandResult, openapi_extra=command("reference.change"),
             summary="Thêm hoặc sửa nhiệm kỳ")
def define_term(
    principal: Admin, request: Request, office: OfficeDep, body: TermIn,
) -> Response:
    return command_answer(request, office.reference.define_term(
        context(request, principal), **body.model_dump()))
