"""The override table for the years the office starts with (2026, and 24/11 of 2027), as data.

Compared with `holidays.VN` (package version 0.109, checked when this table was written):
- Tết Nguyên đán 2026: the package gives Mon 16/02–Fri 20/02, which with the two weekends is the
  official break of Sat 14/02–Sun 22/02 (nine days): no override.
- Giỗ Tổ Hùng Vương 2026 falls on Sun 26/04; the package gives Mon 27/04 in lieu: no override.
- 30/04 and 01/05/2026 are Thu and Fri in the package: no override.
- Quốc khánh 2026: the package gives Mon 31/08 (swapped), Tue 01/09 and Wed 02/09, which is the
  official five-day break of Sat 29/08–Wed 02/09; it drops the make-up Saturday of the swap,
  which its own label names as 22/08/2026: override (make-up day).
- Tết Dương lịch 2026: the package lacks the swap (Fri 02/01 off, Sat 10/01 worked): overrides.
- 24/11 "Ngày Văn hóa Việt Nam": the package lists it from 2026, but Bộ luật Lao động 2019,
  Art 112 has not been amended to add it (the Politburo's decision and the Government's
  programme only call for the amendment): "not a holiday" overrides for 2026 and 2027. When the
  amendment is law, a later-recorded "day off" fact for the day wins over these.
"""

from __future__ import annotations

from datetime import date, datetime

from domain.calendar.overrides import CalendarOverride, OverrideKind

VPCP_12729 = (
    "Văn bản 12729/VPCP-KGVX ngày 25/12/2025: Phó Thủ tướng đồng ý phương án nghỉ Tết Dương lịch "
    "2026 của Bộ Nội vụ (hoán đổi thứ Sáu 02/01 với thứ Bảy 10/01/2026)"
)
NATIONAL_DAY_2026 = (
    "Thủ tướng đồng ý phương án nghỉ Tết Âm lịch và Quốc khánh 2026 của Bộ Nội vụ (10/2025): "
    "nghỉ Quốc khánh từ thứ Bảy 29/08 đến thứ Tư 02/09/2026; ngày làm bù 22/08/2026 theo "
    "holidays.VN, chưa đối chiếu được văn bản gốc"
)
CULTURE_DAY_NOT_YET_LAW = (
    "Bộ luật Lao động 2019, Điều 112 (chưa bổ sung ngày 24/11); Nghị quyết 80-NQ/TW và "
    "Nghị quyết 30/NQ-CP năm 2026 mới giao sửa đổi Bộ luật"
)


def initial_overrides(recorded_at: datetime) -> tuple[CalendarOverride, ...]:
    """The initial override facts, each recorded at `recorded_at` (an aware datetime)."""
    return (
        CalendarOverride(
            day=date(2026, 1, 2),
            kind=OverrideKind.DAY_OFF,
            label="Nghỉ Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/01/2026)",
            legal_source=VPCP_12729,
            effective_from=date(2025, 12, 25),
            recorded_at=recorded_at,
        ),
        CalendarOverride(
            day=date(2026, 1, 10),
            kind=OverrideKind.MAKE_UP_WORKING_DAY,
            label="Làm bù cho thứ Sáu 02/01/2026",
            legal_source=VPCP_12729,
            effective_from=date(2025, 12, 25),
            recorded_at=recorded_at,
        ),
        CalendarOverride(
            day=date(2026, 8, 22),
            kind=OverrideKind.MAKE_UP_WORKING_DAY,
            label="Làm bù cho thứ Hai 31/08/2026 (nghỉ Quốc khánh)",
            legal_source=NATIONAL_DAY_2026,
            effective_from=date(2025, 10, 14),
            recorded_at=recorded_at,
        ),
        *(
            CalendarOverride(
                day=date(year, 11, 24),
                kind=OverrideKind.NOT_A_HOLIDAY,
                label="Ngày Văn hóa Việt Nam: chưa là ngày nghỉ lễ hưởng lương",
                legal_source=CULTURE_DAY_NOT_YET_LAW,
                effective_from=date(year, 1, 1),
                recorded_at=recorded_at,
            )
            for year in (2026, 2027)
        ),
    )
