"""Files: opening with a retention class, filling, closing, keeping back, handing over with an
archival code, declassification, transfer, legal holds (ND 30 Art 30–31, Luật Lưu trữ 2024)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import uuid4

import pytest

from domain.actors import Secrecy
from domain.archive.errors import (
    ArchivalCodeTaken,
    DateBeforeRegistration,
    DocumentAlreadyFiled,
    DocumentDestroyed,
    EmptyFileNotClosed,
    EndBeforeOpening,
    FileGone,
    FileNotClosed,
    FileNotInArchive,
    FileNotOpen,
    KeepBackTooLong,
    NotALowerSecrecy,
    OnlyPermanentFilesTransferred,
    RetentionTooShortForArchive,
    SecretFileNotTransferred,
    UnknownHold,
    UnknownRetentionClass,
)
from domain.archive.files import (
    ArchivalCodeSlot,
    ArchiveFile,
    DirectiveFiling,
    FileStatus,
    fold_code_slot,
    fold_directive_filing,
    fold_file,
)
from domain.archive.incoming import IncomingDocument
from domain.archive.outgoing import OutgoingDocument, OutgoingStatus
from domain.archive.rules import files as rules
from domain.archive.values import ItemKind
from domain.errors import InvalidValue, ReasonRequired, RecordNotFound
from domain.events import Event
from tests.unit.archive import support as s
from tests.unit.reference.support import catalogues

TODAY = s.TODAY


def add(f: ArchiveFile, kind: ItemKind, document: object, **values: object) -> list[Event]:
    document_id = getattr(document, "id", uuid4())
    return rules.add_document(s.ctx(), f, s.retention_table(), today=TODAY, kind=kind,
                              document_id=document_id, document=document,
                              **values)


def code(f: ArchiveFile, file_number: int = 1) -> object:
    return rules.archival_code(f, fonds="VPTU", inventory="01", box="12", file_number=file_number)


class TestOpening:
    def test_the_years_come_from_the_table(self) -> None:
        """The class's years are kept in the event: a later change of the table extends nothing."""
        f = s.opened("20N")
        assert (f.status, f.retention_class, f.own_retention_years) == (FileStatus.OPEN, "20N",
                                                                        20)

    @pytest.mark.parametrize("retention_class", ["99N", "CU"])
    def test_an_unknown_or_inactive_class_is_refused(self, retention_class: str) -> None:
        """Only active classes of the retention table."""
        with pytest.raises(UnknownRetentionClass):
            s.opened(retention_class)

    def test_the_unit_is_checked_before_the_class(self) -> None:
        """An unknown unit and an unknown class: the unit is named."""
        with pytest.raises(InvalidValue, match="unknown unit"):
            rules.open_file(s.ctx(), s.retention_table(), today=TODAY, units=catalogues().units,
                            file_id=uuid4(), reference="R", title="T", unit="KHONG",
                            retention_class="99N")


