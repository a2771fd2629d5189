"""Demo archive: incoming and outgoing registers, files in every state, loans (one overdue), a legal
hold and a disposal carried out."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from api.bootstrap import Office
from domain.actors import Actor, Secrecy
from domain.archive.access import AccessKind
from domain.archive.values import Attachment, ItemKind, Urgency
from domain.records import Context

RETENTION = [
    ("VV", "Nghị quyết, chỉ thị, báo cáo tổng kết, hồ sơ đại hội", None),
    ("20N", "Hồ sơ hội nghị chuyên đề, kế hoạch công tác năm", 20),
    ("10N", "Công văn trao đổi công tác, báo cáo định kỳ", 10),
    ("05N", "Giấy mời, lịch công tác, thông báo ngắn hạn", 5),
    ("02N", "Sổ theo dõi nội bộ, văn bản gửi để biết", 2),
]
AUTHORS = ["Văn phòng Trung ương Đảng", "Ban Tổ chức Trung ương", "Ủy ban nhân dân tỉnh",
           "Sở Tài chính", "Đảng ủy xã Hòa Phú", "Ban Tuyên giáo và Dân vận Trung ương",
           "Đảng ủy Công an tỉnh", "Ủy ban Kiểm tra Trung ương"]
INCOMING = [
    ("Công văn", "Về việc chuẩn bị tổng kết công tác xây dựng Đảng năm 2026", Urgency.NORMAL),
    ("Công văn", "Về việc góp ý dự thảo Quy định về công tác kiểm tra, giám sát", Urgency.KHAN),
    ("Báo cáo", "Kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội quý III", Urgency.NORMAL),
    ("Giấy mời", "Dự Hội nghị trực tuyến quán triệt Nghị quyết Trung ương", Urgency.HOA_TOC),
    ("Tờ trình", "Đề nghị phê duyệt kế hoạch đào tạo, bồi dưỡng cán bộ", Urgency.NORMAL),
    ("Công văn", "Về việc rà soát, bổ sung quy hoạch cán bộ nhiệm kỳ 2025–2030", Urgency.THUONG_KHAN),
    ("Thông báo", "Ý kiến kết luận về công tác phòng, chống thiên tai", Urgency.NORMAL),
    ("Công văn", "Về việc cung cấp hồ sơ phục vụ kiểm tra", Urgency.KHAN),
]
OUTGOING = [
    ("CV", "Về việc đôn đốc báo cáo sơ kết 6 tháng thực hiện Chỉ thị", ["Các ban đảng Tỉnh ủy",
                                                                      "Các đảng ủy trực thuộc"]),
    ("BC", "Báo cáo tình hình thực hiện Quy chế làm việc quý III", ["Thường trực Tỉnh ủy"]),
    ("TTR", "Tờ trình về việc ban hành Quy chế văn thư, lưu trữ", ["Ban Thường vụ Tỉnh ủy"]),
    ("GM", "Giấy mời dự Hội nghị giao ban khối Đảng", ["Lãnh đạo các ban đảng",
                                                      "Văn phòng UBND tỉnh"]),
    ("BB", "Biên bản Hội nghị giao ban khối Đảng tháng 10", ["Lưu Văn phòng"]),
    ("CV", "Về việc chuẩn bị nội dung Hội nghị Ban Chấp hành Đảng bộ tỉnh", ["Các ban đảng Tỉnh ủy"]),
]
SIGNER = ("Hoàng Thị Ngọc", "Chánh Văn phòng")
COUNCIL = ["Hoàng Thị Ngọc – Chánh Văn phòng (Chủ tịch Hội đồng)",
           "Lò Thị Thu – Văn thư, lưu trữ", "Đặng Văn Minh – Trưởng phòng Tổng hợp"]


def pdf(title: str) -> bytes:
    """A tiny, valid-looking PDF whose text is the title (demo content)."""
    return (b"%PDF-1.4\n% demo\n1 0 obj << /Title (" + title.encode("utf-8") +
            b") >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


class ArchiveDemo:
    def __init__(self, office: Office, actors: dict[str, Actor], today: date) -> None:
        self.office = office
        self.a = office.archive
        self.actors = actors
        self.today = today
        self.zone = ZoneInfo(office.settings.timezone)

    def ctx(self, role: str, day: date | None = None, reason: str | None = None) -> Context:
        business = datetime.combine(day, time(8, 30), self.zone) if day else None
        return Context(self.actors[role], self.office.clock(), business_time=business,
                       reason=reason)

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def load(self) -> None:
        for code, name, years in RETENTION:
            self.a.define_retention_class(self.ctx("admin"), code=code, name=name, years=years)
        incoming = self._incoming()
        outgoing = self._outgoing()
        self._files(incoming, outgoing)

    # Registers ------------------------------------------------------------------------------------

    def _incoming(self) -> list[UUID]:
        ids = []
        for i, (doc_type, summary, urgency) in enumerate(INCOMING):
            arrived = self.day(40 - i * 5)
            reg = self.a.register_incoming(
                self.ctx("clerk", arrived), author=AUTHORS[i % len(AUTHORS)],
                number_symbol=f"{120 + i * 7}-CV/{'VPTW' if i % 2 else 'BTCTW'}",
                document_type=doc_type, summary=summary, received_on=arrived,
                document_date=arrived - timedelta(days=3), urgency=urgency,
                secrecy=Secrecy.MAT if i == 7 else Secrecy.NONE,
            )
            assert reg.receipt.record_id is not None
            ids.append(reg.receipt.record_id)
            self._attach(ItemKind.INCOMING, reg.receipt.record_id, f"van-ban-den-{i + 1}.pdf",
                         summary)
        # A duplicate registration (warned, not refused).
        self.a.register_incoming(
            self.ctx("clerk", self.day(2)), author=AUTHORS[0], number_symbol="120-CV/BTCTW",
            document_type="Công văn", summary=INCOMING[0][1] + " (bản fax)",
            received_on=self.day(2))
        plans = [("BTC", 14, "reply"), ("UBKT", 10, "progress"), ("BTGDV", 25, "overdue"),
                 ("VP", None, None), ("BTC", 30, "progress")]
        for did, (unit, deadline_days, plan) in zip(ids, plans, strict=False):
            doc = self.a.get_incoming(did)
            passed = doc.received_on + timedelta(days=1)
            deadline = passed + timedelta(days=deadline_days) if deadline_days else None
            if plan == "overdue":
                deadline = min(deadline or self.today, self.day(3))
            self.a.pass_on(self.ctx("clerk", passed), did, doc.version, to_unit=unit,
                           deadline=deadline, passed_on=passed, received_by="Văn thư đơn vị")
            if plan in ("progress", "reply"):
                self.a.record_progress(self.ctx("specialist"), did, doc.version + 1,
                                       note="Đã giao chuyên viên nghiên cứu, dự thảo văn bản trả lời",
                                       recorded_on=min(passed + timedelta(days=3), self.today))
            if plan == "reply":
                self.a.record_reply(self.ctx("specialist"), did, doc.version + 2,
                                    reply_number_symbol="215-CV/VPTU",
                                    replied_on=min(passed + timedelta(days=7), self.today))
        return ids

    def _outgoing(self) -> list[UUID]:
        ids = []
        for i, (doc_type, summary, recipients) in enumerate(OUTGOING):
            issued = self.day(35 - i * 5)
            did = self._register_out(doc_type, summary, recipients, issued)
            self._attach(ItemKind.OUTGOING, did, f"van-ban-di-{i + 1}.pdf", summary)
            if i < 4:
                self.a.dispatch(self.ctx("clerk"), did, self._v_out(did), sent_on=issued,
                                received_by="Bưu điện tỉnh")
            ids.append(did)
        self.a.correct(self.ctx("clerk"), ids[1], self._v_out(ids[1]), issued_on=self.day(8),
                       summary="Đính chính thể thức Báo cáo tình hình thực hiện Quy chế làm việc",
                       signer=SIGNER[0], signer_title=SIGNER[1])
        self.a.replace_document(
            self.ctx("leader", reason="Sai số liệu tại mục II"), ids[2], self._v_out(ids[2]),
            issued_on=self.day(6), signer=SIGNER[0], signer_title=SIGNER[1],
            summary="Tờ trình về việc ban hành Quy chế văn thư, lưu trữ (thay thế)")
        self.a.recall(self.ctx("leader", reason="Ban hành chưa đúng thẩm quyền ký"), ids[5],
                      self._v_out(ids[5]), recalled_on=self.day(1))
        return ids

    def _register_out(self, doc_type: str, summary: str, recipients: list[str], issued: date,
                      **kw: Any) -> UUID:
        receipt = self.a.register_outgoing(
            self.ctx("clerk", issued), document_type=doc_type, issuer="VPTU", issued_on=issued,
            summary=summary, signer=SIGNER[0], signer_title=SIGNER[1], recipients=recipients,
            file_copy_unit="VP", copies=len(recipients) + 1, **kw)
        assert receipt.record_id is not None
        return receipt.record_id

    def _v_out(self, did: UUID) -> int:
        return self.a.get_outgoing(did).version

    def _attach(self, kind: ItemKind, did: UUID, filename: str, title: str) -> None:
        content = pdf(title)
        pending = self.office.blobs.receive([content], filename=filename,
                                            declared_size=len(content))
        version = self.a.document(kind, did).version
        self.a.attach(self.ctx("clerk"), kind, did, version,
                      Attachment(pending.sha256, pending.size, pending.media_type,
                                 pending.filename))
        self.office.blobs.keep(pending)

    # Files ----------------------------------------------------------------------------------------

    def _file(self, reference: str, title: str, retention: str, opened: date,
              docs: list[tuple[ItemKind, UUID]], ended: date | None = None,
              secrecy: Secrecy = Secrecy.NONE) -> UUID:
        receipt = self.a.open_file(self.ctx("clerk", opened), reference=reference, title=title,
                                   unit="VP", retention_class=retention, opened_on=opened,
                                   secrecy=secrecy)
        fid = receipt.record_id
        assert fid is not None
        for kind, did in docs:
            self.a.add_document(self.ctx("clerk"), fid, self._v(fid), kind=kind, document_id=did)
        if ended is not None:
            self.a.close_file(self.ctx("clerk", ended), fid, self._v(fid), ended_on=ended)
        return fid

    def _v(self, fid: UUID) -> int:
        return self.a.get_file(fid).version

    def _old_docs(self, summary: str, issued: date, n: int = 2) -> list[tuple[ItemKind, UUID]]:
        out = []
        for k in range(n):
            did = self._register_out("CV" if k else "BC", f"{summary} ({k + 1})",
                                     ["Các ban đảng Tỉnh ủy"], issued + timedelta(days=k))
            out.append((ItemKind.OUTGOING, did))
        return out

    def _files(self, incoming: list[UUID], outgoing: list[UUID]) -> None:
        t = self.today
        # Open: the current year's conference file.
        self._file("VP-01", "Hồ sơ Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 5", "VV",
                   self.day(45), [(ItemKind.INCOMING, incoming[0]),
                                  (ItemKind.OUTGOING, outgoing[0])])
        # Closed recently: handover not yet due.
        self._file("VP-02", "Hồ sơ giao ban khối Đảng quý III", "10N", self.day(60),
                   [(ItemKind.OUTGOING, outgoing[3]), (ItemKind.OUTGOING, outgoing[4])],
                   ended=self.day(5))
        # Closed 15 months ago and not handed over: overdue.
        ended = self.day(460)
        self._file("VP-03", "Hồ sơ công tác phòng, chống thiên tai năm trước", "10N",
                   ended - timedelta(days=200), self._old_docs("Công tác phòng chống thiên tai",
                                                               ended - timedelta(days=30)),
                   ended=ended)
        # Kept back by the unit with the head's approval.
        kept = self._file("VP-04", "Hồ sơ xây dựng Quy chế làm việc nhiệm kỳ", "20N",
                          ended - timedelta(days=150),
                          self._old_docs("Quy chế làm việc", ended - timedelta(days=40)),
                          ended=ended)
        self.a.keep_back(self.ctx("leader"), kept, self._v(kept),
                         until=ended + timedelta(days=365 * 2),
                         approval_reference="Ý kiến phê duyệt của Chánh Văn phòng ngày 15/9")
        # Archived (20 years) and transferred (permanent, declassified first).
        archived = self._file("VP-05", "Hồ sơ Hội nghị chuyên đề công tác cán bộ", "20N",
                              date(2021, 3, 1), self._old_docs("Công tác cán bộ",
                                                               date(2021, 3, 10)),
                              ended=date(2021, 12, 20))
        self._hand_over(archived, 5, date(2023, 3, 15))
        permanent = self._file("VP-06", "Hồ sơ Đại hội Đảng bộ tỉnh nhiệm kỳ 2020–2025", "VV",
                               date(2020, 10, 16),
                               self._old_docs("Đại hội Đảng bộ tỉnh", date(2020, 10, 20)),
                               ended=date(2020, 12, 30), secrecy=Secrecy.MAT)
        self._hand_over(permanent, 6, date(2022, 2, 10))
        self.a.declassify(self.ctx("leader", reason="Hết thời hạn bảo vệ bí mật nhà nước"),
                          permanent, self._v(permanent), secrecy=Secrecy.NONE,
                          decision_reference="Quyết định 27-QĐ/TU", declassified_on=self.day(30))
        self.a.transfer(self.ctx("leader"), permanent, self._v(permanent),
                        receiving_archive="Lưu trữ lịch sử tỉnh",
                        reference="Biên bản giao nhận tài liệu 03/2026",
                        transferred_on=self.day(20))
        # Expired 5-year files: one under a legal hold, one destroyed.
        held = self._file("VP-07", "Hồ sơ tổ chức các hội nghị năm 2020", "05N", date(2020, 11, 2),
                          self._old_docs("Hội nghị", date(2020, 11, 5)),
                          ended=date(2020, 12, 28))
        self.a.place_hold(self.ctx("inspector", reason="Phục vụ kiểm tra của Ủy ban Kiểm tra"),
                          held, self._v(held), reference="Thông báo 7-TB/UBKTTU")
        expired = self._file("VP-08", "Hồ sơ lịch công tác và giấy mời năm 2020", "05N",
                             date(2020, 11, 2), self._old_docs("Lịch công tác",
                                                               date(2020, 11, 16)),
                             ended=date(2020, 12, 18))
        first = self.a.get_file(expired).documents[0].document_id
        self._attach(ItemKind.OUTGOING, first, "lich-cong-tac-2020.pdf", "Lịch công tác 2020")
        self._dispose(expired, t)
        self._loans(archived, permanent, incoming)

    def _hand_over(self, fid: UUID, number: int, day: date) -> None:
        self.a.hand_over(self.ctx("clerk"), fid, self._v(fid), fonds="VPTU", inventory="01",
                         box=str(1 + number // 10), file_number=number,
                         received_by="Lưu trữ cơ quan Văn phòng Tỉnh ủy", handed_over_on=day)

    def _dispose(self, fid: UUID, today: date) -> None:
        expires = self.a.get_file(fid).expires_on
        if expires is None or today < expires + timedelta(days=2):
            return
        proposed = max(expires, today - timedelta(days=20))
        decided = min(proposed + timedelta(days=5), today)
        destroyed = min(decided + timedelta(days=5), today)
        receipt = self.a.propose_disposal(self.ctx("clerk"), file_ids=[fid], council=COUNCIL,
                                          proposal_reference="Tờ trình 1-TTr/HĐXĐGTTL",
                                          proposed_on=proposed)
        did = receipt.record_id
        assert did is not None
        self.a.decide_disposal(self.ctx("leader"), did, 1, decision_number="12-QĐ/VPTU",
                               decided_by="Chánh Văn phòng Tỉnh ủy", decided_on=decided)
        self.a.destroy(self.ctx("clerk", reason="Tài liệu hết giá trị, hết thời hạn bảo quản"),
                       did, 2, minutes_number="Biên bản hủy tài liệu 01/2026",
                       destroyed_on=destroyed)

    def _loans(self, archived: UUID, permanent: UUID, incoming: list[UUID]) -> None:
        del permanent
        a = self.a
        loan = a.request_access(self.ctx("specialist"), kind=AccessKind.LOAN,
                                item_kind=ItemKind.FILE, item_id=archived,
                                purpose="Nghiên cứu xây dựng đề án công tác cán bộ",
                                requested_on=self.day(30)).record_id
        assert loan is not None
        a.approve_access(self.ctx("leader"), loan, 1, due_on=self.day(10),
                         approved_on=self.day(29))
        a.hand_out(self.ctx("clerk"), loan, 2, handed_out_on=self.day(28))
        reading = a.request_access(self.ctx("inspector"), kind=AccessKind.READING,
                                   item_kind=ItemKind.INCOMING, item_id=incoming[7],
                                   purpose="Phục vụ kiểm tra", requested_on=self.day(6)).record_id
        assert reading is not None
        a.approve_access(self.ctx("leader"), reading, 1, approved_on=self.day(6))
        a.hand_out(self.ctx("clerk"), reading, 2, handed_out_on=self.day(5))
        a.return_item(self.ctx("clerk"), reading, 3, returned_on=self.day(5))
        a.request_access(self.ctx("specialist"), kind=AccessKind.READING,
                         item_kind=ItemKind.FILE, item_id=archived,
                         purpose="Tra cứu số liệu tổng kết", requested_on=self.day(1))
