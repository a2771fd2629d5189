"""Incoming documents: registration with the year's next number and the duplicate warning,
passing on, follow-up until the reply (ND 30, Art 4, 22, App. VI)."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.archive.errors import (
    DateBeforeRegistration,
    DateInFuture,
    DeadlineBeforePassingOn,
    DocumentDatedAfterArrival,
    DocumentDestroyed,
    DocumentNotPassedOn,
    FollowUpAlreadyDone,
)
from domain.archive.incoming import (
    IncomingDocument,
    IncomingIndex,
    IncomingSeries,
    IncomingStatus,
    duplicate_index_id,
    fold_incoming,
    fold_incoming_index,
    fold_incoming_series,
    incoming_series_id,
)
from domain.archive.rules import incoming as rules
from domain.errors import InvalidValue
from domain.events import Event
from domain.reference.errors import UnknownReference
from tests.unit.archive import support as s
from tests.unit.reference.support import catalogues

TODAY = s.TODAY


def entry(**values: object) -> rules.IncomingEntry:
    fields: dict[str, object] = {"author": "Ban Tổ chức Tỉnh ủy", "number_symbol": "15-CV/BTCTU",
                                 "document_type": "Công văn", "summary": "Về việc nhân sự"}
    fields.update(values)
    return rules.incoming_entry(today=TODAY, **fields)


def pass_on(d: IncomingDocument, **values: object) -> list[Event]:
    fields: dict[str, object] = {"to_unit": "BTC"}
    fields.update(values)
    return rules.pass_on(s.ctx(), d, today=TODAY, units=catalogues().units,
                         **fields)


def replied(d: IncomingDocument) -> IncomingDocument:
    return s.after(fold_incoming, d, rules.record_reply(s.ctx(), d, today=TODAY,
                                                        reply_number_symbol="3-CV/BTC"))


class TestEntry:
    def test_arrival_defaults_to_today_and_the_year_is_todays(self) -> None:
        """No arrival date: today; the number is of the year of the day of registration."""
        e = entry()
        assert (e.received_on, e.year) == (TODAY, 2026)
        assert entry(received_on=date(2025, 12, 31)).year == 2026

    def test_a_future_arrival_is_refused(self) -> None:
        """Arrival is a fact: not after today."""
        with pytest.raises(DateInFuture) as caught:
            entry(received_on=TODAY + timedelta(days=1))
        assert caught.value.details == {"field": "received_on"}

    def test_a_document_is_not_dated_after_it_arrived(self) -> None:
        """document_date after the arrival date is refused."""
        with pytest.raises(DocumentDatedAfterArrival):
            entry(received_on=date(2026, 2, 1), document_date=date(2026, 2, 2))

    def test_text_is_cleaned(self) -> None:
        """Vietnamese text is NFC and trimmed; an empty summary is refused."""
        decomposed = unicodedata.normalize("NFD", "Ban Tổ chức")
        assert entry(author=f"  {decomposed} ").author == "Ban Tổ chức"
        with pytest.raises(InvalidValue):
            entry(summary="   ")

    def test_the_records_it_names(self) -> None:
        """The entry names the year's series and the index of (number-symbol, author)."""
        e = entry(number_symbol="15-cv/btctu ")
        assert e.series_id == incoming_series_id(2026)
        assert e.index_id == duplicate_index_id("15-CV/BTCTU", "Ban Tổ chức Tỉnh ủy")


class TestRegistration:
    def test_the_first_of_the_year_opens_the_series_with_number_one(self) -> None:
        """Opened, number 1 taken, seen in the index, registered: four events, one transaction."""
        document_id = uuid4()
        events = rules.register_incoming(s.ctx(), None, None, entry=entry(),
                                         document_id=document_id)
        assert [type(e) for e in events] == [IncomingSeries.Opened, IncomingSeries.NumberTaken,
                                            IncomingIndex.Seen, IncomingDocument.Registered]
        registered = events[-1]
        assert isinstance(registered, IncomingDocument.Registered)
        assert (registered.number, registered.year, registered.duplicates) == (1, 2026, ())
        assert (registered.originator_id, registered.originator_version) == (document_id, 1)

    def test_the_next_number_follows_the_series(self) -> None:
        """With 41 numbers taken the next is 42, at the series' next version."""
        first = rules.register_incoming(s.ctx(), None, None, entry=entry(), document_id=uuid4())
        series = fold_incoming_series(None, first[:2])
        assert series is not None
        series = replace(series, last=41, version=41)
        events = rules.register_incoming(s.ctx(), series, None, entry=entry(),
                                         document_id=uuid4())
        taken = events[0]
        assert isinstance(taken, IncomingSeries.NumberTaken)
        assert (taken.number, taken.originator_version) == (42, 42)

    def test_a_second_registration_is_warned_about_not_refused(self) -> None:
        """The same number-symbol and author again: registered, with the earlier one named."""
        earlier = uuid4()
        first = rules.register_incoming(s.ctx(), None, None, entry=entry(), document_id=earlier)
        index = fold_incoming_index(None, [first[2]])
        events = rules.register_incoming(s.ctx(), None, index, entry=entry(),
                                         document_id=uuid4())
        registered, seen = events[-1], events[-2]
        assert isinstance(registered, IncomingDocument.Registered)
        assert registered.duplicates == (earlier,)
        assert seen.originator_version == 2


