"""Admin commands on reference data, and the look-ups other contexts make.

Each command loads the catalogue it changes, lets the rule decide (``domain.reference.rules``) and
records the events. The look-ups load a catalogue and read it with ``domain.reference.catalogue``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from domain.application import OfficeApplication, Receipt
from domain.records import Context
from domain.reference import catalogue, rules
from domain.reference.errors import TermsOverlap, UnknownReference
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
    Term,
    Terms,
    Unit,
    Units,
    fold_document_types,
    fold_issuers,
    fold_terms,
    fold_units,
)

__all__ = ["Reference", "TermsOverlap", "UnknownReference"]


class Reference(OfficeApplication):
    """Units, issuers, document types and terms: data changed by admin commands."""

    def define_unit(self, ctx: Context, *, code: str, name: str, active: bool = True) -> Receipt:
        events = rules.define_unit(ctx, self.units(), code=code, name=name, active=active)
        return self.record(events, record_id=UNITS_ID)

    def define_issuer(
        self, ctx: Context, *, code: str, name: str, system: NumberingSystem, abbreviation: str,
        active: bool = True,
    ) -> Receipt:
        events = rules.define_issuer(ctx, self.issuers(), code=code, name=name, system=system,
                                     abbreviation=abbreviation, active=active)
        return self.record(events, record_id=ISSUERS_ID)

    def define_document_type(
        self, ctx: Context, *, code: str, name: str, directive: bool,
        symbols: list[tuple[NumberingSystem, str, date]], active: bool = True,
    ) -> Receipt:
        events = rules.define_document_type(ctx, self.document_types(), code=code, name=name,
                                            directive=directive, symbols=symbols, active=active)
        return self.record(events, record_id=DOCUMENT_TYPES_ID)

    def define_term(
        self, ctx: Context, *, code: str, name: str, starts_on: date, ends_on: date
    ) -> Receipt:
        events = rules.define_term(ctx, self.terms(), code=code, name=name, starts_on=starts_on,
                                   ends_on=ends_on)
        return self.record(events, record_id=TERMS_ID)

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
        return catalogue.unit(self.units(), code)

    def require_units(self, codes: Iterable[str]) -> list[Unit]:
        """The active units named by ``codes``, from one load of the catalogue."""
        return catalogue.require_units(self.units(), codes)

    def issuer(self, code: str) -> Issuer:
        return catalogue.issuer(self.issuers(), code)

    def document_type(self, code: str) -> DocumentType:
        return catalogue.document_type(self.document_types(), code)

    def term_on(self, day: date) -> Term:
        return catalogue.term_on(self.terms(), day)
