"""The directive lifecycle: every transition, and every refusal with the error named for its rule.

Each test runs on SQLite and on PostgreSQL (the ``office`` fixture).
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from api.bootstrap import Office
from domain.actors import Role
from domain.directives.errors import (
    AssignmentNotOpen,
    DateBeforeIssue,
    DeadlineBeforeAssignment,
    DeadlineNotLater,
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
from domain.directives.model import AssignmentStatus, DirectiveStatus, ReportKind
from domain.errors import ReasonRequired, RecordNotFound, VersionMismatch
from domain.reference.service import UnknownReference
from tests.support.office import actor, ctx_for, event_count, issued_directive

LEADER = actor(Role.LEADER)
ISSUED_ON = date(2026, 3, 2)


def draft(office: Office, **kw: object) -> UUID:
    fields: dict[str, object] = {"document_type": "CT", "title": "Về tăng cường kỷ luật",
                                 "issuer": "TU", "drafting_unit": "VP"}
    fields.update(kw)
    receipt = office.directives.draft(ctx_for(office, LEADER), **fields)  # type: ignore[arg-type]
    assert receipt.record_id is not None
    return receipt.record_id


def v(office: Office, record_id: UUID) -> int:
    return office.directives.get(record_id).version


def disseminated(office: Office) -> UUID:
    did = issued_directive(office, LEADER, issued_on=ISSUED_ON)
    office.directives.disseminate(ctx_for(office, LEADER), did, v(office, did),
                                  disseminated_on=date(2026, 3, 9), form="Hội nghị")
    return did


def assign(office: Office, did: UUID, deadline: date = date(2026, 6, 30)) -> UUID:
    receipt = office.directives.assign(
        ctx_for(office, LEADER), did, v(office, did), task="Xây dựng kế hoạch",
        lead_unit="BTC", cooperating_units=["BNC"], monitoring_units=["VP"],
        assigned_on=date(2026, 3, 10), deadline=deadline,
    )
    assert receipt.record_id is not None
    return receipt.record_id


class TestDraftingAndAppraisal:
    def test_a_draft_passes_appraisal(self, office: Office) -> None:
        """Draft → appraise (pass) leaves the directive appraised, version 2."""
        did = draft(office)
        office.directives.appraise(ctx_for(office, LEADER), did, 1, passed=True)
        d = office.directives.get(did)
        assert (d.status, d.version, d.appraisals) == (DirectiveStatus.APPRAISED, 2, 1)

    def test_a_returned_draft_is_revised_and_appraised_again(self, office: Office) -> None:
        """Return with comments → revise → draft again → pass."""
        did = draft(office)
        office.directives.appraise(ctx_for(office, LEADER), did, 1, passed=False,
                                   comments="Bổ sung chỉ tiêu")
        assert office.directives.get(did).status is DirectiveStatus.RETURNED
        office.directives.revise(ctx_for(office, LEADER), did, 2, title="Về tăng cường kỷ luật, kỷ cương")
        assert office.directives.get(did).status is DirectiveStatus.DRAFT
        office.directives.appraise(ctx_for(office, LEADER), did, 3, passed=True)
        assert office.directives.get(did).status is DirectiveStatus.APPRAISED

    def test_a_return_needs_comments(self, office: Office) -> None:
        """Returning a draft without the appraiser's comments is refused."""
        did = draft(office)
        with pytest.raises(ReturnNeedsComments):
            office.directives.appraise(ctx_for(office, LEADER), did, 1, passed=False)

    def test_only_a_draft_is_appraised(self, office: Office) -> None:
        """An appraised directive cannot be appraised again."""
        did = draft(office)
        office.directives.appraise(ctx_for(office, LEADER), did, 1, passed=True)
        with pytest.raises(DirectiveNotDraft):
            office.directives.appraise(ctx_for(office, LEADER), did, 2, passed=True)

    def test_an_issued_directive_is_not_revised(self, office: Office) -> None:
        """Revision is for drafts only."""
        did = issued_directive(office, LEADER)
        with pytest.raises(DirectiveNotDraft):
            office.directives.revise(ctx_for(office, LEADER), did, v(office, did), title="Khác")

    def test_only_directive_types_are_drafted_here(self, office: Office) -> None:
        """An official letter (CV) is an outgoing document, not a directive."""
        with pytest.raises(NotADirectiveType):
            draft(office, document_type="CV")

    def test_unknown_references_are_refused(self, office: Office) -> None:
        """An unknown issuer, type or unit is refused and nothing is written."""
        before = event_count(office)
        for bad in ({"issuer": "XX"}, {"document_type": "ZZ"}, {"drafting_unit": "NOPE"}):
            with pytest.raises(UnknownReference):
                draft(office, **bad)
        assert event_count(office) == before


