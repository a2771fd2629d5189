"""The petition lifecycle: every rule and refusal, with the error named for its rule.

Each test runs on SQLite and on PostgreSQL (the ``office`` fixture). Dates are checked by hand
against the 2026 calendar in docs/calendar.md.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest

from api.bootstrap import Office
from domain.actors import Secrecy
from domain.errors import ReasonRequired, VersionMismatch
from domain.petitions.errors import (
    AnonymousPetitionNotEligible,
    ChannelDetailsMismatch,
    DenunciationAlreadyReferred,
    ExtensionAfterDeadline,
    ExtensionsExhausted,
    HandlersRequired,
    IneligibilityNeedsReason,
    IneligiblePetitionNotAccepted,
    NoDeadlineToExtend,
    PetitionAlreadyRegistered,
    PetitionNotInState,
    ReceiptDateInFuture,
    ReferralNotMade,
    ReopenOnlyDenunciation,
    RepeatTargetInvalid,
    SeveralContentsNeedContents,
)
from domain.petitions.model import (
    Anonymity,
    Channel,
    Complexity,
    PetitionClass,
    PetitionStatus,
)
from tests.support.office import Clock, ctx_for, event_count
from tests.support.petitions import (
    CLERK,
    LEADER,
    SPECIALIST,
    accepted,
    classified,
    due,
    on_day,
    receive,
    v,
)

DEN = PetitionClass.DENUNCIATION
COMPLAINT = PetitionClass.COMPLAINT


class TestReception:
    def test_a_receipt_before_entry_is_flagged_backdated(self, office: Office, clock: Clock
                                                          ) -> None:
        """Received on paper Fri 27/2, entered Mon 2/3: backdated, business time 27/2."""
        on_day(clock, date(2026, 3, 2))
        pid = receive(office, clock, date(2026, 2, 27))
        p = office.petitions.get(pid)
        assert (p.backdated, p.received_on, p.entered_on) == (True, date(2026, 2, 27),
                                                              date(2026, 3, 2))

    def test_a_receipt_after_entry_is_refused(self, office: Office, clock: Clock) -> None:
        """A receipt dated tomorrow is refused and nothing is written."""
        on_day(clock, date(2026, 3, 2))
        office.legal_calendar.ensure_seeded()
        before = event_count(office)
        with pytest.raises(ReceiptDateInFuture):
            office.petitions.receive(ctx_for(office, CLERK), channel=Channel.POST,
                                     received_on=date(2026, 3, 3), summary="X")
        assert event_count(office) == before

    def test_a_postmark_belongs_to_post(self, office: Office, clock: Clock) -> None:
        """A postmark on an e-mailed petition, or after its receipt, is refused."""
        on_day(clock, date(2026, 3, 2))
        for channel, postmark in ((Channel.EMAIL, date(2026, 2, 27)),
                                  (Channel.POST, date(2026, 3, 2))):
            with pytest.raises(ChannelDetailsMismatch):
                office.petitions.receive(ctx_for(office, CLERK), channel=channel,
                                         received_on=date(2026, 3, 1), summary="X",
                                         postmark_on=postmark)

    def test_a_forwarded_petition_names_its_sender(self, office: Office, clock: Clock) -> None:
        """Forwarded without the forwarding body is refused."""
        on_day(clock, date(2026, 3, 2))
        with pytest.raises(ChannelDetailsMismatch):
            office.petitions.receive(ctx_for(office, CLERK), channel=Channel.FORWARDED,
                                     received_on=date(2026, 3, 2), summary="X")

    def test_notify_deadline_is_ten_working_days_from_receipt(self, office: Office,
                                                              clock: Clock) -> None:
        """Received Tue 10/2/2026: Tết 14–22/2 skipped, due Tue 3/3 (docs/calendar.md)."""
        pid = receive(office, clock, date(2026, 2, 10))
        assert due(office, pid, "notify") == date(2026, 3, 3)

    def test_an_anonymous_writer_has_no_notify_deadline(self, office: Office, clock: Clock
                                                        ) -> None:
        """Nobody can be told: no deadline to notify."""
        pid = receive(office, clock, date(2026, 3, 2), identity=None)
        assert office.petitions.get(pid).dues == ()


class TestPetitionBook:
    def test_numbers_run_from_one_per_year(self, office: Office, clock: Clock) -> None:
        """01/2026, 02/2026; the first registration in 2027 (office time) is 01/2027."""
        first, second = (receive(office, clock, date(2026, 12, 30)) for _ in range(2))
        for pid in (first, second):
            office.petitions.register(ctx_for(office, CLERK), pid, v(office, pid))
        third = receive(office, clock, date(2026, 12, 31))
        clock.now = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)  # 00:30 on 1/1/2027 in Hà Nội
        office.petitions.register(ctx_for(office, CLERK), third, v(office, third))
        got = [office.petitions.get(p).book_no for p in (first, second, third)]
        assert got == ["01/2026", "02/2026", "01/2027"]

    def test_a_petition_takes_one_number(self, office: Office, clock: Clock) -> None:
        """Registering twice is refused."""
        pid = receive(office, clock, date(2026, 3, 2))
        office.petitions.register(ctx_for(office, CLERK), pid, v(office, pid))
        with pytest.raises(PetitionAlreadyRegistered):
            office.petitions.register(ctx_for(office, CLERK), pid, None)

    def test_concurrent_registrations_have_no_gap_and_no_duplicate(self, office: Office,
                                                                    clock: Clock) -> None:
        """Eight clerks registering at once get 1..8."""
        ids = [receive(office, clock, date(2026, 3, 2)) for _ in range(8)]
        errors: list[BaseException] = []

        def go(pid: object) -> None:
            try:
                office.petitions.register(ctx_for(office, CLERK), pid, None)  # type: ignore[arg-type]
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)

        threads = [threading.Thread(target=go, args=(pid,)) for pid in ids]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert sorted(office.petitions.get(p).book_number or 0 for p in ids) == list(range(1, 9))

    def test_a_stale_version_is_refused(self, office: Office, clock: Clock) -> None:
        """If-Match names version 1 of a petition at version 2."""
        pid = receive(office, clock, date(2026, 3, 2))
        with pytest.raises(VersionMismatch):
            office.petitions.register(ctx_for(office, CLERK), pid, 1)


class TestClassification:
    def test_classification_needs_registration(self, office: Office, clock: Clock) -> None:
        """A petition not yet in the book is not classified."""
        pid = receive(office, clock, date(2026, 3, 2))
        with pytest.raises(PetitionNotInState):
            office.petitions.classify(ctx_for(office, LEADER), pid, v(office, pid),
                                      petition_class=COMPLAINT, eligible=True,
                                      anonymity=Anonymity.NAMED)

    def _registered(self, office: Office, clock: Clock, **kw: object) -> object:
        pid = receive(office, clock, date(2026, 3, 2), **kw)  # type: ignore[arg-type]
        office.petitions.register(ctx_for(office, CLERK), pid, v(office, pid))
        return pid

    def test_several_contents_list_two(self, office: Office, clock: Clock) -> None:
        """"Several contents" with one content is refused."""
        pid = self._registered(office, clock)
        with pytest.raises(SeveralContentsNeedContents):
            office.petitions.classify(ctx_for(office, LEADER), pid, None,  # type: ignore[arg-type]
                                      petition_class=PetitionClass.SEVERAL, eligible=True,
                                      anonymity=Anonymity.NAMED, contents=[COMPLAINT])

    def test_ineligibility_needs_a_reason(self, office: Office, clock: Clock) -> None:
        """Not eligible without saying why is refused."""
        pid = self._registered(office, clock)
        with pytest.raises(IneligibilityNeedsReason):
            office.petitions.classify(ctx_for(office, LEADER), pid, None,  # type: ignore[arg-type]
                                      petition_class=COMPLAINT, eligible=False,
                                      anonymity=Anonymity.NAMED)

    def test_an_anonymous_complaint_is_not_eligible(self, office: Office, clock: Clock) -> None:
        """Anonymous and eligible is refused for a complaint."""
        pid = self._registered(office, clock, identity=None)
        with pytest.raises(AnonymousPetitionNotEligible):
            office.petitions.classify(ctx_for(office, LEADER), pid, None,  # type: ignore[arg-type]
                                      petition_class=COMPLAINT, eligible=True,
                                      anonymity=Anonymity.ANONYMOUS)

    def test_a_verifiable_anonymous_denunciation_is_eligible(self, office: Office,
                                                             clock: Clock) -> None:
        """Luật Tố cáo 2018, Art 25: named violator, concrete, verifiable evidence."""
        pid = classified(office, clock, date(2026, 3, 2), DEN, identity=None, verifiable=True)
        p = office.petitions.get(pid)
        assert (p.eligible, p.anonymity) == (True, Anonymity.ANONYMOUS)

    def test_a_denunciation_is_at_least_secret(self, office: Office, clock: Clock) -> None:
        """Classified as a denunciation, the case becomes Mật (the identity is a state secret)."""
        pid = classified(office, clock, date(2026, 3, 2), DEN)
        assert office.petitions.get(pid).secrecy is Secrecy.MAT

    def test_party_member_cases_go_to_the_inspection_queue(self, office: Office,
                                                           clock: Clock) -> None:
        """About a Party member: the inspection commission's queue and the 90-working-day rule."""
        pid = accepted(office, clock, date(2026, 3, 2), DEN, about_party_member=True)
        p = office.petitions.get(pid)
        resolve = next(d for d in p.dues if d.key == "resolve")
        assert (p.queue, resolve.rule_code) == (
            "inspection", "party.grassroots.resolve_denunciation_about_member")


