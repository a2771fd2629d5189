"""The six archive registers as data: table, period column, orders, filters, Vietnamese columns.

Columns follow ``domain.md`` (ND 30, App. IV for the incoming and outgoing registers). Sort keys are
the stored ``*_sort`` columns computed with :func:`projections.collation.sort_key`, so Vietnamese
order is the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.actors import Secrecy
from domain.archive.access import AccessKind, AccessStatus
from domain.archive.disposal import DisposalStatus
from domain.archive.files import FileStatus
from domain.archive.incoming import IncomingStatus
from domain.archive.outgoing import OutgoingStatus
from domain.archive.values import (
    MIN_YEARS_FOR_ARCHIVE,
    TRANSFER_YEARS,
    Urgency,
    add_years,
    retention_label,
)
from domain.directives.model import DirectiveStatus
from projections.exports import Column
from projections.query import Order

Enrich = Callable[[dict[str, Any], date], None]


@dataclass(frozen=True)
class Register:
    name: str
    title: str
    table: str
    key: str
    period: str  # SQL deciding which rows fall in a period: uses :from and :to placeholders
    orders: dict[str, Order]
    columns: tuple[Column, ...]
    filters: dict[str, str] = field(default_factory=dict)  # query name → column (equality)
    where: tuple[str, ...] = ()  # always applied (a view on a shared table)
    search: tuple[str, ...] = ()  # columns ``q`` looks in
    enrich: Enrich | None = None
    overdue: str | None = None  # SQL true for rows overdue on :on


def _label(value: str | None, labels: Callable[[str], str]) -> str | None:
    return labels(value) if value else None


def _days(later: date, earlier: str | None) -> int:
    return (later - date.fromisoformat(earlier)).days if earlier else 0


def _incoming(row: dict[str, Any], on: date) -> None:
    urgency = Urgency(row["urgency"])
    row["status_label"] = IncomingStatus(row["status"]).label
    row["urgency_label"] = urgency.label
    row["secrecy_label"] = Secrecy(row["secrecy"]).label
    row["urgent_pending"] = urgency.urgent and row["status"] == IncomingStatus.REGISTERED.value
    row["type_and_summary"] = f"{row['document_type']}: {row['summary']}"
    row["receiver"] = " – ".join(filter(None, (row["to_unit"], row["to_person"]))) or None
    row["handler"] = row["receiver"]
    row["document"] = f"{row['number_symbol']} ({row['author']}): {row['summary']}"
    open_ = row["status"] == IncomingStatus.PASSED_ON.value
    late = open_ and row["deadline"] is not None and row["deadline"] < on.isoformat()
    row["overdue"] = late
    row["days_late"] = _days(on, row["deadline"]) if late else 0
    notes = [row["note"]]
    if urgency.urgent:
        notes.append(urgency.label)
    if row["secrecy"] != Secrecy.NONE.value:
        notes.append(Secrecy(row["secrecy"]).label)
    if row["duplicate_of"]:
        notes.append("Trùng số, ký hiệu và cơ quan ban hành với văn bản đã vào sổ")
    if late:
        notes.append(f"Quá hạn {row['days_late']} ngày")
    row["notes"] = "; ".join(filter(None, notes)) or None


def _outgoing(row: dict[str, Any], on: date) -> None:
    status = row["status"]
    known = {s.value for s in OutgoingStatus}
    # A directive's row ends superseded or revoked: those are the directive's own statuses.
    row["status_label"] = (OutgoingStatus(status).label if status in known
                           else DirectiveStatus(status).label)
    row["secrecy_label"] = Secrecy(row["secrecy"]).label
    row["type_and_summary"] = f"{row['document_type']}: {row['summary']}"
    row["signed_by"] = f"{row['signer']} ({row['signer_title']})"
    notes = [row["note"]]
    if row["secrecy"] != Secrecy.NONE.value:
        notes.append(Secrecy(row["secrecy"]).label)
    if row["urgency"] and row["urgency"] != Urgency.NORMAL.value:
        notes.append(Urgency(row["urgency"]).label)
    row["notes"] = "; ".join(filter(None, notes)) or None


def _file(row: dict[str, Any], on: date) -> None:
    years = None if row["permanent"] else row["retention_years"]
    row["retention_label"] = retention_label(years)
    row["status_label"] = FileStatus(row["status"]).label
    row["secrecy_label"] = Secrecy(row["secrecy"]).label
    row["period_text"] = " – ".join(
        date.fromisoformat(d).strftime("%d/%m/%Y") for d in (row["opened_on"], row["ended_on"]) if d)
    goes_to_archive = years is None or years >= MIN_YEARS_FOR_ARCHIVE
    row["handover_overdue"] = bool(
        row["status"] == FileStatus.CLOSED.value and goes_to_archive and row["handover_due"]
        and row["handover_due"] < on.isoformat())
    transfer_due = None
    if row["status"] == FileStatus.ARCHIVED.value and years is None and row["handed_over_on"]:
        transfer_due = add_years(date.fromisoformat(row["handed_over_on"]), TRANSFER_YEARS)
    row["transfer_due"] = transfer_due.isoformat() if transfer_due else None
    row["transfer_overdue"] = bool(transfer_due and transfer_due < on)
    row["expired"] = bool(row["expires_on"] and row["expires_on"] <= on.isoformat())
    row["on_hold"] = bool(row["holds"])
    row["disposal_label"] = _label(row["disposal_status"], lambda s: DisposalStatus(s).label)
    notes = []
    if row["handover_overdue"]:
        notes.append("Quá hạn nộp lưu")
    if row["transfer_overdue"]:
        notes.append("Quá hạn nộp lưu lịch sử")
    if row["on_hold"]:
        notes.append("Đang bị phong tỏa")
    if row["status"] in (FileStatus.TRANSFERRED.value, FileStatus.DESTROYED.value):
        notes.append(row["status_label"])
    row["notes"] = "; ".join(notes) or None


def _loan(row: dict[str, Any], on: date) -> None:
    row["kind_label"] = AccessKind(row["kind"]).label
    row["status_label"] = AccessStatus(row["status"]).label
    row["secrecy_label"] = Secrecy(row["secrecy"]).label
    late = (row["status"] == AccessStatus.HANDED_OUT.value and row["due_on"] is not None
            and row["due_on"] < on.isoformat())
    row["overdue"] = late
    row["days_late"] = _days(on, row["due_on"]) if late else 0
    row["lent_on"] = row["handed_out_on"] or row["requested_on"]
    notes = [row["kind_label"], row["note"]]
    if late:
        notes.append(f"Quá hạn trả {row['days_late']} ngày")
    row["notes"] = "; ".join(filter(None, notes)) or None


FILE_ORDER = Order((("COALESCE(fonds, '')", True), ("COALESCE(inventory, '')", True),
                    ("COALESCE(file_number, 0)", True), ("title_sort", True), ("file_id", True)))

REGISTERS: dict[str, Register] = {
    r.name: r for r in (
        Register(
            name="incoming", title="Sổ đăng ký văn bản đến", table="incoming_register",
            key="document_id", period="received_on >= :from AND received_on <= :to",
            orders={
                "number": Order((("year", True), ("number", True), ("document_id", True))),
                "author": Order((("author_sort", True), ("year", True), ("number", True),
                                 ("document_id", True))),
                "summary": Order((("summary_sort", True), ("document_id", True))),
            },
            columns=(
                Column("received_on", "Ngày đến", "date"), Column("number", "Số đến", "int"),
                Column("author", "Tác giả"), Column("number_symbol", "Số, ký hiệu"),
                Column("document_date", "Ngày tháng văn bản", "date"),
                Column("type_and_summary", "Tên loại và trích yếu nội dung"),
                Column("receiver", "Đơn vị hoặc người nhận"),
                Column("passed_on", "Ngày chuyển", "date"), Column("received_by", "Ký nhận"),
                Column("notes", "Ghi chú"),
            ),
            filters={"status": "status", "unit": "to_unit", "urgency": "urgency", "year": "year"},
            search=("summary", "number_symbol", "author"), enrich=_incoming,
        ),
        Register(
            name="follow-up", title="Sổ theo dõi giải quyết văn bản đến",
            table="incoming_register", key="document_id",
            period="received_on >= :from AND received_on <= :to",
            orders={
                "deadline": Order((("deadline", True), ("document_id", True))),
                "number": Order((("year", True), ("number", True), ("document_id", True))),
            },
            columns=(
                Column("number", "Số đến", "int"), Column("document", "Văn bản đến"),
                Column("handler", "Người (đơn vị) giải quyết"),
                Column("deadline", "Thời hạn giải quyết", "date"),
                Column("progress", "Tiến độ giải quyết"),
                Column("reply_number_symbol", "Số, ký hiệu văn bản trả lời"),
                Column("notes", "Ghi chú"),
            ),
            filters={"status": "status", "unit": "to_unit", "year": "year"},
            where=("deadline IS NOT NULL",), search=("summary", "number_symbol", "author"),
            enrich=_incoming,
            overdue="status = 'passed_on' AND deadline < :on",
        ),
        Register(
            name="outgoing", title="Sổ đăng ký văn bản đi", table="outgoing_register",
            key="document_id", period="issued_on >= :from AND issued_on <= :to",
            orders={
                "issued": Order((("issued_on", True), ("number_symbol", True),
                                 ("document_id", True))),
                "summary": Order((("summary_sort", True), ("document_id", True))),
            },
            columns=(
                Column("number_symbol", "Số, ký hiệu văn bản"),
                Column("issued_on", "Ngày tháng văn bản", "date"),
                Column("type_and_summary", "Tên loại và trích yếu nội dung"),
                Column("signed_by", "Người ký"), Column("recipients", "Nơi nhận văn bản"),
                Column("file_copy_unit", "Đơn vị, người nhận bản lưu"),
                Column("copies", "Số lượng bản", "int"), Column("sent_on", "Ngày chuyển", "date"),
                Column("received_by", "Ký nhận"), Column("notes", "Ghi chú"),
            ),
            filters={"status": "status", "unit": "file_copy_unit", "document_type": "document_type",
                     "issuer": "issuer", "source": "source"},
            search=("summary", "number_symbol"), enrich=_outgoing,
        ),
        Register(
            name="files", title="Mục lục hồ sơ", table="file_catalogue", key="file_id",
            period="opened_on <= :to AND (ended_on IS NULL OR ended_on >= :from)",
            orders={"code": FILE_ORDER,
                    "title": Order((("title_sort", True), ("file_id", True))),
                    "ended": Order((("COALESCE(ended_on, '9999')", True), ("file_id", True)))},
            columns=(
                Column("fonds", "Phông"), Column("inventory", "Mục lục số"),
                Column("box", "Hộp số"), Column("file_number", "Hồ sơ số", "int"),
                Column("reference", "Số, ký hiệu hồ sơ"), Column("title", "Tiêu đề hồ sơ"),
                Column("unit", "Đơn vị lập hồ sơ"),
                Column("period_text", "Thời gian bắt đầu – kết thúc"),
                Column("documents", "Số lượng văn bản", "int"),
                Column("retention_label", "Thời hạn bảo quản"),
                Column("secrecy_label", "Độ mật"), Column("status_label", "Tình trạng"),
                Column("notes", "Ghi chú"),
            ),
            filters={"status": "status", "unit": "unit", "fonds": "fonds"},
            search=("title", "reference"), enrich=_file,
            overdue=("status = 'closed' AND handover_due < :on AND "
                     f"(permanent = 1 OR retention_years >= {MIN_YEARS_FOR_ARCHIVE})"),
        ),
        Register(
            name="loans", title="Sổ theo dõi khai thác, cho mượn tài liệu", table="loan_register",
            key="request_id", period="requested_on >= :from AND requested_on <= :to",
            orders={
                "date": Order((("requested_on", True), ("request_id", True))),
                "borrower": Order((("borrower_sort", True), ("requested_on", True),
                                   ("request_id", True))),
            },
            columns=(
                Column("lent_on", "Ngày mượn", "date"), Column("borrower", "Họ tên người mượn"),
                Column("item_label", "Tài liệu mượn"), Column("item_summary", "Trích yếu"),
                Column("file_code", "Hồ sơ số"), Column("borrower_signature", "Ký nhận"),
                Column("returned_on", "Ngày trả", "date"),
                Column("approved_by", "Người duyệt cho mượn"), Column("notes", "Ghi chú"),
            ),
            filters={"status": "status", "kind": "kind", "unit": "borrower_unit"},
            search=("item_label", "item_summary", "borrower"), enrich=_loan,
            overdue="status = 'handed_out' AND due_on < :on",
        ),
        Register(
            name="disposal", title="Danh mục tài liệu hết giá trị", table="file_catalogue",
            key="file_id", period="expires_on >= :from AND expires_on <= :to",
            orders={"code": FILE_ORDER,
                    "expiry": Order((("expires_on", True), ("file_id", True)))},
            columns=(
                Column("archival_code", "Mã lưu trữ"), Column("reference", "Số, ký hiệu hồ sơ"),
                Column("title", "Tiêu đề hồ sơ"), Column("ended_on", "Năm kết thúc", "date"),
                Column("retention_label", "Thời hạn bảo quản"),
                Column("expires_on", "Hết hạn bảo quản từ", "date"),
                Column("on_hold", "Phong tỏa", "bool"),
                Column("disposal_label", "Tình trạng hủy"),
                Column("decision_number", "Quyết định hủy số"),
                Column("destroyed_on", "Ngày hủy", "date"), Column("notes", "Ghi chú"),
            ),
            filters={"unit": "unit", "disposal_status": "disposal_status"},
            where=("permanent = 0", "expires_on IS NOT NULL",
                   "(status = 'destroyed' OR (status IN ('closed', 'archived') "
                   "AND expires_on <= :on))"),
            search=("title", "reference"), enrich=_file,
        ),
    )
}
