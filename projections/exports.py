"""Register exports: rows and Vietnamese column labels → CSV or XLSX bytes.

Generic, so that every register (directives, petitions, archive) exports the same way: dates written
dd/mm/yyyy (real dates in XLSX), numbers as numbers, yes/no as "Có"/"". CSV is UTF-8 with a byte
order mark, so that spreadsheet programs open Vietnamese text correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

Kind = Literal["text", "date", "int", "bool"]
FORMATS = ("csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    """One exported column: the row's key, its Vietnamese header, and how to write its values."""

    key: str
    label: str
    kind: Kind = "text"


def _value(value: Any, kind: Kind) -> Any:
    if value is None or value == "":
        return None
    if kind == "date":
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    if kind == "int":
        return int(value)
    if kind == "bool":
        return "Có" if value else None
    text = str(value)
    # A leading =, +, - or @ would make a spreadsheet run the text as a formula (CSV injection);
    # a quote keeps it text. Vietnamese text is unaffected.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def to_csv(columns: Sequence[Column], rows: Iterable[Mapping[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.label for c in columns])
    for row in rows:
        writer.writerow([_text(_value(row.get(c.key), c.kind)) for c in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(columns: Sequence[Column], rows: Iterable[Mapping[str, Any]], *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for c in columns:
        cell = WriteOnlyCell(sheet, value=c.label)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        out = []
        for c in columns:
            cell = WriteOnlyCell(sheet, value=_value(row.get(c.key), c.kind))
            if c.kind == "date":
                cell.number_format = "DD/MM/YYYY"
            out.append(cell)
        sheet.append(out)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export(fmt: str, columns: Sequence[Column], rows: Iterable[Mapping[str, Any]], *,
           title: str) -> bytes:
    """``fmt`` is ``csv`` or ``xlsx``."""
    if fmt == "csv":
        return to_csv(columns, rows)
    if fmt == "xlsx":
        return to_xlsx(columns, rows, title=title)
    msg = f"unknown export format {fmt!r} (csv or xlsx)"
    raise ValueError(msg)


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Sổ")[:31]


_BOOL_KEYS = frozenset({"backdated", "eligible", "about_party_member", "urgent", "overdue",
                        "imported", "secret"})


def columns_from(pairs: Sequence[tuple[str, str]]) -> list[Column]:
    """Columns from (key, label) pairs, typed by key: ``*_on`` dates, known flags, counts."""
    out = []
    for key, label in pairs:
        kind: Kind = "text"
        if key.endswith("_on"):
            kind = "date"
        elif key in _BOOL_KEYS:
            kind = "bool"
        elif key in ("extensions", "count", "total"):
            kind = "int"
        out.append(Column(key, label, kind))
    return out
