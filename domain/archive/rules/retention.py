"""Rules of the retention table (bảng thời hạn bảo quản): reference data of the archive, changed
by admin commands and versioned as events (Thông tư 10/2022/TT-BNV)."""

from __future__ import annotations

from domain.archive.disposal import RETENTION_TABLE_ID, RetentionTable
from domain.archive.errors import UnknownRetentionClass
from domain.archive.values import RetentionClass
from domain.errors import InvalidValue
from domain.events import Event
from domain.records import Context
from domain.text import clean, clean_code

#: The longest retention in years; longer is permanent (``years`` None).
MAX_RETENTION_YEARS = 100


def retention_class(table: RetentionTable | None, code: str) -> RetentionClass:
    """The active class ``code`` of the retention table."""
    found = table.classes.get(code) if table else None
    if found is None or not found.active:
        msg = f"không có nhóm thời hạn bảo quản {code!r} (unknown retention class)"
        raise UnknownRetentionClass(msg, field="retention_class", code=code)
    return found


def define_retention_class(
    ctx: Context, table: RetentionTable | None, *, code: str, name: str, years: int | None,
    active: bool = True,
) -> list[Event]:
    """Add or change a row of the table: 1 to 100 years, or permanent (``years`` None). Files
    already holding the class keep the years they were given: nothing is extended silently."""
    if years is not None and not 1 <= years <= MAX_RETENTION_YEARS:
        msg = "years: từ 1 đến 100 năm, hoặc để trống nếu vĩnh viễn (1–100, or permanent)"
        raise InvalidValue(msg, field="years")
    rc = RetentionClass(clean_code(code, "code"), clean(name, "name", max_length=300), years,
                        active)
    return [ctx.event(RetentionTable.Defined, RETENTION_TABLE_ID,
                      (table.version if table else 0) + 1, retention_class=rc)]
