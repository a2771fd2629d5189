"""Contexts and reference catalogues for unit tests, built by the rules and folds themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from uuid import UUID

from domain.actors import Actor, Role, Secrecy
from domain.records import Context
from domain.reference import rules
from domain.reference.model import (
    DocumentTypes,
    Issuers,
    NumberingSystem,
    Terms,
    Units,
    fold_document_types,
    fold_issuers,
    fold_terms,
    fold_units,
)

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
ADMIN = Actor(UUID(int=1), "quantri", Role.ADMIN, "VP")
LEADER = Actor(UUID(int=2), "lanhdao", Role.LEADER, "VP", Secrecy.TUYET_MAT)
ALWAYS = date(2000, 1, 1)
NS = NumberingSystem


def ctx(reason: str | None = None, *, who: Actor = LEADER, now: datetime = NOW) -> Context:
    return Context(who, now, reason=reason)


@dataclass(frozen=True)
class Catalogues:
    units: Units
    issuers: Issuers
    types: DocumentTypes
    terms: Terms


@cache
def catalogues() -> Catalogues:
    """A small office: three units (one inactive), a Party and a State issuer, directive and
    non-directive types (KL has no State symbol), and two committee terms."""
    c = ctx(who=ADMIN)
    units: Units | None = None
    for code, name, active in (("VP", "Văn phòng", True), ("BTC", "Ban Tổ chức", True),
                               ("BNC", "Ban Nội chính", True), ("UBKT", "Ủy ban Kiểm tra", True),
                               ("CU", "Ban đã giải thể", False)):
        units = fold_units(units, rules.define_unit(c, units, code=code, name=name, active=active))
    issuers: Issuers | None = None
    for code, name, system in (("TU", "Tỉnh ủy", NS.PARTY), ("UBND", "Ủy ban nhân dân", NS.STATE)):
        issuers = fold_issuers(issuers, rules.define_issuer(
            c, issuers, code=code, name=name, system=system, abbreviation=code))
    types: DocumentTypes | None = None
    for code, name, directive, symbols in (
        ("CT", "Chỉ thị", True, [(NS.PARTY, "CT", ALWAYS), (NS.STATE, "CT", ALWAYS)]),
        ("NQ", "Nghị quyết", True, [(NS.PARTY, "NQ", ALWAYS), (NS.STATE, "NQ", ALWAYS)]),
        ("KL", "Kết luận", True, [(NS.PARTY, "KL", ALWAYS)]),
        ("CV", "Công văn", False, [(NS.PARTY, "CV", ALWAYS), (NS.STATE, "CV", ALWAYS)]),
    ):
        types = fold_document_types(types, rules.define_document_type(
            c, types, code=code, name=name, directive=directive, symbols=symbols))
    terms: Terms | None = None
    for code, starts, ends in (("2020-2025", date(2020, 10, 15), date(2025, 10, 14)),
                               ("2025-2030", date(2025, 10, 15), date(2030, 10, 14))):
        terms = fold_terms(terms, rules.define_term(c, terms, code=code, name=f"Nhiệm kỳ {code}",
                                                    starts_on=starts, ends_on=ends))
    assert units is not None
    assert issuers is not None
    assert types is not None
    assert terms is not None
    return Catalogues(units, issuers, types, terms)
