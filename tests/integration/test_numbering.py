"""Numbering series: Party and State number-symbols, periods, secret series, imports, concurrency."""

from __future__ import annotations

import threading
from datetime import date
from uuid import UUID

import pytest

from api.bootstrap import Office
from domain.actors import Role, Secrecy
from domain.numbering.service import DocumentNumberTaken
from domain.reference.service import UnknownReference
from tests.support.office import actor, ctx_for, event_count, issued_directive

LEADER = actor(Role.LEADER)


def symbol(office: Office, did: UUID) -> str | None:
    return office.directives.get(did).number_symbol


class TestFormats:
    def test_party_numbers_have_a_leading_zero_and_the_issuer_after_the_slash(
        self, office: Office
    ) -> None:
        """Party: 05-NQ/TU style (Hướng dẫn 36-HD/VPTW)."""
        did = issued_directive(office, LEADER, document_type="NQ", issuer="TU")
        assert symbol(office, did) == "01-NQ/TU"

    def test_state_numbers_put_the_symbol_before_the_issuer(self, office: Office) -> None:
        """State: 81/TB-VPCP style (Nghị định 30/2020)."""
        did = issued_directive(office, LEADER, document_type="KH", issuer="UBND")
        assert symbol(office, did) == "01/KH-UBND"


class TestPeriods:
    def test_party_numbers_run_through_the_term_not_the_year(self, office: Office) -> None:
        """2025-12 and 2026-02 are in the same term (2025–2030): 01 then 02."""
        a = issued_directive(office, LEADER, issued_on=date(2025, 12, 1))
        b = issued_directive(office, LEADER, issued_on=date(2026, 2, 1))
        assert [symbol(office, a), symbol(office, b)] == ["01-NQ/TU", "02-NQ/TU"]

    def test_a_new_term_restarts_party_numbers(self, office: Office) -> None:
        """Before and after 15/10/2025 are different terms."""
        a = issued_directive(office, LEADER, issued_on=date(2025, 9, 1))
        b = issued_directive(office, LEADER, issued_on=date(2025, 11, 1))
        assert [symbol(office, a), symbol(office, b)] == ["01-NQ/TU", "01-NQ/TU"]

    def test_state_numbers_restart_every_first_of_january(self, office: Office) -> None:
        """31/12 and 1/1 are different State periods."""
        a = issued_directive(office, LEADER, document_type="KH", issuer="UBND",
                             issued_on=date(2025, 12, 31))
        b = issued_directive(office, LEADER, document_type="KH", issuer="UBND",
                             issued_on=date(2026, 1, 1))
        assert [symbol(office, a), symbol(office, b)] == ["01/KH-UBND", "01/KH-UBND"]

    def test_party_types_sharing_a_symbol_share_a_series(self, office: Office) -> None:
        """Quyết định and quy định both use QĐ since 2021: one sequence."""
        a = issued_directive(office, LEADER, document_type="QD")
        b = issued_directive(office, LEADER, document_type="QDI")
        assert [symbol(office, a), symbol(office, b)] == ["01-QĐ/TU", "02-QĐ/TU"]

    def test_the_symbol_in_force_on_the_issue_date_is_used(self, office: Office) -> None:
        """Quy định was QĐi in 2018–19."""
        office.reference.define_term(ctx_for(office, LEADER), code="2015-2020", name="NK 2015–2020",
                                     starts_on=date(2015, 10, 15), ends_on=date(2020, 10, 14))
        did = issued_directive(office, LEADER, document_type="QDI", issued_on=date(2019, 5, 1))
        assert symbol(office, did) == "01-QĐi/TU"

    def test_no_term_no_party_number(self, office: Office) -> None:
        """A Party document dated outside every committee term is refused."""
        with pytest.raises(UnknownReference):
            issued_directive(office, LEADER, issued_on=date(2010, 1, 1))


