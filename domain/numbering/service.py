"""The numbering service: the one place where outgoing documents get their number-symbol.

Directives use it when they are issued, and the archive uses it for every other outgoing document.
It returns the events that take the number; the caller stores them together with its own events, so
the number and the document are written in one transaction or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.actors import Secrecy
from domain.application import OfficeApplication
from domain.errors import InvalidValue, RuleViolation
from domain.events import Event
from domain.numbering.model import NumberSeries, SeriesKey, fold_series, format_number
from domain.records import Context
from domain.reference.model import NumberingSystem
from domain.reference.service import Reference, UnknownReference


class DocumentNumberTaken(RuleViolation):
    """(number, symbol, issuer) is unique within a period: a hand-given number must be free."""


class NoSymbolForType(UnknownReference):
    """The document type has no symbol under the issuer's numbering system on that date."""


@dataclass(frozen=True)
class Allocation:
    events: list[Event]
    series_id: UUID
    number: int
    symbol: str
    number_symbol: str
    system: NumberingSystem
    period: str


class Numbering:
    """Allocates (or, for past documents, checks and takes) numbers in the right series."""

    def __init__(self, app: OfficeApplication, reference: Reference) -> None:
        self.app = app
        self.reference = reference

    def series_key(self, *, issuer: str, document_type: str, on: date, secrecy: Secrecy
                   ) -> tuple[SeriesKey, NumberingSystem, str]:
        iss = self.reference.issuer(issuer)
        doc_type = self.reference.document_type(document_type)
        symbol = doc_type.symbol_on(iss.system, on)
        if symbol is None:
            msg = (
                f"loại {doc_type.code} chưa có ký hiệu cho văn bản {iss.system.label} ngày "
                f"{on.isoformat()} (no symbol for this type on that date)"
            )
            raise NoSymbolForType(msg, field="document_type")
        if iss.system is NumberingSystem.PARTY:
            key = SeriesKey(iss.code, symbol, self.reference.term_on(on).code, secret=False)
        else:
            key = SeriesKey(iss.code, symbol, str(on.year), secret=secrecy is not Secrecy.NONE)
        return key, iss.system, iss.abbreviation

    def allocate(
        self, ctx: Context, *, issuer: str, document_type: str, on: date, secrecy: Secrecy,
        document_id: UUID, number: int | None = None,
    ) -> Allocation:
        """The next number of the series, or ``number`` if given (importing a past document)."""
        key, system, abbreviation = self.series_key(
            issuer=issuer, document_type=document_type, on=on, secrecy=secrecy
        )
        series = self.app.find(key.record_id, fold_series)
        events: list[Event] = []
        version = 0
        if series is None:
            events.append(ctx.event(NumberSeries.Opened, key.record_id, 1, key=key, system=system))
            version = 1
            taken: frozenset[int] = frozenset()
        else:
            version = series.version
            taken = series.taken
        if number is None:
            chosen = max(taken, default=0) + 1
            cls: type[Event] = NumberSeries.NumberAllocated
        else:
            if number < 1 or number > 999_999:
                msg = "number: số văn bản phải từ 1 đến 999999 (number out of range)"
                raise InvalidValue(msg, field="number")
            if number in taken:
                text = format_number(system, number, key.symbol, abbreviation)
                msg = f"số {text} đã được dùng trong kỳ {key.period} (number already taken)"
                raise DocumentNumberTaken(msg, field="number", number_symbol=text)
            chosen = number
            cls = NumberSeries.NumberImported
        number_symbol = format_number(system, chosen, key.symbol, abbreviation)
        events.append(
            ctx.event(cls, key.record_id, version + 1, number=chosen, document_id=document_id,
                      number_symbol=number_symbol)
        )
        return Allocation(events, key.record_id, chosen, key.symbol, number_symbol, system,
                          key.period)
