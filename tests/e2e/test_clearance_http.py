"""Clearance holds on every path, then and now, through the real app.

The story: a directive drafted as ordinary at position N (its title a canary), then raised to Tối
mật and issued (its number allocated in an event of the numbering series); a petition received as
ordinary at position M (its summary a canary), read once by a leader (opening its identity access
log while the petition was ordinary), then raised to Tối mật. The auditor (cleared for Mật) asks
every path as of N or M, and live: the canaries are in no answer, lists leave the records out,
single-record paths answer 403, the feed gives withheld placeholders. The leader (Tối mật) is the
control: the same questions show the records to them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import open_office
from domain.petitions.model import access_log_id
from infra.ledger.casefile import CaseFileRejected, verify_case_file
from tests.conftest import BACKENDS, fresh_settings
from tests.e2e.conftest import Api, role_tokens
from tests.support.office import Clock, seed_reference
from tests.support.petitions import PLAINTEXT_NAME, on_day

DIRECTIVE_CANARY = "CANARY-TOIMAT-CHITHI-7f3a"
PETITION_CANARY = "CANARY-TOIMAT-DONTHU-91c2"
IDENTITY = {"name": PLAINTEXT_NAME, "address": "Số 7 ngõ Hòe Nhai"}
READER = "auditor"  # cleared for Mật, not for Tối mật
CONTROL = "leader"  # cleared for Tối mật


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response


def problem(response: Any, status: int) -> dict[str, Any]:
    assert (response.status_code, response.headers["content-type"]) == (
        status, "application/problem+json"), response.text
    body: dict[str, Any] = response.json()
    return body


def text_of(body: bytes) -> str:
    """A whole answer as text; a zip (XLSX) is opened and every member read."""
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            body = b"".join(z.read(n) for n in z.namelist())
    return body.decode("utf-8", "replace")


@dataclass(frozen=True)
class Story:
    directive: str
    directive_then: int  # the directive existed, ordinary
    number_symbol: str
    petition: str
    petition_then: int  # the petition existed, ordinary
    access_log: str
    head: int

    @property
    def canaries(self) -> tuple[str, ...]:
        return DIRECTIVE_CANARY, PETITION_CANARY, self.number_symbol


def post(api: Api, role: str, url: str, body: Any = None, version: int | None = None,
         status: int = 200) -> dict[str, Any]:
    answer: dict[str, Any] = ok(api.post(role, url, body, version=version), status).json()
    return answer


def story(api: Api, clock: Clock) -> Story:
    on_day(clock, date(2026, 6, 1))
    ordinary = post(api, "specialist", "/directives", {  # what the reader's case files hold
        "document_type": "CT", "title": "Về công tác văn thư", "issuer": "TU",
        "drafting_unit": "VP"}, status=201)
    post(api, "leader", f"/directives/{ordinary['id']}/appraise", {"passed": True}, version=1)
    post(api, "leader", f"/directives/{ordinary['id']}/issue", {
        "issued_on": "2026-06-01", "signer": "Trần Thị Hoa", "signer_title": "Bí thư"}, version=2)
    d = post(api, "specialist", "/directives", {
        "document_type": "NQ", "title": DIRECTIVE_CANARY, "issuer": "TU",
        "drafting_unit": "VP"}, status=201)
    url = f"/directives/{d['id']}"
    post(api, "leader", f"{url}/revise", {"secrecy": "toi_mat"}, version=1)
    post(api, "leader", f"{url}/appraise", {"passed": True}, version=2)
    issued = post(api, "leader", f"{url}/issue", {
        "issued_on": "2026-06-01", "signer": "Trần Thị Hoa", "signer_title": "Bí thư"},
        version=3)
    number = ok(api.get("leader", f"{url}?min_position={issued['position']}")).json()
    p = post(api, "clerk", "/petitions", {
        "channel": "citizen_reception", "received_on": "2026-06-01", "summary": PETITION_CANARY,
        "identity": IDENTITY}, status=201)
    purl = f"/petitions/{p['id']}"
    v = post(api, "clerk", f"{purl}/register", version=p["version"])["version"]
    v = post(api, "leader", f"{purl}/classify", {
        "petition_class": "complaint", "eligible": True, "anonymity": "named"}, version=v)["version"]
    v = post(api, "leader", f"{purl}/accept", {
        "accepted_on": "2026-06-01", "handling_unit": "UBKT"}, version=v)["version"]
    v = post(api, "leader", f"{purl}/assign", {"handlers": ["inspector"]}, version=v)["version"]
    post(api, "leader", f"{purl}/reveal", {"reason": "Kiểm tra hồ sơ"})
    raised = post(api, "leader", f"{purl}/raise-secrecy", {
        "secrecy": "toi_mat", "reason": "Liên quan cán bộ diện Ban Thường vụ quản lý"}, version=v)
    # Case files are proved against a signed checkpoint, and a read never signs one.
    assert api.post("admin", "/ledger/checkpoints").status_code == 201
    return Story(
        directive=d["id"], directive_then=d["position"], number_symbol=number["number_symbol"],
        petition=p["id"], petition_then=p["position"],
        access_log=str(access_log_id(UUID(p["id"]))), head=raised["position"])


@pytest.fixture(scope="module", params=BACKENDS)
def shared(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[Api, Story]]:
    """One office per store for the read-only tests of this module, the story told once."""
    clock = Clock()
    office = open_office(fresh_settings(request.param, tmp_path_factory.mktemp("clearance"),
                                        request), clock=clock)
    try:
        seed_reference(office)
        tokens = role_tokens(office)
        with TestClient(create_app(office=office, background=False)) as client:
            api = Api(client, tokens)
            yield api, story(api, clock)
    finally:
        office.close()


@pytest.fixture
def api(shared: tuple[Api, Story]) -> Api:
    """This module's read-only tests share one office per store (see ``shared``)."""
    return shared[0]


