"""The rules of the admin commands on reference data, as pure decisions.

Each catalogue is one record (``domain.reference.model``); a definition adds an entry or replaces the
entry with the same code, as a new event, so the catalogue as known at any past position stays
readable. Each function takes the context, the catalogue's current state (``None`` before its first
definition) and the command's values, and returns the events to record or raises the error named
for the rule.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.errors import InvalidValue
from domain.events import Event
from domain.records import Context, Record
from domain.reference.errors import TermsOverlap
from domain.reference.model import (
    DOCUMENT_TYPES_ID,
    ISSUERS_ID,
    TERMS_ID,
    UNITS_ID,
    DocumentType,
    DocumentTypes,
    Issuer,
    Issuers,
    NumberingSystem,
    SymbolRule,
    Term,
    Terms,
    Unit,
    Units,
)
from domain.text import clean, clean_code


def define_unit(ctx: Context, units: Units | None, *, code: str, name: str, active: bool = True
                ) -> list[Event]:
    """A unit of the committee (ban, văn phòng, đảng ủy trực thuộc) is added or changed."""
    unit = Unit(clean_code(code, "code"), clean(name, "name", max_length=300), active)
    return [_defined(ctx, UNITS_ID, units, Units.Defined, unit=unit)]


def define_issuer(
    ctx: Context, issuers: Issuers | None, *, code: str, name: str, system: NumberingSystem,
    abbreviation: str, active: bool = True,
) -> list[Event]:
    """An issuing body, with the numbering system its documents follow (Party or State) and the
    abbreviation written after the slash (``05-NQ/TU``, ``81/TB-VPCP``)."""
    issuer = Issuer(
        clean_code(code, "code"), clean(name, "name", max_length=300),
        NumberingSystem(system), clean_code(abbreviation, "abbreviation"), active,
    )
    return [_defined(ctx, ISSUERS_ID, issuers, Issuers.Defined, issuer=issuer)]


def define_document_type(
    ctx: Context, types: DocumentTypes | None, *, code: str, name: str, directive: bool,
    symbols: list[tuple[NumberingSystem, str, date]], active: bool = True,
) -> list[Event]:
    """A document type with its symbol under each system from a date on (symbols change: Quyết
    định and Quy định share QĐ since 2021). At least one rule; never two for the same system and
    date."""
    if not symbols:
        msg = "symbols: cần ít nhất một ký hiệu (at least one symbol rule)"
        raise InvalidValue(msg, field="symbols")
    rules = tuple(
        sorted(
            (SymbolRule(NumberingSystem(s), clean_code(sym, "symbol", max_length=12), d)
             for s, sym, d in symbols),
            key=lambda r: (r.system, r.effective_from),
        )
    )
    keys = [(r.system, r.effective_from) for r in rules]
    if len(set(keys)) != len(keys):
        msg = "symbols: hai ký hiệu cùng hệ thống và cùng ngày hiệu lực (duplicate rule)"
        raise InvalidValue(msg, field="symbols")
    doc_type = DocumentType(
        clean_code(code, "code"), clean(name, "name", max_length=200), directive, rules, active
    )
    return [_defined(ctx, DOCUMENT_TYPES_ID, types, DocumentTypes.Defined,
                     document_type=doc_type)]


def define_term(
    ctx: Context, terms: Terms | None, *, code: str, name: str, starts_on: date, ends_on: date
) -> list[Event]:
    """A committee term (nhiệm kỳ): it ends after it starts, and no date belongs to two terms
    (redefining a term under its own code may move its dates)."""
    if ends_on < starts_on:
        msg = "ends_on: nhiệm kỳ kết thúc trước khi bắt đầu (term ends before it starts)"
        raise InvalidValue(msg, field="ends_on")
    term = Term(clean_code(code, "code"), clean(name, "name", max_length=200), starts_on, ends_on)
    for other in terms.terms if terms else ():
        if other.code != term.code and other.starts_on <= ends_on and starts_on <= other.ends_on:
            msg = f"nhiệm kỳ trùng với {other.code} (overlaps term {other.code})"
            raise TermsOverlap(msg, field="starts_on")
    return [_defined(ctx, TERMS_ID, terms, Terms.Defined, term=term)]


def _defined(ctx: Context, record_id: UUID, current: Record | None, cls: type[Event],
             **fields: object) -> Event:
    """The catalogue's next event: its first (version 1) or the one after ``current``."""
    if current is None:
        return ctx.event(cls, record_id, 1, **fields)
    return ctx.follow(current, cls, **fields)
