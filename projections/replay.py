"""Replay: every register and statistic rebuilt as of a log position, written to CSV and XLSX.

The live log is replayed into a temporary SQLite file by the one batch runner
(``ProjectionRunner(..., source=live, upto=position)``), so nothing is changed in the live read models
and the result does not depend on them: it is what a rebuild from the log alone gives. Then every
register and statistic is written with its Vietnamese headers (``projections.exports``). The same
writer reads any database at any position, so the replayed files can be compared with the live
temporal view (``at_position``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper
from eventsourcing.sqlite import SQLiteDatastore

from domain.actors import Secrecy
from domain.calendar import WorkingCalendar
from domain.directives.model import AssignmentStatus, DirectiveStatus
from infra.db import Database, SQLiteDatabase
from projections.archive.queries import RegisterFilter, register_rows
from projections.archive.registers import REGISTERS
from projections.directives.queries import (
    AssignmentFilter,
    DirectiveFilter,
    assignment_statistics,
    directive_statistics,
    list_assignments,
    list_directives,
)
from projections.exports import Column, columns_from, to_csv, to_xlsx
from projections.petitions.queries import (
    REGISTER_COLUMNS,
    BoardFilter,
    deadline_board,
    list_petitions,
    load_cases,
    statistics,
)
from projections.petitions.queries import (
    RegisterFilter as PetitionFilter,
)
from projections.petitions.report import COLUMNS as REPORT_COLUMNS
from projections.petitions.report import period, periodic_report
from projections.runner import Progress, Projection, ProjectionRunner

ALL_ROWS = 100_000

DIRECTIVE_COLUMNS = (
    Column("number_symbol", "Số, ký hiệu"), Column("issued_on", "Ngày ban hành", "date"),
    Column("type_name", "Loại văn bản"), Column("title", "Trích yếu nội dung"),
    Column("issuer", "Cơ quan ban hành"), Column("signer", "Người ký"),
    Column("drafting_unit", "Đơn vị soạn thảo"), Column("units", "Đơn vị thực hiện"),
    Column("assignments", "Số nhiệm vụ", "int"), Column("status_label", "Trạng thái"),
    Column("secrecy_label", "Độ mật"), Column("closed_on", "Ngày kết thúc", "date"),
)
ASSIGNMENT_COLUMNS = (
    Column("number_symbol", "Văn bản"), Column("task", "Nhiệm vụ"),
    Column("lead_unit", "Đơn vị chủ trì"), Column("cooperating_units", "Đơn vị phối hợp"),
    Column("monitoring_units", "Đơn vị theo dõi"), Column("assigned_on", "Ngày giao", "date"),
    Column("original_deadline", "Hạn ban đầu", "date"), Column("deadline", "Hạn hiện tại", "date"),
    Column("extensions", "Số lần gia hạn", "int"), Column("status_label", "Trạng thái"),
    Column("completed_on", "Ngày hoàn thành", "date"), Column("overdue", "Quá hạn", "bool"),
    Column("days_late", "Số ngày trễ", "int"),
)
ASSIGNMENT_STATISTICS = columns_from((
    ("group", "Nhóm"), ("total", "Tổng số"), ("open", "Đang thực hiện"), ("overdue", "Quá hạn"),
    ("completed", "Hoàn thành"), ("completed_on_time", "Hoàn thành đúng hạn"),
    ("completed_late", "Hoàn thành quá hạn"), ("cancelled", "Đã hủy"),
    ("on_time_rate", "Tỷ lệ đúng hạn"),
))
DIRECTIVE_STATISTICS = columns_from((("group", "Nhóm"), ("total", "Tổng số"))) + [
    Column(s.value, s.label, "int") for s in DirectiveStatus]
PETITION_STATISTICS = columns_from((
    ("group", "Nhóm"), ("total", "Tổng số"), ("met", "Đúng hạn"), ("missed", "Trễ hạn"),
    ("overdue", "Đang quá hạn"), ("open", "Đang trong hạn"), ("suspended", "Tạm đình chỉ"),
    ("no_deadline", "Không có thời hạn"), ("backlog", "Tồn"), ("prolonged", "Kéo dài"),
    ("on_time_rate", "Tỷ lệ đúng hạn"), ("average_working_days", "Số ngày làm việc bình quân"),
))
BOARD_COLUMNS = columns_from((
    ("book_no", "Số vào sổ"), ("petitioner", "Người gửi (bí danh)"), ("summary", "Trích yếu"),
    ("deadline_key", "Thời hạn"), ("rule_code", "Quy tắc"), ("trigger_on", "Ngày bắt đầu tính"),
    ("due_on", "Hạn"), ("handling_unit", "Đơn vị giải quyết"), ("handlers", "Người giải quyết"),
    ("overdue", "Quá hạn"), ("days_late", "Số ngày trễ"),
))


@dataclass(frozen=True)
class Sheet:
    """One register or statistic: a file name, a title, its columns and how to get its rows."""

    name: str
    title: str
    columns: Sequence[Column]
    rows: Callable[[Database, int | None], list[Mapping[str, Any]]]


@dataclass(frozen=True)
class View:
    """What every sheet is evaluated with."""

    on: date
    calendar: WorkingCalendar
    readable: tuple[str, ...]


def sheets(view: View) -> list[Sheet]:
    """Every register and statistic, in the order they are written."""
    on, readable, cal = view.on, view.readable, view.calendar

    def directives(db: Database, at: int | None) -> list[Mapping[str, Any]]:
        page = list_directives(db, DirectiveFilter(), readable=readable, sort="issued",
                               cursor=None, limit=ALL_ROWS, at_position=at)
        return [i | {"status_label": DirectiveStatus(i["status"]).label,
                     "secrecy_label": Secrecy(i["secrecy"]).label} for i in page.items]

    def assignments(db: Database, at: int | None) -> list[Mapping[str, Any]]:
        page = list_assignments(db, AssignmentFilter(), on=on, readable=readable, sort="deadline",
                                cursor=None, limit=ALL_ROWS, at_position=at)
        return [i | {"status_label": AssignmentStatus(i["status"]).label} for i in page.items]

    def petitions(db: Database, at: int | None) -> list[Mapping[str, Any]]:
        page = list_petitions(db, PetitionFilter(), readable=readable, sort="book", cursor=None,
                              limit=ALL_ROWS, at_position=at)
        return list(reversed(page.items))

    def board(db: Database, at: int | None) -> list[Mapping[str, Any]]:
        rows = deadline_board(db, BoardFilter(), on=on, calendar=cal, readable=readable,
                              at_position=at)
        return [r | {"due_on": r["due"]} for r in rows]

    def directive_stats(group_by: str) -> Callable[[Database, int | None], list[Any]]:
        return lambda db, at: directive_statistics(db, group_by=group_by, readable=readable,
                                                   at_position=at)

    def assignment_stats(group_by: str) -> Callable[[Database, int | None], list[Any]]:
        return lambda db, at: assignment_statistics(db, on=on, group_by=group_by,
                                                    readable=readable, at_position=at)

    def petition_stats(group_by: str) -> Callable[[Database, int | None], list[Any]]:
        return lambda db, at: statistics(load_cases(db, readable=readable, at_position=at), on=on,
                                         group_by=group_by, calendar=cal)

    year = period("year", on.year)

    def report(db: Database, at: int | None) -> list[Mapping[str, Any]]:
        rows: list[Mapping[str, Any]] = periodic_report(
            load_cases(db, readable=readable, at_position=at), year)["rows"]
        return rows

    def archive(name: str) -> Callable[[Database, int | None], list[Any]]:
        return lambda db, at: register_rows(db, name, RegisterFilter(), on=on, readable=readable,
                                            sort=_ARCHIVE_SORT[name], at_position=at)

    out = [
        Sheet("so-theo-doi-van-ban-chi-dao", "Sổ theo dõi văn bản chỉ đạo", DIRECTIVE_COLUMNS,
              directives),
        Sheet("theo-doi-nhiem-vu", "Theo dõi nhiệm vụ", ASSIGNMENT_COLUMNS, assignments),
        Sheet("thong-ke-van-ban-theo-loai", "Thống kê văn bản theo loại", DIRECTIVE_STATISTICS,
              directive_stats("type")),
        Sheet("thong-ke-van-ban-theo-trang-thai", "Thống kê văn bản theo trạng thái",
              DIRECTIVE_STATISTICS, directive_stats("status")),
        Sheet("thong-ke-nhiem-vu-theo-don-vi", "Thống kê nhiệm vụ theo đơn vị",
              ASSIGNMENT_STATISTICS, assignment_stats("unit")),
        Sheet("thong-ke-nhiem-vu-theo-thang", "Thống kê nhiệm vụ theo tháng hạn",
              ASSIGNMENT_STATISTICS, assignment_stats("month")),
        Sheet("so-don-thu", "Sổ đơn thư", columns_from(REGISTER_COLUMNS), petitions),
        Sheet("bang-theo-doi-thoi-han-don-thu", "Bảng theo dõi thời hạn", BOARD_COLUMNS, board),
        Sheet("thong-ke-don-thu-theo-loai", "Thống kê đơn thư theo loại", PETITION_STATISTICS,
              petition_stats("class")),
        Sheet("thong-ke-don-thu-theo-don-vi", "Thống kê đơn thư theo đơn vị",
              PETITION_STATISTICS, petition_stats("unit")),
        Sheet("thong-ke-don-thu-theo-thang", "Thống kê đơn thư theo tháng", PETITION_STATISTICS,
              petition_stats("month")),
        Sheet(f"bao-cao-don-thu-nam-{on.year}", year.label, columns_from(REPORT_COLUMNS), report),
    ]
    out += [Sheet(_ARCHIVE_FILES[name], reg.title, reg.columns, archive(name))
            for name, reg in REGISTERS.items()]
    return out


_ARCHIVE_SORT = {"incoming": "number", "outgoing": "issued", "follow-up": "deadline",
                 "files": "code", "loans": "date", "disposal": "expiry"}
_ARCHIVE_FILES = {"incoming": "so-van-ban-den", "outgoing": "so-van-ban-di",
                  "follow-up": "so-theo-doi-giai-quyet-van-ban-den", "files": "muc-luc-ho-so",
                  "loans": "so-khai-thac-cho-muon", "disposal": "danh-muc-tai-lieu-het-gia-tri"}


def write_sheets(db: Database, out_dir: Path, view: View, *, at_position: int | None = None,
                 formats: Iterable[str] = ("csv", "xlsx")) -> list[tuple[Sheet, int, list[Path]]]:
    """Write every sheet of ``db`` as it stood at ``at_position`` (None: live) into ``out_dir``;
    return each sheet with its row count and files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in sheets(view):
        rows = sheet.rows(db, at_position)
        files = []
        for fmt in formats:
            path = out_dir / f"{sheet.name}.{fmt}"
            data = (to_csv(sheet.columns, rows) if fmt == "csv"
                    else to_xlsx(sheet.columns, rows, title=sheet.title))
            path.write_bytes(data)
            files.append(path)
        written.append((sheet, len(rows), files))
    return written


def scratch_database(path: Path) -> Database:
    """A new SQLite database in ``path`` for replayed read models (removed by the caller)."""
    return SQLiteDatabase(SQLiteDatastore(str(path), lock_timeout=30, pool_size=2, max_overflow=2))


def replay(source: Database, mapper: Mapper[UUID], projections: Sequence[Projection],
           target: Database, *, position: int, batch_size: int = 2000,
           progress: Progress | None = None) -> int:
    """Replay the log of ``source`` up to ``position`` into ``target``'s (empty) read models;
    return the position reached."""
    runner = ProjectionRunner(target, mapper, projections, batch_size=batch_size, source=source,
                              upto=position)
    runner.ensure_tables()
    return runner.catch_up(progress=progress)
