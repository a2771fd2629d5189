"""The registers: columns, Vietnamese sorting, periods, overdue on an evaluation date, time
travel, rebuild equals incremental, CSV and XLSX exports with Vietnamese headers."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from api.bootstrap import Office
from domain.actors import Secrecy
from domain.archive.access import AccessKind
from domain.archive.values import ItemKind, Urgency
from projections.archive.queries import RegisterFilter, export_register, register_rows
from projections.tables import dump
from tests.support.archive import (
    CLERK,
    LEADER,
    closed_file,
    register_in,
    register_out,
    seed_retention,
    version,
)
from tests.support.office import ctx_for

ALL = [s.value for s in Secrecy]
ON = date(2026, 3, 2)


def rows(office: Office, name: str, sort: str, f: RegisterFilter | None = None,
         on: date = ON, readable: list[str] = ALL) -> list[dict[str, object]]:
    office.projections.catch_up()
    return register_rows(office.store.db, name, f or RegisterFilter(), on=on, readable=readable,
                         sort=sort)


class TestIncomingRegister:
    def test_urgent_flagged_until_passed_on(self, office: Office) -> None:
        """An urgent document is flagged until it is passed on."""
        reg = register_in(office, urgency=Urgency.HOA_TOC)
        assert reg.receipt.record_id is not None
        assert rows(office, "incoming", "number")[0]["urgent_pending"] is True
        office.archive.pass_on(ctx_for(office, CLERK), reg.receipt.record_id, 1, to_unit="VP")
        assert rows(office, "incoming", "number")[0]["urgent_pending"] is False

    def test_sorted_by_author_in_vietnamese_order(self, office: Office) -> None:
        """Authors sort by the collation key (Ả before B, Đ after D)."""
        for author in ("Đảng ủy Khối", "Ban Dân vận", "Ủy ban Kiểm tra", "Ban Đối ngoại"):
            register_in(office, author=author, number_symbol=f"1-CV/{author[:3]}")
        got = [r["author"] for r in rows(office, "incoming", "author")]
        assert got[0].startswith("Ban")
        assert got.index("Đảng ủy Khối") < got.index("Ủy ban Kiểm tra")

    def test_period_filter(self, office: Office) -> None:
        """Only documents that arrived in the period."""
        register_in(office, received_on=date(2026, 2, 27), document_date=None)
        register_in(office, received_on=date(2026, 3, 2), number_symbol="2-CV/X")
        got = rows(office, "incoming", "number",
                   RegisterFilter(period_from=date(2026, 3, 1), period_to=date(2026, 3, 31)))
        assert [r["number_symbol"] for r in got] == ["2-CV/X"]

    def test_secret_rows_only_for_the_cleared(self, office: Office) -> None:
        """A reader without clearance does not see secret documents."""
        register_in(office, secrecy=Secrecy.MAT)
        assert rows(office, "incoming", "number", readable=["none"]) == []


class TestFollowUp:
    def test_overdue_depends_on_the_evaluation_date(self, office: Office) -> None:
        """Overdue is computed for ?on=, never stored."""
        did = register_in(office).receipt.record_id
        assert did is not None
        office.archive.pass_on(ctx_for(office, CLERK), did, 1, to_unit="BTC",
                               deadline=date(2026, 3, 10))
        before = rows(office, "follow-up", "deadline", on=date(2026, 3, 10))
        after = rows(office, "follow-up", "deadline", on=date(2026, 3, 13))
        assert (before[0]["overdue"], after[0]["overdue"], after[0]["days_late"]) == (False, True, 3)
        late = rows(office, "follow-up", "deadline", RegisterFilter(overdue=True),
                    on=date(2026, 3, 13))
        assert len(late) == 1


class TestFileCatalogueAndDisposalList:
    def test_handover_overdue_after_a_year(self, office: Office) -> None:
        """A closed 10-year file not handed over a year after its work ended is flagged."""
        seed_retention(office)
        closed_file(office, "10N", ended_on=date(2024, 12, 30), opened_on=date(2024, 1, 2))
        closed_file(office, "02N", ended_on=date(2024, 12, 30), opened_on=date(2024, 1, 2),
                    reference="VP-02")
        got = {r["reference"]: r["handover_overdue"] for r in rows(office, "files", "code")}
        assert got == {"VP-01": True, "VP-02": False}

    def test_disposal_list_shows_expired_files(self, office: Office) -> None:
        """The disposal list holds files past retention on the evaluation date, held ones marked."""
        seed_retention(office)
        expired = closed_file(office, "05N")
        closed_file(office, "20N", reference="VP-02")
        office.archive.place_hold(ctx_for(office, LEADER, reason="Kiểm tra"), expired,
                                  version(office, expired), reference="UBKT 1/2026")
        got = rows(office, "disposal", "expiry")
        assert [(r["reference"], r["on_hold"]) for r in got] == [("VP-01", True)]
        assert rows(office, "disposal", "expiry", on=date(2019, 12, 31)) == []


class TestLoanRegister:
    def test_overdue_loan(self, office: Office) -> None:
        """A loan out past its due date is overdue."""
        seed_retention(office)
        file_id = closed_file(office, "VV")
        a = office.archive
        rid = a.request_access(ctx_for(office, CLERK), kind=AccessKind.LOAN,
                               item_kind=ItemKind.FILE, item_id=file_id, purpose="Tra cứu",
                               requested_on=date(2026, 2, 1)).record_id
        assert rid is not None
        a.approve_access(ctx_for(office, LEADER), rid, 1, due_on=date(2026, 2, 15),
                         approved_on=date(2026, 2, 1))
        a.hand_out(ctx_for(office, CLERK), rid, 2, handed_out_on=date(2026, 2, 2))
        got = rows(office, "loans", "date")
        assert (got[0]["overdue"], got[0]["days_late"]) == (True, 15)


class TestTimeTravelAndRebuild:
    def test_register_as_of_an_earlier_position(self, office: Office) -> None:
        """The outgoing register at a past position does not show later documents."""
        register_out(office)
        at = office.projections.catch_up()
        register_out(office)
        office.projections.catch_up()
        earlier = register_rows(office.store.db, "outgoing", RegisterFilter(), on=ON,
                                readable=ALL, sort="issued", at_position=at)
        assert len(earlier) == 1
        assert len(rows(office, "outgoing", "issued")) == 2

    def test_rebuild_equals_incremental(self, office: Office) -> None:
        """Dropping and rebuilding the archive registers gives the same rows."""
        seed_retention(office)
        file_id = closed_file(office, "05N")
        office.archive.place_hold(ctx_for(office, LEADER, reason="x"), file_id,
                                  version(office, file_id), reference="r")
        register_in(office, urgency=Urgency.KHAN)
        office.projections.catch_up()
        tables = [t for p in office.projections.projections if p.name.startswith("archive")
                  for t in p.tables]
        with office.store.db.read() as cur:
            incremental = {t.name: dump(cur, t) for t in tables}
        office.projections.rebuild()
        with office.store.db.read() as cur:
            assert {t.name: dump(cur, t) for t in tables} == incremental


class TestExports:
    @pytest.fixture
    def outgoing(self, office: Office) -> Office:
        register_out(office, summary="Về công tác phòng, chống thiên tai")
        office.projections.catch_up()
        return office

    def test_csv_has_vietnamese_headers_and_dates(self, outgoing: Office) -> None:
        """CSV: BOM, the register's Vietnamese headers, dates written dd/mm/yyyy."""
        data = export_register(outgoing.store.db, "outgoing", "csv", RegisterFilter(), on=ON,
                               readable=ALL, sort="issued")
        text = data.decode("utf-8")
        assert text.startswith("\ufeff")
        header, row = list(csv.reader(io.StringIO(text[1:])))
        assert header[:3] == ["Số, ký hiệu văn bản", "Ngày tháng văn bản",
                              "Tên loại và trích yếu nội dung"]
        assert row[:3] == ["01-CV/VPTU", "02/03/2026", "CV: Về công tác phòng, chống thiên tai"]

    def test_xlsx_opens_with_the_same_columns(self, outgoing: Office) -> None:
        """XLSX: one sheet named for the register, real dates."""
        data = export_register(outgoing.store.db, "outgoing", "xlsx", RegisterFilter(), on=ON,
                               readable=ALL, sort="issued")
        sheet = load_workbook(io.BytesIO(data)).active
        assert sheet is not None
        assert sheet.title == "Sổ đăng ký văn bản đi"
        header = [c.value for c in sheet[1]]
        assert header[:3] == ["Số, ký hiệu văn bản", "Ngày tháng văn bản",
                              "Tên loại và trích yếu nội dung"]
        assert sheet.cell(2, 2).value.date() == date(2026, 3, 2)