class TestIssue:
    def test_issue_needs_a_passed_appraisal(self, office: Office) -> None:
        """A draft is not issued before appraisal."""
        did = draft(office)
        with pytest.raises(DirectiveNotAppraised):
            office.directives.issue(ctx_for(office, LEADER), did, 1, issued_on=ISSUED_ON,
                                    signer="A", signer_title="B")

    def test_issue_allocates_the_next_party_number(self, office: Office) -> None:
        """Party numbers run per symbol in the committee term: 01-CT/TU, 02-CT/TU."""
        first = issued_directive(office, LEADER, document_type="CT")
        second = issued_directive(office, LEADER, document_type="CT")
        assert office.directives.get(first).number_symbol == "01-CT/TU"
        assert office.directives.get(second).number_symbol == "02-CT/TU"

    def test_a_stale_version_is_refused(self, office: Office) -> None:
        """If-Match names version 1 but the record is at 2: VersionMismatch, nothing written."""
        did = draft(office)
        office.directives.appraise(ctx_for(office, LEADER), did, 1, passed=True)
        before = event_count(office)
        with pytest.raises(VersionMismatch):
            office.directives.issue(ctx_for(office, LEADER), did, 1, issued_on=ISSUED_ON,
                                    signer="A", signer_title="B")
        assert event_count(office) == before

    def test_an_unknown_directive_is_not_found(self, office: Office) -> None:
        """Commands on a record that does not exist raise RecordNotFound."""
        with pytest.raises(RecordNotFound):
            office.directives.issue(ctx_for(office, LEADER), uuid4(), 1, issued_on=ISSUED_ON,
                                    signer="A", signer_title="B")


class TestAfterIssue:
    def test_dissemination_needs_an_issued_directive(self, office: Office) -> None:
        """A draft cannot be disseminated."""
        did = draft(office)
        with pytest.raises(DirectiveNotIssued):
            office.directives.disseminate(ctx_for(office, LEADER), did, 1,
                                          disseminated_on=ISSUED_ON, form="Hội nghị")

    def test_follow_up_is_dated_on_or_after_issue(self, office: Office) -> None:
        """Disseminating before the issue date is refused."""
        did = issued_directive(office, LEADER, issued_on=ISSUED_ON)
        with pytest.raises(DateBeforeIssue):
            office.directives.disseminate(ctx_for(office, LEADER), did, v(office, did),
                                          disseminated_on=date(2026, 3, 1), form="Hội nghị")

    def test_assignment_links_both_ways_and_starts_implementation(self, office: Office) -> None:
        """Assigning creates an assignment record and the directive lists it."""
        did = disseminated(office)
        aid = assign(office, did)
        d = office.directives.get(did)
        a = office.directives.get_assignment(aid)
        assert (d.status, d.assignments) == (DirectiveStatus.IMPLEMENTING, (aid,))
        assert (a.directive_id, a.directive_number_symbol) == (did, d.number_symbol)

    def test_a_unit_holds_one_role_per_assignment(self, office: Office) -> None:
        """The lead unit cannot also co-operate."""
        did = disseminated(office)
        with pytest.raises(UnitRolesOverlap):
            office.directives.assign(ctx_for(office, LEADER), did, v(office, did), task="X",
                                     lead_unit="BTC", cooperating_units=["BTC"],
                                     assigned_on=date(2026, 3, 10), deadline=date(2026, 4, 1))

    def test_deadline_is_not_before_assignment(self, office: Office) -> None:
        """A deadline before the assignment date is refused."""
        did = disseminated(office)
        with pytest.raises(DeadlineBeforeAssignment):
            office.directives.assign(ctx_for(office, LEADER), did, v(office, did), task="X",
                                     lead_unit="BTC", assigned_on=date(2026, 3, 10),
                                     deadline=date(2026, 3, 9))

    def test_reviews_come_after_dissemination(self, office: Office) -> None:
        """A preliminary review of an issued but undisseminated directive is refused."""
        did = issued_directive(office, LEADER)
        with pytest.raises(DirectiveNotDisseminated):
            office.directives.review_preliminary(ctx_for(office, LEADER), did, v(office, did),
                                                 reviewed_on=date(2026, 5, 1), summary="Sơ kết")

    def test_inspection_is_recorded(self, office: Office) -> None:
        """Inspection of implementation counts on the directive."""
        did = disseminated(office)
        office.directives.inspect(ctx_for(office, LEADER), did, v(office, did),
                                  inspected_on=date(2026, 4, 1), inspecting_unit="UBKT",
                                  findings="Đúng tiến độ")
        assert office.directives.get(did).inspections == 1