@pytest.fixture
def s(shared: tuple[Api, Story]) -> Story:
    return shared[1]


def read(api: Api, role: str, url: str, s: Story) -> Any:
    joiner = "&" if "?" in url else "?"
    consistent = "" if "at_position" in url else f"{joiner}min_position={s.head}"
    return api.get(role, f"{url}{consistent}")


def leaked(body: bytes | str, s: Story) -> list[str]:
    text = body if isinstance(body, str) else text_of(body)
    return [c for c in s.canaries if c in text]


class TestListsAsOfAPastPosition:
    @pytest.mark.parametrize("path", [
        "/directives?at_position={d}", "/petitions?at_position={p}",
        "/petitions/export?format=csv&at_position={p}",
        "/petitions/export?format=xlsx&at_position={p}",
        "/petitions/board?on=2026-06-01&at_position={p}",
        "/directives", "/petitions", "/petitions/export?format=xlsx", "/registers/outgoing",
    ])
    def test_a_record_secret_now_is_absent_for_the_reader_and_present_for_the_control(
            self, api: Api, s: Story, path: str) -> None:
        """Finding 4: as of a position where the record was ordinary, a reader not cleared for
        what it is now does not get it (title, summary, number); the control does."""
        url = path.format(d=s.directive_then, p=s.petition_then)
        seen, control = ok(read(api, READER, url, s)), ok(read(api, CONTROL, url, s))
        assert leaked(seen.content, s) == []
        assert leaked(control.content, s) != []
        assert len(seen.content) > 0

    @pytest.mark.parametrize("path", [
        "/petitions/statistics?at_position={p}", "/statistics/directives?at_position={d}",
        "/petitions/reports/periodic?year=2026&kind=quarter&number=2&at_position={p}",
    ])
    def test_statistics_count_only_what_the_reader_may_see(self, api: Api, s: Story, path: str
                                                           ) -> None:
        """The record secret now is not counted for the reader, as of when it was ordinary."""
        url = path.format(d=s.directive_then, p=s.petition_then)

        def total(role: str) -> int:
            answer = ok(read(api, role, url, s)).json()
            if "rows" in answer:  # the periodic report: its last row is the total
                return int(answer["rows"][-1]["received"])
            return sum(int(g["total"]) for g in answer["groups"])

        assert total(CONTROL) - total(READER) == 1


class TestSingleRecordPaths:
    @pytest.mark.parametrize("path", [
        "/records/{d}/history?at_position={dn}", "/records/{d}/history",
        "/records/{d}/diff?from=0&to=1", "/records/{p}/history?at_position={pn}",
        "/records/{log}/history", "/records/{log}/diff?from=0&to=1",
        "/inspection/case-files/petitions/{p}?at_position={pn}",
    ])
    def test_the_reader_gets_403_and_the_control_200(self, api: Api, s: Story, path: str
                                                     ) -> None:
        """History, diff, case file of a record secret now (even as of when it was not): 403
        clearance-too-low, no canary in the problem."""
        url = path.format(d=s.directive, dn=s.directive_then, p=s.petition, pn=s.petition_then,
                          log=s.access_log)
        refused = read(api, READER, url, s)
        assert problem(refused, 403)["type"] == "/problems/clearance-too-low"
        assert leaked(refused.content, s) == []
        ok(read(api, CONTROL, url, s))


