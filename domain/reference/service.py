"""Admin commands on reference data, and the look-ups other contexts make."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from domain.application import OfficeApplication, Receipt
from domain.errors import InvalidValue, RuleViolation
from domain.records import Context, Fold, R
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
    fold_document_types,
    fold_issuers,
    fold_terms,
    fold_units,
)
from domain.text import clean, clean_code


class TermsOverlap(RuleViolation):
    """Committee terms do not overlap: each date belongs to at most one term."""


class UnknownReference(InvalidValue):
    """A command names a unit, issuer, document type or term that the reference data lacks."""


class Reference(OfficeApplication):
    """Units, issuers, document types and terms: data changed by admin commands."""

    def define_unit(self, ctx: Context, *, code: str, name: str, active: bool = True) -> Receipt:
        unit = Unit(clean_code(code, "code"), clean(name, "name", max_length=300), active)
        return self._define(ctx, UNITS_ID, fold_units, Units.Defined, unit=unit)

    def define_issuer(
        self, ctx: Context, *, code: str, name: str, system: NumberingSystem, abbreviation: str,
        active: bool = True,
    ) -> Receipt:
        issuer = Issuer(
            clean_code(code, "code"), clean(name, "name", max_length=300),
            NumberingSystem(system), clean_code(abbreviation, "abbreviation"), active,
        )
        return self._define(ctx, ISSUERS_ID, fold_issuers, Issuers.Defined, issuer=issuer)

    def define_document_type(
        self, ctx: Context, *, code: str, name: str, directive: bool,
        symbols: list[tuple[NumberingSystem, str, date]], active: bool = True,
    ) -> Receipt:
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
        return self._define(
            ctx, DOCUMENT_TYPES_ID, fold_document_types, DocumentTypes.Defined,
            document_type=doc_type,
        )

    def define_term(
        self, ctx: Context, *, code: str, name: str, starts_on: date, ends_on: date
    ) -> Receipt:
        if ends_on < starts_on:
            msg = "ends_on: nhiệm kỳ kết thúc trước khi bắt đầu (term ends before it starts)"
            raise InvalidValue(msg, field="ends_on")
        term = Term(clean_code(code, "code"), clean(name, "name", max_length=200), starts_on,
                    ends_on)
        current = self.find(TERMS_ID, fold_terms)
        for other in current.terms if current else ():
            if other.code != term.code and other.starts_on <= ends_on and starts_on <= other.ends_on:
                msg = f"nhiệm kỳ trùng với {other.code} (overlaps term {other.code})"
                raise TermsOverlap(msg, field="starts_on")
        return self._define(ctx, TERMS_ID, fold_terms, Terms.Defined, term=term)

    def _define(self, ctx: Context, record_id: UUID, fold: Fold[R], cls: type, **fields: object
                ) -> Receipt:
        current = self.find(record_id, fold)
        version = current.version + 1 if current else 1
        return self.record([ctx.event(cls, record_id, version, **fields)], record_id=record_id)

    # Look-ups ---------------------------------------------------------------------------------

    def units(self) -> Units | None:
        return self.find(UNITS_ID, fold_units)

    def issuers(self) -> Issuers | None:
        return self.find(ISSUERS_ID, fold_issuers)

    def document_types(self) -> DocumentTypes | None:
        return self.find(DOCUMENT_TYPES_ID, fold_document_types)

    def terms(self) -> Terms | None:
        return self.find(TERMS_ID, fold_terms)

    def unit(self, code: str) -> Unit:
        return self.require_units([code])[0]

    def require_units(self, codes: Iterable[str]) -> list[Unit]:
        """The active units named by ``codes``, from one load of the catalogue."""
        units = self.units()
        found = []
        for code in codes:
            unit = units.units.get(code) if units else None
            if unit is None or not unit.active:
                msg = f"không có đơn vị {code!r} (unknown unit)"
                raise UnknownReference(msg, field="unit", code=code)
            found.append(unit)
        return found

    def issuer(self, code: str) -> Issuer:
        issuers = self.issuers()
        issuer = issuers.issuers.get(code) if issuers else None
        if issuer is None or not issuer.active:
            msg = f"không có cơ quan ban hành {code!r} (unknown issuer)"
            raise UnknownReference(msg, field="issuer", code=code)
        return issuer

    def document_type(self, code: str) -> DocumentType:
        types = self.document_types()
        doc_type = types.types.get(code) if types else None
        if doc_type is None or not doc_type.active:
            msg = f"không có loại văn bản {code!r} (unknown document type)"
            raise UnknownReference(msg, field="document_type", code=code)
        return doc_type

    def term_on(self, day: date) -> Term:
        terms = self.terms()
        term = terms.covering(day) if terms else None
        if term is None:
            msg = f"không có nhiệm kỳ nào bao gồm ngày {day.isoformat()} (no committee term)"
            raise UnknownReference(msg, field="date", day=day.isoformat())
        return term


