"""The rules of reference data, one error class each."""

from __future__ import annotations

from domain.errors import InvalidValue, RuleViolation


class TermsOverlap(RuleViolation):
    """Committee terms do not overlap: each date belongs to at most one term."""


class UnknownReference(InvalidValue):
    """A command names a unit, issuer, document type or term that the reference data lacks."""