class TestPassingOn:
    def test_passes_to_an_active_unit_with_a_deadline(self) -> None:
        """The document goes to the unit and person, under follow-up until the deadline."""
        d = s.registered_in()
        [event] = pass_on(d, to_person="Trần Thị Bình", deadline=date(2026, 3, 16),
                          received_by="Bình")
        assert isinstance(event, IncomingDocument.PassedOn)
        assert (event.to_unit, event.passed_on, event.deadline) == ("BTC", TODAY,
                                                                    date(2026, 3, 16))
        assert s.after(fold_incoming, d, [event]).status is IncomingStatus.PASSED_ON

    @pytest.mark.parametrize("unit", ["KHONG", "CU"])
    def test_an_unknown_or_inactive_unit_is_refused(self, unit: str) -> None:
        """Only units of the catalogue, still active."""
        with pytest.raises(UnknownReference):
            pass_on(s.registered_in(), to_unit=unit)

    def test_not_before_arrival(self) -> None:
        """Passing on is dated on or after the arrival."""
        d = s.registered_in(received_on=date(2026, 2, 20))
        with pytest.raises(DateBeforeRegistration):
            pass_on(d, passed_on=date(2026, 2, 19))

    def test_deadline_not_before_passing_on(self) -> None:
        """A deadline before the day it is passed on is refused."""
        with pytest.raises(DeadlineBeforePassingOn):
            pass_on(s.registered_in(), deadline=TODAY - timedelta(days=1))

    def test_passing_on_again_re_routes(self) -> None:
        """A document in handling may be passed on to another unit."""
        [event] = pass_on(s.passed_on(), to_unit="BNC")
        assert isinstance(event, IncomingDocument.PassedOn)
        assert event.to_unit == "BNC"

    def test_a_replied_document_is_not_passed_on(self) -> None:
        """The follow-up is over once the reply is recorded."""
        with pytest.raises(FollowUpAlreadyDone):
            pass_on(replied(s.passed_on()))

    def test_a_destroyed_document_takes_nothing(self) -> None:
        """Destroyed: checked before anything else."""
        gone = replace(s.registered_in(), status=IncomingStatus.DESTROYED)
        with pytest.raises(DocumentDestroyed):
            pass_on(gone, to_unit="KHONG")


class TestFollowUp:
    def test_progress_needs_a_document_passed_on(self) -> None:
        """A registered document not passed on has no progress yet."""
        with pytest.raises(DocumentNotPassedOn):
            rules.record_progress(s.ctx(), s.registered_in(), today=TODAY, note="Đang làm")

    def test_progress_not_before_passing_on(self) -> None:
        """Progress is dated on or after the day the document was passed on."""
        d = s.passed_on(s.registered_in(received_on=date(2026, 2, 24)), passed_on=date(2026, 2, 25))
        with pytest.raises(DateBeforeRegistration):
            rules.record_progress(s.ctx(), d, today=TODAY, note="x", recorded_on=date(2026, 2, 24))
        [event] = rules.record_progress(s.ctx(), d, today=TODAY, note="Đã họp")
        assert isinstance(event, IncomingDocument.ProgressRecorded)
        assert (event.note, event.recorded_on) == ("Đã họp", TODAY)

    def test_the_reply_closes_the_follow_up(self) -> None:
        """After the reply, neither progress nor another reply."""
        d = replied(s.passed_on())
        assert (d.status, d.reply_number_symbol) == (IncomingStatus.REPLIED, "3-CV/BTC")
        with pytest.raises(FollowUpAlreadyDone):
            rules.record_progress(s.ctx(), d, today=TODAY, note="Thêm")
        with pytest.raises(FollowUpAlreadyDone):
            rules.record_reply(s.ctx(), d, today=TODAY, reply_number_symbol="4-CV/BTC")

    def test_a_reply_is_not_dated_in_the_future(self) -> None:
        """The reply date is a fact."""
        with pytest.raises(DateInFuture):
            rules.record_reply(s.ctx(), s.passed_on(), today=TODAY, reply_number_symbol="3-CV",
                               replied_on=TODAY + timedelta(days=1))
