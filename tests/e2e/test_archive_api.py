"""The archive over HTTP: commands with If-Match, warnings, roles, clearance, registers and
exports, and the access trail of secret items."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import load_workbook

from api.bootstrap import Office
from tests.e2e.conftest import Api
from tests.support.archive import seed_retention
from tests.support.office import event_count

INCOMING = {"author": "Ban Tổ chức Trung ương", "number_symbol": "123-CV/BTCTW",
            "document_type": "Công văn", "summary": "Về việc chuẩn bị nhân sự đại hội",
            "document_date": "2026-02-25"}
OUTGOING = {"document_type": "GM", "issuer": "VPTU", "issued_on": "2026-03-02",
            "summary": "Giấy mời dự Hội nghị sơ kết quý I", "signer": "Nguyễn Văn An",
            "signer_title": "Chánh Văn phòng", "recipients": ["Các ban đảng Tỉnh ủy"],
            "file_copy_unit": "VP"}


def created(response: Any) -> str:
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


class TestIncomingOverHttp:
    def test_register_answers_the_number(self, api: Api) -> None:
        """201 with the year, the incoming number, a Location and the ETag."""
        r = api.post("clerk", "/archive/incoming", INCOMING)
        assert r.status_code == 201, r.text
        body = r.json()
        assert (body["year"], body["number"], body["warnings"]) == (2026, 1, [])
        assert r.headers["ETag"] == '"1"'
        assert r.headers["Location"] == f"/archive/incoming/{body['id']}"

    def test_a_duplicate_is_a_warning(self, api: Api) -> None:
        """The second registration of a number-symbol succeeds with a warning naming the first."""
        first = created(api.post("clerk", "/archive/incoming", INCOMING))
        r = api.post("clerk", "/archive/incoming", INCOMING)
        assert r.status_code == 201
        assert [w["earlier"] for w in r.json()["warnings"]] == [first]

    def test_pass_on_needs_if_match(self, api: Api) -> None:
        """Commands to an existing record need If-Match (428), and a current one (412)."""
        did = created(api.post("clerk", "/archive/incoming", INCOMING))
        body = {"to_unit": "BTC", "deadline": "2026-03-10"}
        assert api.post("clerk", f"/archive/incoming/{did}/pass-on", body).status_code == 428
        assert api.post("clerk", f"/archive/incoming/{did}/pass-on", body,
                        version=5).status_code == 412
        assert api.post("clerk", f"/archive/incoming/{did}/pass-on", body,
                        version=1).status_code == 200

    def test_a_role_without_the_command_writes_nothing(self, api: Api, office: Office) -> None:
        """An auditor may not register: 403 and no event."""
        before = event_count(office)
        r = api.post("auditor", "/archive/incoming", INCOMING)
        assert r.status_code == 403
        assert event_count(office) == before


class TestSecretItems:
    def test_clearance_is_checked(self, api: Api) -> None:
        """A user without clearance cannot read a secret document (403)."""
        did = created(api.post("clerk", "/archive/incoming", {**INCOMING, "secrecy": "mat"}))
        assert api.get("uncleared_leader", f"/archive/incoming/{did}").status_code == 403
        assert api.get("leader", f"/archive/incoming/{did}").status_code == 200

    def test_reading_a_secret_item_is_an_event(self, api: Api, office: Office) -> None:
        """Each view of a secret document writes one access event."""
        did = created(api.post("clerk", "/archive/incoming", {**INCOMING, "secrecy": "mat"}))
        before = event_count(office)
        api.get("leader", f"/archive/incoming/{did}")
        api.get("leader", f"/archive/incoming/{did}")
        assert event_count(office) == before + 2

    def test_reading_an_ordinary_item_writes_nothing(self, api: Api, office: Office) -> None:
        """Ordinary documents are read without an event."""
        did = created(api.post("clerk", "/archive/incoming", INCOMING))
        before = event_count(office)
        assert api.get("auditor", f"/archive/incoming/{did}").status_code == 200
        assert event_count(office) == before


class TestOutgoingOverHttp:
    def test_numbered_and_in_the_register(self, api: Api) -> None:
        """An invitation takes 01-GM/VPTU and appears in the outgoing register."""
        r = api.post("clerk", "/archive/outgoing", OUTGOING)
        assert r.status_code == 201, r.text
        assert r.json()["number_symbol"] == "01-GM/VPTU"
        page = api.get("auditor", "/registers/outgoing",
                       params={"min_position": r.json()["position"]}).json()
        assert [i["number_symbol"] for i in page["items"]] == ["01-GM/VPTU"]

    def test_recall_needs_a_reason(self, api: Api) -> None:
        """A recall without a reason is refused by validation (422)."""
        did = created(api.post("clerk", "/archive/outgoing", OUTGOING))
        r = api.post("leader", f"/archive/outgoing/{did}/recall", {}, version=1)
        assert r.status_code == 422


class TestRegistersOverHttp:
    def test_xlsx_export(self, api: Api) -> None:
        """?format=xlsx answers a workbook with the Vietnamese headers."""
        position = api.post("clerk", "/archive/incoming", INCOMING).json()["position"]
        r = api.get("auditor", "/registers/incoming",
                    params={"format": "xlsx", "min_position": position})
        assert r.status_code == 200
        sheet = load_workbook(io.BytesIO(r.content)).active
        assert sheet is not None
        assert [c.value for c in sheet[1]][:2] == ["Ngày đến", "Số đến"]
        assert sheet.cell(2, 2).value == 1

    def test_csv_export_by_period(self, api: Api) -> None:
        """?format=csv&from=&to= exports the period only."""
        api.post("clerk", "/archive/incoming", {**INCOMING, "received_on": "2026-02-27",
                                                "document_date": None})
        position = api.post("clerk", "/archive/incoming", {**INCOMING, "number_symbol": "9-CV/X"}
                            ).json()["position"]
        r = api.get("auditor", "/registers/incoming", params={
            "format": "csv", "from": "2026-03-01", "to": "2026-03-31", "min_position": position})
        lines = r.content.decode("utf-8").strip().splitlines()
        assert len(lines) == 2
        assert "9-CV/X" in lines[1]

    def test_an_unknown_filter_is_a_clear_400(self, api: Api) -> None:
        """A filter the register does not have is named in a 400 problem."""
        r = api.get("auditor", "/registers/loans", params={"urgency": "khan"})
        assert r.status_code == 400
        assert r.json()["type"] == "/problems/unknown-filter"


class TestFilesOverHttp:
    def test_file_lifecycle(self, api: Api, office: Office) -> None:
        """Open, add a document, close, hand over with an archival code; in the catalogue."""
        seed_retention(office)
        out = created(api.post("clerk", "/archive/outgoing", OUTGOING))
        fid = created(api.post("clerk", "/archive/files", {
            "reference": "VP-05", "title": "Hồ sơ hội nghị sơ kết quý I", "unit": "VP",
            "retention_class": "10N", "opened_on": "2026-01-05"}))
        assert api.post("clerk", f"/archive/files/{fid}/documents",
                        {"kind": "outgoing", "document_id": out}, version=1).status_code == 200
        assert api.post("clerk", f"/archive/files/{fid}/close", {"ended_on": "2026-03-01"},
                        version=2).status_code == 200
        r = api.post("clerk", f"/archive/files/{fid}/hand-over", {
            "fonds": "VPTU", "inventory": "01", "box": "3", "file_number": 7,
            "received_by": "Lưu trữ cơ quan"}, version=3)
        assert r.status_code == 200, r.text
        item = api.get("auditor", "/registers/files",
                       params={"min_position": r.json()["position"]}).json()["items"][0]
        assert (item["archival_code"], item["retention_label"], item["documents"]) == (
            "VPTU/01/3/7", "10 năm", 1)
        got = api.get("auditor", f"/archive/files/{fid}").json()
        assert (got["expires_on"], got["status_label"]) == (str(date(2037, 1, 1)),
                                                            "Đã nộp lưu cơ quan")
