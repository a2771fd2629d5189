"""Issue: an appraised draft takes the allocated number; a past directive is imported with its
number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest

from domain.directives.errors import DirectiveNotAppraised, NotADirectiveType
from domain.directives.model import Directive, DirectiveStatus
from domain.directives.rules import issuing
from domain.errors import InvalidValue
from domain.events import Event
from domain.numbering.model import NumberSeries
from domain.numbering.rules import Allocation
from domain.reference.errors import UnknownReference
from tests.unit.directives.support import (
    ISSUED_ON,
    allocation_for,
    appraised,
    drafted,
    issued,
    then,
)
from tests.unit.reference.support import catalogues, ctx

NEW = UUID(int=30)


class TestIssue:
    def test_the_number_and_the_issue_are_recorded_together(self) -> None:
        """The allocation's events come first, then Issued with the number-symbol."""
        d = appraised()
        allocation = allocation_for(d)
        events = issuing.issue(ctx(), d, allocation, issued_on=ISSUED_ON, signer=" Nguyễn Văn A ",
                               signer_title="Bí thư")
        assert events[:-1] == allocation.events
        issued_event = events[-1]
        assert isinstance(issued_event, Directive.Issued)
        assert (issued_event.number_symbol, issued_event.series_id, issued_event.signer) == (
            "01-CT/TU", allocation.series_id, "Nguyễn Văn A")
        after = then(d, events)
        assert (after.status, after.number, after.issued_on) == (DirectiveStatus.ISSUED, 1,
                                                                 ISSUED_ON)

    @pytest.mark.parametrize("state", [drafted, issued])
    def test_only_an_appraised_draft_is_issued(self, state: Callable[[], Directive]) -> None:
        """A draft not yet appraised, or one already issued, is refused before any number."""
        d = state()
        with pytest.raises(DirectiveNotAppraised) as err:
            issuing.may_issue(d)
        assert err.value.details == {"state": d.status.value}
        with pytest.raises(DirectiveNotAppraised):
            issuing.issue(ctx(), d, allocation_for(d), issued_on=ISSUED_ON, signer="A",
                          signer_title="B")

    def test_a_signer_is_required(self) -> None:
        d = appraised()
        with pytest.raises(InvalidValue) as err:
            issuing.issue(ctx(), d, allocation_for(d), issued_on=ISSUED_ON, signer="",
                          signer_title="Bí thư")
        assert err.value.details == {"field": "signer"}


def import_(allocation: Allocation, **values: object) -> list[Event]:
    c = catalogues()
    fields: dict[str, object] = {"document_type": "CT", "title": "Về kỷ luật", "issuer": "TU",
                                 "drafting_unit": "VP", "issued_on": date(2024, 5, 6),
                                 "signer": "A", "signer_title": "Bí thư"}
    fields.update(values)
    return issuing.import_issued(ctx(), allocation, directive_id=NEW, types=c.types,
                                 units=c.units, **fields)  # type: ignore[arg-type]


class TestImport:
    def test_a_past_directive_starts_issued_with_its_number(self) -> None:
        """NumberImported then Imported (version 1): the directive is issued from the start."""
        allocation = allocation_for(drafted(NEW), on=date(2024, 5, 6), number=12)
        events = import_(allocation)
        assert [type(e) for e in events] == [NumberSeries.Opened, NumberSeries.NumberImported,
                                             Directive.Imported]
        imported = events[-1]
        assert isinstance(imported, Directive.Imported)
        assert (imported.originator_id, imported.originator_version) == (NEW, 1)
        assert imported.number_symbol == "12-CT/TU"

    def test_only_directive_types_are_imported(self) -> None:
        with pytest.raises(NotADirectiveType, match=r"^Công văn .*\(not a directive type\)$"):
            issuing.importable(catalogues().types, catalogues().units, document_type="CV",
                               drafting_unit="VP")

    def test_the_drafting_unit_must_be_known(self) -> None:
        with pytest.raises(UnknownReference):
            issuing.importable(catalogues().types, catalogues().units, document_type="CT",
                               drafting_unit="NOPE")

    def test_the_decision_checks_the_type_again(self) -> None:
        """The decision stands alone: it refuses a non-directive type by itself."""
        allocation = allocation_for(drafted(NEW), on=date(2024, 5, 6), number=12)
        with pytest.raises(NotADirectiveType):
            import_(allocation, document_type="CV")
