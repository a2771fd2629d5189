"""Vietnamese summaries of directive, assignment, reference-data and user events."""

from __future__ import annotations

from domain.directives.model import Assignment, Directive
from domain.numbering.model import NumberSeries
from domain.reference.model import DocumentTypes, Issuers, Terms, Units
from domain.users.model import User
from projections.summaries import summary


def _d(value: object) -> str:
    from datetime import date

    return value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)


def register_summaries() -> None:
    """Register the sentences (idempotent; called by the wiring)."""

    @summary(Directive.Drafted)
    def _(e: Directive.Drafted) -> str:
        return f"Khởi thảo văn bản loại {e.document_type} do đơn vị {e.drafting_unit} chủ trì"

    @summary(Directive.Revised)
    def _(e: Directive.Revised) -> str:
        return "Chỉnh sửa dự thảo"

    @summary(Directive.Appraised)
    def _(e: Directive.Appraised) -> str:
        return "Thẩm định: đạt" if e.passed else "Thẩm định: trả lại để chỉnh sửa"

    @summary(Directive.Issued)
    def _(e: Directive.Issued) -> str:
        return f"Ban hành số {e.number_symbol} ngày {_d(e.issued_on)}"

    @summary(Directive.Imported)
    def _(e: Directive.Imported) -> str:
        return f"Nhập văn bản đã ban hành số {e.number_symbol} ngày {_d(e.issued_on)}"

    @summary(Directive.Disseminated)
    def _(e: Directive.Disseminated) -> str:
        return f"Quán triệt ngày {_d(e.disseminated_on)} ({e.form}, {e.participants} người dự)"

    @summary(Directive.TaskAssigned)
    def _(e: Directive.TaskAssigned) -> str:
        return f"Giao nhiệm vụ cho {e.lead_unit}, hạn {_d(e.deadline)}"

    @summary(Directive.Inspected)
    def _(e: Directive.Inspected) -> str:
        return f"Kiểm tra việc thực hiện ngày {_d(e.inspected_on)} ({e.inspecting_unit})"

    @summary(Directive.PreliminaryReviewed)
    def _(e: Directive.PreliminaryReviewed) -> str:
        return f"Sơ kết ngày {_d(e.reviewed_on)}"

    @summary(Directive.FinalReviewed)
    def _(e: Directive.FinalReviewed) -> str:
        return f"Tổng kết ngày {_d(e.reviewed_on)}"

    @summary(Directive.Closed)
    def _(e: Directive.Closed) -> str:
        return f"Kết thúc theo dõi ngày {_d(e.closed_on)}"

    @summary(Directive.Amended)
    def _(e: Directive.Amended) -> str:
        return f"Sửa đổi, bổ sung theo {e.amendment.reference} ngày {_d(e.amendment.amended_on)}"

    @summary(Directive.Superseded)
    def _(e: Directive.Superseded) -> str:
        return f"Bị thay thế bởi văn bản {e.successor_number_symbol}"

    @summary(Directive.SupersededAnother)
    def _(e: Directive.SupersededAnother) -> str:
        return f"Thay thế văn bản {e.predecessor_number_symbol}"

    @summary(Directive.Revoked)
    def _(e: Directive.Revoked) -> str:
        return f"Bãi bỏ ngày {_d(e.revoked_on)}"

    @summary(Assignment.Assigned)
    def _(e: Assignment.Assigned) -> str:
        return f"Nhận nhiệm vụ: {e.lead_unit} chủ trì, hạn {_d(e.deadline)}"

    @summary(Assignment.Reported)
    def _(e: Assignment.Reported) -> str:
        return f"Báo cáo {e.kind.label.lower()} ngày {_d(e.reported_on)}"

    @summary(Assignment.Urged)
    def _(e: Assignment.Urged) -> str:
        return f"Đôn đốc ngày {_d(e.urged_on)}"

    @summary(Assignment.DeadlineExtended)
    def _(e: Assignment.DeadlineExtended) -> str:
        return f"Gia hạn từ {_d(e.previous_deadline)} đến {_d(e.new_deadline)}"

    @summary(Assignment.Completed)
    def _(e: Assignment.Completed) -> str:
        return f"Hoàn thành ngày {_d(e.completed_on)}"

    @summary(Assignment.Cancelled)
    def _(e: Assignment.Cancelled) -> str:
        return "Hủy nhiệm vụ"

    @summary(NumberSeries.Opened)
    def _(e: NumberSeries.Opened) -> str:
        return f"Mở sổ số {e.key.symbol}/{e.key.issuer} kỳ {e.key.period}"

    @summary(NumberSeries.NumberAllocated)
    def _(e: NumberSeries.NumberAllocated) -> str:
        return f"Cấp số {e.number_symbol}"

    @summary(NumberSeries.NumberImported)
    def _(e: NumberSeries.NumberImported) -> str:
        return f"Ghi nhận số đã dùng {e.number_symbol}"

    @summary(Units.Defined)
    def _(e: Units.Defined) -> str:
        return f"Cập nhật đơn vị {e.unit.code}"

    @summary(Issuers.Defined)
    def _(e: Issuers.Defined) -> str:
        return f"Cập nhật cơ quan ban hành {e.issuer.code}"

    @summary(DocumentTypes.Defined)
    def _(e: DocumentTypes.Defined) -> str:
        return f"Cập nhật loại văn bản {e.document_type.code}"

    @summary(Terms.Defined)
    def _(e: Terms.Defined) -> str:
        return f"Cập nhật nhiệm kỳ {e.term.code}"

    @summary(User.Registered)
    def _(e: User.Registered) -> str:
        return f"Tạo người dùng {e.username} ({e.role.label}, {e.unit})"

    @summary(User.Changed)
    def _(e: User.Changed) -> str:
        return f"Đổi vai trò/đơn vị/độ mật: {e.role.label}, {e.unit}, {e.clearance.label}"

    @summary(User.TokenIssued)
    def _(e: User.TokenIssued) -> str:
        return f"Cấp mã truy cập {e.token_id}"

    @summary(User.TokenRevoked)
    def _(e: User.TokenRevoked) -> str:
        return f"Thu hồi mã truy cập {e.token_id}"

    @summary(User.Deactivated)
    def _(e: User.Deactivated) -> str:
        return "Vô hiệu hóa người dùng"
