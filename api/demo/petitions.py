"""Demo petitions: every state, anonymous ones, repeats, referrals, extensions, overdue cases,
a suspension, a Party-member case in the inspection queue, and a recorded reveal."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from api.bootstrap import Office
from domain.actors import Actor
from domain.petitions.identity import Identity
from domain.petitions.model import (
    Anonymity,
    Channel,
    Complexity,
    Handler,
    PetitionClass,
)
from domain.records import Context

PEOPLE = [
    Identity("Nguyễn Văn Thắng", "Thôn Đồng Tâm, xã Hòa Phú", "038075001234", "0912000111"),
    Identity("Lò Thị Mai", "Bản Nà Khoang, xã Suối Lư", None, "0987000222"),
    Identity("Phạm Đức Long", "Tổ 5, phường Tân Bình", "001082004567", None),
    Identity("Hoàng Thị Thu Hà", "Số 12 đường Trần Phú, phường Tân Bình", None, None),
]
DEN, COMPLAINT, REC = (PetitionClass.DENUNCIATION, PetitionClass.COMPLAINT,
                       PetitionClass.RECOMMENDATION)


class PetitionDemo:
    def __init__(self, office: Office, actors: dict[str, Actor], today: date) -> None:
        self.o = office
        self.p = office.petitions
        self.a = actors
        self.today = today
        self.zone = ZoneInfo(office.settings.timezone)

    def ctx(self, role: str, day: date, reason: str | None = None) -> Context:
        business = datetime.combine(day, time(9, 0), self.zone)
        return Context(self.a[role], self.o.clock(), business_time=business, reason=reason)

    def d(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def v(self, pid: UUID) -> int:
        return self.p.get(pid).version

    def new(self, days_ago: int, summary: str, who: Identity | None,
            channel: Channel = Channel.CITIZEN_RECEPTION, register: bool = True) -> UUID:
        day = self.d(days_ago)
        receipt = self.p.receive(
            self.ctx("clerk", day), channel=channel, received_on=day, summary=summary,
            identity=who, postmark_on=day - timedelta(days=2) if channel is Channel.POST else None,
            forwarded_by="Ban Tiếp công dân tỉnh" if channel is Channel.FORWARDED else None)
        pid = receipt.record_id
        assert pid is not None
        if register:
            self.p.register(self.ctx("clerk", day), pid, self.v(pid))
        return pid

    def classify(self, pid: UUID, cls: PetitionClass, *, eligible: bool = True,
                 anonymity: Anonymity = Anonymity.NAMED, **kw: object) -> None:
        day = self.p.get(pid).received_on
        self.p.classify(self.ctx("specialist", day), pid, self.v(pid), petition_class=cls,
                        eligible=eligible, anonymity=anonymity,
                        ineligibility_reason=None if eligible else "Đơn nặc danh, không có "
                        "chứng cứ cụ thể", **kw)  # type: ignore[arg-type]

    def accept(self, pid: UUID, days_ago: int, unit: str = "UBKT",
               complexity: Complexity = Complexity.NORMAL, handler: str = "specialist") -> None:
        self.p.accept(self.ctx("leader", self.d(days_ago)), pid, self.v(pid),
                      accepted_on=self.d(days_ago), handling_unit=unit, complexity=complexity)
        who = self.a[handler]
        self.p.assign_handlers(self.ctx("leader", self.d(days_ago)), pid, self.v(pid),
                               handlers=[Handler(who.user_id, who.username)])
        self.p.notify_petitioner(self.ctx("clerk", self.d(days_ago)), pid, self.v(pid),
                                 notified_on=self.d(days_ago), means="Phiếu báo thụ lý")

    def load(self) -> int:
        p, count = self.p, 0
        # Accepted, complex, extended once; the handler reads the identity (recorded).
        a = self.new(40, "Tố cáo cán bộ địa chính xã thu tiền cấp giấy chứng nhận trái quy định",
                     PEOPLE[0], Channel.POST)
        self.classify(a, DEN)
        self.accept(a, 38, complexity=Complexity.COMPLEX)
        p.extend(self.ctx("leader", self.d(10), reason="Cần xác minh thêm hồ sơ đất đai"), a,
                 self.v(a), granted_on=self.d(10))
        p.reveal(self.ctx("specialist", self.d(5), reason="Mời người tố cáo làm việc"), a)
        # A complaint accepted long ago, never concluded: overdue.
        b = self.new(75, "Khiếu nại quyết định thu hồi đất làm đường liên xã", PEOPLE[1])
        self.classify(b, COMPLAINT)
        self.accept(b, 70, unit="VP")
        # The same writer again, same content, no new evidence: linked to the earlier case.
        c = self.new(20, "Khiếu nại quyết định thu hồi đất (gửi lần hai)", PEOPLE[1], Channel.EMAIL)
        p.link_repeat(self.ctx("specialist", self.d(20)), c, self.v(c), earlier_id=b,
                      linked_on=self.d(20))
        # Anonymous, not verifiable: kept on file. Anonymous and verifiable: accepted.
        d = self.new(30, "Phản ánh nặc danh về việc sử dụng xe công", None, Channel.POST)
        self.classify(d, DEN, eligible=False, anonymity=Anonymity.ANONYMOUS)
        p.keep_on_file(self.ctx("specialist", self.d(29)), d, self.v(d), filed_on=self.d(29))
        e = self.new(25, "Tố cáo nặc danh kèm chứng từ chi sai quỹ phúc lợi tại trường học", None)
        self.classify(e, DEN, anonymity=Anonymity.ANONYMOUS, verifiable=True)
        p.accept(self.ctx("leader", self.d(24)), e, self.v(e), accepted_on=self.d(24),
                 handling_unit="UBKT")
        # Referred denunciation: urged, the receiving body replied, closed.
        f = self.new(60, "Tố cáo sai phạm trong đấu thầu dự án nước sạch", PEOPLE[2],
                     Channel.FORWARDED)
        self.classify(f, DEN)
        p.refer(self.ctx("leader", self.d(58)), f, self.v(f), to_body="Thanh tra tỉnh",
                referred_on=self.d(58))
        p.notify_petitioner(self.ctx("clerk", self.d(57)), f, self.v(f), notified_on=self.d(57),
                            means="Phiếu chuyển đơn")
        p.urge_referral(self.ctx("specialist", self.d(20)), f, self.v(f), urged_on=self.d(20),
                        note="Đề nghị báo cáo kết quả xử lý đơn chuyển")
        p.record_referral_reply(self.ctx("specialist", self.d(12)), f, self.v(f),
                                replied_on=self.d(12), summary="Đã thụ lý, đang xác minh")
        p.close_case(self.ctx("leader", self.d(11)), f, self.v(f), closed_on=self.d(11))
        # Guided complaint, notified.
        g = self.new(15, "Khiếu nại bản án dân sự sơ thẩm", PEOPLE[3])
        self.classify(g, COMPLAINT)
        p.guide(self.ctx("specialist", self.d(14)), g, self.v(g),
                guided_to="Tòa án nhân dân cấp tỉnh", guided_on=self.d(14))
        p.notify_petitioner(self.ctx("clerk", self.d(13)), g, self.v(g), notified_on=self.d(13),
                            means="Văn bản hướng dẫn")
        # Concluded on time and closed.
        h = self.new(50, "Tố cáo trưởng thôn chiếm dụng tiền hỗ trợ hộ nghèo", PEOPLE[0])
        self.classify(h, DEN)
        self.accept(h, 48)
        p.conclude(self.ctx("specialist", self.d(25)), h, self.v(h), concluded_on=self.d(25),
                   conclusion="Tố cáo đúng một phần; kiến nghị xử lý trách nhiệm")
        p.close_case(self.ctx("leader", self.d(24)), h, self.v(h), closed_on=self.d(24))
        # Suspended, awaiting an expert opinion.
        i = self.new(22, "Tố cáo làm giả hồ sơ hưởng chế độ chính sách", PEOPLE[2])
        self.classify(i, DEN)
        self.accept(i, 20)
        p.suspend(self.ctx("leader", self.d(10), reason="Chờ kết quả giám định chữ ký"), i,
                  self.v(i), suspended_on=self.d(10))
        # Withdrawn complaint.
        j = self.new(18, "Khiếu nại việc xét tuyển viên chức", PEOPLE[3])
        self.classify(j, COMPLAINT)
        self.accept(j, 16, unit="BTC")
        p.withdraw(self.ctx("leader", self.d(6), reason="Người khiếu nại có đơn rút khiếu nại"),
                   j, self.v(j), withdrawn_on=self.d(6))
        # About a Party member: the inspection commission's queue.
        k = self.new(12, "Tố cáo đảng viên vi phạm quy định về những điều đảng viên không được "
                         "làm", PEOPLE[1])
        self.classify(k, DEN, about_party_member=True)
        self.accept(k, 11, handler="inspector")
        # Early states: received only, registered only, a recommendation classified.
        self.new(1, "Kiến nghị sửa chữa đường giao thông nông thôn", PEOPLE[2], register=False)
        self.new(2, "Phản ánh ô nhiễm từ cơ sở chăn nuôi", PEOPLE[3])
        m = self.new(3, "Kiến nghị công khai quy hoạch khu dân cư", PEOPLE[0], Channel.EMAIL)
        self.classify(m, REC)
        count = 13
        return count