class TestRepeats:
    def test_a_repeat_joins_the_earlier_case(self, office: Office, clock: Clock) -> None:
        """Linked to a petition that is itself a repeat: joins the first one."""
        first = classified(office, clock, date(2026, 3, 2), COMPLAINT)
        second = classified(office, clock, date(2026, 3, 3), COMPLAINT)
        office.petitions.link_repeat(ctx_for(office, LEADER), second, v(office, second),
                                     earlier_id=first, linked_on=date(2026, 3, 3))
        third = classified(office, clock, date(2026, 3, 4), COMPLAINT)
        office.petitions.link_repeat(ctx_for(office, LEADER), third, v(office, third),
                                     earlier_id=second, linked_on=date(2026, 3, 4))
        p = office.petitions.get(third)
        assert (p.status, p.repeat_of) == (PetitionStatus.LINKED, first)

    def test_a_petition_does_not_repeat_itself_or_a_later_one(self, office: Office,
                                                              clock: Clock) -> None:
        """Self-links and links to a later petition are refused."""
        first = classified(office, clock, date(2026, 3, 2), COMPLAINT)
        later = classified(office, clock, date(2026, 3, 5), COMPLAINT)
        with pytest.raises(RepeatTargetInvalid):
            office.petitions.link_repeat(ctx_for(office, LEADER), first, None, earlier_id=first,
                                         linked_on=date(2026, 3, 5))
        with pytest.raises(RepeatTargetInvalid):
            office.petitions.link_repeat(ctx_for(office, LEADER), first, None, earlier_id=later,
                                         linked_on=date(2026, 3, 5))


