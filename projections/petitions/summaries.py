"""Vietnamese summaries of petition, petition-book, identity-access and legal-calendar events.

Built from codes, numbers and dates only: never a petitioner's identity, never a summary text.
"""

from __future__ import annotations

from datetime import date

from domain.petitions.legal_calendar import CalendarOverrides, DeadlineRules, HolidayBase
from domain.petitions.model import IdentityAccess, Petition, PetitionBook
from projections.summaries import summary


def _d(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def register_petition_summaries() -> None:
    """Register the sentences (idempotent; called by the wiring)."""

    @summary(Petition.Received)
    def _(e: Petition.Received) -> str:
        late = " (nhập lùi ngày)" if e.backdated else ""
        who = "có thông tin người gửi (đã mã hóa)" if e.identity else "nặc danh"
        return f"Tiếp nhận đơn qua {e.channel.label.lower()} ngày {_d(e.received_on)}{late}, {who}"

    @summary(Petition.Registered)
    def _(e: Petition.Registered) -> str:
        return f"Vào sổ tiếp nhận đơn số {e.book_number:02d}/{e.book_year}"

    @summary(Petition.Classified)
    def _(e: Petition.Classified) -> str:
        ok = "đủ điều kiện xử lý" if e.eligible else "không đủ điều kiện xử lý"
        member = ", liên quan đảng viên" if e.about_party_member else ""
        return f"Phân loại: {e.petition_class.label.lower()}, {ok}{member}"

    @summary(Petition.SecrecyRaised)
    def _(e: Petition.SecrecyRaised) -> str:
        return f"Nâng độ mật từ {e.previous.label} lên {e.secrecy.label}"

    @summary(Petition.LinkedAsRepeat)
    def _(e: Petition.LinkedAsRepeat) -> str:
        return f"Đơn trùng nội dung, không có tình tiết mới: gộp ngày {_d(e.linked_on)}"

    @summary(Petition.Accepted)
    def _(e: Petition.Accepted) -> str:
        return f"Thụ lý ngày {_d(e.accepted_on)}, đơn vị giải quyết {e.handling_unit}"

    @summary(Petition.Referred)
    def _(e: Petition.Referred) -> str:
        return f"Chuyển đơn ngày {_d(e.referred_on)} đến {e.to_body}"

    @summary(Petition.Guided)
    def _(e: Petition.Guided) -> str:
        return f"Hướng dẫn người gửi đơn ngày {_d(e.guided_on)}"

    @summary(Petition.Filed)
    def _(e: Petition.Filed) -> str:
        return f"Lưu đơn ngày {_d(e.filed_on)}"

    @summary(Petition.Notified)
    def _(e: Petition.Notified) -> str:
        return f"Thông báo cho người gửi đơn ngày {_d(e.notified_on)}"

    @summary(Petition.HandlersAssigned)
    def _(e: Petition.HandlersAssigned) -> str:
        return f"Phân công {len(e.handlers)} người giải quyết ({e.handling_unit})"

    @summary(Petition.Extended)
    def _(e: Petition.Extended) -> str:
        return f"Gia hạn giải quyết ngày {_d(e.granted_on)}"

    @summary(Petition.Suspended)
    def _(e: Petition.Suspended) -> str:
        return f"Tạm đình chỉ ngày {_d(e.suspended_on)}"

    @summary(Petition.Resumed)
    def _(e: Petition.Resumed) -> str:
        return f"Tiếp tục giải quyết ngày {_d(e.resumed_on)}"

    @summary(Petition.Withdrawn)
    def _(e: Petition.Withdrawn) -> str:
        return f"Rút đơn ngày {_d(e.withdrawn_on)}"

    @summary(Petition.Concluded)
    def _(e: Petition.Concluded) -> str:
        return f"Kết luận ngày {_d(e.concluded_on)}"

    @summary(Petition.Closed)
    def _(e: Petition.Closed) -> str:
        return f"Kết thúc vụ việc ngày {_d(e.closed_on)}"

    @summary(Petition.Reopened)
    def _(e: Petition.Reopened) -> str:
        return f"Mở lại vụ việc do tố cáo tiếp ngày {_d(e.reopened_on)}"

    @summary(Petition.ReferralUrged)
    def _(e: Petition.ReferralUrged) -> str:
        return f"Đôn đốc cơ quan nhận đơn chuyển ngày {_d(e.urged_on)}"

    @summary(Petition.ReferralReplied)
    def _(e: Petition.ReferralReplied) -> str:
        return f"Cơ quan nhận đơn chuyển trả lời ngày {_d(e.replied_on)}"

    @summary(Petition.IdentityShredded)
    def _(e: Petition.IdentityShredded) -> str:
        return f"Hủy khóa giải mã thông tin nhân thân ngày {_d(e.shredded_on)}"

    @summary(Petition.DeadlinesSet)
    def _(e: Petition.DeadlinesSet) -> str:
        parts = [f"{d.key}: {_d(d.due)}" if d.due else f"{d.key}: tạm dừng" for d in e.dues]
        return "Thời hạn: " + "; ".join(parts)

    @summary(PetitionBook.Opened)
    def _(e: PetitionBook.Opened) -> str:
        return f"Mở sổ tiếp nhận đơn năm {e.year}"

    @summary(PetitionBook.NumberTaken)
    def _(e: PetitionBook.NumberTaken) -> str:
        return f"Cấp số {e.number:02d} trong sổ tiếp nhận đơn"

    @summary(IdentityAccess.Opened)
    def _(e: IdentityAccess.Opened) -> str:
        return "Mở nhật ký truy cập thông tin người gửi đơn"

    @summary(IdentityAccess.Revealed)
    def _(e: IdentityAccess.Revealed) -> str:
        flag = " (cần rà soát: người xem không phải người giải quyết)" if e.flagged_for_review else ""
        return f"Xem thông tin người gửi đơn{flag}"

    @summary(IdentityAccess.RevealRefused)
    def _(e: IdentityAccess.RevealRefused) -> str:
        return "Từ chối yêu cầu xem thông tin người gửi đơn (không có quyền)"

    @summary(CalendarOverrides.OverrideRecorded)
    def _(e: CalendarOverrides.OverrideRecorded) -> str:
        return f"Điều chỉnh lịch ngày {_d(e.day)}: {e.label}"

    @summary(DeadlineRules.RuleRecorded)
    def _(e: DeadlineRules.RuleRecorded) -> str:
        return f"Ghi nhận quy tắc thời hạn {e.code} từ {_d(e.effective_from)}"

    @summary(HolidayBase.BaseYearAdopted)
    def _(e: HolidayBase.BaseYearAdopted) -> str:
        return f"Ghi nhận {len(e.days)} ngày nghỉ lễ cơ sở năm {e.year} ({e.source})"
