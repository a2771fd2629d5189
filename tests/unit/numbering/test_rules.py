"""Numbering: which series a document is numbered in (Party per term, State per year, State secrets
apart), the next number, and a hand-given number for a document issued before the system."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.actors import Secrecy
from domain.errors import InvalidValue
from domain.numbering import rules
from domain.numbering.errors import DocumentNumberTaken, NoSymbolForType
from domain.numbering.model import NumberSeries, SeriesKey, fold_series
from domain.reference.errors import UnknownReference
from domain.reference.model import Issuer
from tests.unit.reference.support import catalogues, ctx

DOC = UUID(int=100)


def party() -> Issuer:
    return catalogues().issuers.issuers["TU"]


def state() -> Issuer:
    return catalogues().issuers.issuers["UBND"]


def key_for(issuer: Issuer, type_code: str, on: date, secrecy: Secrecy = Secrecy.NONE
            ) -> SeriesKey:
    c = catalogues()
    return rules.series_key(issuer, c.types.types[type_code], on=on, secrecy=secrecy,
                            terms=c.terms)


def series_with(key: SeriesKey, *numbers: int) -> NumberSeries:
    """A series that has taken ``numbers``, folded from the allocations' own events."""
    state_: NumberSeries | None = None
    for n in numbers:
        allocation = rules.allocate(ctx(), state_, key=key, issuer=party(), document_id=DOC,
                                    number=n)
        state_ = fold_series(state_, allocation.events)
    assert state_ is not None
    return state_


class TestSeries:
    def test_party_documents_run_through_the_committee_term(self) -> None:
        """December 2025 and February 2026 are both in the 2025–2030 term: one series."""
        assert key_for(party(), "NQ", date(2025, 12, 1)) == key_for(party(), "NQ", date(2026, 2, 1))
        assert key_for(party(), "NQ", date(2026, 2, 1)).period == "2025-2030"

    def test_a_new_term_is_a_new_party_series(self) -> None:
        """14/10/2025 and 15/10/2025 are in different terms."""
        before = key_for(party(), "NQ", date(2025, 10, 14))
        after = key_for(party(), "NQ", date(2025, 10, 15))
        assert (before.period, after.period) == ("2020-2025", "2025-2030")

    def test_party_secrets_share_the_series(self) -> None:
        """A Mật resolution takes its number in the ordinary series."""
        secret = key_for(party(), "NQ", date(2026, 3, 2), Secrecy.MAT)
        assert secret == key_for(party(), "NQ", date(2026, 3, 2))
        assert secret.secret is False

    def test_state_documents_restart_every_year(self) -> None:
        """31/12 and 1/1 are different State periods."""
        assert key_for(state(), "CT", date(2025, 12, 31)).period == "2025"
        assert key_for(state(), "CT", date(2026, 1, 1)).period == "2026"

    def test_state_secrets_have_their_own_series(self) -> None:
        """A Mật State directive is numbered apart from the ordinary ones."""
        secret = key_for(state(), "CT", date(2026, 3, 2), Secrecy.MAT)
        assert secret.secret is True
        assert secret.record_id != key_for(state(), "CT", date(2026, 3, 2)).record_id

    def test_a_type_without_a_symbol_in_the_system(self) -> None:
        """Kết luận has no State symbol: refused on ``document_type``."""
        with pytest.raises(NoSymbolForType) as err:
            key_for(state(), "KL", date(2026, 3, 2))
        assert err.value.details == {"field": "document_type"}

    def test_a_party_document_needs_a_term(self) -> None:
        """A date before every known term is refused as unknown reference data."""
        with pytest.raises(UnknownReference, match="no committee term"):
            key_for(party(), "NQ", date(2019, 1, 1))

    def test_state_numbers_need_no_term(self) -> None:
        """The terms are not read for a State issuer (none given, no refusal)."""
        c = catalogues()
        key = rules.series_key(state(), c.types.types["CT"], on=date(2019, 1, 1),
                               secrecy=Secrecy.NONE, terms=None)
        assert key.period == "2019"


class TestAllocation:
    def test_the_first_number_opens_the_series(self) -> None:
        """No series yet: Opened (version 1) then NumberAllocated 01 (version 2)."""
        key = key_for(party(), "CT", date(2026, 3, 2))
        a = rules.allocate(ctx(), None, key=key, issuer=party(), document_id=DOC)
        assert [type(e) for e in a.events] == [NumberSeries.Opened, NumberSeries.NumberAllocated]
        assert [e.originator_version for e in a.events] == [1, 2]
        assert (a.number, a.number_symbol, a.series_id, a.period) == (
            1, "01-CT/TU", key.record_id, "2025-2030")

    def test_the_next_number_follows_the_highest_taken(self) -> None:
        """Numbers 1, 2 and 5 taken (5 imported): the next is 6."""
        key = key_for(party(), "CT", date(2026, 3, 2))
        series = series_with(key, 1, 2, 5)
        a = rules.allocate(ctx(), series, key=key, issuer=party(), document_id=DOC)
        assert (a.number, a.number_symbol) == (6, "06-CT/TU")
        [event] = a.events
        assert isinstance(event, NumberSeries.NumberAllocated)
        assert (event.originator_version, event.document_id) == (series.version + 1, DOC)

    def test_state_number_symbols_put_the_symbol_before_the_issuer(self) -> None:
        """81/TB-VPCP style."""
        key = key_for(state(), "CT", date(2026, 3, 2))
        a = rules.allocate(ctx(), None, key=key, issuer=state(), document_id=DOC)
        assert a.number_symbol == "01/CT-UBND"

    def test_a_free_hand_given_number_is_imported(self) -> None:
        """A past document keeps its number: NumberImported, not NumberAllocated."""
        key = key_for(party(), "CT", date(2026, 3, 2))
        a = rules.allocate(ctx(), series_with(key, 1), key=key, issuer=party(), document_id=DOC,
                           number=7)
        assert [type(e) for e in a.events] == [NumberSeries.NumberImported]
        assert a.number_symbol == "07-CT/TU"

    def test_a_taken_number_is_refused(self) -> None:
        """(number, symbol, issuer) is unique in the period."""
        key = key_for(party(), "CT", date(2026, 3, 2))
        with pytest.raises(DocumentNumberTaken) as err:
            rules.allocate(ctx(), series_with(key, 3), key=key, issuer=party(), document_id=DOC,
                           number=3)
        assert err.value.details == {"field": "number", "number_symbol": "03-CT/TU"}

    @pytest.mark.parametrize("number", [0, -1, 1_000_000])
    def test_a_number_out_of_range_is_refused(self, number: int) -> None:
        """Numbers run from 1 to 999999."""
        key = key_for(party(), "CT", date(2026, 3, 2))
        with pytest.raises(InvalidValue, match="out of range"):
            rules.allocate(ctx(), None, key=key, issuer=party(), document_id=DOC, number=number)
