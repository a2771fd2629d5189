"""Look-ups in the reference catalogues: an unknown or inactive entry is refused, naming it."""

from __future__ import annotations

from datetime import date

import pytest

from domain.reference import catalogue
from domain.reference.errors import UnknownReference
from tests.unit.reference.support import catalogues


class TestUnits:
    def test_units_are_found_in_order(self) -> None:
        """Several codes from one catalogue, in the order asked."""
        found = catalogue.require_units(catalogues().units, ["BTC", "VP"])
        assert [u.code for u in found] == ["BTC", "VP"]

    def test_an_inactive_unit_is_unknown(self) -> None:
        """A dissolved unit takes no new work."""
        with pytest.raises(UnknownReference) as err:
            catalogue.unit(catalogues().units, "CU")
        assert err.value.details == {"field": "unit", "code": "CU"}

    def test_no_catalogue_knows_no_unit(self) -> None:
        """Before any unit is defined every code is unknown."""
        with pytest.raises(UnknownReference):
            catalogue.require_units(None, ["VP"])


class TestIssuersTypesTerms:
    def test_unknown_issuer(self) -> None:
        with pytest.raises(UnknownReference) as err:
            catalogue.issuer(catalogues().issuers, "XX")
        assert err.value.details == {"field": "issuer", "code": "XX"}

    def test_unknown_document_type(self) -> None:
        with pytest.raises(UnknownReference) as err:
            catalogue.document_type(catalogues().types, "ZZ")
        assert err.value.details == {"field": "document_type", "code": "ZZ"}

    def test_the_term_covering_a_day(self) -> None:
        """15/10/2025 is the first day of the 2025–2030 term; the day before is the last of the
        previous one."""
        terms = catalogues().terms
        assert catalogue.term_on(terms, date(2025, 10, 15)).code == "2025-2030"
        assert catalogue.term_on(terms, date(2025, 10, 14)).code == "2020-2025"

    def test_a_day_outside_every_term(self) -> None:
        with pytest.raises(UnknownReference) as err:
            catalogue.term_on(catalogues().terms, date(2019, 1, 1))
        assert err.value.details == {"field": "date", "day": "2019-01-01"}
