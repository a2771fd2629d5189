"""Request bodies of the reference-data commands."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from api.http import Body
from api.schemas.common import Code, ShortText
from domain.reference.model import NumberingSystem


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
