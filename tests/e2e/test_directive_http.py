"""An API consumer drives a directive through its whole life and reads it back from the projections."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Api


class Driver:
    """Follows ETags and positions like a well-behaved client."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.position = 0

    def post(self, role: str, url: str, body: dict[str, Any], version: int | None = None,
             status: int = 200) -> dict[str, Any]:
        response = self.api.post(role, url, body, version=version)
        assert response.status_code == status, response.text
        answer: dict[str, Any] = response.json()
        self.position = max(self.position, answer["position"])
        assert response.headers["etag"] == f'"{answer["version"]}"'
        return answer

    def get(self, role: str, url: str) -> Any:
        joiner = "&" if "?" in url else "?"
        response = self.api.get(role, f"{url}{joiner}min_position={self.position}")
        assert response.status_code == 200, response.text
        return response.json()


class TestWholeLife:
    def test_from_draft_to_close_and_back_from_the_registers(self, api: Api) -> None:
        """Draft, appraise, issue, disseminate, assign, report, urge, extend, complete, inspect,
        review, close; the register, tracker, statistics and history tell the same story."""
        c = Driver(api)
        d = c.post("specialist", "/directives", {
            "document_type": "NQ", "issuer": "TU", "drafting_unit": "VP",
            "title": "Về đẩy mạnh chuyển đổi số trong cơ quan Đảng đến năm 2030"}, status=201)
        url = f"/directives/{d['id']}"
        v = c.post("leader", f"{url}/appraise", {"passed": False, "comments": "Bổ sung lộ trình"},
                   d["version"])["version"]
        v = c.post("specialist", f"{url}/revise", {"summary": "Đã bổ sung lộ trình"}, v)["version"]
        v = c.post("leader", f"{url}/appraise", {"passed": True}, v)["version"]
        v = c.post("clerk", f"{url}/issue", {"issued_on": "2026-03-02", "signer": "Trần Thị Hoa",
                                             "signer_title": "Bí thư Tỉnh ủy"}, v)["version"]
        v = c.post("specialist", f"{url}/disseminate", {"disseminated_on": "2026-03-09",
                                                        "form": "Hội nghị trực tuyến",
                                                        "participants": 420}, v)["version"]
        a = c.post("leader", f"{url}/assignments", {
            "task": "Xây dựng kế hoạch thực hiện", "lead_unit": "BTGDV",
            "cooperating_units": ["BTC"], "monitoring_units": ["VP"],
            "assigned_on": "2026-03-10", "deadline": "2026-04-30"}, v + 0, status=201)
        aurl = f"/assignments/{a['id']}"
        av = c.post("specialist", f"{aurl}/reports", {
            "kind": "periodic", "reported_on": "2026-04-01", "summary": "Đã ban hành kế hoạch",
            "period": "Quý I/2026"}, a["version"])["version"]
        av = c.post("specialist", f"{aurl}/urge", {"urged_on": "2026-04-28",
                                                   "note": "Đề nghị báo cáo kết quả"}, av)["version"]
        av = c.post("leader", f"{aurl}/extend", {"new_deadline": "2026-05-31",
                                                 "reason": "Chờ hướng dẫn của Trung ương"},
                    av)["version"]
        tracker = c.get("leader", f"/assignments?directive_id={d['id']}&on=2026-05-15")
        assert tracker["items"][0]["deadline"] == "2026-05-31"
        assert tracker["items"][0]["overdue"] is False
        c.post("specialist", f"{aurl}/complete", {"completed_on": "2026-05-20",
                                                  "result": "Hoàn thành"}, av)
        v = api.get("leader", url).json()["version"]
        v = c.post("inspector", f"{url}/inspections", {"inspected_on": "2026-06-10",
                                                       "inspecting_unit": "UBKT",
                                                       "findings": "Đúng tiến độ"}, v)["version"]
        v = c.post("leader", f"{url}/preliminary-review", {"reviewed_on": "2026-06-15",
                                                           "summary": "Sơ kết"}, v)["version"]
        v = c.post("leader", f"{url}/final-review", {"reviewed_on": "2026-09-15",
                                                     "summary": "Tổng kết"}, v)["version"]
        c.post("leader", f"{url}/close", {"closed_on": "2026-09-16"}, v)

        row = next(i for i in c.get("auditor", "/directives?sort=drafted")["items"]
                   if i["directive_id"] == d["id"])
        assert (row["number_symbol"], row["status"], row["units"]) == ("01-NQ/TU", "closed",
                                                                        "BTGDV")
        stats = c.get("auditor", "/statistics/assignments?group_by=unit&on=2026-10-01")
        assert stats["groups"] == [{
            "group": "BTGDV", "total": 1, "open": 0, "overdue": 0, "completed": 1,
            "completed_on_time": 1, "completed_late": 0, "cancelled": 0, "on_time_rate": 1.0}]
        history = c.get("auditor", f"/records/{d['id']}/history")
        kinds = [e["type"] for e in history["events"]]
        assert kinds[0] == "directive.drafted"
        assert kinds[-1] == "directive.closed"
        assert [e["version"] for e in history["events"]] == list(range(1, len(kinds) + 1))
        assert all(e["actor"]["role"] and e["leaf_index"] == e["position"] - 1
                   for e in history["events"])
        current = api.get("auditor", url).json()
        assert current["status_label"] == "Kết thúc"

    def test_supersession_over_http_links_both_ways(self, api: Api) -> None:
        """POST supersede with a reason; both records show the link."""
        c = Driver(api)
        ids = []
        for title in ("Chỉ thị cũ", "Chỉ thị mới"):
            d = c.post("specialist", "/directives", {"document_type": "CT", "issuer": "TU",
                                                     "drafting_unit": "VP", "title": title},
                       status=201)
            v = c.post("leader", f"/directives/{d['id']}/appraise", {"passed": True}, 1)["version"]
            c.post("clerk", f"/directives/{d['id']}/issue", {
                "issued_on": "2026-03-02", "signer": "A", "signer_title": "Bí thư"}, v)
            ids.append(d["id"])
        c.post("leader", f"/directives/{ids[0]}/supersede",
               {"successor_id": ids[1], "reason": "Thay thế toàn bộ"}, 3)
        assert api.get("leader", f"/directives/{ids[0]}").json()["superseded_by"] == ids[1]
        assert api.get("leader", f"/directives/{ids[1]}").json()["supersedes"] == [ids[0]]


class TestRecordTimeTravel:
    def test_a_directive_at_a_past_position_is_what_it_was(self, api: Api) -> None:
        """GET /directives/{id}?at_position=N folds the events up to N; ETag is that version."""
        c = Driver(api)
        d = c.post("specialist", "/directives", {"document_type": "CT", "issuer": "TU",
                                                 "drafting_unit": "VP", "title": "Bản đầu"},
                   status=201)
        first_position = d["position"]
        c.post("specialist", f"/directives/{d['id']}/revise", {"title": "Bản sửa"}, 1)
        then = api.get("auditor", f"/directives/{d['id']}?at_position={first_position}")
        now = api.get("auditor", f"/directives/{d['id']}")
        assert (then.json()["title"], then.headers["etag"]) == ("Bản đầu", '"1"')
        assert (now.json()["title"], now.headers["etag"]) == ("Bản sửa", '"2"')
        before = api.get("auditor", f"/directives/{d['id']}?at_position={first_position - 1}")
        assert before.status_code == 404