class TestHandlingDecisions:
    def test_an_ineligible_petition_is_not_accepted(self, office: Office, clock: Clock) -> None:
        """Acceptance of an ineligible petition is refused; it may be kept on file."""
        pid = classified(office, clock, date(2026, 3, 2), COMPLAINT, eligible=False)
        with pytest.raises(IneligiblePetitionNotAccepted):
            office.petitions.accept(ctx_for(office, LEADER), pid, v(office, pid),
                                    accepted_on=date(2026, 3, 2), handling_unit="VP")
        office.petitions.keep_on_file(ctx_for(office, LEADER), pid, v(office, pid),
                                      filed_on=date(2026, 3, 2))
        assert office.petitions.get(pid).status is PetitionStatus.FILED

    def test_a_denunciation_is_referred_once(self, office: Office, clock: Clock) -> None:
        """A second referral of the same denunciation is refused."""
        pid = classified(office, clock, date(2026, 3, 2), DEN)
        office.petitions.refer(ctx_for(office, LEADER), pid, v(office, pid),
                               to_body="Thanh tra tỉnh", referred_on=date(2026, 3, 2))
        with pytest.raises(DenunciationAlreadyReferred):
            office.petitions.refer(ctx_for(office, LEADER), pid, v(office, pid),
                                   to_body="Công an tỉnh", referred_on=date(2026, 3, 2))

    def test_the_same_content_in_a_new_petition_is_not_referred_again(
            self, office: Office, clock: Clock) -> None:
        """A new denunciation with the same content as a referred one is not referred."""
        first = classified(office, clock, date(2026, 3, 2), DEN)
        office.petitions.refer(ctx_for(office, LEADER), first, v(office, first),
                               to_body="Thanh tra tỉnh", referred_on=date(2026, 3, 2))
        again = classified(office, clock, date(2026, 3, 9), DEN, same_content_as=first)
        with pytest.raises(DenunciationAlreadyReferred):
            office.petitions.refer(ctx_for(office, LEADER), again, v(office, again),
                                   to_body="Thanh tra tỉnh", referred_on=date(2026, 3, 9))

    def test_a_complaint_may_be_referred_again(self, office: Office, clock: Clock) -> None:
        """The first body was not competent: a complaint goes on to the right one."""
        pid = classified(office, clock, date(2026, 3, 2), COMPLAINT)
        for body in ("UBND xã Hòa Phú", "Sở Tài nguyên và Môi trường"):
            office.petitions.refer(ctx_for(office, LEADER), pid, v(office, pid), to_body=body,
                                   referred_on=date(2026, 3, 2))
        assert len(office.petitions.get(pid).referrals) == 2

    def test_notification_needs_a_decision(self, office: Office, clock: Clock) -> None:
        """Nothing to tell before a handling decision."""
        pid = classified(office, clock, date(2026, 3, 2), COMPLAINT)
        with pytest.raises(PetitionNotInState):
            office.petitions.notify_petitioner(ctx_for(office, CLERK), pid, v(office, pid),
                                               notified_on=date(2026, 3, 2), means="Bưu điện")

    def test_notification_meets_the_notify_deadline(self, office: Office, clock: Clock) -> None:
        """Notified on day 3: the notify deadline is done on that day."""
        pid = classified(office, clock, date(2026, 3, 2), COMPLAINT)
        office.petitions.guide(ctx_for(office, LEADER), pid, v(office, pid),
                               guided_to="Tòa án nhân dân khu vực 1", guided_on=date(2026, 3, 2))
        on_day(clock, date(2026, 3, 4))
        office.petitions.notify_petitioner(ctx_for(office, CLERK), pid, v(office, pid),
                                           notified_on=date(2026, 3, 4), means="Bưu điện")
        notify = next(d for d in office.petitions.get(pid).dues if d.key == "notify")
        assert notify.done_on == date(2026, 3, 4)

    def test_a_future_date_is_refused(self, office: Office, clock: Clock) -> None:
        """An acceptance dated after today is refused."""
        pid = classified(office, clock, date(2026, 3, 2), COMPLAINT)
        with pytest.raises(Exception, match="future"):
            office.petitions.accept(ctx_for(office, LEADER), pid, v(office, pid),
                                    accepted_on=date(2026, 3, 20), handling_unit="VP")


