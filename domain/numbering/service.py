"""The numbering service: the one place where outgoing documents get their number-symbol.

Directives use it when they are issued, and the archive uses it for every other outgoing document.
It looks up the facts (issuer, document type, terms, the series) and lets the numbering rules
(``domain.numbering.rules``) decide; it returns the events that take the number, and the caller
stores them together with its own events, so the number and the document are written in one
transaction or not at all.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.actors import Secrecy
from domain.application import OfficeApplication
from domain.numbering import rules
from domain.numbering.errors import DocumentNumberTaken, NoSymbolForType
from domain.numbering.model import SeriesKey, fold_series
from domain.numbering.rules import Allocation
from domain.records import Context
from domain.reference.model import Issuer, NumberingSystem
from domain.reference.service import Reference

__all__ = ["Allocation", "DocumentNumberTaken", "NoSymbolForType", "Numbering"]


class Numbering:
    """Allocates (or, for past documents, checks and takes) numbers in the right series."""

    def __init__(self, app: OfficeApplication, reference: Reference) -> None:
        self.app = app
        self.reference = reference

    def series_key(self, *, issuer: str, document_type: str, on: date, secrecy: Secrecy
                   ) -> tuple[SeriesKey, NumberingSystem, str]:
        iss, key = self._series(issuer=issuer, document_type=document_type, on=on,
                                secrecy=secrecy)
        return key, iss.system, iss.abbreviation

    def allocate(
        self, ctx: Context, *, issuer: str, document_type: str, on: date, secrecy: Secrecy,
        document_id: UUID, number: int | None = None,
    ) -> Allocation:
        """The next number of the series, or ``number`` if given (importing a past document)."""
        iss, key = self._series(issuer=issuer, document_type=document_type, on=on,
                                secrecy=secrecy)
        series = self.app.find(key.record_id, fold_series)
        return rules.allocate(ctx, series, key=key, issuer=iss, document_id=document_id,
                              number=number)

    def _series(self, *, issuer: str, document_type: str, on: date, secrecy: Secrecy
                ) -> tuple[Issuer, SeriesKey]:
        """The issuer and the key of the series, from the reference data (terms: Party only)."""
        iss = self.reference.issuer(issuer)
        doc_type = self.reference.document_type(document_type)
        terms = self.reference.terms() if iss.system is NumberingSystem.PARTY else None
        return iss, rules.series_key(iss, doc_type, on=on, secrecy=secrecy, terms=terms)