class TestClosing:
    def test_close_needs_the_final_review(self, office: Office) -> None:
        """Closing an implementing directive is refused."""
        did = disseminated(office)
        with pytest.raises(FinalReviewMissing):
            office.directives.close_directive(ctx_for(office, LEADER), did, v(office, did),
                                              closed_on=date(2026, 9, 1))

    def test_close_needs_every_assignment_closed(self, office: Office) -> None:
        """Final review done but an assignment still open: refused."""
        did = disseminated(office)
        assign(office, did)
        office.directives.review_final(ctx_for(office, LEADER), did, v(office, did),
                                       reviewed_on=date(2026, 9, 1), summary="Tổng kết")
        with pytest.raises(OpenAssignmentsRemain):
            office.directives.close_directive(ctx_for(office, LEADER), did, v(office, did),
                                              closed_on=date(2026, 9, 2))

    def test_the_whole_life_ends_closed(self, office: Office) -> None:
        """Assign, report, urge, extend, complete, prelim and final review, close."""
        d = office.directives
        did = disseminated(office)
        aid = assign(office, did, deadline=date(2026, 4, 30))

        def av() -> int:
            return d.get_assignment(aid).version

        d.report(ctx_for(office, LEADER), aid, av(), kind=ReportKind.PERIODIC,
                 reported_on=date(2026, 4, 1), summary="Đang triển khai", period="Quý I/2026")
        d.urge(ctx_for(office, LEADER), aid, av(), urged_on=date(2026, 4, 25), note="Khẩn trương")
        d.extend(ctx_for(office, LEADER, reason="Chờ hướng dẫn của Trung ương"), aid, av(),
                 new_deadline=date(2026, 5, 31))
        d.complete(ctx_for(office, LEADER), aid, av(), completed_on=date(2026, 5, 20),
                   result="Hoàn thành")
        d.review_preliminary(ctx_for(office, LEADER), did, v(office, did),
                             reviewed_on=date(2026, 6, 1), summary="Sơ kết")
        d.review_final(ctx_for(office, LEADER), did, v(office, did),
                       reviewed_on=date(2026, 9, 1), summary="Tổng kết")
        d.close_directive(ctx_for(office, LEADER), did, v(office, did), closed_on=date(2026, 9, 2))
        a = d.get_assignment(aid)
        assert d.get(did).status is DirectiveStatus.CLOSED
        assert (a.status, a.reports, a.urgings, a.deadline) == (
            AssignmentStatus.COMPLETED, 1, 1, date(2026, 5, 31))

    def test_nothing_happens_to_a_closed_directive(self, office: Office) -> None:
        """After close: amend, assign, revoke are refused as not in force."""
        d = office.directives
        did = disseminated(office)
        d.review_final(ctx_for(office, LEADER), did, v(office, did), reviewed_on=date(2026, 9, 1),
                       summary="Tổng kết")
        d.close_directive(ctx_for(office, LEADER), did, v(office, did), closed_on=date(2026, 9, 2))
        with pytest.raises(DirectiveNotInForce):
            d.amend(ctx_for(office, LEADER), did, v(office, did), reference="X", summary="Y",
                    amended_on=date(2026, 9, 3))
        with pytest.raises(DirectiveNotInForce):
            d.revoke(ctx_for(office, LEADER, reason="Lý do"), did, v(office, did),
                     revoked_on=date(2026, 9, 3))

    def test_no_new_tasks_after_the_final_review(self, office: Office) -> None:
        """The final review closes the door on new assignments and reviews."""
        did = disseminated(office)
        office.directives.review_final(ctx_for(office, LEADER), did, v(office, did),
                                       reviewed_on=date(2026, 9, 1), summary="Tổng kết")
        with pytest.raises(FinalReviewDone):
            assign(office, did)
        with pytest.raises(FinalReviewDone):
            office.directives.review_final(ctx_for(office, LEADER), did, v(office, did),
                                           reviewed_on=date(2026, 9, 2), summary="Lần hai")


class TestAssignments:
    def test_extension_needs_a_reason(self, office: Office) -> None:
        """Extending a deadline without a reason is refused."""
        aid = assign(office, disseminated(office))
        with pytest.raises(ReasonRequired):
            office.directives.extend(ctx_for(office, LEADER), aid, 1,
                                     new_deadline=date(2026, 8, 1))

    def test_extension_moves_the_deadline_later(self, office: Office) -> None:
        """An 'extension' to an earlier date is refused."""
        aid = assign(office, disseminated(office), deadline=date(2026, 6, 30))
        with pytest.raises(DeadlineNotLater):
            office.directives.extend(ctx_for(office, LEADER, reason="Lý do"), aid, 1,
                                     new_deadline=date(2026, 6, 1))

    def test_a_completed_assignment_takes_no_report(self, office: Office) -> None:
        """Reports, urgings and extensions apply to open assignments only."""
        d = office.directives
        aid = assign(office, disseminated(office))
        d.complete(ctx_for(office, LEADER), aid, 1, completed_on=date(2026, 4, 1), result="Xong")
        with pytest.raises(AssignmentNotOpen):
            d.report(ctx_for(office, LEADER), aid, 2, kind=ReportKind.AD_HOC,
                     reported_on=date(2026, 4, 2), summary="Thêm")
        with pytest.raises(AssignmentNotOpen):
            d.urge(ctx_for(office, LEADER), aid, 2, urged_on=date(2026, 4, 2), note="Nhắc")

    def test_cancelling_needs_a_reason(self, office: Office) -> None:
        """Cancellation records why."""
        aid = assign(office, disseminated(office))
        with pytest.raises(ReasonRequired):
            office.directives.cancel(ctx_for(office, LEADER), aid, 1)
        office.directives.cancel(ctx_for(office, LEADER, reason="Lồng ghép"), aid, 1)
        assert office.directives.get_assignment(aid).status is AssignmentStatus.CANCELLED


