"""Reference data as records: units, issuers, document types with their symbols, committee terms.

Rules that change are data, versioned as events (domain.md): each table is one catalogue record, so
folding it up to a past position gives the table as it was known then. Admin commands change them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from uuid import UUID, uuid5

from domain.events import Event
from domain.records import Fold, Record, new_record

REFERENCE_NAMESPACE = UUID("0b6b3f0e-8a4e-5c55-a0b0-6f3f6f1d2a10")
UNITS_ID = uuid5(REFERENCE_NAMESPACE, "units")
ISSUERS_ID = uuid5(REFERENCE_NAMESPACE, "issuers")
DOCUMENT_TYPES_ID = uuid5(REFERENCE_NAMESPACE, "document-types")
TERMS_ID = uuid5(REFERENCE_NAMESPACE, "terms")


class NumberingSystem(enum.StrEnum):
    """Party documents (Hướng dẫn 36-HD/VPTW) or State documents (Nghị định 30/2020/NĐ-CP)."""

    PARTY = "party"
    STATE = "state"

    @property
    def label(self) -> str:
        return "Đảng" if self is NumberingSystem.PARTY else "Nhà nước"


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    active: bool = True


@dataclass(frozen=True)
class Issuer:
    code: str
    name: str
    system: NumberingSystem
    abbreviation: str  # written after the slash: 05-NQ/TU, 81/TB-VPCP
    active: bool = True


@dataclass(frozen=True)
class SymbolRule:
    """From ``effective_from`` on, documents of a type under ``system`` carry ``symbol``."""

    system: NumberingSystem
    symbol: str
    effective_from: date


@dataclass(frozen=True)
class DocumentType:
    code: str
    name: str
    directive: bool  # issued by the committee and followed up (NQ, CT, KL, …)
    symbols: tuple[SymbolRule, ...]
    active: bool = True

    def symbol_on(self, system: NumberingSystem, day: date) -> str | None:
        rules = [r for r in self.symbols if r.system is system and r.effective_from <= day]
        if not rules:
            return None
        return max(rules, key=lambda r: r.effective_from).symbol


@dataclass(frozen=True)
class Term:
    """A committee term (nhiệm kỳ): Party numbers run per type within it."""

    code: str
    name: str
    starts_on: date
    ends_on: date

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True, kw_only=True)
class Units(Record):
    units: Mapping[str, Unit] = field(default_factory=dict)

    @dataclass(frozen=True, kw_only=True)
    class Defined(Event):
        unit: Unit


@dataclass(frozen=True, kw_only=True)
class Issuers(Record):
    issuers: Mapping[str, Issuer] = field(default_factory=dict)

    @dataclass(frozen=True, kw_only=True)
    class Defined(Event):
        issuer: Issuer


@dataclass(frozen=True, kw_only=True)
class DocumentTypes(Record):
    types: Mapping[str, DocumentType] = field(default_factory=dict)

    @dataclass(frozen=True, kw_only=True)
    class Defined(Event):
        document_type: DocumentType


@dataclass(frozen=True, kw_only=True)
class Terms(Record):
    terms: tuple[Term, ...] = ()

    @dataclass(frozen=True, kw_only=True)
    class Defined(Event):
        term: Term

    def covering(self, day: date) -> Term | None:
        return next((t for t in self.terms if t.covers(day)), None)


fold_units: Fold[Units] = Fold(Units)
fold_issuers: Fold[Issuers] = Fold(Issuers)
fold_document_types: Fold[DocumentTypes] = Fold(DocumentTypes)
fold_terms: Fold[Terms] = Fold(Terms)


@fold_units.on(Units.Defined)
def _unit(state: Units | None, e: Units.Defined) -> Units:
    base = state or new_record(Units, e)
    return replace(base, units={**base.units, e.unit.code: e.unit})


@fold_issuers.on(Issuers.Defined)
def _issuer(state: Issuers | None, e: Issuers.Defined) -> Issuers:
    base = state or new_record(Issuers, e)
    return replace(base, issuers={**base.issuers, e.issuer.code: e.issuer})


@fold_document_types.on(DocumentTypes.Defined)
def _doc_type(state: DocumentTypes | None, e: DocumentTypes.Defined) -> DocumentTypes:
    base = state or new_record(DocumentTypes, e)
    return replace(base, types={**base.types, e.document_type.code: e.document_type})


@fold_terms.on(Terms.Defined)
def _term(state: Terms | None, e: Terms.Defined) -> Terms:
    base = state or new_record(Terms, e)
    others = tuple(t for t in base.terms if t.code != e.term.code)
    return replace(base, terms=tuple(sorted((*others, e.term), key=lambda t: t.starts_on)))
