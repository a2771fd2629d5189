"""Commands on directives: the lifecycle from draft to close, amendment, supersession, revocation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID, uuid4

from domain.actors import Secrecy
from domain.application import OfficeApplication, Receipt
from domain.directives.assignments import AssignmentCommands
from domain.directives.errors import (
    DateBeforeIssue,
    DeadlineBeforeAssignment,
    DirectiveNotAppraised,
    DirectiveNotDisseminated,
    DirectiveNotDraft,
    DirectiveNotInForce,
    DirectiveNotIssued,
    FinalReviewDone,
    FinalReviewMissing,
    NotADirectiveType,
    OpenAssignmentsRemain,
    ReturnNeedsComments,
    SupersessionInvalid,
    UnitRolesOverlap,
)
from domain.directives.model import (
    BEFORE_ISSUE,
    ENDED,
    IN_FORCE,
    Amendment,
    Assignment,
    AssignmentStatus,
    Directive,
    DirectiveStatus,
    fold_directive,
)
from domain.errors import InvalidValue
from domain.events import Event
from domain.numbering.service import Numbering
from domain.records import Context, expect_version
from domain.reference.service import Reference
from domain.text import clean, clean_code, clean_optional


def _text(value: str, field: str, max_length: int = 2000) -> str:
    return clean(value, field, max_length=max_length)


class Directives(AssignmentCommands, OfficeApplication):
    """Application service for directives and their assignments."""

    reference: Reference
    numbering: Numbering

    def wire(self, reference: Reference) -> None:
        """Called once by the wiring: the reference data and the numbering service."""
        self.reference = reference
        self.numbering = Numbering(self, reference)

    # Loading ------------------------------------------------------------------------------------

    def get(self, directive_id: UUID, *, version: int | None = None) -> Directive:
        return self.load(directive_id, fold_directive, version=version)

    def _in_force(self, directive_id: UUID, expected: int | None) -> Directive:
        d = self.get(directive_id)
        expect_version(d, expected)
        if d.status in BEFORE_ISSUE:
            msg = f"văn bản chưa ban hành (directive not issued; status {d.status.label})"
            raise DirectiveNotIssued(msg, state=d.status.value)
        if d.status in ENDED:
            msg = f"văn bản đã {d.status.label.lower()} (directive no longer in force)"
            raise DirectiveNotInForce(msg, state=d.status.value)
        return d

    @staticmethod
    def _not_before_issue(d: Directive, day: date, field: str) -> date:
        if d.issued_on is not None and day < d.issued_on:
            msg = f"{field}: trước ngày ban hành {d.issued_on.isoformat()} (before the issue date)"
            raise DateBeforeIssue(msg, field=field)
        return day

    # Before issue ---------------------------------------------------------------------------

    def draft(
        self, ctx: Context, *, document_type: str, title: str, issuer: str, drafting_unit: str,
        summary: str = "", secrecy: Secrecy = Secrecy.NONE,
    ) -> Receipt:
        doc_type = self.reference.document_type(document_type)
        if not doc_type.directive:
            msg = (f"{doc_type.name} không phải văn bản chỉ đạo; hãy đăng ký ở sổ văn bản đi "
                   "(not a directive type; register it as an outgoing document)")
            raise NotADirectiveType(msg, field="document_type")
        self.reference.issuer(issuer)
        self.reference.unit(drafting_unit)
        directive_id = uuid4()
        event = ctx.event(
            Directive.Drafted, directive_id, 1, document_type=doc_type.code,
            title=_text(title, "title", 1000), summary=clean(summary, "summary", required=False),
            issuer=issuer, drafting_unit=drafting_unit, secrecy=Secrecy(secrecy),
        )
        return self.record([event], record_id=directive_id)

    def revise(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, title: str | None = None,
        summary: str | None = None, secrecy: Secrecy | None = None,
    ) -> Receipt:
        d = self.get(directive_id)
        expect_version(d, expected)
        if d.status not in (DirectiveStatus.DRAFT, DirectiveStatus.RETURNED):
            msg = f"chỉ sửa được dự thảo (only a draft can be revised; status {d.status.label})"
            raise DirectiveNotDraft(msg, state=d.status.value)
        event = ctx.follow(
            d, Directive.Revised,
            title=_text(title, "title", 1000) if title is not None else d.title,
            summary=clean(summary, "summary", required=False) if summary is not None else d.summary,
            secrecy=Secrecy(secrecy) if secrecy is not None else d.secrecy,
        )
        return self.record([event], record_id=d.id)

    def appraise(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, passed: bool,
        comments: str | None = None,
    ) -> Receipt:
        d = self.get(directive_id)
        expect_version(d, expected)
        if d.status is not DirectiveStatus.DRAFT:
            msg = f"chỉ thẩm định dự thảo (only a draft is appraised; status {d.status.label})"
            raise DirectiveNotDraft(msg, state=d.status.value)
        text = clean_optional(comments, "comments")
        if not passed and not text:
            msg = "comments: trả lại dự thảo phải kèm ý kiến (a return needs comments)"
            raise ReturnNeedsComments(msg, field="comments")
        event = ctx.follow(d, Directive.Appraised, passed=passed, comments=text)
        return self.record([event], record_id=d.id)

    def issue(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, issued_on: date,
        signer: str, signer_title: str,
    ) -> Receipt:
        """Issue with the next number of its series (retried if another issue took it first)."""

        def attempt() -> Receipt:
            d = self.get(directive_id)
            expect_version(d, expected)
            if d.status is not DirectiveStatus.APPRAISED:
                msg = (f"văn bản phải được thẩm định đạt trước khi ban hành "
                       f"(must pass appraisal first; status {d.status.label})")
                raise DirectiveNotAppraised(msg, state=d.status.value)
            allocation = self.numbering.allocate(
                ctx, issuer=d.issuer, document_type=d.document_type, on=issued_on,
                secrecy=d.secrecy, document_id=d.id,
            )
            event = ctx.follow(
                d, Directive.Issued, system=allocation.system, number=allocation.number,
                number_symbol=allocation.number_symbol, series_id=allocation.series_id,
                issued_on=issued_on, signer=_text(signer, "signer", 200),
                signer_title=_text(signer_title, "signer_title", 200),
            )
            return self.record([*allocation.events, event], record_id=d.id)

        return self.retrying(attempt)

    def import_issued(
        self, ctx: Context, *, document_type: str, title: str, issuer: str, drafting_unit: str,
        number: int, issued_on: date, signer: str, signer_title: str, summary: str = "",
        secrecy: Secrecy = Secrecy.NONE,
    ) -> Receipt:
        """Enter a directive issued before the system, with its number from the past register."""
        doc_type = self.reference.document_type(document_type)
        if not doc_type.directive:
            msg = f"{doc_type.name} không phải văn bản chỉ đạo (not a directive type)"
            raise NotADirectiveType(msg, field="document_type")
        self.reference.unit(drafting_unit)
        directive_id = uuid4()
        allocation = self.numbering.allocate(
            ctx, issuer=issuer, document_type=doc_type.code, on=issued_on,
            secrecy=Secrecy(secrecy), document_id=directive_id, number=number,
        )
        event = ctx.event(
            Directive.Imported, directive_id, 1, document_type=doc_type.code,
            title=_text(title, "title", 1000), summary=clean(summary, "summary", required=False),
            issuer=issuer, drafting_unit=drafting_unit, secrecy=Secrecy(secrecy),
            system=allocation.system, number=allocation.number,
            number_symbol=allocation.number_symbol, series_id=allocation.series_id,
            issued_on=issued_on, signer=_text(signer, "signer", 200),
            signer_title=_text(signer_title, "signer_title", 200),
        )
        return self.record([*allocation.events, event], record_id=directive_id)

    # After issue ------------------------------------------------------------------------------

    def disseminate(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, disseminated_on: date,
        form: str, participants: int = 0, note: str | None = None,
    ) -> Receipt:
        d = self._in_force(directive_id, expected)
        if participants < 0:
            msg = "participants: không được âm (must not be negative)"
            raise InvalidValue(msg, field="participants")
        event = ctx.follow(
            d, Directive.Disseminated,
            disseminated_on=self._not_before_issue(d, disseminated_on, "disseminated_on"),
            form=_text(form, "form", 300), participants=participants,
            note=clean_optional(note, "note"),
        )
        return self.record([event], record_id=d.id)

    def assign(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, task: str,
        lead_unit: str, deadline: date, assigned_on: date,
        cooperating_units: Iterable[str] = (), monitoring_units: Iterable[str] = (),
    ) -> Receipt:
        """Give a task to a lead unit with co-operating and monitoring units and a deadline."""
        d = self._in_force(directive_id, expected)
        if d.status is DirectiveStatus.FINAL_REVIEWED:
            msg = "văn bản đã tổng kết, không giao thêm nhiệm vụ (final review done)"
            raise FinalReviewDone(msg)
        lead = clean_code(lead_unit, "lead_unit")
        coop = tuple(dict.fromkeys(clean_code(u, "cooperating_units") for u in cooperating_units))
        mon = tuple(dict.fromkeys(clean_code(u, "monitoring_units") for u in monitoring_units))
        if lead in coop or lead in mon or set(coop) & set(mon):
            msg = "một đơn vị chỉ giữ một vai trò trong một nhiệm vụ (a unit has one role)"
            raise UnitRolesOverlap(msg, field="cooperating_units")
        self.reference.require_units((lead, *coop, *mon))
        self._not_before_issue(d, assigned_on, "assigned_on")
        if deadline < assigned_on:
            msg = "deadline: trước ngày giao (deadline before the day it is assigned)"
            raise DeadlineBeforeAssignment(msg, field="deadline")
        assignment_id = uuid4()
        link = ctx.follow(d, Directive.TaskAssigned, assignment_id=assignment_id, lead_unit=lead,
                          deadline=deadline)
        created = ctx.event(
            Assignment.Assigned, assignment_id, 1, directive_id=d.id,
            directive_number_symbol=d.number_symbol or "", task=_text(task, "task", 2000),
            lead_unit=lead, cooperating_units=coop, monitoring_units=mon, assigned_on=assigned_on,
            deadline=deadline,
        )
        receipt = self.record([link, created], record_id=assignment_id)
        return receipt

    def inspect(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, inspected_on: date,
        inspecting_unit: str, findings: str,
    ) -> Receipt:
        d = self._in_force(directive_id, expected)
        self.reference.unit(inspecting_unit)
        event = ctx.follow(
            d, Directive.Inspected,
            inspected_on=self._not_before_issue(d, inspected_on, "inspected_on"),
            inspecting_unit=inspecting_unit, findings=_text(findings, "findings", 5000),
        )
        return self.record([event], record_id=d.id)

    def _reviewable(self, directive_id: UUID, expected: int | None) -> Directive:
        d = self._in_force(directive_id, expected)
        if d.status is DirectiveStatus.ISSUED:
            msg = "văn bản chưa được quán triệt (not yet disseminated)"
            raise DirectiveNotDisseminated(msg)
        if d.status is DirectiveStatus.FINAL_REVIEWED:
            msg = "văn bản đã tổng kết (final review already done)"
            raise FinalReviewDone(msg)
        return d

    def review_preliminary(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, reviewed_on: date,
        summary: str,
    ) -> Receipt:
        d = self._reviewable(directive_id, expected)
        event = ctx.follow(
            d, Directive.PreliminaryReviewed,
            reviewed_on=self._not_before_issue(d, reviewed_on, "reviewed_on"),
            summary=_text(summary, "summary", 5000),
        )
        return self.record([event], record_id=d.id)

    def review_final(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, reviewed_on: date,
        summary: str,
    ) -> Receipt:
        d = self._reviewable(directive_id, expected)
        event = ctx.follow(
            d, Directive.FinalReviewed,
            reviewed_on=self._not_before_issue(d, reviewed_on, "reviewed_on"),
            summary=_text(summary, "summary", 5000),
        )
        return self.record([event], record_id=d.id)

    def close_directive(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, closed_on: date
    ) -> Receipt:
        d = self._in_force(directive_id, expected)
        if d.status is not DirectiveStatus.FINAL_REVIEWED:
            msg = f"cần tổng kết trước khi kết thúc (final review first; status {d.status.label})"
            raise FinalReviewMissing(msg, state=d.status.value)
        still_open = [a for a in self._assignments(d) if a.status is AssignmentStatus.OPEN]
        if still_open:
            msg = f"còn {len(still_open)} nhiệm vụ chưa hoàn thành ({len(still_open)} still open)"
            raise OpenAssignmentsRemain(msg, open=[str(a.id) for a in still_open])
        event = ctx.follow(d, Directive.Closed,
                           closed_on=self._not_before_issue(d, closed_on, "closed_on"))
        return self.record([event], record_id=d.id)

    def amend(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, reference: str,
        summary: str, amended_on: date,
    ) -> Receipt:
        d = self._in_force(directive_id, expected)
        amendment = Amendment(
            _text(reference, "reference", 200), _text(summary, "summary", 5000),
            self._not_before_issue(d, amended_on, "amended_on"),
        )
        return self.record([ctx.follow(d, Directive.Amended, amendment=amendment)],
                           record_id=d.id)

    def supersede(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, successor_id: UUID
    ) -> Receipt:
        """Mark this directive superseded by ``successor_id``; both records link to each other."""
        reason = ctx.required_reason("thay thế văn bản")
        d = self._in_force(directive_id, expected)
        if successor_id == d.id:
            msg = "văn bản không thể tự thay thế chính nó (a directive cannot supersede itself)"
            raise SupersessionInvalid(msg, field="successor_id")
        successor = self.get(successor_id)
        if successor.status not in IN_FORCE:
            msg = (f"văn bản thay thế phải đã ban hành và còn hiệu lực "
                   f"(successor must be issued and in force; status {successor.status.label})")
            raise SupersessionInvalid(msg, field="successor_id")
        events: list[Event] = [
            ctx.follow(d, Directive.Superseded, successor_id=successor.id,
                       successor_number_symbol=successor.number_symbol or "", reason=reason),
            ctx.follow(successor, Directive.SupersededAnother, predecessor_id=d.id,
                       predecessor_number_symbol=d.number_symbol or "", reason=reason),
        ]
        events += self._cancel_open(ctx, d, reason)
        return self.record(events, record_id=d.id)

    def revoke(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, revoked_on: date
    ) -> Receipt:
        reason = ctx.required_reason("bãi bỏ văn bản")
        d = self._in_force(directive_id, expected)
        events: list[Event] = [
            ctx.follow(d, Directive.Revoked, reason=reason,
                       revoked_on=self._not_before_issue(d, revoked_on, "revoked_on"))
        ]
        events += self._cancel_open(ctx, d, reason)
        return self.record(events, record_id=d.id)

    def _assignments(self, d: Directive) -> list[Assignment]:
        return [self.get_assignment(a) for a in d.assignments]

    def _cancel_open(self, ctx: Context, d: Directive, reason: str) -> list[Event]:
        return [
            ctx.follow(a, Assignment.Cancelled, reason=reason)
            for a in self._assignments(d)
            if a.status is AssignmentStatus.OPEN
        ]
