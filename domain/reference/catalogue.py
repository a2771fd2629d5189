"""Reading the reference catalogues: pure look-ups in the records, refusing what is not there.

The application loads a catalogue (``Units``, ``Issuers``, ``DocumentTypes``, ``Terms``; ``None`` when
nothing was ever defined) and passes it to a rule as a plain value; the rule names what it needs with
these functions, so a command refuses an unknown or inactive reference at the point where its rules
ask, and the rule stays free of I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from domain.reference.errors import UnknownReference
from domain.reference.model import (
    DocumentType,
    DocumentTypes,
    Issuer,
    Issuers,
    Term,
    Terms,
    Unit,
    Units,
)


def require_units(units: Units | None, codes: Iterable[str]) -> list[Unit]:
    """The active units named by ``codes``, in order; the first unknown or inactive one is refused."""
    found = []
    for code in codes:
        unit = units.units.get(code) if units else None
        if unit is None or not unit.active:
            msg = f"không có đơn vị {code!r} (unknown unit)"
            raise UnknownReference(msg, field="unit", code=code)
        found.append(unit)
    return found


def unit(units: Units | None, code: str) -> Unit:
    """The active unit ``code``."""
    return require_units(units, [code])[0]


def issuer(issuers: Issuers | None, code: str) -> Issuer:
    """The active issuing body ``code``."""
    found = issuers.issuers.get(code) if issuers else None
    if found is None or not found.active:
        msg = f"không có cơ quan ban hành {code!r} (unknown issuer)"
        raise UnknownReference(msg, field="issuer", code=code)
    return found


def document_type(types: DocumentTypes | None, code: str) -> DocumentType:
    """The active document type ``code``."""
    found = types.types.get(code) if types else None
    if found is None or not found.active:
        msg = f"không có loại văn bản {code!r} (unknown document type)"
        raise UnknownReference(msg, field="document_type", code=code)
    return found


def term_on(terms: Terms | None, day: date) -> Term:
    """The committee term that covers ``day``."""
    found = terms.covering(day) if terms else None
    if found is None:
        msg = f"không có nhiệm kỳ nào bao gồm ngày {day.isoformat()} (no committee term)"
        raise UnknownReference(msg, field="date", day=day.isoformat())
    return found
