"""Retention arithmetic: expiry from 1 January of the year after the work ended; the longest
period wins; permanent never expires."""

from __future__ import annotations

from datetime import date

import pytest

from domain.archive.values import handover_due, longest, retention_expires_on


class TestExpiry:
    @pytest.mark.parametrize(
        ("ended_on", "years", "expires_on"),
        [
            (date(2020, 6, 12), 5, date(2026, 1, 1)),
            (date(2020, 1, 1), 5, date(2026, 1, 1)),
            (date(2020, 12, 31), 10, date(2031, 1, 1)),
            (date(2015, 3, 3), 20, date(2036, 1, 1)),
        ],
    )
    def test_counted_from_first_january_after_the_work_ended(
        self, ended_on: date, years: int, expires_on: date
    ) -> None:
        """5, 10 and 20 years start on 1 January of the following year, whatever the day."""
        assert retention_expires_on(ended_on, years) == expires_on

    def test_permanent_never_expires(self) -> None:
        """Vĩnh viễn has no expiry date."""
        assert retention_expires_on(date(1990, 5, 1), None) is None


class TestLongestPeriod:
    def test_the_most_valuable_document_decides(self) -> None:
        """5, 20 and 10 years together: 20."""
        assert longest([5, 20, 10]) == 20

    def test_permanent_beats_any_number_of_years(self) -> None:
        """One permanent document makes the file permanent."""
        assert longest([5, None, 70]) is None


class TestHandover:
    def test_due_one_year_after_the_work_ended(self) -> None:
        """Handover within 1 year; a file kept back is due when the approval ends."""
        assert handover_due(date(2024, 2, 29), None) == date(2025, 2, 28)
        assert handover_due(date(2024, 5, 1), date(2026, 5, 1)) == date(2026, 5, 1)
