"""Case files: built for a petition, a directive, a unit and a period, they verify offline under
the pinned key; a case file altered in any part is refused with the reason."""

from __future__ import annotations

import copy
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from api.bootstrap import Office
from api.inspection.casefile import Scope, Subject, build, signer_context
from domain.actors import Secrecy
from infra.ledger import casefile
from infra.ledger.encoding import b64decode, b64encode
from infra.ledger.keys import generate_private_key
from infra.pdf import PdfPrinter, PrinterNotFound, find_printer
from infra.settings import Settings
from tests.support.inspection import Story, story
from tests.support.office import Clock
from tests.support.petitions import SECRETS

ON = date(2026, 6, 1)


@pytest.fixture
def told(office: Office, clock: Clock) -> Story:
    return story(office, clock)


def made(office: Office, subject: Subject) -> dict[str, Any]:
    scope = Scope(position=office.projections.head(), on=ON,
                  readable=tuple(s.value for s in Secrecy), generated_by="test")
    return build(office, subject, scope, lambda: signer_context(office))


def verified(office: Office, case: dict[str, Any]) -> casefile.CaseFileReport:
    return casefile.verify_case_file(casefile.dump_zip(case), office.signing_key().verifier)


class TestCaseFilesVerifyOffline:
    def test_a_petition_case_file_holds_its_proven_events_findings_and_no_identity(
        self, office: Office, told: Story
    ) -> None:
        """The petition and its access log, every event proven; the resolution deadline shows
        the extension with its reason; no plaintext identity anywhere in the file."""
        case = made(office, Subject("petition", str(told.petition)))
        report = verified(office, case)
        assert report.records == 2
        assert report.key_pinned
        (resolve,) = [f for f in case["content"]["deadlines"] if f["deadline"] == "resolve"]
        assert [x["reason"] for x in resolve["extensions"]] == ["Cần xác minh thêm tại cơ sở"]
        assert [c["type"] for c in resolve["clock_changes"]] == ["petition.extended"]
        text = casefile.dump_json(case).decode()
        assert [s for s in SECRETS if s in text] == []
        assert "HỒ SƠ KIỂM TRA" in case["report_html"]

    def test_directive_unit_and_period_case_files_verify(self, office: Office,
                                                         told: Story) -> None:
        """Each subject gathers its records (the directive and its assignment; the unit's
        assignment and petition; everything of the period) and verifies."""
        directive = made(office, Subject("directive", str(told.directive)))
        unit = made(office, Subject("unit", "UBKT"))
        period = made(office, Subject("period", None, date(2026, 3, 1), date(2026, 3, 31)))
        ids = {name: {r["record_id"] for r in c["content"]["records"]}
               for name, c in (("directive", directive), ("unit", unit), ("period", period))}
        assert ids["directive"] == {str(told.directive), str(told.assignment)}
        assert {str(told.assignment), str(told.petition)} <= ids["unit"]
        assert {str(told.directive), str(told.assignment), str(told.petition)} <= ids["period"]
        for case in (directive, unit, period):
            assert verified(office, case).events > 0
        (finding,) = directive["content"]["deadlines"]
        assert (finding["original_due"], finding["due"], finding["state"]) == (
            "2026-04-30", "2026-05-29", "overdue")


def _payload(case: dict[str, Any]) -> None:
    event = case["content"]["records"][0]["events"][-1]
    event["payload"] = b64encode(b64decode(event["payload"]).replace(b'"', b"'", 1))


def _history(case: dict[str, Any]) -> None:
    case["content"]["records"][0]["history"][0]["reason"] = "Lý do khác"


def _drop_event(case: dict[str, Any]) -> None:
    del case["content"]["records"][0]["events"][1]


def _register(case: dict[str, Any]) -> None:
    case["content"]["registers"]["petition_register"][0]["status"] = "closed"


def _finding(case: dict[str, Any]) -> None:
    case["content"]["deadlines"][0]["days_late"] += 1


def _report(case: dict[str, Any]) -> None:
    case["report_html"] = case["report_html"].replace("HỒ SƠ KIỂM TRA", "HỒ SƠ ĐÃ SỬA")


TAMPERINGS: list[tuple[Callable[[dict[str, Any]], None], str]] = [
    (_payload, "leaf_hash does not match"), (_history, "history line's reason differs"),
    (_drop_event, "version 3 where 2 was expected"), (_register, "content"),
    (_finding, "content"), (_report, "report was altered"),
]


class TestTamperedCaseFilesAreRefused:
    def test_every_alteration_is_refused_with_its_reason(self, office: Office,
                                                         told: Story) -> None:
        """An event's payload, a history line, a missing event, a register row, a finding,
        the report: each change is refused, naming what is wrong."""
        case = made(office, Subject("petition", str(told.petition)))
        key = office.signing_key().verifier
        for tamper, reason in TAMPERINGS:
            altered = copy.deepcopy(case)
            tamper(altered)
            with pytest.raises(casefile.CaseFileRejected, match=reason):
                casefile.verify_case_file(casefile.dump_json(altered), key)

    def test_a_case_file_resealed_with_another_key_is_refused(self, office: Office,
                                                             told: Story) -> None:
        """Re-sealing altered content with a key other than the pinned one does not help."""
        case = made(office, Subject("petition", str(told.petition)))
        _register(case)
        forged = casefile.seal(case["content"], case["report_html"], generate_private_key())
        with pytest.raises(casefile.CaseFileRejected, match="seal"):
            casefile.verify_case_file(json.dumps(forged).encode(), office.signing_key().verifier)


