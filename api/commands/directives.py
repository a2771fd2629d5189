"""The directive and assignment commands."""

from __future__ import annotations

from api.commands.spec import CommandSpec, Done, Run
from api.kinds import ASSIGNMENT, DIRECTIVE
from api.schemas.directives import (
    AmendDirective,
    AppraiseDirective,
    AssignTask,
    CancelAssignment,
    CloseDirective,
    CompleteAssignment,
    DisseminateDirective,
    DraftDirective,
    ExtendAssignment,
    ImportDirective,
    InspectDirective,
    IssueDirective,
    ReportOnAssignment,
    ReviewDirective,
    ReviseDirective,
    RevokeDirective,
    SupersedeDirective,
    UrgeAssignment,
)

D = ("directives",)
A = ("assignments",)
ON_DIRECTIVE = "/directives/{directive_id}"
ON_ASSIGNMENT = "/assignments/{assignment_id}"


def _issue(c: Run[IssueDirective]) -> Done:
    receipt = c.office.directives.issue(c.ctx, c.target_id, c.expected, **c.body.model_dump())
    issued = c.office.directives.get(c.target_id)
    return Done(receipt, extra={"number_symbol": issued.number_symbol})


COMMANDS = (
    CommandSpec(
        name="directive.draft", permission="directive.draft", path="/directives",
        summary="Khởi thảo văn bản chỉ đạo", tags=D, body=DraftDirective, body_secrecy="secrecy",
        creates=True, location="/directives/{id}",
        run=lambda c: c.office.directives.draft(c.ctx, **c.body.model_dump())),
    CommandSpec(
        name="directive.import", permission="directive.import", path="/directives/import",
        summary="Nhập văn bản đã ban hành trước khi có hệ thống (số theo sổ cũ)", tags=D,
        body=ImportDirective, body_secrecy="secrecy", creates=True, location="/directives/{id}",
        run=lambda c: c.office.directives.import_issued(c.ctx, **c.body.model_dump())),
    CommandSpec(
        name="directive.revise", permission="directive.revise", path=f"{ON_DIRECTIVE}/revise",
        summary="Chỉnh sửa dự thảo", tags=D, target=DIRECTIVE, body=ReviseDirective,
        body_secrecy="secrecy",
        run=lambda c: c.office.directives.revise(c.ctx, c.target_id, c.expected,
                                                 **c.body.model_dump())),
    CommandSpec(
        name="directive.appraise", permission="directive.appraise",
        path=f"{ON_DIRECTIVE}/appraise", summary="Thẩm định dự thảo (đạt / trả lại)", tags=D,
        target=DIRECTIVE, body=AppraiseDirective,
        run=lambda c: c.office.directives.appraise(c.ctx, c.target_id, c.expected,
                                                   **c.body.model_dump())),
    CommandSpec(
        name="directive.issue", permission="directive.issue", path=f"{ON_DIRECTIVE}/issue",
        summary="Ban hành: cấp số, ký hiệu", tags=D, target=DIRECTIVE, body=IssueDirective,
        run=_issue),
    CommandSpec(
        name="directive.disseminate", permission="directive.disseminate",
        path=f"{ON_DIRECTIVE}/disseminate", summary="Quán triệt, triển khai", tags=D,
        target=DIRECTIVE, body=DisseminateDirective,
        run=lambda c: c.office.directives.disseminate(c.ctx, c.target_id, c.expected,
                                                      **c.body.model_dump())),
    CommandSpec(
        name="directive.assign", permission="directive.assign",
        path=f"{ON_DIRECTIVE}/assignments", summary="Giao nhiệm vụ cho đơn vị", tags=D,
        target=DIRECTIVE, body=AssignTask, creates=True, location="/assignments/{id}",
        run=lambda c: c.office.directives.assign(c.ctx, c.target_id, c.expected,
                                                 **c.body.model_dump())),
    CommandSpec(
        name="directive.inspect", permission="directive.inspect",
        path=f"{ON_DIRECTIVE}/inspections", summary="Kiểm tra việc thực hiện", tags=D,
        target=DIRECTIVE, body=InspectDirective,
        run=lambda c: c.office.directives.inspect(c.ctx, c.target_id, c.expected,
                                                  **c.body.model_dump())),
    CommandSpec(
        name="directive.review_preliminary", permission="directive.review",
        path=f"{ON_DIRECTIVE}/preliminary-review", summary="Sơ kết", tags=D, target=DIRECTIVE,
        body=ReviewDirective,
        run=lambda c: c.office.directives.review_preliminary(c.ctx, c.target_id, c.expected,
                                                             **c.body.model_dump())),
    CommandSpec(
        name="directive.review_final", permission="directive.review",
        path=f"{ON_DIRECTIVE}/final-review", summary="Tổng kết", tags=D, target=DIRECTIVE,
        body=ReviewDirective,
        run=lambda c: c.office.directives.review_final(c.ctx, c.target_id, c.expected,
                                                       **c.body.model_dump())),
    CommandSpec(
        name="directive.close", permission="directive.close", path=f"{ON_DIRECTIVE}/close",
        summary="Kết thúc theo dõi", tags=D, target=DIRECTIVE, body=CloseDirective,
        run=lambda c: c.office.directives.close_directive(c.ctx, c.target_id, c.expected,
                                                          **c.body.model_dump())),
    CommandSpec(
        name="directive.amend", permission="directive.amend", path=f"{ON_DIRECTIVE}/amend",
        summary="Sửa đổi, bổ sung", tags=D, target=DIRECTIVE, body=AmendDirective,
        run=lambda c: c.office.directives.amend(c.ctx, c.target_id, c.expected,
                                                **c.body.model_dump())),
    CommandSpec(
        name="directive.supersede", permission="directive.supersede",
        path=f"{ON_DIRECTIVE}/supersede",
        summary="Thay thế bằng văn bản khác (liên kết hai chiều)", tags=D, target=DIRECTIVE,
        body=SupersedeDirective,
        named_levels=lambda office, body: (office.directives.get(body.successor_id).secrecy,),
        run=lambda c: c.office.directives.supersede(c.because(c.body.reason), c.target_id,
                                                    c.expected, successor_id=c.body.successor_id)),
    CommandSpec(
        name="directive.revoke", permission="directive.revoke", path=f"{ON_DIRECTIVE}/revoke",
        summary="Bãi bỏ (kèm lý do)", tags=D, target=DIRECTIVE, body=RevokeDirective,
        run=lambda c: c.office.directives.revoke(c.because(c.body.reason), c.target_id,
                                                 c.expected, revoked_on=c.body.revoked_on)),
    # Assignments
    CommandSpec(
        name="assignment.report", permission="assignment.report",
        path=f"{ON_ASSIGNMENT}/reports",
        summary="Đơn vị báo cáo (định kỳ, đột xuất, chuyên đề)", tags=A, target=ASSIGNMENT,
        body=ReportOnAssignment,
        run=lambda c: c.office.directives.report(c.ctx, c.target_id, c.expected,
                                                 **c.body.model_dump())),
    CommandSpec(
        name="assignment.urge", permission="assignment.urge", path=f"{ON_ASSIGNMENT}/urge",
        summary="Đôn đốc", tags=A, target=ASSIGNMENT, body=UrgeAssignment,
        run=lambda c: c.office.directives.urge(c.ctx, c.target_id, c.expected,
                                               **c.body.model_dump())),
    CommandSpec(
        name="assignment.extend", permission="assignment.extend", path=f"{ON_ASSIGNMENT}/extend",
        summary="Gia hạn (kèm lý do)", tags=A, target=ASSIGNMENT, body=ExtendAssignment,
        run=lambda c: c.office.directives.extend(c.because(c.body.reason), c.target_id,
                                                 c.expected, new_deadline=c.body.new_deadline)),
    CommandSpec(
        name="assignment.complete", permission="assignment.complete",
        path=f"{ON_ASSIGNMENT}/complete", summary="Hoàn thành nhiệm vụ", tags=A,
        target=ASSIGNMENT, body=CompleteAssignment,
        run=lambda c: c.office.directives.complete(c.ctx, c.target_id, c.expected,
                                                   **c.body.model_dump())),
    CommandSpec(
        name="assignment.cancel", permission="assignment.cancel", path=f"{ON_ASSIGNMENT}/cancel",
        summary="Hủy nhiệm vụ (kèm lý do)", tags=A, target=ASSIGNMENT, body=CancelAssignment,
        run=lambda c: c.office.directives.cancel(c.because(c.body.reason), c.target_id,
                                                 c.expected)),
)
