"""What holidays.VN gives for 2026, as recorded in docs/calendar.md and initial_overrides.

If a new version of the package changes its answer, these tests say so: then review the
override table and the documentation before upgrading.
"""

from __future__ import annotations

from datetime import date

from infra.calendar.holidays_source import HolidaysVNSource


class TestHolidaysVN2026:
    def test_days_and_vietnamese_names(self) -> None:
        """The 14 days of 2026, with their Vietnamese names."""
        days = HolidaysVNSource().holidays_for(2026)
        assert dict(days) == {
            date(2026, 1, 1): "Tết Dương lịch",
            date(2026, 2, 16): "Giao thừa Tết Nguyên Đán",
            date(2026, 2, 17): "Tết Nguyên Đán",
            date(2026, 2, 18): "Mùng hai Tết Nguyên Đán",
            date(2026, 2, 19): "Mùng ba Tết Nguyên Đán",
            date(2026, 2, 20): "Mùng bốn Tết Nguyên Đán",
            date(2026, 4, 26): "Ngày Giỗ Tổ Hùng Vương",
            date(2026, 4, 27): "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)",
            date(2026, 4, 30): "Ngày Chiến thắng",
            date(2026, 5, 1): "Ngày Quốc tế Lao động",
            date(2026, 8, 31): "Ngày nghỉ (thay cho ngày 22/08/2026)",
            date(2026, 9, 1): "Quốc khánh",
            date(2026, 9, 2): "Quốc khánh",
            date(2026, 11, 24): "Ngày Văn hóa Việt Nam",
        }

    def test_lacks_the_january_swap(self) -> None:
        """Friday 2/1/2026 (swapped by the Government) is not in the package."""
        assert date(2026, 1, 2) not in HolidaysVNSource().holidays_for(2026)

    def test_english_names_are_available(self) -> None:
        """language="en_US" gives English names (the default is Vietnamese)."""
        assert HolidaysVNSource("en_US").holidays_for(2026)[date(2026, 4, 30)] == (
            "Liberation Day/Reunification Day"
        )
