"""The archive's status machines: one table per record kind, read by the folds and the registers
alike; every event either leads to its status or keeps the one before."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from domain.archive.access import (
    ACCESS_STATUS,
    AccessKind,
    AccessStatus,
    access_status_after,
    fold_access,
)
from domain.archive.disposal import (
    DISPOSAL_STATUS,
    DisposalStatus,
    disposal_status_after,
    fold_disposal,
)
from domain.archive.files import FILE_STATUS, ArchiveFile, FileStatus, file_status_after, fold_file
from domain.archive.incoming import (
    INCOMING_STATUS,
    IncomingDocument,
    IncomingStatus,
    fold_incoming,
    incoming_status_after,
)
from domain.archive.outgoing import (
    OUTGOING_STATUS,
    OutgoingDocument,
    OutgoingStatus,
    fold_outgoing,
    outgoing_status_after,
)
from domain.archive.rules import access, disposal, files, incoming, outgoing
from domain.archive.values import ItemKind
from domain.events import Event
from domain.records import Fold
from tests.unit.archive import support as s
from tests.unit.reference.support import catalogues


def _steps(fold: Fold[Any], events: Sequence[Event], machine: Callable[[Any, Event], Any]
           ) -> list[tuple[Any, Any]]:
    """(the fold's status, the machine's status) after each event, folded one at a time."""
    state, status, out = None, None, []
    for event in events:
        state = fold.apply(state, event)
        status = machine(status, event)
        out.append((state.status, status))
    return out


class TestTables:
    @pytest.mark.parametrize(("table", "fold"), [
        (INCOMING_STATUS, fold_incoming), (OUTGOING_STATUS, fold_outgoing),
        (FILE_STATUS, fold_file), (ACCESS_STATUS, fold_access), (DISPOSAL_STATUS, fold_disposal),
    ])
    def test_every_event_in_a_table_belongs_to_the_record(self, table: dict[type, Any],
                                                          fold: Fold[Any]) -> None:
        """A machine names only events its record's fold applies."""
        assert set(table) <= fold.event_types

    def test_incoming(self) -> None:
        """Registered, passed on, replied, destroyed; progress, attachments and filing keep it."""
        assert incoming_status_after(None, _event(IncomingDocument.Registered)) \
            is IncomingStatus.REGISTERED
        for cls, status in ((IncomingDocument.PassedOn, IncomingStatus.PASSED_ON),
                            (IncomingDocument.Replied, IncomingStatus.REPLIED),
                            (IncomingDocument.Destroyed, IncomingStatus.DESTROYED)):
            assert incoming_status_after(IncomingStatus.REGISTERED, _event(cls)) is status
        for cls in (IncomingDocument.ProgressRecorded, IncomingDocument.Attached,
                    IncomingDocument.Filed):
            assert incoming_status_after(IncomingStatus.PASSED_ON, _event(cls)) \
                is IncomingStatus.PASSED_ON

    def test_outgoing(self) -> None:
        """A correcting letter leaves the original's status; replacement and recall freeze it."""
        assert outgoing_status_after(None, _event(OutgoingDocument.Registered)) \
            is OutgoingStatus.ISSUED
        assert outgoing_status_after(OutgoingStatus.SENT, _event(OutgoingDocument.CorrectedBy)) \
            is OutgoingStatus.SENT
        assert outgoing_status_after(OutgoingStatus.SENT, _event(OutgoingDocument.ReplacedBy)) \
            is OutgoingStatus.REPLACED
        assert outgoing_status_after(OutgoingStatus.ISSUED, _event(OutgoingDocument.Recalled)) \
            is OutgoingStatus.RECALLED

    def test_files(self) -> None:
        """Holds, keeping back and declassification change no status."""
        for cls in (ArchiveFile.HoldPlaced, ArchiveFile.HoldReleased, ArchiveFile.KeptBack,
                    ArchiveFile.Declassified, ArchiveFile.DocumentAdded):
            assert file_status_after(FileStatus.CLOSED, _event(cls)) is FileStatus.CLOSED
        assert file_status_after(FileStatus.CLOSED, _event(ArchiveFile.HandedOver)) \
            is FileStatus.ARCHIVED

    def test_access_and_disposal(self) -> None:
        """Each event of a request or a disposal leads to a status of its own."""
        assert {access_status_after(None, _event(c)) for c in ACCESS_STATUS} == set(AccessStatus)
        assert {disposal_status_after(None, _event(c)) for c in DISPOSAL_STATUS} \
            == set(DisposalStatus)

    def test_a_record_starts_with_a_status(self) -> None:
        """An event that does not create the record cannot start its machine."""
        with pytest.raises(ValueError, match="does not create"):
            incoming_status_after(None, _event(IncomingDocument.Filed))


