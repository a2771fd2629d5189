"""Files: retention taken from the table and from the documents, closing, keeping back, handing
over with an archival code, declassification, transfer, holds."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from api.bootstrap import Office
from domain.actors import Secrecy
from domain.archive.errors import (
    ArchivalCodeTaken,
    DocumentAlreadyFiled,
    EmptyFileNotClosed,
    EndBeforeOpening,
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
from domain.archive.files import FileStatus
from domain.archive.values import ItemKind
from domain.errors import ReasonRequired, VersionMismatch
from tests.support.archive import (
    ADMIN,
    CLERK,
    LEADER,
    add,
    closed_file,
    open_file,
    register_in,
    register_out,
    seed_retention,
    version,
)
from tests.support.office import ctx_for


@pytest.fixture(autouse=True)
def _retention(office: Office) -> None:
    seed_retention(office)


def hand_over(office: Office, file_id: UUID, number: int = 1) -> None:
    office.archive.hand_over(ctx_for(office, CLERK), file_id, version(office, file_id),
                             fonds="VPTU", inventory="01", box="12", file_number=number,
                             received_by="Lưu trữ cơ quan")


class TestRetention:
    @pytest.mark.parametrize(
        ("file_class", "doc_classes", "years", "expires_on"),
        [
            ("VV", (None,), None, None),
            ("05N", (None,), 5, date(2020, 1, 1)),
            ("10N", (None,), 10, date(2025, 1, 1)),
            ("20N", (None,), 20, date(2035, 1, 1)),
            ("05N", ("10N", "20N", "05N"), 20, date(2035, 1, 1)),
            ("10N", ("05N", "VV"), None, None),
        ],
    )
    def test_a_file_takes_the_longest_period_of_its_documents(
        self, office: Office, file_class: str, doc_classes: tuple[str | None, ...],
        years: int | None, expires_on: date | None,
    ) -> None:
        """Permanent, 5, 10, 20 years and mixtures: the file's period and expiry (work ended
        30/12/2014, counted from 1/1/2015)."""
        f = office.archive.get_file(closed_file(office, file_class, doc_classes=doc_classes))
        assert (f.retention_years, f.expires_on) == (years, expires_on)

    def test_changing_the_table_extends_nothing_silently(self, office: Office) -> None:
        """A file keeps the years it was given; the table's new years apply to new files."""
        file_id = closed_file(office, "10N")
        office.archive.define_retention_class(ctx_for(office, ADMIN), code="10N",
                                              name="Công văn", years=15)
        assert office.archive.get_file(file_id).retention_years == 10
        assert office.archive.get_file(closed_file(office, "10N", reference="VP-02")
                                       ).retention_years == 15

    def test_unknown_class_is_refused(self, office: Office) -> None:
        """The retention class must be in the table."""
        with pytest.raises(UnknownRetentionClass):
            open_file(office, "99N")


class TestFilling:
    def test_a_document_belongs_to_one_file(self, office: Office) -> None:
        """Adding a filed document to a second file is refused."""
        doc = register_out(office)
        first, second = open_file(office), open_file(office, reference="VP-02")
        add(office, first, doc)
        with pytest.raises(DocumentAlreadyFiled):
            add(office, second, doc)

    def test_incoming_documents_are_filed_too(self, office: Office) -> None:
        """Incoming documents carry the file they belong to."""
        reg = register_in(office)
        assert reg.receipt.record_id is not None
        file_id = open_file(office)
        add(office, file_id, reg.receipt.record_id, ItemKind.INCOMING)
        assert office.archive.get_incoming(reg.receipt.record_id).file_id == file_id

    def test_an_empty_file_is_not_closed(self, office: Office) -> None:
        """A file is closed with at least one document."""
        file_id = open_file(office)
        with pytest.raises(EmptyFileNotClosed):
            office.archive.close_file(ctx_for(office, CLERK), file_id, 1)

    def test_work_ends_after_the_file_opened(self, office: Office) -> None:
        """ended_on before opened_on is refused."""
        file_id = open_file(office)
        add(office, file_id, register_out(office))
        with pytest.raises(EndBeforeOpening):
            office.archive.close_file(ctx_for(office, CLERK), file_id, 2,
                                      ended_on=date(2013, 1, 1))

    def test_a_closed_file_takes_no_documents(self, office: Office) -> None:
        """Documents are added to open files only."""
        file_id = closed_file(office)
        with pytest.raises(FileNotOpen):
            add(office, file_id, register_out(office))