class TestSupersessionAndRevocation:
    def test_supersession_links_both_ways(self, office: Office) -> None:
        """The old directive points to its successor and the successor back to it."""
        old = disseminated(office)
        new = issued_directive(office, LEADER, document_type="CT")
        office.directives.supersede(ctx_for(office, LEADER, reason="Thay thế"), old,
                                    v(office, old), successor_id=new)
        assert office.directives.get(old).superseded_by == new
        assert office.directives.get(old).status is DirectiveStatus.SUPERSEDED
        assert office.directives.get(new).supersedes == (old,)

    def test_supersession_cancels_open_assignments(self, office: Office) -> None:
        """Open tasks of a superseded directive are cancelled in the same transaction."""
        old = disseminated(office)
        aid = assign(office, old)
        new = issued_directive(office, LEADER, document_type="CT")
        office.directives.supersede(ctx_for(office, LEADER, reason="Thay thế"), old,
                                    v(office, old), successor_id=new)
        assert office.directives.get_assignment(aid).status is AssignmentStatus.CANCELLED

    def test_a_directive_does_not_supersede_itself(self, office: Office) -> None:
        """Self-supersession is refused."""
        did = disseminated(office)
        with pytest.raises(SupersessionInvalid):
            office.directives.supersede(ctx_for(office, LEADER, reason="X"), did, v(office, did),
                                        successor_id=did)

    def test_the_successor_must_be_in_force(self, office: Office) -> None:
        """A draft cannot supersede an issued directive."""
        did = disseminated(office)
        successor = draft(office)
        with pytest.raises(SupersessionInvalid):
            office.directives.supersede(ctx_for(office, LEADER, reason="X"), did, v(office, did),
                                        successor_id=successor)

    def test_supersession_and_revocation_need_a_reason(self, office: Office) -> None:
        """Both are refused without a reason, and nothing is written."""
        did = disseminated(office)
        new = issued_directive(office, LEADER, document_type="CT")
        before = event_count(office)
        with pytest.raises(ReasonRequired):
            office.directives.supersede(ctx_for(office, LEADER), did, v(office, did),
                                        successor_id=new)
        with pytest.raises(ReasonRequired):
            office.directives.revoke(ctx_for(office, LEADER), did, v(office, did),
                                     revoked_on=date(2026, 4, 1))
        assert event_count(office) == before

    def test_revocation_keeps_its_reason(self, office: Office) -> None:
        """A revoked directive carries the reason given."""
        did = disseminated(office)
        office.directives.revoke(ctx_for(office, LEADER, reason="Không còn phù hợp"), did,
                                 v(office, did), revoked_on=date(2026, 4, 1))
        d = office.directives.get(did)
        assert (d.status, d.revoked_reason) == (DirectiveStatus.REVOKED, "Không còn phù hợp")

    def test_a_draft_cannot_be_revoked(self, office: Office) -> None:
        """Revocation applies after issue."""
        did = draft(office)
        with pytest.raises(DirectiveNotIssued):
            office.directives.revoke(ctx_for(office, LEADER, reason="X"), did, 1,
                                     revoked_on=date(2026, 4, 1))


class TestAuditMetadata:
    def test_every_event_says_who_when_and_why(self, office: Office) -> None:
        """Actor (user id, role, unit), timestamp, business time and reason are on the event."""
        from datetime import UTC, datetime

        from domain.records import Context

        did = disseminated(office)
        business = datetime(2026, 3, 30, 2, 0, tzinfo=UTC)
        ctx = Context(LEADER, office.clock(), business_time=business, reason="Không còn phù hợp")
        office.directives.revoke(ctx, did, v(office, did), revoked_on=date(2026, 3, 30))
        last = list(office.directives.events.get(did))[-1]
        assert last.actor == LEADER
        assert last.timestamp == office.clock()
        assert last.business_time == business
        assert last.reason == "Không còn phù hợp"