class TestClock:
    def test_a_plain_denunciation_is_not_extended(self, office: Office, clock: Clock) -> None:
        """Rule denunciation.resolve allows no extension."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN)
        with pytest.raises(ExtensionsExhausted):
            office.petitions.extend(ctx_for(office, LEADER, reason="Phức tạp"), pid,
                                    v(office, pid), granted_on=date(2026, 6, 1))

    def test_a_complex_case_is_extended_once(self, office: Office, clock: Clock) -> None:
        """Complex: 1/7 → 31/7 after one extension; a second is refused."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN, complexity=Complexity.COMPLEX)
        on_day(clock, date(2026, 6, 25))
        office.petitions.extend(ctx_for(office, LEADER, reason="Cần xác minh thêm"), pid,
                                v(office, pid), granted_on=date(2026, 6, 25))
        assert due(office, pid) == date(2026, 7, 31)
        with pytest.raises(ExtensionsExhausted):
            office.petitions.extend(ctx_for(office, LEADER, reason="Lần hai"), pid,
                                    v(office, pid), granted_on=date(2026, 6, 25))

    def test_a_very_complex_case_is_extended_twice(self, office: Office, clock: Clock) -> None:
        """Very complex: 1/7 → 31/7 → Thu 3/9 (29/8–2/9 off); a third is refused."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN, complexity=Complexity.VERY_COMPLEX)
        on_day(clock, date(2026, 7, 20))
        for granted in (date(2026, 6, 25), date(2026, 7, 20)):
            office.petitions.extend(ctx_for(office, LEADER, reason="Đặc biệt phức tạp"), pid,
                                    v(office, pid), granted_on=granted)
        assert due(office, pid) == date(2026, 9, 3)
        with pytest.raises(ExtensionsExhausted):
            office.petitions.extend(ctx_for(office, LEADER, reason="Lần ba"), pid,
                                    v(office, pid), granted_on=date(2026, 7, 20))

    def test_an_extension_needs_a_reason(self, office: Office, clock: Clock) -> None:
        """No reason: refused, nothing written."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN, complexity=Complexity.COMPLEX)
        before = event_count(office)
        with pytest.raises(ReasonRequired):
            office.petitions.extend(ctx_for(office, LEADER), pid, v(office, pid),
                                    granted_on=date(2026, 6, 1))
        assert event_count(office) == before

    def test_an_expired_period_is_not_extended(self, office: Office, clock: Clock) -> None:
        """Granted Thu 2/7, after the due date Wed 1/7: refused."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN, complexity=Complexity.COMPLEX)
        on_day(clock, date(2026, 7, 2))
        with pytest.raises(ExtensionAfterDeadline):
            office.petitions.extend(ctx_for(office, LEADER, reason="Muộn"), pid, v(office, pid),
                                    granted_on=date(2026, 7, 2))

    def test_a_recommendation_has_no_period_to_extend(self, office: Office, clock: Clock
                                                      ) -> None:
        """Kiến nghị, phản ánh: no statutory resolution period."""
        pid = accepted(office, clock, date(2026, 6, 1), PetitionClass.RECOMMENDATION)
        with pytest.raises(NoDeadlineToExtend):
            office.petitions.suspend(ctx_for(office, LEADER, reason="Chờ"), pid, v(office, pid),
                                     suspended_on=date(2026, 6, 1))

    def test_a_suspension_moves_the_deadline(self, office: Office, clock: Clock) -> None:
        """Accepted Mon 1/6; suspended Wed 10/6, resumed Fri 19/6: due Fri 10/7 (was 1/7);
        no due date while suspended."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN)
        on_day(clock, date(2026, 6, 10))
        office.petitions.suspend(ctx_for(office, LEADER, reason="Chờ giám định"), pid,
                                 v(office, pid), suspended_on=date(2026, 6, 10))
        paused = due(office, pid)
        on_day(clock, date(2026, 6, 19))
        office.petitions.resume(ctx_for(office, LEADER, reason="Đã có kết quả giám định"), pid,
                                v(office, pid), resumed_on=date(2026, 6, 19))
        assert (paused, due(office, pid)) == (None, date(2026, 7, 10))

    def test_a_suspension_needs_a_reason(self, office: Office, clock: Clock) -> None:
        """Every clock change needs a reason."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN)
        with pytest.raises(ReasonRequired):
            office.petitions.suspend(ctx_for(office, LEADER), pid, v(office, pid),
                                     suspended_on=date(2026, 6, 1))

    def test_withdrawal_needs_a_reason_and_ends_the_period(self, office: Office,
                                                           clock: Clock) -> None:
        """Withdrawn in writing on 5/6: the resolution deadline is done that day."""
        pid = accepted(office, clock, date(2026, 6, 1), COMPLAINT)
        on_day(clock, date(2026, 6, 5))
        with pytest.raises(ReasonRequired):
            office.petitions.withdraw(ctx_for(office, LEADER), pid, v(office, pid),
                                      withdrawn_on=date(2026, 6, 5))
        office.petitions.withdraw(ctx_for(office, LEADER, reason="Đơn rút khiếu nại"), pid,
                                  v(office, pid), withdrawn_on=date(2026, 6, 5))
        resolve = next(d for d in office.petitions.get(pid).dues if d.key == "resolve")
        assert resolve.done_on == date(2026, 6, 5)


class TestConclusionAndClosure:
    def test_a_conclusion_needs_a_handler(self, office: Office, clock: Clock) -> None:
        """Nobody assigned: refused."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN)
        with pytest.raises(HandlersRequired):
            office.petitions.conclude(ctx_for(office, LEADER), pid, v(office, pid),
                                      concluded_on=date(2026, 6, 1), conclusion="Đúng một phần")

    def test_an_open_case_is_not_closed(self, office: Office, clock: Clock) -> None:
        """Accepted, not concluded: refused."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN, handler=SPECIALIST)
        with pytest.raises(PetitionNotInState):
            office.petitions.close_case(ctx_for(office, LEADER), pid, v(office, pid),
                                        closed_on=date(2026, 6, 1))

    def test_a_renewed_denunciation_reopens_the_case(self, office: Office, clock: Clock) -> None:
        """Concluded, closed, reopened 1/9: a new 30-day period, due Thu 1/10."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN, handler=SPECIALIST)
        on_day(clock, date(2026, 6, 20))
        office.petitions.conclude(ctx_for(office, LEADER), pid, v(office, pid),
                                  concluded_on=date(2026, 6, 20), conclusion="Tố cáo sai")
        office.petitions.close_case(ctx_for(office, LEADER), pid, v(office, pid),
                                    closed_on=date(2026, 6, 20))
        on_day(clock, date(2026, 9, 1))
        office.petitions.reopen(ctx_for(office, LEADER, reason="Tố cáo tiếp có tình tiết mới"),
                                pid, v(office, pid), reopened_on=date(2026, 9, 1))
        p = office.petitions.get(pid)
        assert (p.status, p.reopenings, due(office, pid)) == (
            PetitionStatus.ACCEPTED, 1, date(2026, 10, 1))

    def test_only_a_denunciation_is_reopened(self, office: Office, clock: Clock) -> None:
        """A closed complaint is not reopened."""
        pid = classified(office, clock, date(2026, 6, 1), COMPLAINT)
        office.petitions.guide(ctx_for(office, LEADER), pid, v(office, pid), guided_to="Tòa án",
                               guided_on=date(2026, 6, 1))
        office.petitions.close_case(ctx_for(office, LEADER), pid, v(office, pid),
                                    closed_on=date(2026, 6, 1))
        with pytest.raises(ReopenOnlyDenunciation):
            office.petitions.reopen(ctx_for(office, LEADER, reason="Khiếu nại tiếp"), pid,
                                    v(office, pid), reopened_on=date(2026, 6, 1))


