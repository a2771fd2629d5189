"""Case files: built for a petition, a directive, a unit and a period, they verify offline under
the pinned key; a case file altered in any part is refused with the reason."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from api.bootstrap import Office
from api.inspection.casefile import Scope, Subject, build, signer_context
from domain.actors import Secrecy
from infra.ledger import casefile
from infra.ledger.encoding import b64decode, b64encode
from infra.ledger.keys import generate_private_key
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
        assert [c["type"] for c in resolve["clock_changes"]] == ["Petition.Extended"]
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
