"""Vietnamese summaries of archive events (codes, numbers and dates only: no names)."""

from __future__ import annotations

from datetime import date

from domain.archive.access import AccessRequest, AccessTrail
from domain.archive.content import BlobUse, FixityRun
from domain.archive.disposal import Disposal, RetentionTable
from domain.archive.files import ArchivalCodeSlot, ArchiveFile, DirectiveFiling
from domain.archive.incoming import IncomingDocument, IncomingIndex, IncomingSeries
from domain.archive.outgoing import OutgoingDocument
from domain.archive.values import retention_label
from projections.summaries import summary


def _d(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def register_archive_summaries() -> None:
    """Register the sentences (idempotent; called by the wiring)."""

    @summary(IncomingDocument.Registered)
    def _(e: IncomingDocument.Registered) -> str:
        dup = " (trùng số, ký hiệu đã vào sổ)" if e.duplicates else ""
        return f"Vào sổ văn bản đến số {e.number}/{e.year}, ngày đến {_d(e.received_on)}{dup}"

    @summary(IncomingDocument.PassedOn)
    def _(e: IncomingDocument.PassedOn) -> str:
        due = f", hạn {_d(e.deadline)}" if e.deadline else ""
        return f"Chuyển {e.to_unit} ngày {_d(e.passed_on)}{due}"

    @summary(IncomingDocument.ProgressRecorded)
    def _(e: IncomingDocument.ProgressRecorded) -> str:
        return f"Cập nhật tiến độ ngày {_d(e.recorded_on)}"

    @summary(IncomingDocument.Replied)
    def _(e: IncomingDocument.Replied) -> str:
        return f"Trả lời bằng văn bản {e.reply_number_symbol} ngày {_d(e.replied_on)}"

    @summary(IncomingDocument.Attached)
    def _(e: IncomingDocument.Attached) -> str:
        return f"Đính kèm tệp {e.attachment.sha256[:12]}… ({e.attachment.size} byte)"

    @summary(OutgoingDocument.Attached)
    def _(e: OutgoingDocument.Attached) -> str:
        return f"Đính kèm tệp {e.attachment.sha256[:12]}… ({e.attachment.size} byte)"

    @summary(IncomingDocument.Filed)
    def _(e: IncomingDocument.Filed) -> str:
        return "Đưa vào hồ sơ"

    @summary(OutgoingDocument.Filed)
    def _(e: OutgoingDocument.Filed) -> str:
        return "Đưa vào hồ sơ"

    @summary(IncomingDocument.Destroyed)
    def _(e: IncomingDocument.Destroyed) -> str:
        return f"Hủy nội dung theo quyết định {e.decision_number}"

    @summary(OutgoingDocument.Destroyed)
    def _(e: OutgoingDocument.Destroyed) -> str:
        return f"Hủy nội dung theo quyết định {e.decision_number}"

    @summary(IncomingSeries.Opened)
    def _(e: IncomingSeries.Opened) -> str:
        return f"Mở sổ văn bản đến năm {e.year}"

    @summary(IncomingSeries.NumberTaken)
    def _(e: IncomingSeries.NumberTaken) -> str:
        return f"Cấp số đến {e.number}"

    @summary(IncomingIndex.Seen)
    def _(e: IncomingIndex.Seen) -> str:
        return "Ghi nhận số, ký hiệu văn bản đến"

    @summary(OutgoingDocument.Registered)
    def _(e: OutgoingDocument.Registered) -> str:
        return f"Cấp số văn bản đi {e.number_symbol} ngày {_d(e.issued_on)}"

    @summary(OutgoingDocument.Dispatched)
    def _(e: OutgoingDocument.Dispatched) -> str:
        return f"Phát hành ngày {_d(e.sent_on)}"

    @summary(OutgoingDocument.CorrectedBy)
    def _(e: OutgoingDocument.CorrectedBy) -> str:
        return f"Đính chính bằng công văn {e.letter_number_symbol}"

    @summary(OutgoingDocument.ReplacedBy)
    def _(e: OutgoingDocument.ReplacedBy) -> str:
        return f"Bị thay thế bởi văn bản {e.successor_number_symbol}"

    @summary(OutgoingDocument.Recalled)
    def _(e: OutgoingDocument.Recalled) -> str:
        return f"Thu hồi ngày {_d(e.recalled_on)}, báo {len(e.recipients_notified)} nơi nhận"

    @summary(ArchiveFile.Opened)
    def _(e: ArchiveFile.Opened) -> str:
        return f"Mở hồ sơ {e.reference} ({e.unit}), bảo quản {retention_label(e.retention_years)}"

    @summary(ArchiveFile.DocumentAdded)
    def _(e: ArchiveFile.DocumentAdded) -> str:
        return f"Thêm văn bản {e.document.label} vào hồ sơ"

    @summary(ArchiveFile.Closed)
    def _(e: ArchiveFile.Closed) -> str:
        return f"Kết thúc hồ sơ ngày {_d(e.ended_on)}"

    @summary(ArchiveFile.KeptBack)
    def _(e: ArchiveFile.KeptBack) -> str:
        return f"Giữ lại hồ sơ đến {_d(e.until)} ({e.approval_reference})"

    @summary(ArchiveFile.HandedOver)
    def _(e: ArchiveFile.HandedOver) -> str:
        return f"Nộp lưu vào lưu trữ cơ quan ngày {_d(e.handed_over_on)}, mã {e.code.text}"

    @summary(ArchiveFile.Declassified)
    def _(e: ArchiveFile.Declassified) -> str:
        return f"Giải mật từ {e.previous.label} xuống {e.secrecy.label} ({e.decision_reference})"

    @summary(ArchiveFile.Transferred)
    def _(e: ArchiveFile.Transferred) -> str:
        return f"Nộp lưu vào lưu trữ lịch sử ngày {_d(e.transferred_on)} ({e.reference})"

    @summary(ArchiveFile.HoldPlaced)
    def _(e: ArchiveFile.HoldPlaced) -> str:
        return f"Phong tỏa hồ sơ ({e.hold.reference})"

    @summary(ArchiveFile.HoldReleased)
    def _(e: ArchiveFile.HoldReleased) -> str:
        return f"Gỡ phong tỏa ngày {_d(e.released_on)}"

    @summary(ArchiveFile.Destroyed)
    def _(e: ArchiveFile.Destroyed) -> str:
        t = e.tombstone
        return (f"Hủy hồ sơ ngày {_d(t.destroyed_on)} theo quyết định {t.decision_number}, "
                f"biên bản {t.minutes_number}")

    @summary(ArchivalCodeSlot.Assigned)
    def _(e: ArchivalCodeSlot.Assigned) -> str:
        return f"Cấp mã lưu trữ {e.code.text}"

    @summary(DirectiveFiling.Filed)
    def _(e: DirectiveFiling.Filed) -> str:
        return "Đưa văn bản chỉ đạo vào hồ sơ"

    @summary(AccessRequest.Requested)
    def _(e: AccessRequest.Requested) -> str:
        return f"Đề nghị {e.kind.label.lower()} {e.item_label}"

    @summary(AccessRequest.Approved)
    def _(e: AccessRequest.Approved) -> str:
        due = f", hạn trả {_d(e.due_on)}" if e.due_on else ""
        return f"Duyệt ngày {_d(e.approved_on)}{due}"

    @summary(AccessRequest.Refused)
    def _(e: AccessRequest.Refused) -> str:
        return "Từ chối yêu cầu khai thác"

    @summary(AccessRequest.HandedOut)
    def _(e: AccessRequest.HandedOut) -> str:
        return f"Giao tài liệu ngày {_d(e.handed_out_on)}"

    @summary(AccessRequest.Returned)
    def _(e: AccessRequest.Returned) -> str:
        return f"Trả tài liệu ngày {_d(e.returned_on)}"

    @summary(AccessTrail.Accessed)
    def _(e: AccessTrail.Accessed) -> str:
        return f"Truy cập tài liệu {e.secrecy.label.lower()}: {e.what}"

    @summary(BlobUse.Referenced)
    def _(e: BlobUse.Referenced) -> str:
        return f"Tệp {e.sha256[:12]}… được dùng"

    @summary(BlobUse.Released)
    def _(e: BlobUse.Released) -> str:
        return f"Tệp {e.sha256[:12]}… thôi được dùng"

    @summary(FixityRun.FixityChecked)
    def _(e: FixityRun.FixityChecked) -> str:
        return (f"Kiểm tra toàn vẹn {e.checked} tệp: {len(e.mismatched)} sai lệch, "
                f"{len(e.missing)} bị mất")

    @summary(RetentionTable.Defined)
    def _(e: RetentionTable.Defined) -> str:
        c = e.retention_class
        return f"Cập nhật nhóm thời hạn bảo quản {c.code}: {retention_label(c.years)}"

    @summary(Disposal.Proposed)
    def _(e: Disposal.Proposed) -> str:
        return f"Hội đồng đề nghị hủy {len(e.file_ids)} hồ sơ ({e.proposal_reference})"

    @summary(Disposal.Decided)
    def _(e: Disposal.Decided) -> str:
        return f"Quyết định hủy số {e.decision_number} ngày {_d(e.decided_on)}"

    @summary(Disposal.Destroyed)
    def _(e: Disposal.Destroyed) -> str:
        return f"Đã hủy ngày {_d(e.destroyed_on)}, biên bản {e.minutes_number}"

    @summary(Disposal.Cancelled)
    def _(e: Disposal.Cancelled) -> str:
        return "Hủy bỏ đợt hủy tài liệu"
