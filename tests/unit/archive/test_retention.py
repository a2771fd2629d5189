"""The retention table as data: classes defined by admin commands, read by the file rules."""

from __future__ import annotations

import pytest

from domain.archive.disposal import RETENTION_TABLE_ID, RetentionTable
from domain.archive.errors import UnknownRetentionClass
from domain.archive.rules.retention import define_retention_class, retention_class
from domain.errors import InvalidValue
from tests.unit.archive import support as s


class TestDefinition:
    @pytest.mark.parametrize("years", [0, 101])
    def test_years_from_one_to_a_hundred_or_permanent(self, years: int) -> None:
        """0 and 101 years are refused; None is permanent."""
        with pytest.raises(InvalidValue):
            define_retention_class(s.ctx(who=s.ADMIN), None, code="X", name="X", years=years)
        [event] = define_retention_class(s.ctx(who=s.ADMIN), None, code="VV", name="Vĩnh viễn",
                                         years=None)
        assert isinstance(event, RetentionTable.Defined)
        assert event.retention_class.years is None

    def test_each_definition_is_the_tables_next_event(self) -> None:
        """One record for the whole table, versioned by its definitions."""
        table = s.retention_table()
        [event] = define_retention_class(s.ctx(who=s.ADMIN), table, code="10N", name="Mười năm",
                                         years=15)
        assert (event.originator_id, event.originator_version) == (RETENTION_TABLE_ID,
                                                                   table.version + 1)


class TestLookUp:
    def test_an_active_class(self) -> None:
        """Found by code with its years."""
        assert retention_class(s.retention_table(), "20N").years == 20

    @pytest.mark.parametrize("code", ["99N", "CU"])
    def test_unknown_or_inactive_is_refused(self, code: str) -> None:
        """An unknown code, or an inactive class, names the code."""
        with pytest.raises(UnknownRetentionClass) as caught:
            retention_class(s.retention_table(), code)
        assert caught.value.details == {"field": "retention_class", "code": code}

    def test_no_table_yet(self) -> None:
        """Before any definition every class is unknown."""
        with pytest.raises(UnknownRetentionClass):
            retention_class(None, "10N")