class TestReferralFollowUp:
    def test_urging_and_reply_are_recorded(self, office: Office, clock: Clock) -> None:
        """Referred, urged twice, replied."""
        pid = classified(office, clock, date(2026, 3, 2), DEN)
        office.petitions.refer(ctx_for(office, LEADER), pid, v(office, pid),
                               to_body="Thanh tra tỉnh", referred_on=date(2026, 3, 2))
        on_day(clock, date(2026, 4, 1))
        for _ in range(2):
            office.petitions.urge_referral(ctx_for(office, SPECIALIST), pid, v(office, pid),
                                           urged_on=date(2026, 4, 1), note="Đề nghị báo cáo")
        office.petitions.record_referral_reply(ctx_for(office, SPECIALIST), pid, v(office, pid),
                                               replied_on=date(2026, 4, 1), summary="Đã thụ lý")
        p = office.petitions.get(pid)
        assert (p.referral_urgings, p.referral_reply_on) == (2, date(2026, 4, 1))

    def test_follow_up_needs_a_referral(self, office: Office, clock: Clock) -> None:
        """Urging an accepted case's 'receiving body' is refused."""
        pid = accepted(office, clock, date(2026, 3, 2), DEN)
        with pytest.raises(ReferralNotMade):
            office.petitions.urge_referral(ctx_for(office, SPECIALIST), pid, v(office, pid),
                                           urged_on=date(2026, 3, 2), note="X")