class TestHandover:
    def test_archival_code_is_given_on_handover(self, office: Office) -> None:
        """The archive gives fonds, inventory, box and file number."""
        file_id = closed_file(office)
        hand_over(office, file_id)
        f = office.archive.get_file(file_id)
        assert f.status is FileStatus.ARCHIVED
        assert f.code is not None
        assert f.code.text == "VPTU/01/12/1"

    def test_an_archival_code_identifies_one_file(self, office: Office) -> None:
        """The same fonds, inventory and file number cannot be given twice."""
        hand_over(office, closed_file(office))
        with pytest.raises(ArchivalCodeTaken):
            hand_over(office, closed_file(office, reference="VP-02"))

    def test_files_kept_under_five_years_stay_with_the_unit(self, office: Office) -> None:
        """Only files kept 5 years or more are handed over."""
        with pytest.raises(RetentionTooShortForArchive):
            hand_over(office, closed_file(office, "02N"))

    def test_keep_back_at_most_two_years(self, office: Office) -> None:
        """A unit keeps a file back at most 2 years beyond the 1-year handover deadline."""
        file_id = closed_file(office, ended_on=date(2025, 6, 30), opened_on=date(2025, 1, 2))
        with pytest.raises(KeepBackTooLong):
            office.archive.keep_back(ctx_for(office, CLERK), file_id, version(office, file_id),
                                     until=date(2028, 7, 1), approval_reference="12/QĐ-VP")
        office.archive.keep_back(ctx_for(office, CLERK), file_id, version(office, file_id),
                                 until=date(2028, 6, 30), approval_reference="12/QĐ-VP")
        assert office.archive.get_file(file_id).handover_due == date(2028, 6, 30)


class TestSecrecyAndTransfer:
    def test_declassify_lowers_the_level_with_a_reason(self, office: Office) -> None:
        """Declassification needs a reason and a lower level."""
        file_id = closed_file(office, "VV", secrecy=Secrecy.MAT)
        with pytest.raises(ReasonRequired):
            office.archive.declassify(ctx_for(office, LEADER), file_id, version(office, file_id),
                                      secrecy=Secrecy.NONE, decision_reference="5/QĐ-TU")
        with pytest.raises(NotALowerSecrecy):
            office.archive.declassify(ctx_for(office, LEADER, reason="Hết thời hạn"), file_id,
                                      version(office, file_id), secrecy=Secrecy.TOI_MAT,
                                      decision_reference="5/QĐ-TU")
        office.archive.declassify(ctx_for(office, LEADER, reason="Hết thời hạn bảo vệ bí mật"),
                                  file_id, version(office, file_id), secrecy=Secrecy.NONE,
                                  decision_reference="5/QĐ-TU")
        assert office.archive.get_file(file_id).secrecy is Secrecy.NONE

    def test_a_stale_version_is_refused_before_a_missing_reason(self, office: Office) -> None:
        """If-Match is checked when the file is loaded, before the rule asks for a reason."""
        file_id = closed_file(office, "VV", secrecy=Secrecy.MAT)
        with pytest.raises(VersionMismatch):
            office.archive.declassify(ctx_for(office, LEADER), file_id,
                                      version(office, file_id) - 1, secrecy=Secrecy.NONE,
                                      decision_reference="5/QĐ-TU")

    def test_transfer_needs_archive_declassification_and_permanence(self, office: Office) -> None:
        """Transfer to the historical archive: archived, not secret, permanent."""
        a = office.archive
        secret = closed_file(office, "VV", secrecy=Secrecy.MAT)
        with pytest.raises(FileNotInArchive):
            a.transfer(ctx_for(office, LEADER), secret, version(office, secret),
                       receiving_archive="Lưu trữ lịch sử tỉnh", reference="BB-01")
        hand_over(office, secret)
        with pytest.raises(SecretFileNotTransferred):
            a.transfer(ctx_for(office, LEADER), secret, version(office, secret),
                       receiving_archive="Lưu trữ lịch sử tỉnh", reference="BB-01")
        ten = closed_file(office, "10N", reference="VP-02")
        hand_over(office, ten, 2)
        with pytest.raises(OnlyPermanentFilesTransferred):
            a.transfer(ctx_for(office, LEADER), ten, version(office, ten),
                       receiving_archive="Lưu trữ lịch sử tỉnh", reference="BB-01")
        permanent = closed_file(office, "VV", reference="VP-03")
        hand_over(office, permanent, 3)
        a.transfer(ctx_for(office, LEADER), permanent, version(office, permanent),
                   receiving_archive="Lưu trữ lịch sử tỉnh", reference="BB-01")
        assert a.get_file(permanent).status is FileStatus.TRANSFERRED


class TestHolds:
    def test_place_and_release_with_reasons(self, office: Office) -> None:
        """Holds need a reason both ways; an unknown hold id is refused."""
        file_id = closed_file(office)
        a = office.archive
        with pytest.raises(ReasonRequired):
            a.place_hold(ctx_for(office, LEADER), file_id, version(office, file_id),
                         reference="UBKT 3/2026")
        a.place_hold(ctx_for(office, LEADER, reason="Phục vụ kiểm tra"), file_id,
                     version(office, file_id), reference="UBKT 3/2026")
        hold = a.get_file(file_id).holds[0]
        with pytest.raises(UnknownHold):
            a.release_hold(ctx_for(office, LEADER, reason="Xong"), file_id,
                           version(office, file_id), hold_id=file_id)
        a.release_hold(ctx_for(office, LEADER, reason="Kết thúc kiểm tra"), file_id,
                       version(office, file_id), hold_id=hold.hold_id)
        assert not a.get_file(file_id).on_hold
