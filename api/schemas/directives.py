"""Request bodies of the directive and assignment commands, with OpenAPI examples."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from api.http import Body
from api.schemas.common import Code, OptionalText, Reason, ShortText, Text
from domain.actors import Secrecy
from domain.directives.model import ReportKind


class DraftDirective(Body):
    document_type: Code = Field(examples=["NQ"], description="mã loại văn bản chỉ đạo")
    title: Text = Field(examples=["Về đẩy mạnh chuyển đổi số trong cơ quan Đảng đến năm 2030"])
    issuer: Code = Field(examples=["TU"], description="cơ quan ban hành")
    drafting_unit: Code = Field(examples=["VP"], description="đơn vị chủ trì soạn thảo")
    summary: OptionalText = Field(default="", description="trích yếu nội dung")
    secrecy: Secrecy = Field(default=Secrecy.NONE, description="độ mật")


class ImportDirective(DraftDirective):
    number: int = Field(ge=1, le=999_999, examples=[12], description="số đã cấp (sổ cũ)")
    issued_on: date = Field(examples=["2024-05-10"])
    signer: ShortText = Field(examples=["Nguyễn Văn Thành"])
    signer_title: ShortText = Field(examples=["Phó Bí thư Thường trực"])


class ReviseDirective(Body):
    title: Text | None = None
    summary: OptionalText | None = None
    secrecy: Secrecy | None = None


class AppraiseDirective(Body):
    passed: bool = Field(description="đạt (true) hoặc trả lại (false)")
    comments: OptionalText | None = Field(default=None, examples=["Bổ sung chỉ tiêu định lượng"])


class IssueDirective(Body):
    issued_on: date = Field(examples=["2026-03-02"])
    signer: ShortText = Field(examples=["Trần Thị Hoa"])
    signer_title: ShortText = Field(examples=["Bí thư Tỉnh ủy"])


class DisseminateDirective(Body):
    disseminated_on: date
    form: ShortText = Field(examples=["Hội nghị trực tuyến toàn tỉnh"])
    participants: int = Field(default=0, ge=0, le=1_000_000)
    note: OptionalText | None = None


class AssignTask(Body):
    task: Text = Field(examples=["Xây dựng kế hoạch triển khai, báo cáo kết quả hằng quý"])
    lead_unit: Code = Field(examples=["BTG"])
    cooperating_units: list[Code] = Field(default_factory=list, max_length=50)
    monitoring_units: list[Code] = Field(default_factory=list, max_length=50)
    assigned_on: date
    deadline: date


class InspectDirective(Body):
    inspected_on: date
    inspecting_unit: Code
    findings: Text


class ReviewDirective(Body):
    reviewed_on: date
    summary: Text


class CloseDirective(Body):
    closed_on: date


class AmendDirective(Body):
    reference: ShortText = Field(examples=["15-QĐ/TU"])
    summary: Text
    amended_on: date


class SupersedeDirective(Body):
    successor_id: UUID
    reason: Reason


class RevokeDirective(Body):
    revoked_on: date
    reason: Reason


class ReportOnAssignment(Body):
    kind: ReportKind
    reported_on: date
    summary: Text
    period: ShortText | None = Field(default=None, examples=["Quý I/2026"])


class UrgeAssignment(Body):
    urged_on: date
    note: Text


class ExtendAssignment(Body):
    new_deadline: date
    reason: Reason


class CompleteAssignment(Body):
    completed_on: date
    result: Text


class CancelAssignment(Body):
    reason: Reason
