"""Tables as files for other parties: CSV (UTF-8 with BOM, for spreadsheet programs) and XLSX.

``columns`` are ``(key, Vietnamese label)`` pairs: the label heads the column, the key picks the
value from each row. Values are written as they are (dates as ISO text, None as an empty cell).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook

_FORBIDDEN_IN_SHEET_TITLES = frozenset("[]:*?/\\")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, str):
        # A leading =, +, - or @ would make a spreadsheet run the text as a formula (CSV
        # injection); a quote keeps it text. Vietnamese text is unaffected.
        return "'" + value if value[:1] in ("=", "+", "-", "@") else value
    return value


def to_csv(columns: Sequence[tuple[str, str]], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """CSV with a header of labels; UTF-8 with a byte-order mark so Excel reads Vietnamese."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([label for _, label in columns])
    for row in rows:
        writer.writerow([_cell(row.get(key)) for key, _ in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(columns: Sequence[tuple[str, str]], rows: Iterable[Mapping[str, Any]], *,
            sheet: str) -> bytes:
    """One worksheet named ``sheet`` (characters Excel forbids become '-', at most 31) with a
    header of labels."""
    workbook = Workbook(write_only=True)
    title = "".join("-" if ch in _FORBIDDEN_IN_SHEET_TITLES else ch for ch in sheet)[:31]
    worksheet = workbook.create_sheet(title=title or "Sheet1")
    worksheet.append([label for _, label in columns])
    for row in rows:
        worksheet.append([_cell(row.get(key)) for key, _ in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
