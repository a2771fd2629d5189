"""Incoming documents: the yearly number, duplicates warned, passing on, follow-up, refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from api.bootstrap import Office
from domain.archive.errors import (
    DateInFuture,
    DeadlineBeforePassingOn,
    DocumentDatedAfterArrival,
    DocumentNotPassedOn,
    FollowUpAlreadyDone,
)
from domain.archive.incoming import IncomingStatus
from domain.errors import VersionMismatch
from domain.reference.service import UnknownReference
from tests.support.archive import CLERK, register_in
from tests.support.office import Clock, ctx_for, event_count


class TestIncomingNumbers:
    def test_numbers_run_from_one_each_year(self, office: Office) -> None:
        """The first three registrations of 2026 take 1, 2, 3."""
        numbers = [register_in(office, number_symbol=f"{i}-CV/X").number for i in range(3)]
        assert numbers == [1, 2, 3]

    def test_the_year_is_the_office_time_zone_year(self, office: Office, clock: Clock) -> None:
        """At 17:30 UTC on 31 December it is already 1 January in Hà Nội: the new year's
        series starts at 1."""
        clock.now = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)
        first = register_in(office, received_on=date(2026, 12, 31))
        clock.now = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)
        second = register_in(office, number_symbol="9-CV/X", received_on=date(2027, 1, 1))
        assert (first.year, first.number) == (2026, 1)
        assert (second.year, second.number) == (2027, 1)


class TestDuplicates:
    def test_a_duplicate_is_warned_not_refused(self, office: Office) -> None:
        """The same number-symbol from the same issuer registers again, naming the earlier one."""
        first = register_in(office)
        second = register_in(office, number_symbol=" 123-cv/btctw ")
        assert first.duplicates == ()
        assert second.duplicates == (first.receipt.record_id,)
        assert second.number == 2

    def test_same_number_from_another_issuer_is_no_duplicate(self, office: Office) -> None:
        """Duplicates are (number-symbol, issuer) pairs."""
        register_in(office)
        other = register_in(office, author="Ủy ban nhân dân tỉnh")
        assert other.duplicates == ()


class TestRegistrationRefusals:
    def test_arrival_in_the_future_is_refused(self, office: Office) -> None:
        """Arrival is a fact: not after today in the office time zone; nothing is written."""
        before = event_count(office)
        with pytest.raises(DateInFuture):
            register_in(office, received_on=date(2026, 3, 3))
        assert event_count(office) == before

    def test_document_dated_after_arrival_is_refused(self, office: Office) -> None:
        """A document cannot be dated after the day it arrived."""
        with pytest.raises(DocumentDatedAfterArrival):
            register_in(office, received_on=date(2026, 3, 1), document_date=date(2026, 3, 2))

    def test_text_is_nfc(self, office: Office) -> None:
        """Decomposed Vietnamese input is stored composed (NFC)."""
        decomposed = "Ve\u0302\u0300 vie\u0323\u0302c"
        reg = register_in(office, summary=decomposed)
        assert reg.receipt.record_id is not None
        assert office.archive.get_incoming(reg.receipt.record_id).summary == "Về việc"


class TestPassingOnAndFollowUp:
    def test_pass_on_with_deadline_then_reply(self, office: Office) -> None:
        """Passed on with a deadline, progress noted, the reply number closes the follow-up."""
        reg = register_in(office)
        did = reg.receipt.record_id
        assert did is not None
        a = office.archive
        a.pass_on(ctx_for(office, CLERK), did, 1, to_unit="BTC", to_person="Trưởng ban",
                  deadline=date(2026, 3, 12))
        a.record_progress(ctx_for(office, CLERK), did, 2, note="Đang tổng hợp ý kiến")
        a.record_reply(ctx_for(office, CLERK), did, 3, reply_number_symbol="45-CV/BTCTU")
        d = a.get_incoming(did)
        assert d.status is IncomingStatus.REPLIED
        assert (d.to_unit, d.deadline, d.reply_number_symbol) == ("BTC", date(2026, 3, 12),
                                                                  "45-CV/BTCTU")
        assert d.progress == ("Đang tổng hợp ý kiến",)

    def test_progress_before_passing_on_is_refused(self, office: Office) -> None:
        """Follow-up needs a handler first."""
        did = register_in(office).receipt.record_id
        assert did is not None
        with pytest.raises(DocumentNotPassedOn):
            office.archive.record_progress(ctx_for(office, CLERK), did, 1, note="x")

    def test_nothing_after_the_reply(self, office: Office) -> None:
        """A replied document is not passed on again."""
        did = register_in(office).receipt.record_id
        assert did is not None
        office.archive.pass_on(ctx_for(office, CLERK), did, 1, to_unit="BTC")
        office.archive.record_reply(ctx_for(office, CLERK), did, 2, reply_number_symbol="1-CV/X")
        with pytest.raises(FollowUpAlreadyDone):
            office.archive.pass_on(ctx_for(office, CLERK), did, 3, to_unit="VP")

    def test_deadline_before_passing_on_is_refused(self, office: Office) -> None:
        """The handling deadline is not before the day the document is passed on."""
        did = register_in(office).receipt.record_id
        assert did is not None
        with pytest.raises(DeadlineBeforePassingOn):
            office.archive.pass_on(ctx_for(office, CLERK), did, 1, to_unit="BTC",
                                   deadline=date(2026, 3, 1))

    def test_unknown_unit_is_refused(self, office: Office) -> None:
        """The receiving unit comes from the reference data."""
        did = register_in(office).receipt.record_id
        assert did is not None
        with pytest.raises(UnknownReference):
            office.archive.pass_on(ctx_for(office, CLERK), did, 1, to_unit="KHONGCO")

    def test_stale_version_is_refused(self, office: Office) -> None:
        """If-Match: a command decided on an old version is refused."""
        did = register_in(office).receipt.record_id
        assert did is not None
        office.archive.pass_on(ctx_for(office, CLERK), did, 1, to_unit="BTC")
        with pytest.raises(VersionMismatch):
            office.archive.pass_on(ctx_for(office, CLERK), did, 1, to_unit="VP")
