"""Request bodies of the archive commands, with OpenAPI examples."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from api.http import Body
from api.schemas.common import Code, OptionalText, Reason, ShortText, Text
from domain.actors import Secrecy
from domain.archive.access import AccessKind
from domain.archive.values import ItemKind, Urgency

Day = date | None
Names = list[ShortText]


class RegisterIncoming(Body):
    author: ShortText = Field(examples=["Ban Tổ chức Trung ương"], description="tác giả")
    number_symbol: ShortText = Field(examples=["123-CV/BTCTW"], description="số, ký hiệu")
    document_type: ShortText = Field(examples=["Công văn"], description="tên loại")
    summary: Text = Field(examples=["Về việc chuẩn bị nhân sự đại hội"], description="trích yếu")
    received_on: Day = Field(default=None, description="ngày đến (mặc định: hôm nay)")
    document_date: Day = Field(default=None, examples=["2026-02-25"])
    urgency: Urgency = Urgency.NORMAL
    secrecy: Secrecy = Secrecy.NONE
    note: OptionalText | None = None


class PassOn(Body):
    to_unit: Code = Field(examples=["BTC"])
    to_person: ShortText | None = Field(default=None, examples=["Trưởng ban"])
    passed_on: Day = None
    deadline: Day = Field(default=None, description="hạn giải quyết: đưa vào sổ theo dõi")
    received_by: ShortText | None = Field(default=None, description="người ký nhận")


class RecordProgress(Body):
    note: Text = Field(examples=["Đã tổng hợp ý kiến các ban"])
    recorded_on: Day = None


class RecordReply(Body):
    reply_number_symbol: ShortText = Field(examples=["45-CV/BTCTU"])
    replied_on: Day = None


class RegisterOutgoing(Body):
    document_type: Code = Field(examples=["CV"], description="CV, BC, TTr, GM, BB…")
    issuer: Code = Field(examples=["VPTU"])
    issued_on: date = Field(examples=["2026-03-02"])
    summary: Text = Field(examples=["Về việc báo cáo kết quả công tác quý I"])
    signer: ShortText = Field(examples=["Nguyễn Văn An"])
    signer_title: ShortText = Field(examples=["Chánh Văn phòng"])
    recipients: Names = Field(min_length=1, max_length=500, examples=[["Các ban đảng Tỉnh ủy"]])
    file_copy_unit: Code = Field(examples=["VP"], description="đơn vị giữ bản lưu")
    copies: int = Field(default=1, ge=1, le=100_000)
    secrecy: Secrecy = Secrecy.NONE
    urgency: Urgency = Urgency.NORMAL
    note: OptionalText | None = None


class Dispatch(Body):
    sent_on: Day = None
    received_by: ShortText | None = None


class Correct(Body):
    issued_on: date
    summary: Text = Field(examples=["Đính chính thể thức Báo cáo số 05-BC/VPTU"])
    signer: ShortText
    signer_title: ShortText
    recipients: Names | None = Field(default=None, max_length=500)
    copies: int = Field(default=1, ge=1, le=100_000)
    note: OptionalText | None = None


class Replace(Body):
    issued_on: date
    summary: Text
    signer: ShortText
    signer_title: ShortText
    recipients: Names | None = Field(default=None, max_length=500)
    copies: int | None = Field(default=None, ge=1, le=100_000)
    note: OptionalText | None = None
    reason: Reason


class Recall(Body):
    recalled_on: Day = None
    reason: Reason


class OpenFile(Body):
    reference: ShortText = Field(examples=["VP-05"], description="ký hiệu hồ sơ")
    title: Text = Field(examples=["Hồ sơ Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 5"])
    unit: Code = Field(examples=["VP"])
    retention_class: Code = Field(examples=["VV"], description="nhóm trong bảng thời hạn")
    opened_on: Day = None
    secrecy: Secrecy = Secrecy.NONE


class AddDocument(Body):
    kind: ItemKind = Field(description="incoming, outgoing hoặc directive")
    document_id: UUID
    retention_class: Code | None = Field(default=None, description="mặc định: của hồ sơ")


class CloseFile(Body):
    ended_on: Day = Field(default=None, description="ngày kết thúc công việc")


class KeepBack(Body):
    until: date
    approval_reference: ShortText = Field(examples=["Văn bản 12-CV/VPTU"])


class HandOver(Body):
    fonds: Code = Field(examples=["VPTU"], description="phông")
    inventory: Code = Field(examples=["01"], description="mục lục số")
    box: Code = Field(examples=["12"], description="hộp số")
    file_number: int = Field(ge=1, le=10_000_000, examples=[105])
    received_by: ShortText = Field(examples=["Lưu trữ cơ quan"])
    handed_over_on: Day = None


class Declassify(Body):
    secrecy: Secrecy
    decision_reference: ShortText = Field(examples=["Quyết định 5-QĐ/TU"])
    declassified_on: Day = None
    reason: Reason


class Transfer(Body):
    receiving_archive: ShortText = Field(examples=["Lưu trữ lịch sử tỉnh"])
    reference: ShortText = Field(examples=["Biên bản giao nhận 01/2026"])
    transferred_on: Day = None


class PlaceHold(Body):
    reference: ShortText = Field(examples=["Thông báo 7-TB/UBKTTU"])
    placed_on: Day = None
    reason: Reason


class ReleaseHold(Body):
    released_on: Day = None
    reason: Reason


class RequestAccess(Body):
    kind: AccessKind
    item_kind: ItemKind
    item_id: UUID
    purpose: Text = Field(examples=["Nghiên cứu phục vụ tổng kết nhiệm kỳ"])
    borrower: ShortText | None = Field(default=None, description="mặc định: người gửi yêu cầu")
    requested_on: Day = None


class ApproveAccess(Body):
    due_on: Day = Field(default=None, description="hạn trả (bắt buộc khi mượn)")
    approved_on: Day = None


class RefuseAccess(Body):
    refused_on: Day = None
    reason: Reason


class HandOut(Body):
    handed_out_on: Day = None


class ReturnItem(Body):
    returned_on: Day = None
    note: OptionalText | None = None


class ProposeDisposal(Body):
    file_ids: list[UUID] = Field(min_length=1, max_length=10_000)
    council: Names = Field(min_length=3, max_length=50)
    proposal_reference: ShortText = Field(examples=["Tờ trình 3-TTr/HĐXĐGTTL"])
    proposed_on: Day = None


class DecideDisposal(Body):
    decision_number: ShortText = Field(examples=["15-QĐ/VPTU"])
    decided_by: ShortText = Field(examples=["Chánh Văn phòng Tỉnh ủy"])
    decided_on: Day = None


class Destroy(Body):
    minutes_number: ShortText = Field(examples=["Biên bản hủy 02/2026"])
    destroyed_on: Day = None
    reason: Reason


class CancelDisposal(Body):
    reason: Reason


class RetentionClassIn(Body):
    code: Code = Field(examples=["10N"])
    name: ShortText = Field(examples=["Công văn trao đổi công tác"])
    years: int | None = Field(default=None, ge=1, le=100, description="để trống: vĩnh viễn")
    active: bool = True