class TestFoldsUseTheMachine:
    """Folding a whole life one event at a time, the record's status is the machine's."""

    def test_incoming(self) -> None:
        """Registered, passed on, progress, replied: the fold's status is the machine's."""
        d = s.registered_in()
        events = [*incoming.register_incoming(s.ctx(), None, None, entry=incoming.incoming_entry(
            today=s.TODAY, author="A", number_symbol="1-CV", document_type="CV", summary="S"),
            document_id=d.id)]
        d = s.after(fold_incoming, None, events, d.id)
        for rule in (lambda x: incoming.pass_on(s.ctx(), x, today=s.TODAY,
                                                units=catalogues().units, to_unit="BTC"),
                     lambda x: incoming.record_progress(s.ctx(), x, today=s.TODAY, note="Đang làm"),
                     lambda x: incoming.record_reply(s.ctx(), x, today=s.TODAY,
                                                     reply_number_symbol="3-CV/BTC")):
            new = rule(d)
            events += new
            d = s.after(fold_incoming, d, new)
        mine = [e for e in events if e.originator_id == d.id]
        assert all(a is b for a, b in _steps(fold_incoming, mine, incoming_status_after))
        assert d.status is IncomingStatus.REPLIED

    def test_outgoing(self) -> None:
        """Registered, dispatched, recalled: the fold's status is the machine's."""
        d = s.registered_out()
        events = outgoing.register_outgoing(s.ctx(), None, entry=s.out_entry(),
                                            allocation=s.allocation(), document_id=d.id)
        d = s.after(fold_outgoing, None, events, d.id)
        sent = outgoing.dispatch(s.ctx(), d, today=s.TODAY)
        events += sent
        d = s.after(fold_outgoing, d, sent)
        recall = outgoing.recall(s.ctx("Sai thẩm quyền"), d, today=s.TODAY)
        events += recall
        assert all(a is b for a, b in _steps(fold_outgoing, events, outgoing_status_after))
        assert s.after(fold_outgoing, d, recall).status is OutgoingStatus.RECALLED

    def test_file_access_and_disposal(self) -> None:
        """A file's, a loan's and a disposal's lives, held and destroyed: the same agreement."""
        doc = s.registered_out()
        f = s.closed("05N", doc=doc)
        loan: list[Event] = []
        r = None
        for rule in (
            lambda _: access.request_access(s.ctx(), f, None, today=s.TODAY, request_id=uuid4(),
                                            kind=AccessKind.LOAN, item_kind=ItemKind.FILE,
                                            item_id=f.id, purpose="Nghiên cứu"),
            lambda x: access.approve_access(s.ctx(), x, today=s.TODAY, due_on=s.TODAY),
            lambda x: access.hand_out(s.ctx(), x, f, None, today=s.TODAY),
            lambda x: access.return_item(s.ctx(), x, today=s.TODAY),
        ):
            new = rule(r)
            loan += new
            r = fold_access(r, new)
        assert all(a is b for a, b in _steps(fold_access, loan, access_status_after))
        assert r is not None
        assert r.status is AccessStatus.RETURNED
        hold = files.place_hold(s.ctx("Kiểm tra"), f, today=s.TODAY, hold_id=uuid4(),
                                reference="UBKT")
        assert s.after(fold_file, f, hold).status is FileStatus.CLOSED
        d = s.decided(s.proposed(f), f)
        gone = disposal.destroy(s.ctx("Hết giá trị"), d, [f], {doc.id: doc}, {}, today=s.TODAY,
                                minutes_number="BB 1", destroyed_on=date(2026, 2, 25))
        assert s.after(fold_file, f, gone).status is FileStatus.DESTROYED
        assert s.after(fold_disposal, d, gone).status is DisposalStatus.DESTROYED


def _event(cls: type[Event]) -> Event:
    """An event of ``cls`` with nothing but its identity filled in (the machines read its type)."""
    return cls.__new__(cls)
