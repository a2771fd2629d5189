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


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool):
        return "có" if value else "không"
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
    """One worksheet named ``sheet`` (at most 31 characters) with a header of labels."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    worksheet.append([label for _, label in columns])
    for row in rows:
        worksheet.append([_cell(row.get(key)) for key, _ in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
