"""Directives (văn bản chỉ đạo) and their assignments (giao nhiệm vụ): state, events and folds.

A directive is drafted, appraised, issued with a number-symbol, disseminated, implemented through
assignments to units, inspected, reviewed and closed; after issue it may be amended, superseded or
revoked. Each assignment is a record of its own (units report on them concurrently) linked both ways.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from domain.actors import Secrecy
from domain.events import Event
from domain.records import Fold, Record, new_record
from domain.reference.model import NumberingSystem


class DirectiveStatus(enum.StrEnum):
    DRAFT = "draft"
    RETURNED = "returned"
    APPRAISED = "appraised"
    ISSUED = "issued"
    DISSEMINATED = "disseminated"
    IMPLEMENTING = "implementing"
    PRELIMINARY_REVIEWED = "preliminary_reviewed"
    FINAL_REVIEWED = "final_reviewed"
    CLOSED = "closed"
    SUPERSEDED = "superseded"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return DIRECTIVE_STATUS_LABELS[self]


DIRECTIVE_STATUS_LABELS = {
    DirectiveStatus.DRAFT: "Dự thảo",
    DirectiveStatus.RETURNED: "Trả lại để chỉnh sửa",
    DirectiveStatus.APPRAISED: "Đã thẩm định",
    DirectiveStatus.ISSUED: "Đã ban hành",
    DirectiveStatus.DISSEMINATED: "Đã quán triệt",
    DirectiveStatus.IMPLEMENTING: "Đang triển khai",
    DirectiveStatus.PRELIMINARY_REVIEWED: "Đã sơ kết",
    DirectiveStatus.FINAL_REVIEWED: "Đã tổng kết",
    DirectiveStatus.CLOSED: "Kết thúc",
    DirectiveStatus.SUPERSEDED: "Bị thay thế",
    DirectiveStatus.REVOKED: "Bị bãi bỏ",
}

#: Statuses in which an issued directive is in force and followed up.
IN_FORCE = frozenset({
    DirectiveStatus.ISSUED, DirectiveStatus.DISSEMINATED, DirectiveStatus.IMPLEMENTING,
    DirectiveStatus.PRELIMINARY_REVIEWED, DirectiveStatus.FINAL_REVIEWED,
})
ENDED = frozenset({DirectiveStatus.CLOSED, DirectiveStatus.SUPERSEDED, DirectiveStatus.REVOKED})
BEFORE_ISSUE = frozenset({DirectiveStatus.DRAFT, DirectiveStatus.RETURNED,
                          DirectiveStatus.APPRAISED})


@dataclass(frozen=True)
class Amendment:
    reference: str  # the amending document's number-symbol or a description
    summary: str
    amended_on: date


@dataclass(frozen=True, kw_only=True)
class Directive(Record):
    document_type: str
    title: str
    summary: str
    issuer: str
    drafting_unit: str
    secrecy: Secrecy
    status: DirectiveStatus
    appraisals: int = 0
    last_appraisal_comments: str | None = None
    system: NumberingSystem | None = None
    number: int | None = None
    number_symbol: str | None = None
    series_id: UUID | None = None
    issued_on: date | None = None
    signer: str | None = None
    signer_title: str | None = None
    disseminations: int = 0
    assignments: tuple[UUID, ...] = ()
    inspections: int = 0
    preliminary_reviewed_on: date | None = None
    final_reviewed_on: date | None = None
    closed_on: date | None = None
    amendments: tuple[Amendment, ...] = ()
    supersedes: tuple[UUID, ...] = ()
    superseded_by: UUID | None = None
    revoked_reason: str | None = None
    imported: bool = False

    @dataclass(frozen=True, kw_only=True)
    class Drafted(Event):
        document_type: str
        title: str
        summary: str
        issuer: str
        drafting_unit: str
        secrecy: Secrecy

    @dataclass(frozen=True, kw_only=True)
    class Revised(Event):
        title: str
        summary: str
        secrecy: Secrecy

    @dataclass(frozen=True, kw_only=True)
    class Appraised(Event):
        passed: bool
        comments: str | None

    @dataclass(frozen=True, kw_only=True)
    class Issued(Event):
        system: NumberingSystem
        number: int
        number_symbol: str
        series_id: UUID
        issued_on: date
        signer: str
        signer_title: str

    @dataclass(frozen=True, kw_only=True)
    class Imported(Event):
        """A directive issued before the system, entered from a past register with its number."""

        document_type: str
        title: str
        summary: str
        issuer: str
        drafting_unit: str
        secrecy: Secrecy
        system: NumberingSystem
        number: int
        number_symbol: str
        series_id: UUID
        issued_on: date
        signer: str
        signer_title: str

    @dataclass(frozen=True, kw_only=True)
    class Disseminated(Event):
        disseminated_on: date
        form: str
        participants: int
        note: str | None

    @dataclass(frozen=True, kw_only=True)
    class TaskAssigned(Event):
        assignment_id: UUID
        lead_unit: str
        deadline: date

    @dataclass(frozen=True, kw_only=True)
    class Inspected(Event):
        inspected_on: date
        inspecting_unit: str
        findings: str

    @dataclass(frozen=True, kw_only=True)
    class PreliminaryReviewed(Event):
        reviewed_on: date
        summary: str

    @dataclass(frozen=True, kw_only=True)
    class FinalReviewed(Event):
        reviewed_on: date
        summary: str

    @dataclass(frozen=True, kw_only=True)
    class Closed(Event):
        closed_on: date

    @dataclass(frozen=True, kw_only=True)
    class Amended(Event):
        amendment: Amendment

    @dataclass(frozen=True, kw_only=True)
    class Superseded(Event):
        successor_id: UUID
        successor_number_symbol: str

    @dataclass(frozen=True, kw_only=True)
    class SupersededAnother(Event):
        predecessor_id: UUID
        predecessor_number_symbol: str

    @dataclass(frozen=True, kw_only=True)
    class Revoked(Event):
        revoked_on: date


class AssignmentStatus(enum.StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"open": "Đang thực hiện", "completed": "Hoàn thành", "cancelled": "Đã hủy"}[self]


class ReportKind(enum.StrEnum):
    PERIODIC = "periodic"  # định kỳ
    AD_HOC = "ad_hoc"  # đột xuất
    THEMATIC = "thematic"  # chuyên đề

    @property
    def label(self) -> str:
        return {"periodic": "Định kỳ", "ad_hoc": "Đột xuất", "thematic": "Chuyên đề"}[self]


@dataclass(frozen=True)
class Extension:
    previous_deadline: date
    new_deadline: date
    reason: str


@dataclass(frozen=True, kw_only=True)
class Assignment(Record):
    directive_id: UUID
    directive_number_symbol: str
    task: str
    lead_unit: str
    cooperating_units: tuple[str, ...]
    monitoring_units: tuple[str, ...]
    assigned_on: date
    deadline: date
    original_deadline: date
    status: AssignmentStatus = AssignmentStatus.OPEN
    reports: int = 0
    last_report_on: date | None = None
    urgings: int = 0
    extensions: tuple[Extension, ...] = ()
    completed_on: date | None = None
    result: str | None = None
    cancel_reason: str | None = None

    @dataclass(frozen=True, kw_only=True)
    class Assigned(Event):
        directive_id: UUID
        directive_number_symbol: str
        task: str
        lead_unit: str
        cooperating_units: tuple[str, ...]
        monitoring_units: tuple[str, ...]
        assigned_on: date
        deadline: date

    @dataclass(frozen=True, kw_only=True)
    class Reported(Event):
        kind: ReportKind
        reported_on: date
        period: str | None
        summary: str

    @dataclass(frozen=True, kw_only=True)
    class Urged(Event):
        urged_on: date
        note: str

    @dataclass(frozen=True, kw_only=True)
    class DeadlineExtended(Event):
        previous_deadline: date
        new_deadline: date

    @dataclass(frozen=True, kw_only=True)
    class Completed(Event):
        completed_on: date
        result: str

    @dataclass(frozen=True, kw_only=True)
    class Cancelled(Event):
        pass


# The status machines -----------------------------------------------------------------------------
# One function per record kind gives the status after an event. The folds below and the register
# (``projections/directives/register.py``) both call them: the lifecycle is written once.


def directive_status_after(status: DirectiveStatus | None, event: Event) -> DirectiveStatus:
    """The directive's status once ``event`` has happened to it in ``status`` (``None``: the
    record does not exist yet, so only ``Drafted`` or ``Imported`` can come).

    Draft → (appraisal) appraised or returned → (revision) draft; appraised → issued (an imported
    directive starts issued); issued → disseminated (quán triệt) → implementing (first task);
    the first task also starts implementation of a directive not yet disseminated; reviews
    (sơ kết, tổng kết) and the end (closed, superseded, revoked) set their status. Inspection,
    amendment and superseding another leave the status as it is.
    """
    match event:
        case Directive.Drafted() | Directive.Revised():
            return DirectiveStatus.DRAFT
        case Directive.Imported() | Directive.Issued():
            return DirectiveStatus.ISSUED
        case Directive.Appraised(passed=passed):
            return DirectiveStatus.APPRAISED if passed else DirectiveStatus.RETURNED
        case Directive.Disseminated() if status is DirectiveStatus.ISSUED:
            return DirectiveStatus.DISSEMINATED
        case Directive.TaskAssigned() if status in (DirectiveStatus.ISSUED,
                                                    DirectiveStatus.DISSEMINATED):
            return DirectiveStatus.IMPLEMENTING
        case Directive.PreliminaryReviewed():
            return DirectiveStatus.PRELIMINARY_REVIEWED
        case Directive.FinalReviewed():
            return DirectiveStatus.FINAL_REVIEWED
        case Directive.Closed():
            return DirectiveStatus.CLOSED
        case Directive.Superseded():
            return DirectiveStatus.SUPERSEDED
        case Directive.Revoked():
            return DirectiveStatus.REVOKED
        case (Directive.Disseminated() | Directive.TaskAssigned() | Directive.Inspected()
              | Directive.Amended() | Directive.SupersededAnother()) if status is not None:
            return status
    msg = f"{type(event).__qualname__} cannot happen to a directive in status {status}"
    raise TypeError(msg)


def assignment_status_after(status: AssignmentStatus | None, event: Event) -> AssignmentStatus:
    """The assignment's status once ``event`` has happened to it in ``status`` (``None``: the
    record does not exist yet, so only ``Assigned`` can come).

    Assigned → open; open → completed or cancelled. Reports, urgings and extensions leave the
    status as it is.
    """
    match event:
        case Assignment.Assigned():
            return AssignmentStatus.OPEN
        case Assignment.Completed():
            return AssignmentStatus.COMPLETED
        case Assignment.Cancelled():
            return AssignmentStatus.CANCELLED
        case (Assignment.Reported() | Assignment.Urged()
              | Assignment.DeadlineExtended()) if status is not None:
            return status
    msg = f"{type(event).__qualname__} cannot happen to an assignment in status {status}"
    raise TypeError(msg)


# The folds ---------------------------------------------------------------------------------------

fold_directive: Fold[Directive] = Fold(Directive)
fold_assignment: Fold[Assignment] = Fold(Assignment)


@fold_directive.on(Directive.Drafted)
def _drafted(_: None, e: Directive.Drafted) -> Directive:
    return new_record(
        Directive, e, document_type=e.document_type, title=e.title, summary=e.summary,
        issuer=e.issuer, drafting_unit=e.drafting_unit, secrecy=e.secrecy,
        status=directive_status_after(None, e),
    )


@fold_directive.on(Directive.Imported)
def _imported(_: None, e: Directive.Imported) -> Directive:
    return new_record(
        Directive, e, document_type=e.document_type, title=e.title, summary=e.summary,
        issuer=e.issuer, drafting_unit=e.drafting_unit, secrecy=e.secrecy,
        status=directive_status_after(None, e), system=e.system, number=e.number,
        number_symbol=e.number_symbol, series_id=e.series_id, issued_on=e.issued_on,
        signer=e.signer, signer_title=e.signer_title, imported=True,
    )


@fold_directive.on(Directive.Revised)
def _revised(d: Directive, e: Directive.Revised) -> Directive:
    return replace(d, title=e.title, summary=e.summary, secrecy=e.secrecy,
                   status=directive_status_after(d.status, e))


@fold_directive.on(Directive.Appraised)
def _appraised(d: Directive, e: Directive.Appraised) -> Directive:
    return replace(d, status=directive_status_after(d.status, e), appraisals=d.appraisals + 1,
                   last_appraisal_comments=e.comments)


@fold_directive.on(Directive.Issued)
def _issued(d: Directive, e: Directive.Issued) -> Directive:
    return replace(
        d, status=directive_status_after(d.status, e), system=e.system, number=e.number,
        number_symbol=e.number_symbol, series_id=e.series_id, issued_on=e.issued_on,
        signer=e.signer, signer_title=e.signer_title,
    )


@fold_directive.on(Directive.Disseminated)
def _disseminated(d: Directive, e: Directive.Disseminated) -> Directive:
    return replace(d, status=directive_status_after(d.status, e),
                   disseminations=d.disseminations + 1)


@fold_directive.on(Directive.TaskAssigned)
def _task(d: Directive, e: Directive.TaskAssigned) -> Directive:
    return replace(d, status=directive_status_after(d.status, e),
                   assignments=(*d.assignments, e.assignment_id))


@fold_directive.on(Directive.Inspected)
def _inspected(d: Directive, e: Directive.Inspected) -> Directive:
    return replace(d, status=directive_status_after(d.status, e), inspections=d.inspections + 1)


@fold_directive.on(Directive.PreliminaryReviewed)
def _prelim(d: Directive, e: Directive.PreliminaryReviewed) -> Directive:
    return replace(d, status=directive_status_after(d.status, e),
                   preliminary_reviewed_on=e.reviewed_on)


@fold_directive.on(Directive.FinalReviewed)
def _final(d: Directive, e: Directive.FinalReviewed) -> Directive:
    return replace(d, status=directive_status_after(d.status, e),
                   final_reviewed_on=e.reviewed_on)


@fold_directive.on(Directive.Closed)
def _closed(d: Directive, e: Directive.Closed) -> Directive:
    return replace(d, status=directive_status_after(d.status, e), closed_on=e.closed_on)


@fold_directive.on(Directive.Amended)
def _amended(d: Directive, e: Directive.Amended) -> Directive:
    return replace(d, status=directive_status_after(d.status, e),
                   amendments=(*d.amendments, e.amendment))


@fold_directive.on(Directive.Superseded)
def _superseded(d: Directive, e: Directive.Superseded) -> Directive:
    return replace(d, status=directive_status_after(d.status, e), superseded_by=e.successor_id)


@fold_directive.on(Directive.SupersededAnother)
def _supersedes(d: Directive, e: Directive.SupersededAnother) -> Directive:
    return replace(d, status=directive_status_after(d.status, e),
                   supersedes=(*d.supersedes, e.predecessor_id))


@fold_directive.on(Directive.Revoked)
def _revoked(d: Directive, e: Directive.Revoked) -> Directive:
    return replace(d, status=directive_status_after(d.status, e), revoked_reason=e.reason)


@fold_assignment.on(Assignment.Assigned)
def _assigned(_: None, e: Assignment.Assigned) -> Assignment:
    return new_record(
        Assignment, e, directive_id=e.directive_id,
        directive_number_symbol=e.directive_number_symbol, task=e.task, lead_unit=e.lead_unit,
        cooperating_units=e.cooperating_units, monitoring_units=e.monitoring_units,
        assigned_on=e.assigned_on, deadline=e.deadline, original_deadline=e.deadline,
        status=assignment_status_after(None, e),
    )


@fold_assignment.on(Assignment.Reported)
def _reported(a: Assignment, e: Assignment.Reported) -> Assignment:
    return replace(a, status=assignment_status_after(a.status, e), reports=a.reports + 1,
                   last_report_on=e.reported_on)


@fold_assignment.on(Assignment.Urged)
def _urged(a: Assignment, e: Assignment.Urged) -> Assignment:
    return replace(a, status=assignment_status_after(a.status, e), urgings=a.urgings + 1)


@fold_assignment.on(Assignment.DeadlineExtended)
def _extended(a: Assignment, e: Assignment.DeadlineExtended) -> Assignment:
    extension = Extension(e.previous_deadline, e.new_deadline, e.reason or "")
    return replace(a, status=assignment_status_after(a.status, e), deadline=e.new_deadline,
                   extensions=(*a.extensions, extension))


@fold_assignment.on(Assignment.Completed)
def _completed(a: Assignment, e: Assignment.Completed) -> Assignment:
    return replace(a, status=assignment_status_after(a.status, e), completed_on=e.completed_on,
                   result=e.result)


@fold_assignment.on(Assignment.Cancelled)
def _cancelled(a: Assignment, e: Assignment.Cancelled) -> Assignment:
    return replace(a, status=assignment_status_after(a.status, e), cancel_reason=e.reason)
