"""The numbering rules as pure decisions: which series a document is numbered in, and the number
it takes there.

Party documents are numbered per symbol within a committee term, secret ones in the same series
(Hướng dẫn 36-HD/VPTW); State documents per symbol each calendar year, secret ones in a series of
their own (Nghị định 30/2020/NĐ-CP). The application looks up the issuer, the document type and
(for Party documents) the terms, loads the series, and passes them here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.actors import Secrecy
from domain.errors import InvalidValue
from domain.events import Event
from domain.numbering.errors import DocumentNumberTaken, NoSymbolForType
from domain.numbering.model import NumberSeries, SeriesKey, format_number
from domain.records import Context
from domain.reference.catalogue import term_on
from domain.reference.model import DocumentType, Issuer, NumberingSystem, Terms

#: The largest number a hand-entered (imported) document may carry.
MAX_NUMBER = 999_999


@dataclass(frozen=True)
class Allocation:
    """A number taken in a series: the events that take it (stored with the document's own) and
    what the document carries."""

    events: list[Event]
    series_id: UUID
    number: int
    symbol: str
    number_symbol: str
    system: NumberingSystem
    period: str


def series_key(issuer: Issuer, document_type: DocumentType, *, on: date, secrecy: Secrecy,
               terms: Terms | None) -> SeriesKey:
    """The series a document of ``document_type`` by ``issuer`` dated ``on`` is numbered in.

    The type must have a symbol under the issuer's system on that date; a Party document needs the
    committee term covering the date (``terms`` is read for Party issuers only).
    """
    symbol = document_type.symbol_on(issuer.system, on)
    if symbol is None:
        msg = (
            f"loại {document_type.code} chưa có ký hiệu cho văn bản {issuer.system.label} ngày "
            f"{on.isoformat()} (no symbol for this type on that date)"
        )
        raise NoSymbolForType(msg, field="document_type")
    if issuer.system is NumberingSystem.PARTY:
        return SeriesKey(issuer.code, symbol, term_on(terms, on).code, secret=False)
    return SeriesKey(issuer.code, symbol, str(on.year), secret=secrecy is not Secrecy.NONE)


def allocate(
    ctx: Context, series: NumberSeries | None, *, key: SeriesKey, issuer: Issuer,
    document_id: UUID, number: int | None = None,
) -> Allocation:
    """The next number of the series (opened with number 1 if it has none yet), or, for a document
    issued before the system, the hand-given ``number``, which must be free in the series."""
    events: list[Event] = []
    if series is None:
        events.append(ctx.event(NumberSeries.Opened, key.record_id, 1, key=key,
                                system=issuer.system))
        version, taken = 1, frozenset[int]()
    else:
        version, taken = series.version, series.taken
    if number is None:
        chosen = max(taken, default=0) + 1
        cls: type[Event] = NumberSeries.NumberAllocated
    else:
        if number < 1 or number > MAX_NUMBER:
            msg = f"number: số văn bản phải từ 1 đến {MAX_NUMBER} (number out of range)"
            raise InvalidValue(msg, field="number")
        if number in taken:
            text = format_number(issuer.system, number, key.symbol, issuer.abbreviation)
            msg = f"số {text} đã được dùng trong kỳ {key.period} (number already taken)"
            raise DocumentNumberTaken(msg, field="number", number_symbol=text)
        chosen = number
        cls = NumberSeries.NumberImported
    number_symbol = format_number(issuer.system, chosen, key.symbol, issuer.abbreviation)
    events.append(ctx.event(cls, key.record_id, version + 1, number=chosen,
                            document_id=document_id, number_symbol=number_symbol))
    return Allocation(events, key.record_id, chosen, key.symbol, number_symbol, issuer.system,
                      key.period)