class TestEventFeed:
    def feed(self, api: Api, role: str, s: Story) -> Any:
        return ok(read(api, role, "/events?after=0&limit=1000", s))

    def test_the_feed_is_gapless_and_withholds_secret_events(self, api: Api, s: Story) -> None:
        """Every position is there; the raised directive's, the petition's and its access
        log's events are placeholders with position, leaf index and time only."""
        answer = self.feed(api, READER, s)
        items = answer.json()["items"]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1))
        withheld = [i for i in items if i["kind"] == "withheld"]
        assert {frozenset(i) for i in withheld} == {
            frozenset({"position", "leaf_index", "recorded_at", "kind"})}
        assert {s.directive, s.petition, s.access_log} & {i.get("record_id") for i in items} == set()
        assert leaked(answer.content, s) == []

    def test_the_number_allocated_to_a_secret_directive_is_withheld(self, api: Api, s: Story
                                                                   ) -> None:
        """Finding 7: the series' NumberAllocated names the Tối mật directive and its number:
        withheld for the reader, in full for the control."""
        control = next(i for i in self.feed(api, CONTROL, s).json()["items"]
                       if i["type"] == "number_series.number_allocated"
                       and i["data"]["document_id"] == s.directive)
        seen = self.feed(api, READER, s).json()["items"][control["position"] - 1]
        assert (control["data"]["document_id"], control["data"]["number_symbol"]) == (
            s.directive, s.number_symbol)
        assert seen == {"position": control["position"], "leaf_index": control["leaf_index"],
                        "recorded_at": control["recorded_at"], "kind": "withheld"}


class TestIdentityAccessFollowsThePetition:
    def test_identity_access_leaves_out_a_petition_secret_now(self, api: Api, s: Story) -> None:
        """Finding 5: the reveal happened while the petition was ordinary; now that it is Tối
        mật the reader's review list does not show it (the control's does, with ISO times)."""
        seen = ok(read(api, READER, "/petitions/identity-access", s)).json()["items"]
        control = ok(read(api, CONTROL, "/petitions/identity-access", s)).json()["items"]
        assert [i for i in seen if i["petition_id"] == s.petition] == []
        line = next(i for i in control if i["petition_id"] == s.petition)
        assert datetime.fromisoformat(line["recorded_at"]).tzinfo is not None
        assert (line["flagged"], line["as_handler"], "recorded_us" in line) == (True, False, False)

    def test_the_reveals_report_leaves_it_out(self, api: Api, s: Story) -> None:
        seen = ok(read(api, READER, "/inspection/reports/reveals?on=2026-06-01", s))
        control = ok(read(api, CONTROL, "/inspection/reports/reveals?on=2026-06-01", s))
        assert (s.petition in seen.text, s.petition in control.text) == (False, True)


class TestInspectionAndCaseFiles:
    @pytest.mark.parametrize("path", [
        "/inspection/reports/actions?on=2026-06-01",
        "/inspection/reports/backdated?on=2026-06-01&min_days=0",
        "/inspection/reports/overdue-petitions?on=2027-06-01&at_position={p}",
    ])
    def test_reports_name_no_secret_record(self, api: Api, s: Story, path: str) -> None:
        url = path.format(p=s.petition_then)
        seen = ok(read(api, READER, url, s))
        assert (leaked(seen.content, s), s.directive in seen.text) == ([], False)

    def test_a_period_case_file_leaves_records_out_and_counts_them(self, api: Api, s: Story
                                                                  ) -> None:
        """The reader's case file of the period holds neither record, says two were left out
        (the petition and its access log, the directive) and names none of them."""
        url = "/inspection/case-files/periods?from=2026-01-01&to=2026-12-31&on=2026-06-01"
        seen = ok(read(api, READER, url, s))
        content = seen.json()["content"]
        ids = {r["record_id"] for r in content["records"]}
        assert {s.directive, s.petition, s.access_log} & ids == set()
        assert content["left_out"] == {"records": 2, "reason": "clearance"}
        assert leaked(seen.content, s) == []
        assert "2 hồ sơ thuộc phạm vi trích xuất không được đưa vào" in seen.json()["report_html"]

    def test_the_count_of_records_left_out_is_sealed(self, api: Api, s: Story) -> None:
        """The case file verifies offline with its ``left_out``; changing the count breaks the
        seal."""
        url = "/inspection/case-files/periods?from=2026-01-01&to=2026-12-31&on=2026-06-01"
        case = ok(read(api, READER, url, s)).json()
        assert verify_case_file(case, None).records == len(case["content"]["records"])
        altered = {**case, "content": {**case["content"], "left_out": {
            "records": 1, "reason": "clearance"}}}
        with pytest.raises(CaseFileRejected, match="seal"):
            verify_case_file(altered, None)
