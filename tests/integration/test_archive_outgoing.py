"""Outgoing documents: numbered by the numbering service, dispatch, correction, replacement,
recall; directives' numbers in the same register."""

from __future__ import annotations

from datetime import date

import pytest

from api.bootstrap import Office
from domain.actors import Role, Secrecy
from domain.archive.errors import (
    AlreadySent,
    DirectiveTypeNotOutgoing,
    OutgoingDocumentFrozen,
)
from domain.archive.outgoing import OutgoingStatus
from domain.errors import InvalidValue, ReasonRequired
from projections.archive.queries import RegisterFilter, register_rows
from tests.support.archive import CLERK, LEADER, register_out
from tests.support.office import actor, ctx_for, event_count, issued_directive

ALL = [s.value for s in Secrecy]


class TestNumbering:
    def test_party_and_state_forms(self, office: Office) -> None:
        """A Party issuer gives 01-CV/VPTU; a State issuer 01/CV-UBND, each series from 01."""
        party = office.archive.get_outgoing(register_out(office))
        state = office.archive.get_outgoing(register_out(office, issuer="UBND"))
        assert party.number_symbol == "01-CV/VPTU"
        assert state.number_symbol == "01/CV-UBND"

    def test_series_are_per_type(self, office: Office) -> None:
        """A report (BC) starts its own series beside the letters (CV)."""
        register_out(office)
        register_out(office)
        report = office.archive.get_outgoing(register_out(office, document_type="BC"))
        assert report.number_symbol == "01-BC/VPTU"

    def test_state_secret_documents_have_their_own_series(self, office: Office) -> None:
        """State secret documents are numbered in a series of their own."""
        register_out(office, issuer="UBND")
        secret = office.archive.get_outgoing(register_out(office, issuer="UBND",
                                                          secrecy=Secrecy.MAT))
        assert secret.number == 1

    def test_directive_types_are_refused(self, office: Office) -> None:
        """NQ, CT … are numbered when the directive is issued; nothing is written here."""
        before = event_count(office)
        with pytest.raises(DirectiveTypeNotOutgoing):
            register_out(office, document_type="NQ")
        assert event_count(office) == before

    def test_a_recipient_is_required(self, office: Office) -> None:
        """Every outgoing document goes somewhere."""
        with pytest.raises(InvalidValue):
            register_out(office, recipients=[])

    def test_directives_share_the_numbering_service(self, office: Office) -> None:
        """A directive issued by the same issuer and an outgoing CV draw from their own series of
        one numbering service; both appear in the outgoing register."""
        leader = actor(Role.LEADER)
        issued_directive(office, leader, document_type="CT", issuer="TU")
        register_out(office, issuer="TU")
        office.projections.catch_up()
        rows = register_rows(office.store.db, "outgoing", RegisterFilter(), on=date(2026, 3, 2),
                             readable=ALL, sort="issued")
        assert sorted((r["number_symbol"], r["source"]) for r in rows) == [
            ("01-CT/TU", "directive"), ("01-CV/TU", "archive")]


class TestAfterIssue:
    def test_dispatch_once(self, office: Office) -> None:
        """The date sent is recorded once."""
        did = register_out(office)
        office.archive.dispatch(ctx_for(office, CLERK), did, 1, sent_on=date(2026, 3, 2))
        assert office.archive.get_outgoing(did).status is OutgoingStatus.SENT
        with pytest.raises(AlreadySent):
            office.archive.dispatch(ctx_for(office, CLERK), did, 2)

    def test_correction_by_official_letter(self, office: Office) -> None:
        """A format error is corrected by a CV numbered in its own series, linked both ways."""
        did = register_out(office, document_type="BC")
        receipt = office.archive.correct(
            ctx_for(office, CLERK), did, 1, issued_on=date(2026, 3, 2),
            summary="Đính chính lỗi thể thức Báo cáo số 01-BC/VPTU", signer="Nguyễn Văn An",
            signer_title="Chánh Văn phòng")
        assert receipt.record_id is not None
        letter = office.archive.get_outgoing(receipt.record_id)
        original = office.archive.get_outgoing(did)
        assert (letter.document_type, letter.number_symbol, letter.corrects) == (
            "CV", "01-CV/VPTU", did)
        assert original.corrected_by == (letter.id,)
        assert original.status is OutgoingStatus.ISSUED
        assert letter.recipients == original.recipients

    def test_replacement_freezes_the_original(self, office: Office) -> None:
        """A content error: a new document of the same form replaces the original."""
        did = register_out(office)
        receipt = office.archive.replace_document(
            ctx_for(office, LEADER, reason="Sai số liệu ở mục 2"), did, 1,
            issued_on=date(2026, 3, 2), summary="Về việc báo cáo kết quả công tác quý I (thay thế)",
            signer="Nguyễn Văn An", signer_title="Chánh Văn phòng")
        assert receipt.record_id is not None
        new = office.archive.get_outgoing(receipt.record_id)
        old = office.archive.get_outgoing(did)
        assert (new.number_symbol, new.replaces) == ("02-CV/VPTU", did)
        assert (old.status, old.replaced_by) == (OutgoingStatus.REPLACED, new.id)
        with pytest.raises(OutgoingDocumentFrozen):
            office.archive.dispatch(ctx_for(office, CLERK), did, old.version)

    def test_recall_needs_a_reason_and_freezes(self, office: Office) -> None:
        """Recall: reason required; the recipients are named in the event; the copy is frozen."""
        did = register_out(office, recipients=["Ban Tổ chức", "Ban Nội chính"])
        with pytest.raises(ReasonRequired):
            office.archive.recall(ctx_for(office, LEADER), did, 1)
        office.archive.recall(ctx_for(office, LEADER, reason="Ban hành sai thẩm quyền"), did, 1)
        doc = office.archive.get_outgoing(did)
        assert doc.status is OutgoingStatus.RECALLED
        with pytest.raises(OutgoingDocumentFrozen):
            office.archive.correct(ctx_for(office, CLERK), did, doc.version,
                                   issued_on=date(2026, 3, 2), summary="x", signer="A",
                                   signer_title="B")

    def test_a_refused_correction_takes_no_number(self, office: Office) -> None:
        """A correction refused on a stale version allocates nothing: the next letter is 02."""
        did = register_out(office)
        with pytest.raises(Exception, match="phiên bản"):
            office.archive.correct(ctx_for(office, CLERK), did, 7, issued_on=date(2026, 3, 2),
                                   summary="x", signer="A", signer_title="B")
        assert office.archive.get_outgoing(register_out(office)).number == 2
