"""Demo directives: every lifecycle state, Party and State numbering, assignments in every state."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from api.bootstrap import Office
from domain.actors import Actor, Secrecy
from domain.directives.model import ReportKind
from domain.records import Context

TITLES = {
    "NQ": [
        "Về đẩy mạnh chuyển đổi số trong cơ quan Đảng, Mặt trận Tổ quốc và các đoàn thể đến năm 2030",
        "Về phát triển du lịch cộng đồng gắn với bảo tồn văn hóa các dân tộc thiểu số",
        "Về nâng cao chất lượng sinh hoạt chi bộ trong tình hình mới",
        "Về phát triển nông nghiệp hàng hóa tập trung, ứng dụng công nghệ cao giai đoạn 2026–2030",
        "Về xây dựng đội ngũ cán bộ cấp xã đáp ứng yêu cầu chính quyền địa phương hai cấp",
    ],
    "CT": [
        "Về tăng cường sự lãnh đạo của Đảng đối với công tác phòng, chống tham nhũng, lãng phí, tiêu cực",
        "Về lãnh đạo tổ chức Tết Nguyên đán Bính Ngọ năm 2026",
        "Về tăng cường công tác phòng, chống thiên tai, tìm kiếm cứu nạn mùa mưa lũ năm 2026",
        "Về lãnh đạo công tác tiếp công dân, giải quyết khiếu nại, tố cáo",
        "Về bảo vệ bí mật nhà nước trong các cơ quan Đảng",
    ],
    "KL": [
        "Kết luận của Ban Thường vụ Tỉnh ủy về tình hình kinh tế – xã hội 9 tháng đầu năm 2026",
        "Kết luận về kết quả kiểm tra việc thực hiện Nghị quyết Đại hội Đảng bộ tỉnh",
        "Kết luận về công tác quy hoạch cán bộ nhiệm kỳ 2025–2030",
    ],
    "QD": [
        "Quyết định thành lập Ban Chỉ đạo chuyển đổi số của Tỉnh ủy",
        "Quyết định ban hành Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa mới",
    ],
    "QDI": [
        "Quy định về chế độ thông tin, báo cáo trong hệ thống chính trị tỉnh",
        "Quy định về trách nhiệm người đứng đầu trong tiếp công dân, đối thoại với nhân dân",
    ],
    "TT": ["Thông tri về lãnh đạo cuộc bầu cử đại biểu Quốc hội và Hội đồng nhân dân các cấp"],
    "HD": [
        "Hướng dẫn tổ chức đại hội chi bộ trực thuộc đảng bộ cơ sở",
        "Hướng dẫn kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm 2026",
    ],
    "TB": [
        "Thông báo ý kiến của Thường trực Tỉnh ủy về dự án đường tỉnh 127",
        "Thông báo kết luận của Ban Thường vụ về sắp xếp đơn vị sự nghiệp công lập",
    ],
    "KH": [
        "Kế hoạch tổ chức các hoạt động kỷ niệm 80 năm Cách mạng Tháng Tám và Quốc khánh 2/9",
        "Kế hoạch kiểm tra, giám sát của Ban Thường vụ Tỉnh ủy năm 2026",
        "Kế hoạch thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
    ],
    "CTR": ["Chương trình hành động thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV"],
}

TASKS = [
    ("Xây dựng kế hoạch triển khai thực hiện, báo cáo Thường trực Tỉnh ủy", ReportKind.PERIODIC),
    ("Tổ chức quán triệt đến 100% chi bộ trực thuộc", ReportKind.AD_HOC),
    ("Rà soát, đề xuất sửa đổi quy chế phối hợp", ReportKind.THEMATIC),
    ("Kiểm tra, giám sát việc thực hiện tại cơ sở, báo cáo kết quả", ReportKind.PERIODIC),
    ("Tuyên truyền trên các phương tiện thông tin đại chúng", ReportKind.PERIODIC),
    ("Tham mưu sơ kết 6 tháng, đề xuất giải pháp", ReportKind.THEMATIC),
]
LEAD_UNITS = ["BTC", "BTGDV", "BNC", "BCS-UBND", "DU-CQD", "DU-UBND", "DU-CA", "DU-PTB",
              "DU-XHP", "SO-NV", "SO-TC", "UBKT"]
SIGNERS = [("Nguyễn Thanh Sơn", "Bí thư Tỉnh ủy"), ("Lê Thị Hồng Vân", "Phó Bí thư Thường trực"),
           ("Hà Văn Quyết", "Phó Bí thư Tỉnh ủy")]
ASSIGNMENT_PLANS = ["future", "overdue", "on_time", "late", "extended", "cancelled", "future",
                    "overdue"]


@dataclass
class DemoActors:
    clerk: Actor
    specialist: Actor
    leader: Actor
    inspector: Actor


class DirectiveDemo:
    def __init__(self, office: Office, actors: DemoActors, today: date) -> None:
        self.office = office
        self.actors = actors
        self.today = today
        self.rng = random.Random(2026)  # noqa: S311 - demo data, not security
        self.zone = ZoneInfo(office.settings.timezone)

    def ctx(self, actor: Actor, day: date, reason: str | None = None) -> Context:
        business = datetime.combine(day, time(9, 0), self.zone)
        return Context(actor, self.office.clock(), business_time=business, reason=reason)

    def version(self, record_id: UUID) -> int:
        return self.office.directives.get(record_id).version

    def load(self) -> int:
        plans = self._plans()
        imported = self._imported()
        created: list[tuple[UUID, str, date]] = []
        for document_type, issuer, title, target, secrecy in plans:
            created.append(self._one(document_type, issuer, title, target, secrecy))
        self._supersede(created, imported)
        return len(plans) + len(imported)

    def _plans(self) -> list[tuple[str, str, str, str, Secrecy]]:
        targets = ["draft", "returned", "appraised", "issued", "disseminated", "implementing",
                   "implementing", "implementing", "prelim", "final", "closed", "revoked",
                   "implementing", "implementing", "disseminated", "implementing", "prelim",
                   "implementing", "closed", "implementing", "final", "issued", "implementing",
                   "implementing", "disseminated", "implementing", "implementing", "successor",
                   "implementing"]
        titles = [(t, title) for t, group in TITLES.items() for title in group]
        plans = []
        for i, target in enumerate(targets):
            document_type, title = titles[i % len(titles)]
            issuer = "UBND" if document_type in ("KH", "QD") and i % 2 == 0 else "TU"
            secrecy = Secrecy.MAT if "bí mật" in title or i == 7 else Secrecy.NONE
            plans.append((document_type, issuer, title, target, secrecy))
        return plans

    def _imported(self) -> list[UUID]:
        clerk = self.actors.clerk
        past = [
            ("NQ", "TU", "Về phát triển kinh tế tập thể, hợp tác xã đến năm 2025", 12, date(2024, 3, 8)),
            ("CT", "TU", "Về tăng cường công tác cải cách hành chính", 5, date(2024, 6, 19)),
            ("KL", "TU", "Kết luận về tình hình thực hiện nhiệm vụ năm 2024", 133, date(2024, 12, 20)),
            ("KH", "UBND", "Kế hoạch triển khai Đề án 06 về dữ liệu dân cư", 45, date(2024, 4, 2)),
        ]
        ids = []
        for document_type, issuer, title, number, issued_on in past:
            signer, signer_title = SIGNERS[number % len(SIGNERS)]
            receipt = self.office.directives.import_issued(
                self.ctx(clerk, issued_on), document_type=document_type, title=title,
                issuer=issuer, drafting_unit="VP", number=number, issued_on=issued_on,
                signer=signer, signer_title=signer_title,
                summary="Nhập từ sổ đăng ký văn bản đi năm 2024",
            )
            assert receipt.record_id is not None
            ids.append(receipt.record_id)
        return ids

    def _one(self, document_type: str, issuer: str, title: str, target: str, secrecy: Secrecy
             ) -> tuple[UUID, str, date]:
        d = self.office.directives
        a = self.actors
        rng = self.rng
        issued_on = self.today - timedelta(days=rng.randint(45, 300))
        drafted_on = issued_on - timedelta(days=rng.randint(10, 30))
        receipt = d.draft(self.ctx(a.specialist, drafted_on), document_type=document_type,
                          title=title, issuer=issuer, drafting_unit="VP", secrecy=secrecy,
                          summary=title)
        did = receipt.record_id
        assert did is not None
        if target == "draft":
            return did, target, issued_on
        if target == "returned":
            d.appraise(self.ctx(a.leader, drafted_on + timedelta(days=3)), did, self.version(did),
                       passed=False, comments="Đề nghị bổ sung chỉ tiêu, lộ trình và phân công cụ thể")
            return did, target, issued_on
        d.appraise(self.ctx(a.leader, drafted_on + timedelta(days=5)), did, self.version(did),
                   passed=True, comments="Đạt yêu cầu")
        if target == "appraised":
            return did, target, issued_on
        signer, signer_title = rng.choice(SIGNERS)
        d.issue(self.ctx(a.clerk, issued_on), did, self.version(did), issued_on=issued_on,
                signer=signer, signer_title=signer_title)
        if target in ("issued", "successor"):
            return did, target, issued_on
        d.disseminate(self.ctx(a.specialist, issued_on + timedelta(days=7)), did,
                      self.version(did), disseminated_on=issued_on + timedelta(days=7),
                      form="Hội nghị trực tuyến toàn tỉnh", participants=rng.randint(120, 900))
        if target == "disseminated":
            return did, target, issued_on
        if target == "revoked":
            d.revoke(self.ctx(a.leader, issued_on + timedelta(days=20),
                              reason="Nội dung không còn phù hợp sau khi sắp xếp đơn vị hành chính"),
                     did, self.version(did), revoked_on=issued_on + timedelta(days=20))
            return did, target, issued_on
        closing = target in ("closed", "final")
        for k in range(rng.randint(2, 4)):
            plan = "on_time" if closing else ASSIGNMENT_PLANS[(k + len(title)) % len(ASSIGNMENT_PLANS)]
            if closing and k == 1:
                plan = "late_closed"
            self._assignment(did, issued_on, plan, k)
        if target == "implementing":
            if rng.random() < 0.4:
                d.inspect(self.ctx(a.inspector, self.today - timedelta(days=10)), did,
                          self.version(did), inspected_on=self.today - timedelta(days=10),
                          inspecting_unit="UBKT",
                          findings="Cơ bản triển khai đúng tiến độ; một số đơn vị báo cáo chậm")
            return did, target, issued_on
        review_day = min(issued_on + timedelta(days=40), self.today)
        d.review_preliminary(self.ctx(a.specialist, review_day), did, self.version(did),
                             reviewed_on=review_day,
                             summary="Sơ kết: hoàn thành phần lớn chỉ tiêu, cần đẩy nhanh giải ngân")
        if target == "prelim":
            return did, target, issued_on
        final_day = min(issued_on + timedelta(days=44), self.today)
        d.review_final(self.ctx(a.leader, final_day), did, self.version(did),
                       reviewed_on=final_day, summary="Tổng kết: đạt và vượt các mục tiêu đề ra")
        if target == "closed":
            d.close_directive(self.ctx(a.leader, final_day), did, self.version(did),
                              closed_on=final_day)
        return did, target, issued_on

    def _assignment(self, did: UUID, issued_on: date, plan: str, k: int) -> None:
        d = self.office.directives
        a = self.actors
        rng = self.rng
        assigned_on = issued_on + timedelta(days=8)
        task, kind = TASKS[(k + rng.randint(0, 5)) % len(TASKS)]
        lead = LEAD_UNITS[(k * 5 + rng.randint(0, 11)) % len(LEAD_UNITS)]
        coop = [u for u in rng.sample(LEAD_UNITS, 2) if u != lead]
        if plan in ("overdue", "extended", "late"):
            deadline = max(assigned_on + timedelta(days=5), self.today - timedelta(days=rng.randint(5, 40)))
            deadline = min(deadline, self.today - timedelta(days=2))
        elif plan == "on_time":
            deadline = assigned_on + timedelta(days=30)
        elif plan == "late_closed":
            deadline = assigned_on + timedelta(days=20)
        else:
            deadline = self.today + timedelta(days=rng.randint(10, 120))
        receipt = d.assign(self.ctx(a.leader, assigned_on), did, self.version(did), task=task,
                           lead_unit=lead, cooperating_units=coop, monitoring_units=["VP"],
                           deadline=deadline, assigned_on=assigned_on)
        aid = receipt.record_id
        assert aid is not None

        def v() -> int:
            return d.get_assignment(aid).version

        report_day = min(assigned_on + timedelta(days=20), self.today)
        d.report(self.ctx(a.specialist, report_day), aid, v(), kind=kind, reported_on=report_day,
                 summary="Đã ban hành kế hoạch, đang tổ chức thực hiện", period="Quý I/2026")
        if plan == "overdue":
            d.urge(self.ctx(a.specialist, self.today - timedelta(days=1)), aid, v(),
                   urged_on=self.today - timedelta(days=1),
                   note="Đề nghị khẩn trương báo cáo kết quả, đã quá hạn")
        elif plan == "extended":
            d.extend(self.ctx(a.leader, deadline, reason="Chờ hướng dẫn của Trung ương về sắp xếp bộ máy"),
                     aid, v(), new_deadline=self.today + timedelta(days=30))
        elif plan == "on_time":
            d.complete(self.ctx(a.specialist, deadline - timedelta(days=3)), aid, v(),
                       completed_on=deadline - timedelta(days=3),
                       result="Hoàn thành, đã báo cáo Thường trực Tỉnh ủy")
        elif plan in ("late", "late_closed"):
            done = min(deadline + timedelta(days=5), self.today)
            d.complete(self.ctx(a.specialist, done), aid, v(), completed_on=done,
                       result="Hoàn thành chậm so với thời hạn")
        elif plan == "cancelled":
            d.cancel(self.ctx(a.leader, report_day, reason="Nhiệm vụ được lồng ghép vào kế hoạch khác"),
                     aid, v())

    def _supersede(self, created: list[tuple[UUID, str, date]], imported: list[UUID]) -> None:
        successor = next(did for did, target, _ in created if target == "successor")
        leader = self.actors.leader
        issued_on = self.office.directives.get(successor).issued_on or self.today
        self.office.directives.supersede(
            self.ctx(leader, issued_on, reason="Được thay thế bởi văn bản mới cùng nội dung"),
            imported[1], self.version(imported[1]), successor_id=successor,
        )
