"""Numbering series: one per (issuer, symbol, period), and for State secret documents their own.

Party documents (``05-NQ/TU``) are numbered from 01 per symbol within a committee term, secret ones in
the same series; State documents (``81/TB-VPCP``) from 01 each calendar year, secret ones in a series of
their own. The series is a record, so allocating a number is an event stored in the same transaction
as the document that takes it: no gap and no duplicate, even under concurrency.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from uuid import UUID, uuid5

from domain.events import Event
from domain.records import Fold, Record, new_record
from domain.reference.model import NumberingSystem

SERIES_NAMESPACE = UUID("3a7d2c4e-1f5b-5e8a-9c0d-7b6a5f4e3d21")


@dataclass(frozen=True)
class SeriesKey:
    issuer: str
    symbol: str
    period: str  # the committee term code (Party) or the year (State)
    secret: bool  # only ever true for State documents

    @property
    def record_id(self) -> UUID:
        return uuid5(SERIES_NAMESPACE, f"{self.issuer}|{self.symbol}|{self.period}|{self.secret}")


@dataclass(frozen=True, kw_only=True)
class NumberSeries(Record):
    key: SeriesKey
    system: NumberingSystem
    taken: frozenset[int] = field(default_factory=frozenset)

    @property
    def last(self) -> int:
        return max(self.taken, default=0)

    @dataclass(frozen=True, kw_only=True)
    class Opened(Event):
        key: SeriesKey
        system: NumberingSystem

    @dataclass(frozen=True, kw_only=True)
    class NumberAllocated(Event):
        number: int
        document_id: UUID
        number_symbol: str

    @dataclass(frozen=True, kw_only=True)
    class NumberImported(Event):
        """A number taken by a document issued before the system, entered from a past register."""

        number: int
        document_id: UUID
        number_symbol: str


fold_series: Fold[NumberSeries] = Fold(NumberSeries)


@fold_series.on(NumberSeries.Opened)
def _opened(_: None, e: NumberSeries.Opened) -> NumberSeries:
    return new_record(NumberSeries, e, key=e.key, system=e.system)


@fold_series.on(NumberSeries.NumberAllocated, NumberSeries.NumberImported)
def _taken(s: NumberSeries, e: NumberSeries.NumberAllocated) -> NumberSeries:
    return replace(s, taken=s.taken | {e.number})


def format_number(system: NumberingSystem, number: int, symbol: str, abbreviation: str) -> str:
    """``05-NQ/TU`` (Party) or ``81/TB-VPCP`` (State); numbers below 10 get a leading zero."""
    if system is NumberingSystem.PARTY:
        return f"{number:02d}-{symbol}/{abbreviation}"
    return f"{number:02d}/{symbol}-{abbreviation}"