# The report printed to PDF ------------------------------------------------------------------------

FAKE_PDF = b"%PDF-1.4\n% not a real print: the format is what is tested here\n%%EOF\n"


def _rezip(data: bytes, change: Callable[[dict[str, bytes]], None]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = {n: z.read(n) for n in z.namelist()}
    change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, body in members.items():
            z.writestr(name, body)
    return out.getvalue()


class TestPdfReports:
    def sealed_with_pdf(self, office: Office, told: Story) -> dict[str, Any]:
        case = made(office, Subject("petition", str(told.petition)))
        return casefile.seal(case["content"], case["report_html"],
                             office.signing_key().private_key, FAKE_PDF)

    def test_a_sealed_pdf_verifies_and_travels_in_the_zip(self, office: Office,
                                                         told: Story) -> None:
        case = self.sealed_with_pdf(office, told)
        key = office.signing_key().verifier
        casefile.verify_case_file(casefile.dump_json(case), key)
        data = casefile.dump_zip(case)
        casefile.verify_case_file(data, key)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.read(casefile.PDF_NAME) == FAKE_PDF

    def test_an_altered_removed_or_added_pdf_is_refused(self, office: Office,
                                                        told: Story) -> None:
        case = self.sealed_with_pdf(office, told)
        key = office.signing_key().verifier
        altered = dict(case, report_pdf=b64encode(FAKE_PDF.replace(b"real", b"fake")))
        with pytest.raises(casefile.CaseFileRejected, match="PDF report was altered"):
            casefile.verify_case_file(casefile.dump_json(altered), key)
        removed = {k: v for k, v in case.items() if k != "report_pdf"}
        with pytest.raises(casefile.CaseFileRejected, match="PDF report was removed or added"):
            casefile.verify_case_file(casefile.dump_json(removed), key)
        plain = made(office, Subject("petition", str(told.petition)))
        added = dict(plain, report_pdf=b64encode(FAKE_PDF))
        with pytest.raises(casefile.CaseFileRejected, match="PDF report was removed or added"):
            casefile.verify_case_file(casefile.dump_json(added), key)

    def test_the_zip_copies_must_be_the_sealed_ones(self, office: Office, told: Story) -> None:
        """What a reader opens from the zip (report.html, report.pdf) is checked against the
        sealed case file; a zip carrying anything else is refused."""
        data = casefile.dump_zip(self.sealed_with_pdf(office, told))
        key = office.signing_key().verifier

        def html(m: dict[str, bytes]) -> None:
            m[casefile.REPORT_NAME] = m[casefile.REPORT_NAME].replace(
                "HỒ SƠ KIỂM TRA".encode(), "HỒ SƠ ĐÃ SỬA".encode())

        def pdf(m: dict[str, bytes]) -> None:
            m[casefile.PDF_NAME] = FAKE_PDF + b"% appended\n"

        def extra(m: dict[str, bytes]) -> None:
            m["readme.txt"] = b"trust me"

        for change, reason in ((html, r"report\.html in the zip is not"),
                               (pdf, r"report\.pdf in the zip is not"),
                               (extra, "not part of a case file")):
            with pytest.raises(casefile.CaseFileRejected, match=reason):
                casefile.verify_case_file(_rezip(data, change), key)
        plain = casefile.dump_zip(made(office, Subject("petition", str(told.petition))))

        def smuggled(m: dict[str, bytes]) -> None:
            m[casefile.PDF_NAME] = FAKE_PDF

        with pytest.raises(casefile.CaseFileRejected, match=r"report\.pdf in the zip is not"):
            casefile.verify_case_file(_rezip(plain, smuggled), key)

    def test_a_failed_print_leaves_the_html_report(self, office: Office, told: Story) -> None:
        """A browser that gives no PDF: the case file has its HTML report only, and verifies."""
        office.printer = PdfPrinter(shutil.which("false") or "/bin/false")
        case = made(office, Subject("petition", str(told.petition)))
        assert "report_pdf" not in case
        verified(office, case)

    def test_a_chromium_prints_the_report(self, office: Office, told: Story) -> None:
        """With a Chromium on PATH (``SOCAI_PDF_RENDERER=auto``), the case file carries the
        report printed to PDF, sealed; without one this test has nothing to print with."""
        printer = find_printer("auto")
        if printer is None:
            pytest.skip("no Chromium on PATH (the Debian package 'chromium' provides one)")
        office.printer = printer
        case = made(office, Subject("petition", str(told.petition)))
        assert b64decode(case["report_pdf"]).startswith(b"%PDF-")
        assert "(HTML and PDF)" in verified(office, case).lines()[2]


def test_a_missing_printer_program_is_refused_by_name(tmp_path: Path) -> None:
    """A renderer that is not there is a settings error at start-up, naming the program."""
    assert find_printer("off") is None
    with pytest.raises(PrinterNotFound, match="SOCAI_PDF_RENDERER='no-such-browser'"):
        find_printer("no-such-browser")
    with pytest.raises(ValidationError, match="no such program 'no-such-browser'"):
        Settings(data_dir=tmp_path, pdf_renderer="no-such-browser")
