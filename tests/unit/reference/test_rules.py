"""Admin commands on reference data: each definition is one event on its catalogue; the rules on
symbols and terms refuse what would make numbering ambiguous."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidValue
from domain.reference import rules
from domain.reference.errors import TermsOverlap
from domain.reference.model import (
    DOCUMENT_TYPES_ID,
    TERMS_ID,
    UNITS_ID,
    DocumentTypes,
    Issuers,
    NumberingSystem,
    SymbolRule,
    Terms,
    Unit,
    Units,
    fold_terms,
    fold_units,
)
from tests.unit.reference.support import ADMIN, NS, catalogues, ctx


class TestDefinitions:
    def test_the_first_definition_opens_the_catalogue(self) -> None:
        """No catalogue yet: the event is version 1 of the catalogue's fixed id."""
        [event] = rules.define_unit(ctx(who=ADMIN), None, code="VP", name="Văn phòng")
        assert isinstance(event, Units.Defined)
        assert (event.originator_id, event.originator_version) == (UNITS_ID, 1)
        assert event.unit == Unit("VP", "Văn phòng", True)
        assert event.actor == ADMIN

    def test_a_later_definition_follows_the_catalogue(self) -> None:
        """The next event's version is the catalogue's version plus one."""
        units = catalogues().units
        [event] = rules.define_unit(ctx(), units, code="BTC", name="Ban Tổ chức Tỉnh ủy")
        assert event.originator_version == units.version + 1

    def test_a_redefinition_replaces_the_entry(self) -> None:
        """Defining an existing code again changes it (here: deactivates it)."""
        units = catalogues().units
        after = fold_units(units, rules.define_unit(ctx(), units, code="BTC", name="Ban Tổ chức",
                                                    active=False))
        assert after is not None
        assert after.units["BTC"].active is False

    def test_names_are_nfc_and_codes_have_no_spaces(self) -> None:
        """A decomposed name is stored composed; a code with a space is refused."""
        [event] = rules.define_unit(ctx(), None, code="VP", name="Va\u0306n pho\u0300ng")
        assert isinstance(event, Units.Defined)
        assert event.unit.name == "Văn phòng"
        with pytest.raises(InvalidValue):
            rules.define_unit(ctx(), None, code="V P", name="Văn phòng")

    def test_an_issuer_keeps_its_system_and_abbreviation(self) -> None:
        """The numbering system is stored as the enum."""
        [event] = rules.define_issuer(ctx(), None, code="UBND", name="UBND tỉnh",
                                      system=NumberingSystem("state"), abbreviation="UBND")
        assert isinstance(event, Issuers.Defined)
        assert (event.issuer.system, event.issuer.abbreviation) == (NS.STATE, "UBND")


class TestDocumentTypes:
    def test_symbol_rules_are_sorted_by_system_and_date(self) -> None:
        """Rules given in any order are stored per system, oldest first."""
        [event] = rules.define_document_type(
            ctx(), catalogues().types, code="QDI", name="Quy định", directive=True,
            symbols=[(NS.PARTY, "QĐ", date(2021, 1, 1)), (NS.PARTY, "QĐi", date(2018, 1, 1))])
        assert isinstance(event, DocumentTypes.Defined)
        assert event.originator_id == DOCUMENT_TYPES_ID
        assert event.document_type.symbols == (SymbolRule(NS.PARTY, "QĐi", date(2018, 1, 1)),
                                               SymbolRule(NS.PARTY, "QĐ", date(2021, 1, 1)))

    def test_a_type_needs_a_symbol(self) -> None:
        """No symbol rule at all is refused on ``symbols``."""
        with pytest.raises(InvalidValue) as err:
            rules.define_document_type(ctx(), None, code="X", name="X", directive=False,
                                       symbols=[])
        assert err.value.details == {"field": "symbols"}

    def test_two_rules_for_one_system_and_date_are_refused(self) -> None:
        """The symbol on a date must be unambiguous."""
        with pytest.raises(InvalidValue, match="duplicate rule"):
            rules.define_document_type(
                ctx(), None, code="X", name="X", directive=False,
                symbols=[(NS.PARTY, "A", date(2020, 1, 1)), (NS.PARTY, "B", date(2020, 1, 1))])


class TestTerms:
    def test_a_term_ends_after_it_starts(self) -> None:
        """ends_on before starts_on is refused on ``ends_on``."""
        with pytest.raises(InvalidValue) as err:
            rules.define_term(ctx(), None, code="T", name="T", starts_on=date(2030, 1, 1),
                              ends_on=date(2029, 12, 31))
        assert err.value.details == {"field": "ends_on"}

    def test_terms_do_not_overlap(self) -> None:
        """A term sharing a single day with another is refused, naming the other."""
        with pytest.raises(TermsOverlap, match="2025-2030"):
            rules.define_term(ctx(), catalogues().terms, code="2030-2035", name="Nhiệm kỳ",
                              starts_on=date(2030, 10, 14), ends_on=date(2035, 10, 14))

    def test_a_term_may_move_its_own_dates(self) -> None:
        """Redefining a term under its code is not an overlap with itself."""
        terms = catalogues().terms
        events = rules.define_term(ctx(), terms, code="2025-2030", name="Nhiệm kỳ 2025–2030",
                                   starts_on=date(2025, 10, 15), ends_on=date(2030, 10, 20))
        after = fold_terms(terms, events)
        assert isinstance(after, Terms)
        assert events[0].originator_id == TERMS_ID
        assert [t.ends_on for t in after.terms] == [date(2025, 10, 14), date(2030, 10, 20)]