class TestFilling:
    def test_a_document_keeps_its_class_and_the_file_the_longest(self) -> None:
        """A permanent document makes a 10-year file permanent."""
        f = s.with_document(s.opened("10N"), retention_class="VV")
        assert (f.documents[0].retention_class, f.retention_years) == ("VV", None)

    def test_the_document_is_marked_filed_in_the_same_decision(self) -> None:
        """The document's Filed event and the file's DocumentAdded, in that order."""
        doc = s.registered_in()
        events = add(s.opened(), ItemKind.INCOMING, doc)
        assert [type(e) for e in events] == [IncomingDocument.Filed, ArchiveFile.DocumentAdded]

    def test_a_document_belongs_to_one_file(self) -> None:
        """A filed document, or a directive already filed, is refused."""
        doc = replace(s.registered_out(), file_id=uuid4())
        with pytest.raises(DocumentAlreadyFiled):
            add(s.opened(), ItemKind.OUTGOING, doc)
        directive = s.directive()
        filing = fold_directive_filing(None, add(s.opened(), ItemKind.DIRECTIVE, directive)[:1])
        assert isinstance(filing, DirectiveFiling)
        with pytest.raises(DocumentAlreadyFiled):
            add(s.opened(), ItemKind.DIRECTIVE, directive, filing=filing)

    def test_only_issued_directives_and_live_documents(self) -> None:
        """A draft directive and a destroyed document are refused."""
        with pytest.raises(InvalidValue, match="issued directive"):
            add(s.opened(), ItemKind.DIRECTIVE, s.directive(issued=False))
        gone = replace(s.registered_out(), status=OutgoingStatus.DESTROYED)
        with pytest.raises(DocumentDestroyed):
            add(s.opened(), ItemKind.OUTGOING, gone)

    def test_a_missing_document_is_not_found(self) -> None:
        """No record (or one of another kind) for the id: 404, after the file's own checks."""
        with pytest.raises(RecordNotFound):
            add(s.opened(), ItemKind.INCOMING, None)
        with pytest.raises(RecordNotFound):
            add(s.opened(), ItemKind.DIRECTIVE, s.registered_out())
        with pytest.raises(FileNotOpen):
            add(s.closed(), ItemKind.INCOMING, None)

    def test_a_file_holds_documents_not_files(self) -> None:
        """kind=file is refused."""
        with pytest.raises(InvalidValue, match="not files"):
            add(s.opened(), ItemKind.FILE, None)

    def test_closing_needs_a_document_and_an_end_after_the_opening(self) -> None:
        """An empty file is not closed; the work ends on or after the opening."""
        with pytest.raises(EmptyFileNotClosed):
            rules.close_file(s.ctx(), s.opened(), today=TODAY)
        with pytest.raises(EndBeforeOpening):
            rules.close_file(s.ctx(), s.with_document(s.opened()), today=TODAY,
                             ended_on=date(2013, 1, 1))

    def test_a_closed_file_takes_no_documents(self) -> None:
        """Documents are added to open files only."""
        with pytest.raises(FileNotOpen):
            s.with_document(s.closed())


class TestKeepBackAndHandover:
    def test_keep_back_at_most_two_years_beyond_the_deadline(self) -> None:
        """Work ended 30/06/2025: due 30/06/2026; kept back after that, until 30/06/2028 at most."""
        f = s.closed(ended_on=date(2025, 6, 30))
        for until in (date(2028, 7, 1), date(2026, 6, 30)):
            with pytest.raises(KeepBackTooLong):
                rules.keep_back(s.ctx(), f, until=until, approval_reference="12/QĐ-VP")
        kept = s.after(fold_file, f, rules.keep_back(s.ctx(), f, until=date(2028, 6, 30),
                                                     approval_reference="12/QĐ-VP"))
        assert kept.handover_due == date(2028, 6, 30)

    def test_only_a_closed_file_is_kept_back_or_handed_over(self) -> None:
        """An open or archived file is refused."""
        with pytest.raises(FileNotClosed):
            rules.keep_back(s.ctx(), s.opened(), until=date(2016, 1, 1), approval_reference="x")
        with pytest.raises(FileNotClosed):
            code(s.archived())

    def test_files_kept_under_five_years_stay_with_the_unit(self) -> None:
        """Only files kept 5 years or more are handed over."""
        with pytest.raises(RetentionTooShortForArchive):
            code(s.closed("02N"))

    def test_the_code_is_checked_then_must_be_free(self) -> None:
        """A file number below 1 is refused; a code another file has is refused."""
        with pytest.raises(InvalidValue):
            code(s.closed(), 0)
        other = s.archived()
        assert other.code is not None
        slot = fold_code_slot(None, [s.ctx().event(ArchivalCodeSlot.Assigned,
                                                   other.code.record_id, 1, code=other.code,
                                                   file_id=other.id)])
        f = s.closed()
        with pytest.raises(ArchivalCodeTaken):
            rules.hand_over(s.ctx(), f, slot, today=TODAY, code=other.code, received_by="LT")

    def test_handover_gives_the_code(self) -> None:
        """The code's slot is taken and the file is archived, on or after its work ended."""
        f = s.closed()
        the_code = rules.archival_code(f, fonds=" VPTU", inventory="01", box="12", file_number=7)
        with pytest.raises(DateBeforeRegistration):
            rules.hand_over(s.ctx(), f, None, today=TODAY, code=the_code, received_by="LT",
                            handed_over_on=date(2014, 12, 29))
        events = rules.hand_over(s.ctx(), f, None, today=TODAY, code=the_code, received_by="LT")
        assert [type(e) for e in events] == [ArchivalCodeSlot.Assigned, ArchiveFile.HandedOver]
        archived = s.after(fold_file, f, events)
        assert (archived.status, archived.code and archived.code.text) \
            == (FileStatus.ARCHIVED, "VPTU/01/12/7")


