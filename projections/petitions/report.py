"""The periodic report on petitions (báo cáo định kỳ): month, quarter, 6, 9 and 12 months.

Kết luận 215-KL/TW (2025) asks for monthly, quarterly, half-yearly, nine-monthly and yearly reports.
The 6-, 9- and 12-month reports run from 1 January. The report is data (rows per class and a total)
and an exportable table (``projections.exports``).
"""

from __future__ import annotations

import calendar as _months
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from domain.petitions.model import PetitionClass
from projections.petitions.queries import Case, case_state

PERIODS = ("month", "quarter", "half", "nine", "year")

COLUMNS: tuple[tuple[str, str], ...] = (
    ("label", "Loại đơn"),
    ("carried_over", "Kỳ trước chuyển sang"),
    ("received", "Tiếp nhận trong kỳ"),
    ("citizen_reception", "Qua tiếp công dân"),
    ("post", "Qua bưu chính"),
    ("email", "Qua thư điện tử"),
    ("forwarded", "Cơ quan khác chuyển đến"),
    ("accepted", "Thụ lý"),
    ("referred", "Chuyển đơn"),
    ("guided", "Hướng dẫn"),
    ("filed", "Lưu đơn"),
    ("linked", "Đơn trùng đã gộp"),
    ("resolved_on_time", "Giải quyết đúng hạn"),
    ("resolved_late", "Giải quyết quá hạn"),
    ("backlog_end", "Tồn cuối kỳ"),
    ("overdue_end", "Quá hạn cuối kỳ"),
    ("on_time_rate", "Tỷ lệ đúng hạn"),
)
_CLASSES = [(c.value, c.label) for c in PetitionClass] + [("unclassified", "Chưa phân loại")]


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int
    start: date
    end: date
    label: str


def period(kind: str, year: int, number: int = 1) -> Period:
    """The dates of a reporting period; ``number`` is the month (1–12) or quarter (1–4)."""
    if kind == "month":
        if not 1 <= number <= 12:
            msg = "month number must be 1–12"
            raise ValueError(msg)
        last = _months.monthrange(year, number)[1]
        return Period(kind, year, number, date(year, number, 1), date(year, number, last),
                      f"Tháng {number}/{year}")
    if kind == "quarter":
        if not 1 <= number <= 4:
            msg = "quarter number must be 1–4"
            raise ValueError(msg)
        first = 3 * (number - 1) + 1
        end = date(year, first + 2, _months.monthrange(year, first + 2)[1])
        return Period(kind, year, number, date(year, first, 1), end, f"Quý {number}/{year}")
    months = {"half": 6, "nine": 9, "year": 12}.get(kind)
    if months is None:
        msg = f"unknown period {kind!r}"
        raise ValueError(msg)
    end = date(year, months, _months.monthrange(year, months)[1])
    label = "Năm" if months == 12 else f"{months} tháng đầu năm"
    return Period(kind, year, 1, date(year, 1, 1), end, f"{label} {year}")


def periodic_report(cases: Iterable[Case], p: Period) -> dict[str, Any]:
    """Counts per class and in total over the period, evaluated on its last day."""
    before = p.start - timedelta(days=1)
    rows: dict[str, dict[str, Any]] = {
        key: {"class": key, "label": label} | {k: 0 for k, _ in COLUMNS[1:-1]}
        for key, label in _CLASSES
    }
    for case in cases:
        row = rows[case.petition_class]
        if case.received_on < p.start and case_state(case, before) in (
                "open", "overdue", "suspended"):
            row["carried_over"] += 1
        if p.start <= case.received_on <= p.end:
            row["received"] += 1
            row[case.channel] += 1
        if case.decided_on and p.start <= case.decided_on <= p.end and case.handling in (
                "accepted", "referred", "guided", "filed", "linked"):
            row[case.handling] += 1
        if case.received_on > p.end:
            continue
        state = case_state(case, p.end)
        if state in ("met", "missed") and case.done_on and case.done_on >= p.start:
            row["resolved_on_time" if state == "met" else "resolved_late"] += 1
        if state in ("open", "overdue", "suspended"):
            row["backlog_end"] += 1
        if state == "overdue":
            row["overdue_end"] += 1
    total: dict[str, Any] = {"class": "total", "label": "Tổng cộng"}
    for key, _ in COLUMNS[1:-1]:
        total[key] = sum(r[key] for r in rows.values())
    out = [r for r in rows.values() if r["class"] != "unclassified" or any(
        r[k] for k, _ in COLUMNS[1:-1])]
    for row in [*out, total]:
        rated = row["resolved_on_time"] + row["resolved_late"] + row["overdue_end"]
        row["on_time_rate"] = round(row["resolved_on_time"] / rated, 4) if rated else None
    return {"period": {"kind": p.kind, "year": p.year, "number": p.number,
                       "start": p.start.isoformat(), "end": p.end.isoformat(), "label": p.label},
            "evaluated_on": p.end.isoformat(),
            "definition": ("on_time_rate = resolved on time / (resolved in the period + overdue at "
                           "its end); deadlines: resolution, else acceptance, else notification"),
            "columns": [{"key": k, "label": v} for k, v in COLUMNS],
            "rows": [*out, total]}
