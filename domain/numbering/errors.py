"""The rules of numbering, one error class each."""

from __future__ import annotations

from domain.errors import RuleViolation
from domain.reference.errors import UnknownReference


class DocumentNumberTaken(RuleViolation):
    """(number, symbol, issuer) is unique within a period: a hand-given number must be free."""


class NoSymbolForType(UnknownReference):
    """The document type has no symbol under the issuer's numbering system on that date."""
