"""Time travel over HTTP: every record, register and statistic asked ``at_position=N`` answers what
the live endpoints answered when the log stood at N; a backdated entry sits where it belongs on the
recorded-time axis and on the business-time axis."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from api.bootstrap import Office
from infra.settings import Settings
from tests.e2e.conftest import Api
from tests.support.inspection import office_on_clock
from tests.support.office import Clock

ON = "on=2026-06-01"
#: What says how an answer was travelled, not what it holds.
TRAVEL = ("at_position", "time_axis", "business_as_of")


@pytest.fixture
def office(settings: Settings, clock: Clock) -> Iterator[Office]:
    """The office of every fixture here records time by the test's clock."""
    with office_on_clock(settings, clock) as o:
        yield o


class Recorder:
    """Runs commands, and after each one takes the live answers of some endpoints with the log
    position they reflect."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.position = 0
        self.snapshots: list[tuple[int, dict[str, Any]]] = []

    def post(self, role: str, url: str, body: Any = None, version: int | None = None,
             status: int = 200) -> dict[str, Any]:
        r = self.api.post(role, url, body, version=version)
        assert r.status_code == status, r.text
        answer: dict[str, Any] = r.json()
        self.position = answer["position"]
        return answer

    def get(self, url: str, at: int | None = None) -> Any:
        joiner = "&" if "?" in url else "?"
        query = f"at_position={at}" if at is not None else f"min_position={self.position}"
        r = self.api.get("auditor", f"{url}{joiner}{query}")
        assert r.status_code == 200, f"{url}: {r.text}"
        return r.json()

    def snapshot(self, *urls: str) -> None:
        self.snapshots.append((self.position, {url: self.get(url) for url in urls}))


def plain(answer: Any) -> Any:
    return {k: v for k, v in answer.items() if k not in TRAVEL}


def scenario(r: Recorder) -> None:
    """Directives, an assignment, a petition and archive documents, with snapshots between."""
    d = r.post("specialist", "/directives", {
        "document_type": "NQ", "title": "Về chuyển đổi số", "issuer": "TU",
        "drafting_unit": "VP"}, status=201)
    directive = f"/directives/{d['id']}"
    registers = ("/directives", "/statistics/directives?group_by=status")
    r.snapshot(directive, *registers)
    r.post("leader", f"{directive}/appraise", {"passed": True}, version=1)
    r.post("leader", f"{directive}/issue", {"issued_on": "2026-03-02", "signer": "Trần Thị Hoa",
                                            "signer_title": "Bí thư"}, version=2)
    r.snapshot(directive, *registers, "/registers/outgoing")
    a = r.post("leader", f"{directive}/assignments", {
        "task": "Báo cáo kết quả", "lead_unit": "UBKT", "assigned_on": "2026-03-02",
        "deadline": "2026-04-30"}, version=3, status=201)
    assignment = f"/assignments/{a['id']}?{ON}"
    tracker = (f"/assignments?{ON}", f"/statistics/assignments?{ON}")
    r.snapshot(directive, assignment, *registers, *tracker)
    r.post("leader", f"/assignments/{a['id']}/extend", {
        "new_deadline": "2026-05-29", "reason": "Chờ ý kiến Thường trực"}, version=1)
    r.snapshot(assignment, *tracker)
    p = r.post("clerk", "/petitions", {"channel": "post", "received_on": "2026-03-02",
                                       "summary": "Phản ánh việc thu phí"}, status=201)
    petition = f"/petitions/{p['id']}"
    board = ("/petitions", f"/petitions/board?{ON}", f"/petitions/statistics?{ON}")
    r.snapshot(petition, *board)
    r.post("clerk", f"{petition}/register", version=p["version"])
    r.snapshot(petition, *board)
    i = r.post("clerk", "/archive/incoming", {
        "author": "Ban Tổ chức Trung ương", "number_symbol": "12-CV/BTCTW",
        "document_type": "Công văn", "summary": "Về nhân sự", "received_on": "2026-03-02"},
        status=201)
    incoming = f"/archive/incoming/{i['id']}"
    archive = (f"/registers/incoming?{ON}", f"/registers/follow-up?{ON}")
    r.snapshot(incoming, *archive, petition)
    r.post("clerk", f"{incoming}/pass-on", {"to_unit": "BTC", "deadline": "2026-03-20"},
           version=1)
    r.snapshot(incoming, *archive, directive, *board)


class TestAtPositionEqualsTheLiveAnswerThen:
    def test_records_registers_and_statistics_answer_as_they_did(self, api: Api) -> None:
        """Every answer recorded during the scenario is given again, later, at its position."""
        r = Recorder(api)
        scenario(r)
        assert len(r.snapshots) == 8
        for position, answers in r.snapshots:
            for url, then in answers.items():
                now = r.get(url, at=position)
                assert (now["at_position"], now["time_axis"]) == (position, "recorded"), url
                assert plain(now) == plain(then), f"{url} at {position}"


class TestBusinessTimeAndRecordedTime:
    def test_a_backdated_receipt_is_in_its_place_on_each_axis(self, api: Api,
                                                              clock: Clock) -> None:
        """Received on paper on 2 March, entered and registered on 4 March: recorded time sees it
        from 4 March; business time from 2 March, not yet registered then."""
        clock.advance(days=2)  # 4 March 2026, 09:00 in Hà Nội
        r = Recorder(api)
        p = r.post("clerk", "/petitions", {"channel": "post", "received_on": "2026-03-02",
                                           "summary": "Phản ánh việc thu phí"}, status=201)
        r.post("clerk", f"/petitions/{p['id']}/register", version=p["version"])

        def statuses(query: str) -> list[str]:
            page = r.get(f"/petitions?{query}")
            return [item["status"] for item in page["items"]]

        assert statuses("as_of=2026-03-03T23:59:59%2B07:00") == []
        assert statuses("as_of=2026-03-04T23:59:59%2B07:00") == ["registered"]
        assert statuses("business_as_of=2026-03-01") == []
        assert statuses("business_as_of=2026-03-02") == ["received"]
        assert statuses("business_as_of=2026-03-04") == ["registered"]
        page = r.get("/petitions?business_as_of=2026-03-02")
        assert (page["time_axis"], page["business_as_of"]) == ("business", "2026-03-02")
        first = r.get(f"/records/{p['id']}/history")["events"][0]
        assert (first["business_on"], first["recorded_at"][:10]) == ("2026-03-02", "2026-03-04")
