"""The initial rule set (domain.md, "Petitions": time limits), as data.

`recorded_at` is the instant the office enters the set (the seed event's time), so it is a
parameter, never a constant: "as known at" a time before the seed, no rule is known.

Effective dates are the texts' own: a law's date of effect, a Party regulation's date of
signature (Party regulations take effect when signed unless they say otherwise).
Sources checked for this set are listed in docs/calendar.md ("Sources").
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

from domain.calendar.rules import DayType, DeadlineRule, StartEvent

QD_11 = "Quy định 11-QĐi/TW ngày 18/02/2019 của Bộ Chính trị"
LUAT_KHIEU_NAI = "Luật Khiếu nại 2011 (02/2011/QH13)"
LUAT_TO_CAO = "Luật Tố cáo 2018 (25/2018/QH14)"
PARTY_HANDBOOK = (
    "Sổ tay công tác kiểm tra của đảng ủy cơ sở (giải quyết tố cáo đối với đảng viên), "
    "theo Quy định 22-QĐ/TW ngày 28/07/2021"
)

QD_11_FROM: Final = date(2019, 2, 18)
LUAT_KHIEU_NAI_FROM: Final = date(2012, 7, 1)
LUAT_TO_CAO_FROM: Final = date(2019, 1, 1)
QD_22_FROM: Final = date(2021, 7, 28)


class RuleCode:
    """Stable codes of the initial rules (a rule's versions share its code)."""

    NOTIFY_ACCEPTED_OR_REFERRED: Final = "petition.notify_accepted_or_referred"
    COMPLAINT_ACCEPT: Final = "complaint.accept"
    COMPLAINT_FIRST: Final = "complaint.decide_first_instance"
    COMPLAINT_FIRST_COMPLEX: Final = "complaint.decide_first_instance.complex"
    COMPLAINT_FIRST_REMOTE: Final = "complaint.decide_first_instance.remote"
    COMPLAINT_FIRST_REMOTE_COMPLEX: Final = "complaint.decide_first_instance.remote_complex"
    COMPLAINT_SECOND: Final = "complaint.decide_second_instance"
    COMPLAINT_SECOND_COMPLEX: Final = "complaint.decide_second_instance.complex"
    COMPLAINT_SECOND_REMOTE: Final = "complaint.decide_second_instance.remote"
    COMPLAINT_SECOND_REMOTE_COMPLEX: Final = "complaint.decide_second_instance.remote_complex"
    DENUNCIATION_NOTIFY_ACCEPTANCE: Final = "denunciation.notify_acceptance"
    DENUNCIATION_RESOLVE: Final = "denunciation.resolve"
    DENUNCIATION_RESOLVE_COMPLEX: Final = "denunciation.resolve.complex"
    DENUNCIATION_RESOLVE_VERY_COMPLEX: Final = "denunciation.resolve.very_complex"
    PARTY_GRASSROOTS_DENUNCIATION: Final = "party.grassroots.resolve_denunciation_about_member"


def initial_rules(recorded_at: datetime) -> tuple[DeadlineRule, ...]:
    """Every initial rule, each recorded at `recorded_at` (an aware datetime)."""

    def rule(
        code: str,
        name_vi: str,
        legal_source: str,
        length: int,
        day_type: DayType,
        start_event: StartEvent,
        effective_from: date,
        *,
        max_extensions: int = 0,
        extension_length: int = 0,
        extension_day_type: DayType | None = None,
    ) -> DeadlineRule:
        return DeadlineRule(
            code=code,
            name_vi=name_vi,
            legal_source=legal_source,
            length=length,
            day_type=day_type,
            start_event=start_event,
            max_extensions=max_extensions,
            extension_length=extension_length,
            extension_day_type=extension_day_type or day_type,
            effective_from=effective_from,
            effective_to=None,
            recorded_at=recorded_at,
        )

    cal, work = DayType.CALENDAR, DayType.WORKING
    received, accepted = StartEvent.RECEIVED, StartEvent.ACCEPTED
    first = f"{LUAT_KHIEU_NAI}, Điều 28"
    second = f"{LUAT_KHIEU_NAI}, Điều 37"
    resolve = f"{LUAT_TO_CAO}, Điều 30"
    return (
        rule(
            RuleCode.NOTIFY_ACCEPTED_OR_REFERRED,
            "Thông báo cho người viết đơn việc thụ lý hoặc chuyển đơn",
            QD_11,
            10,
            work,
            received,
            QD_11_FROM,
        ),
        rule(
            RuleCode.COMPLAINT_ACCEPT,
            "Thụ lý giải quyết khiếu nại",
            f"{LUAT_KHIEU_NAI}, Điều 27",
            10,
            cal,
            received,
            LUAT_KHIEU_NAI_FROM,
        ),
        rule(
            RuleCode.COMPLAINT_FIRST,
            "Giải quyết khiếu nại lần đầu",
            first,
            30,
            cal,
            accepted,
            LUAT_KHIEU_NAI_FROM,
        ),
        rule(
            RuleCode.COMPLAINT_FIRST_COMPLEX,
            "Giải quyết khiếu nại lần đầu (vụ việc phức tạp)",
            first,
            45,
            cal,
            accepted,
            LUAT_KHIEU_NAI_FROM,
        ),
        rule(
            RuleCode.COMPLAINT_FIRST_REMOTE,
            "Giải quyết khiếu nại lần đầu (vùng sâu, vùng xa đi lại khó khăn)",
            first,
            45,
            cal,
            accepted,
            LUAT_KHIEU_NAI_FROM,
        ),
        rule(
            RuleCode.COMPLAINT_FIRST_REMOTE_COMPLEX,
            "Giải quyết khiếu nại lần đầu (vùng sâu, vùng xa; vụ việc phức tạp)",
            first,
            60,
            cal,
            accepted,
            LUAT_KHIEU_NAI_FROM,
        ),
        rule(
            RuleCode.COMPLAINT_SECOND,
            "Giải quyết khiếu nại lần hai",
            second,
            45,
            cal,
            accepted,
            LUAT_KHIEU_NAI_FROM,
        ),
        rule(
            RuleCode.COMPLAINT_SECOND_COMPLEX,
            "Giải quyết khiếu nại lần hai (vụ việc phức tạp)",
            second,
            60,
            cal,
            accepted,
            LUAT_KHIEU_NAI_FROM,
        ),
        rule(
            RuleCode.COMPLAINT_SECOND_REMOTE,
            "Giải quyết khiếu nại lần hai (vùng sâu, vùng xa đi lại khó khăn)",
            second,
            60,
            cal,
            accepted,
            LUAT_KHIEU_NAI_FROM,
        ),
        rule(
            RuleCode.COMPLAINT_SECOND_REMOTE_COMPLEX,
            "Giải quyết khiếu nại lần hai (vùng sâu, vùng xa; vụ việc phức tạp)",
            second,
            70,
            cal,
            accepted,
            LUAT_KHIEU_NAI_FROM,
        ),
        rule(
            RuleCode.DENUNCIATION_NOTIFY_ACCEPTANCE,
            "Thông báo cho người tố cáo về việc thụ lý tố cáo",
            f"{LUAT_TO_CAO}, Điều 29",
            5,
            work,
            accepted,
            LUAT_TO_CAO_FROM,
        ),
        rule(
            RuleCode.DENUNCIATION_RESOLVE,
            "Giải quyết tố cáo",
            resolve,
            30,
            cal,
            accepted,
            LUAT_TO_CAO_FROM,
        ),
        rule(
            RuleCode.DENUNCIATION_RESOLVE_COMPLEX,
            "Giải quyết tố cáo (vụ việc phức tạp)",
            resolve,
            30,
            cal,
            accepted,
            LUAT_TO_CAO_FROM,
            max_extensions=1,
            extension_length=30,
        ),
        rule(
            RuleCode.DENUNCIATION_RESOLVE_VERY_COMPLEX,
            "Giải quyết tố cáo (vụ việc đặc biệt phức tạp)",
            resolve,
            30,
            cal,
            accepted,
            LUAT_TO_CAO_FROM,
            max_extensions=2,
            extension_length=30,
        ),
        rule(
            RuleCode.PARTY_GRASSROOTS_DENUNCIATION,
            "Giải quyết tố cáo đối với đảng viên (cấp cơ sở)",
            PARTY_HANDBOOK,
            90,
            work,
            received,
            QD_22_FROM,
            max_extensions=1,
            extension_length=30,
        ),
    )