class TestSecrecyAndTransfer:
    def test_declassify_lowers_the_level_with_a_reason(self) -> None:
        """A reason is required; the level goes down only."""
        f = s.closed("VV", secrecy=Secrecy.MAT)
        with pytest.raises(ReasonRequired):
            rules.declassify(s.ctx(), f, today=TODAY, secrecy=Secrecy.NONE,
                             decision_reference="5/QĐ-TU")
        with pytest.raises(NotALowerSecrecy):
            rules.declassify(s.ctx("Hết hạn"), f, today=TODAY, secrecy=Secrecy.TOI_MAT,
                             decision_reference="5/QĐ-TU")
        [event] = rules.declassify(s.ctx("Hết hạn"), f, today=TODAY, secrecy=Secrecy.NONE,
                                   decision_reference="5/QĐ-TU")
        assert isinstance(event, ArchiveFile.Declassified)
        assert (event.previous, event.secrecy) == (Secrecy.MAT, Secrecy.NONE)

    def test_transfer_needs_archive_declassification_and_permanence(self) -> None:
        """Archived, not secret, permanent — checked in that order."""
        def transfer(f: ArchiveFile) -> list[Event]:
            return rules.transfer(s.ctx(), f, today=TODAY, receiving_archive="Lưu trữ tỉnh",
                                  reference="BB-01")

        with pytest.raises(FileNotInArchive):
            transfer(s.closed("VV"))
        with pytest.raises(SecretFileNotTransferred):
            transfer(s.archived("10N", secrecy=Secrecy.MAT))
        with pytest.raises(OnlyPermanentFilesTransferred):
            transfer(s.archived("10N"))
        f = s.archived("VV")
        assert s.after(fold_file, f, transfer(f)).status is FileStatus.TRANSFERRED


class TestHolds:
    def test_place_and_release_with_reasons(self) -> None:
        """A reason both ways; only an active hold of the file is released."""
        f = s.closed()
        with pytest.raises(ReasonRequired):
            rules.place_hold(s.ctx(), f, today=TODAY, hold_id=uuid4(), reference="UBKT")
        held = s.held(f)
        with pytest.raises(UnknownHold):
            rules.release_hold(s.ctx("Xong"), held, today=TODAY, hold_id=uuid4())
        with pytest.raises(ReasonRequired):
            rules.release_hold(s.ctx(), held, today=TODAY, hold_id=held.holds[0].hold_id)
        free = s.after(fold_file, held, rules.release_hold(
            s.ctx("Kết thúc kiểm tra"), held, today=TODAY, hold_id=held.holds[0].hold_id))
        assert not free.on_hold

    @pytest.mark.parametrize("status", [FileStatus.DESTROYED, FileStatus.TRANSFERRED])
    def test_a_file_gone_takes_nothing(self, status: FileStatus) -> None:
        """A destroyed or transferred file: FileGone, whatever the command."""
        gone = replace(s.closed(), status=status)
        with pytest.raises(FileGone):
            rules.place_hold(s.ctx("Kiểm tra"), gone, today=TODAY, hold_id=uuid4(),
                             reference="UBKT")
        with pytest.raises(FileGone):
            add(gone, ItemKind.OUTGOING, s.registered_out())


def test_outgoing_documents_are_filed_by_their_own_event() -> None:
    """Filing an outgoing document writes OutgoingDocument.Filed on it."""
    events = add(s.opened(), ItemKind.OUTGOING, s.registered_out())
    assert isinstance(events[0], OutgoingDocument.Filed)