class TestSecretSeries:
    def test_secret_party_documents_share_the_series(self, office: Office) -> None:
        """Party: secret documents are numbered in the same series as the others."""
        a = issued_directive(office, LEADER, document_type="CT")
        b = issued_directive(office, LEADER, document_type="CT", secrecy=Secrecy.MAT)
        assert [symbol(office, a), symbol(office, b)] == ["01-CT/TU", "02-CT/TU"]

    def test_secret_state_documents_have_their_own_series(self, office: Office) -> None:
        """State: secret documents restart at 01 in a series of their own."""
        a = issued_directive(office, LEADER, document_type="KH", issuer="UBND")
        b = issued_directive(office, LEADER, document_type="KH", issuer="UBND",
                             secrecy=Secrecy.MAT)
        c = issued_directive(office, LEADER, document_type="KH", issuer="UBND")
        assert [symbol(office, a), symbol(office, b), symbol(office, c)] == [
            "01/KH-UBND", "01/KH-UBND", "02/KH-UBND"]


class TestImportingPastDocuments:
    def import_one(self, office: Office, number: int) -> UUID:
        receipt = office.directives.import_issued(
            ctx_for(office, actor(Role.CLERK)), document_type="NQ", title="Nghị quyết cũ",
            issuer="TU", drafting_unit="VP", number=number, issued_on=date(2024, 3, 8),
            signer="A", signer_title="Bí thư",
        )
        assert receipt.record_id is not None
        return receipt.record_id

    def test_a_past_number_is_taken_as_given(self, office: Office) -> None:
        """Importing 12-NQ/TU of the 2020–2025 term keeps number 12."""
        assert symbol(office, self.import_one(office, 12)) == "12-NQ/TU"

    def test_a_taken_number_is_refused_and_nothing_is_written(self, office: Office) -> None:
        """The same number twice in one series is refused (ND 30 App. VI asks to warn)."""
        self.import_one(office, 12)
        before = event_count(office)
        with pytest.raises(DocumentNumberTaken):
            self.import_one(office, 12)
        assert event_count(office) == before

    def test_allocation_continues_after_imported_numbers(self, office: Office) -> None:
        """After importing 01–03, the system allocates 04."""
        for n in (1, 2, 3):
            receipt = office.directives.import_issued(
                ctx_for(office, actor(Role.CLERK)), document_type="NQ", title="Cũ",
                issuer="TU", drafting_unit="VP", number=n, issued_on=date(2026, 1, 5),
                signer="A", signer_title="B")
            assert receipt.record_id is not None
        did = issued_directive(office, LEADER, issued_on=date(2026, 2, 1))
        assert symbol(office, did) == "04-NQ/TU"


class TestConcurrency:
    def test_twenty_concurrent_issues_get_01_to_20(self, office: Office) -> None:
        """20 threads issue directives of one type at once: numbers 01..20, no gap, no duplicate,
        no lost event."""
        d = office.directives
        ids = []
        for i in range(20):
            receipt = d.draft(ctx_for(office, LEADER), document_type="CT", title=f"Chỉ thị {i}",
                              issuer="TU", drafting_unit="VP")
            assert receipt.record_id is not None
            d.appraise(ctx_for(office, LEADER), receipt.record_id, 1, passed=True)
            ids.append(receipt.record_id)
        before = event_count(office)
        barrier = threading.Barrier(len(ids))
        errors: list[BaseException] = []

        def issue(did: UUID) -> None:
            try:
                barrier.wait()
                d.issue(ctx_for(office, LEADER), did, 2, issued_on=date(2026, 3, 2),
                        signer="A", signer_title="B")
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=issue, args=(did,)) for did in ids]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        numbers = sorted(d.get(did).number or 0 for did in ids)
        assert numbers == list(range(1, 21))
        # each issue wrote the directive's event and one allocation (+ the series' opening)
        assert event_count(office) == before + 20 + 20 + 1
