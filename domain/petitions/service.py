"""Commands on petitions: reception to closure, the clock, referrals' follow-up.

Every command that changes a deadline's inputs also stores the petition's deadlines as computed
with today's calendar and rules (``Petition.DeadlinesSet``), so the registers and the board read
them from events; ``deadlines()`` recomputes and explains them, today or as known at a position.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime, time, tzinfo
from uuid import UUID, uuid4

from domain.actors import Secrecy
from domain.application import Receipt
from domain.errors import InvalidValue, RecordNotFound
from domain.events import Event
from domain.petitions.clearance import Clearances, require_cleared
from domain.petitions.deadlines import (
    CLOCK_KEY,
    DeadlineReport,
    check_clock,
    compute_dues,
    explain,
    specs,
)
from domain.petitions.errors import (
    AnonymousPetitionNotEligible,
    ChannelDetailsMismatch,
    DenunciationAlreadyReferred,
    HandlersRequired,
    IneligibilityNeedsReason,
    IneligiblePetitionNotAccepted,
    NoDeadlineToExtend,
    NotAHigherSecrecy,
    PetitionAlreadyRegistered,
    PetitionNotInState,
    ReceiptDateInFuture,
    ReferralNotMade,
    ReopenOnlyDenunciation,
    RepeatTargetInvalid,
    SeveralContentsNeedContents,
)
from domain.petitions.identity import (
    Identity,
    KeyStore,
    SealedIdentity,
    associated_data,
    normalised_identity,
)
from domain.petitions.legal_calendar import LegalCalendar
from domain.petitions.model import (
    CLOSABLE,
    IN_HAND,
    Anonymity,
    Channel,
    Complexity,
    Handler,
    Instance,
    Petition,
    PetitionBook,
    PetitionClass,
    PetitionStatus,
    book_id,
    fold_book,
    fold_petition,
)
from domain.petitions.protection import IdentityCommands
from domain.records import Context, expect_version
from domain.reference.service import Reference
from domain.text import clean, clean_code

_DECIDABLE = frozenset({PetitionStatus.CLASSIFIED})


class Petitions(IdentityCommands):
    """Application service for petitions (đơn thư)."""

    reference: Reference
    calendar: LegalCalendar

    def wire(self, *, reference: Reference, calendar: LegalCalendar, keys: KeyStore, zone: tzinfo,
             retention_years: int, clearances: Clearances) -> None:
        """Called once by the wiring: reference data, the legal calendar, the key store, and
        where users' clearances are read (the users application)."""
        self.reference = reference
        self.calendar = calendar
        self.clearances = clearances
        self.keys = keys
        self.zone = zone
        self.retention_years = retention_years

    # Loading ------------------------------------------------------------------------------------

    def get(self, petition_id: UUID, *, version: int | None = None) -> Petition:
        return self.load(petition_id, fold_petition, version=version)

    def get_at_position(self, petition_id: UUID, position: int) -> Petition:
        """The petition as the log stood at ``position`` (RecordNotFound if it did not exist)."""
        version = self.calendar.log_index.version_at(petition_id, position)
        if version == 0:
            msg = f"không có đơn {petition_id} tại vị trí {position} (no such petition then)"
            raise RecordNotFound(msg, record_id=str(petition_id))
        return self.get(petition_id, version=version)

    def _today(self, ctx: Context) -> date:
        return ctx.now.astimezone(self.zone).date()

    def _state(self, petition_id: UUID, expected: int | None,
               allowed: frozenset[PetitionStatus], what: str) -> Petition:
        p = self.get(petition_id)
        expect_version(p, expected)
        if p.status not in allowed:
            msg = (f"không thể {what} khi đơn ở trạng thái {p.status.label} "
                   f"(cannot {what} a petition that is {p.status.value})")
            raise PetitionNotInState(msg, status=p.status.value)
        return p

    def _dated(self, ctx: Context, p: Petition, day: date, field: str) -> date:
        if day < p.received_on:
            msg = f"{field}: trước ngày nhận đơn {p.received_on.isoformat()} (before receipt)"
            raise InvalidValue(msg, field=field)
        if day > self._today(ctx):
            msg = f"{field}: ngày trong tương lai (a date in the future)"
            raise InvalidValue(msg, field=field)
        return day

    def _commit(self, p: Petition, events: Sequence[Event], ctx: Context,
                extra: Sequence[Event] = ()) -> Receipt:
        """Store the petition's events (and others'), with its deadlines if they changed; if
        they change the handlers or raise the secrecy, every handler must be cleared for it."""
        state = p
        for event in events:
            state = fold_petition.apply(state, event)
        if state.handlers and (state.handlers != p.handlers or state.secrecy != p.secrecy):
            require_cleared(state.handlers, state.secrecy, self.clearances)
        self.calendar.ensure_seeded()
        dues = compute_dues(state, self.calendar.working_calendar(adopt=True),
                            self.calendar.rule_book())
        out: list[Event] = [*extra, *events]
        if dues != p.dues:
            out.append(ctx.follow(state, Petition.DeadlinesSet, dues=dues))
        return self.record(out, record_id=p.id)

    # Reception and registration -----------------------------------------------------------------

    def receive(
        self, ctx: Context, *, channel: Channel, received_on: date, summary: str,
        identity: Identity | None = None, postmark_on: date | None = None,
        forwarded_by: str | None = None, secrecy: Secrecy = Secrecy.NONE,
    ) -> Receipt:
        """Receive a petition; a receipt dated before the day of entry is flagged as backdated."""
        channel = Channel(channel)
        entered_on = self._today(ctx)
        if received_on > entered_on:
            msg = "received_on: sau ngày vào sổ (the receipt date is after the day of entry)"
            raise ReceiptDateInFuture(msg, field="received_on")
        if postmark_on is not None and (channel is not Channel.POST or postmark_on > received_on):
            msg = ("postmark_on: chỉ đơn gửi qua bưu chính có dấu bưu điện, không sau ngày nhận "
                   "(a postmark belongs to a posted petition and precedes its receipt)")
            raise ChannelDetailsMismatch(msg, field="postmark_on")
        forwarder = clean(forwarded_by, "forwarded_by", max_length=300) if forwarded_by else None
        if (channel is Channel.FORWARDED) != (forwarder is not None):
            msg = ("forwarded_by: đơn do cơ quan khác chuyển đến phải nêu cơ quan chuyển "
                   "(a forwarded petition names the body that forwarded it, and only it)")
            raise ChannelDetailsMismatch(msg, field="forwarded_by")
        text = clean(summary, "summary", max_length=5000)
        petition_id = uuid4()
        sealed = self._seal(petition_id, identity.cleaned()) if identity is not None else None
        business = ctx.business_time or datetime.combine(received_on, time(0), self.zone)
        stamped = dataclasses.replace(ctx, business_time=business)
        event = stamped.event(
            Petition.Received, petition_id, 1, channel=channel, received_on=received_on,
            entered_on=entered_on, backdated=received_on < entered_on, postmark_on=postmark_on,
            forwarded_by=forwarder, summary=text, secrecy=Secrecy(secrecy), identity=sealed,
        )
        state = fold_petition.apply(None, event)
        self.calendar.ensure_seeded()
        dues = compute_dues(state, self.calendar.working_calendar(adopt=True),
                            self.calendar.rule_book())
        events: list[Event] = [event]
        if dues:
            events.append(ctx.follow(state, Petition.DeadlinesSet, dues=dues))
        return self.record(events, record_id=petition_id)

    def _seal(self, petition_id: UUID, identity: Identity) -> SealedIdentity:
        self.keys.create_key(petition_id)
        nonce, ciphertext = self.keys.seal(petition_id, identity.to_bytes(),
                                           associated_data(petition_id))
        return SealedIdentity(nonce, ciphertext, self.keys.pseudonym(normalised_identity(identity)),
                              identity.present_fields())

    def register(self, ctx: Context, petition_id: UUID, expected: int | None) -> Receipt:
        """Enter the petition in the book of the current year (office time zone): the next
        number, without gap or duplicate even when clerks register at the same moment."""

        def attempt() -> Receipt:
            p = self.get(petition_id)
            expect_version(p, expected)
            if p.book_number is not None:
                msg = f"đơn đã vào sổ số {p.book_no} (already registered)"
                raise PetitionAlreadyRegistered(msg, book_no=p.book_no or "")
            year = self._today(ctx).year
            book = self.find(book_id(year), fold_book)
            events: list[Event] = []
            if book is None:
                events.append(ctx.event(PetitionBook.Opened, book_id(year), 1, year=year))
                version, last = 1, 0
            else:
                version, last = book.version, book.last
            events.append(ctx.event(PetitionBook.NumberTaken, book_id(year), version + 1,
                                    number=last + 1, petition_id=p.id))
            registered = ctx.follow(p, Petition.Registered, book_year=year, book_number=last + 1,
                                    series_id=book_id(year))
            return self.record([*events, registered], record_id=p.id)

        return self.retrying(attempt)

    # Classification ---------------------------------------------------------------------------

    def classify(
        self, ctx: Context, petition_id: UUID, expected: int | None, *,
        petition_class: PetitionClass, eligible: bool, anonymity: Anonymity,
        contents: Sequence[PetitionClass] = (), ineligibility_reason: str | None = None,
        verifiable: bool = False, about_party_member: bool = False,
        same_content_as: UUID | None = None,
    ) -> Receipt:
        """Classify by content, not by the title the writer gave it (Thông tư 05/2021/TT-TTCP)."""
        p = self._state(petition_id, expected,
                        frozenset({PetitionStatus.REGISTERED, PetitionStatus.CLASSIFIED}),
                        "phân loại")
        cls = PetitionClass(petition_class)
        anonymity = Anonymity(anonymity)
        if cls is PetitionClass.SEVERAL:
            parts = tuple(dict.fromkeys(PetitionClass(c) for c in contents
                                        if c is not PetitionClass.SEVERAL))
            if len(parts) < 2:
                msg = "contents: đơn nhiều nội dung phải nêu ít nhất hai nội dung (two at least)"
                raise SeveralContentsNeedContents(msg, field="contents")
        else:
            parts = (cls,)
        reason = clean(ineligibility_reason, "ineligibility_reason") if ineligibility_reason else None
        if not eligible and reason is None:
            msg = "ineligibility_reason: đơn không đủ điều kiện xử lý phải nêu lý do (say why)"
            raise IneligibilityNeedsReason(msg, field="ineligibility_reason")
        if p.identity is None and anonymity is Anonymity.NAMED:
            msg = "anonymity: đơn không ghi nhận thông tin người gửi (no identity was recorded)"
            raise InvalidValue(msg, field="anonymity")
        exception = cls is PetitionClass.DENUNCIATION and verifiable
        if eligible and anonymity is not Anonymity.NAMED and not exception:
            msg = ("eligible: đơn nặc danh, mạo danh không đủ điều kiện xử lý, trừ tố cáo có nội "
                   "dung rõ, chứng cứ cụ thể, có cơ sở thẩm tra (Luật Tố cáo 2018, Điều 25)")
            raise AnonymousPetitionNotEligible(msg, field="eligible")
        if same_content_as is not None:
            self._earlier(p, same_content_as, "same_content_as")
        secrecy = p.secrecy
        if cls is PetitionClass.DENUNCIATION and not secrecy.covers(Secrecy.MAT):
            secrecy = Secrecy.MAT  # the denouncer's identity is a state secret (Luật Tố cáo, Art 9)
        event = ctx.follow(
            p, Petition.Classified, petition_class=cls, contents=parts, eligible=eligible,
            ineligibility_reason=None if eligible else reason, anonymity=anonymity,
            verifiable=verifiable, about_party_member=about_party_member,
            same_content_as=same_content_as, secrecy=secrecy,
        )
        return self._commit(p, [event], ctx)

    def raise_secrecy(self, ctx: Context, petition_id: UUID, expected: int | None, *,
                      secrecy: Secrecy) -> Receipt:
        """Raise the case's secrecy (độ mật), with a reason; refused while a handler is not
        cleared for the new level (the refusal names them)."""
        reason = ctx.required_reason("nâng độ mật")
        p = self.get(petition_id)
        expect_version(p, expected)
        level = Secrecy(secrecy)
        if level.rank <= p.secrecy.rank:
            msg = (f"secrecy: {level.label} không cao hơn độ mật hiện tại {p.secrecy.label} "
                   "(only a higher level; secrecy is never lowered here)")
            raise NotAHigherSecrecy(msg, field="secrecy")
        event = ctx.follow(p, Petition.SecrecyRaised, secrecy=level, previous=p.secrecy,
                           reason=reason)
        return self._commit(p, [event], ctx)

    def _earlier(self, p: Petition, earlier_id: UUID, field: str) -> Petition:
        if earlier_id == p.id:
            msg = f"{field}: đơn không thể trùng với chính nó (a petition cannot repeat itself)"
            raise RepeatTargetInvalid(msg, field=field)
        earlier = self.get(earlier_id)
        if earlier.received_on > p.received_on:
            msg = f"{field}: đơn được nêu nhận sau đơn này (the other petition is later)"
            raise RepeatTargetInvalid(msg, field=field)
        return earlier

    def link_repeat(self, ctx: Context, petition_id: UUID, expected: int | None, *,
                    earlier_id: UUID, linked_on: date) -> Receipt:
        """A repeat of the same content without new evidence joins the earlier case."""
        p = self._state(petition_id, expected,
                        frozenset({PetitionStatus.REGISTERED, PetitionStatus.CLASSIFIED}),
                        "gộp đơn trùng")
        earlier = self._earlier(p, earlier_id, "earlier_id")
        root = earlier.repeat_of or earlier.id
        event = ctx.follow(p, Petition.LinkedAsRepeat, earlier_id=root,
                           linked_on=self._dated(ctx, p, linked_on, "linked_on"))
        return self._commit(p, [event], ctx)

    # Handling decisions -------------------------------------------------------------------------

    def accept(
        self, ctx: Context, petition_id: UUID, expected: int | None, *, accepted_on: date,
        handling_unit: str, complexity: Complexity = Complexity.NORMAL, remote: bool = False,
        instance: Instance = Instance.FIRST,
    ) -> Receipt:
        """Thụ lý: only an eligible petition; the resolution deadline starts."""
        p = self._state(petition_id, expected, _DECIDABLE, "thụ lý")
        if not p.eligible:
            msg = "đơn không đủ điều kiện xử lý, không thể thụ lý (not eligible for handling)"
            raise IneligiblePetitionNotAccepted(msg)
        unit = self.reference.unit(clean_code(handling_unit, "handling_unit")).code
        event = ctx.follow(p, Petition.Accepted,
                           accepted_on=self._dated(ctx, p, accepted_on, "accepted_on"),
                           complexity=Complexity(complexity), remote=remote,
                           instance=Instance(instance), handling_unit=unit)
        return self._commit(p, [event], ctx)

    def refer(self, ctx: Context, petition_id: UUID, expected: int | None, *, to_body: str,
              referred_on: date) -> Receipt:
        """Chuyển đơn to the competent body; a denunciation only once for the same content."""
        p = self._state(petition_id, expected,
                        frozenset({PetitionStatus.CLASSIFIED, PetitionStatus.REFERRED}),
                        "chuyển đơn")
        if p.petition_class is PetitionClass.DENUNCIATION and self._already_referred(p):
            msg = ("tố cáo cùng nội dung đã được chuyển một lần, không chuyển lại "
                   "(a denunciation is referred only once for the same content)")
            raise DenunciationAlreadyReferred(msg)
        event = ctx.follow(p, Petition.Referred, to_body=clean(to_body, "to_body", max_length=300),
                           referred_on=self._dated(ctx, p, referred_on, "referred_on"))
        return self._commit(p, [event], ctx)

    def _already_referred(self, p: Petition) -> bool:
        seen: set[UUID] = set()
        current: Petition | None = p
        while current is not None and current.id not in seen:
            if current.referrals:
                return True
            seen.add(current.id)
            nxt = current.same_content_as
            current = self.get(nxt) if nxt is not None else None
        return False

    def guide(self, ctx: Context, petition_id: UUID, expected: int | None, *, guided_to: str,
              guided_on: date) -> Receipt:
        """Hướng dẫn: tell the writer which body is competent."""
        p = self._state(petition_id, expected, _DECIDABLE, "hướng dẫn")
        event = ctx.follow(p, Petition.Guided,
                           guided_to=clean(guided_to, "guided_to", max_length=300),
                           guided_on=self._dated(ctx, p, guided_on, "guided_on"))
        return self._commit(p, [event], ctx)

    def keep_on_file(self, ctx: Context, petition_id: UUID, expected: int | None, *,
                     filed_on: date) -> Receipt:
        """Lưu đơn: kept and registered, not handled (ineligible, anonymous, …)."""
        p = self._state(petition_id, expected, _DECIDABLE, "lưu đơn")
        event = ctx.follow(p, Petition.Filed, filed_on=self._dated(ctx, p, filed_on, "filed_on"))
        return self._commit(p, [event], ctx)

    def notify_petitioner(self, ctx: Context, petition_id: UUID, expected: int | None, *, notified_on: date,
               means: str) -> Receipt:
        """The writer was told the decision (thông báo thụ lý / chuyển đơn / hướng dẫn)."""
        p = self.get(petition_id)
        expect_version(p, expected)
        if p.handling is None and p.status is not PetitionStatus.LINKED:
            msg = "chưa có quyết định xử lý để thông báo (no handling decision yet)"
            raise PetitionNotInState(msg, status=p.status.value)
        event = ctx.follow(p, Petition.Notified,
                           notified_on=self._dated(ctx, p, notified_on, "notified_on"),
                           means=clean(means, "means", max_length=300))
        return self._commit(p, [event], ctx)

    # The accepted case ------------------------------------------------------------------------

    def assign_handlers(self, ctx: Context, petition_id: UUID, expected: int | None, *,
                        handlers: Sequence[Handler], handling_unit: str | None = None) -> Receipt:
        """The people handling the case (they may read the identity)."""
        p = self._state(petition_id, expected, IN_HAND, "phân công người giải quyết")
        unique = tuple({h.user_id: h for h in handlers}.values())
        if not unique:
            msg = "handlers: cần ít nhất một người giải quyết (at least one handler)"
            raise InvalidValue(msg, field="handlers")
        unit = (self.reference.unit(clean_code(handling_unit, "handling_unit")).code
                if handling_unit else p.handling_unit or "")
        event = ctx.follow(p, Petition.HandlersAssigned, handlers=unique, handling_unit=unit)
        return self._commit(p, [event], ctx)

    def _clock(self, p: Petition) -> None:
        if not any(s.key == CLOCK_KEY for s in specs(p)):
            msg = "vụ việc không có thời hạn giải quyết theo quy định (no resolution period)"
            raise NoDeadlineToExtend(msg)

    def _checked(self, p: Petition, event: Event) -> None:
        self.calendar.ensure_seeded()
        check_clock(fold_petition.apply(p, event), self.calendar.working_calendar(adopt=True),
                    self.calendar.rule_book())

    def extend(self, ctx: Context, petition_id: UUID, expected: int | None, *, granted_on: date,
               length: int | None = None) -> Receipt:
        """Gia hạn, within the number and length the rule in force allows, with a reason."""
        reason = ctx.required_reason("gia hạn giải quyết")
        p = self._state(petition_id, expected, frozenset({PetitionStatus.ACCEPTED}), "gia hạn")
        self._clock(p)
        if length is not None and length < 1:
            raise InvalidValue("length: phải là số dương (must be positive)", field="length")
        event = ctx.follow(p, Petition.Extended,
                           granted_on=self._dated(ctx, p, granted_on, "granted_on"),
                           length=length, reason=reason)
        self._checked(p, event)
        return self._commit(p, [event], ctx)

    def suspend(self, ctx: Context, petition_id: UUID, expected: int | None, *,
                suspended_on: date) -> Receipt:
        """Tạm đình chỉ: the resolution clock stops at the end of that day."""
        reason = ctx.required_reason("tạm đình chỉ")
        p = self._state(petition_id, expected, frozenset({PetitionStatus.ACCEPTED}),
                        "tạm đình chỉ")
        self._clock(p)
        event = ctx.follow(p, Petition.Suspended,
                           suspended_on=self._dated(ctx, p, suspended_on, "suspended_on"),
                           reason=reason)
        self._checked(p, event)
        return self._commit(p, [event], ctx)

    def resume(self, ctx: Context, petition_id: UUID, expected: int | None, *,
               resumed_on: date) -> Receipt:
        """Tiếp tục: counting restarts the day after."""
        reason = ctx.required_reason("tiếp tục giải quyết")
        p = self._state(petition_id, expected, frozenset({PetitionStatus.SUSPENDED}), "tiếp tục")
        event = ctx.follow(p, Petition.Resumed,
                           resumed_on=self._dated(ctx, p, resumed_on, "resumed_on"), reason=reason)
        self._checked(p, event)
        return self._commit(p, [event], ctx)

    def withdraw(self, ctx: Context, petition_id: UUID, expected: int | None, *,
                 withdrawn_on: date) -> Receipt:
        """Rút đơn (in writing, at any time before a conclusion), with the reason given."""
        reason = ctx.required_reason("rút đơn")
        p = self._state(petition_id, expected,
                        frozenset({PetitionStatus.REGISTERED, PetitionStatus.CLASSIFIED,
                                   *IN_HAND}), "rút đơn")
        event = ctx.follow(p, Petition.Withdrawn,
                           withdrawn_on=self._dated(ctx, p, withdrawn_on, "withdrawn_on"),
                           reason=reason)
        return self._commit(p, [event], ctx)

    def conclude(self, ctx: Context, petition_id: UUID, expected: int | None, *,
                 concluded_on: date, conclusion: str) -> Receipt:
        """The handlers' conclusion (kết luận / quyết định giải quyết)."""
        p = self._state(petition_id, expected, frozenset({PetitionStatus.ACCEPTED}), "kết luận")
        if not p.handlers:
            msg = "chưa phân công người giải quyết (assign a handler first)"
            raise HandlersRequired(msg)
        event = ctx.follow(p, Petition.Concluded,
                           concluded_on=self._dated(ctx, p, concluded_on, "concluded_on"),
                           conclusion=clean(conclusion, "conclusion", max_length=5000))
        return self._commit(p, [event], ctx)

    def close_case(self, ctx: Context, petition_id: UUID, expected: int | None, *,
                   closed_on: date) -> Receipt:
        p = self._state(petition_id, expected, CLOSABLE, "kết thúc")
        event = ctx.follow(p, Petition.Closed,
                           closed_on=self._dated(ctx, p, closed_on, "closed_on"))
        return self._commit(p, [event], ctx)

    def reopen(self, ctx: Context, petition_id: UUID, expected: int | None, *,
               reopened_on: date) -> Receipt:
        """A renewed denunciation reopens a closed case: a new resolution period starts."""
        reason = ctx.required_reason("mở lại vụ việc")
        p = self._state(petition_id, expected, frozenset({PetitionStatus.CLOSED}), "mở lại")
        if p.petition_class is not PetitionClass.DENUNCIATION or not p.eligible:
            msg = "chỉ mở lại khi có tố cáo tiếp (only a renewed denunciation reopens a case)"
            raise ReopenOnlyDenunciation(msg)
        event = ctx.follow(p, Petition.Reopened,
                           reopened_on=self._dated(ctx, p, reopened_on, "reopened_on"),
                           reason=reason)
        return self._commit(p, [event], ctx)

    def recompute_deadlines(self, ctx: Context, petition_id: UUID, expected: int | None
                            ) -> Receipt:
        """Store the deadlines again after a calendar or rule correction (only if they moved)."""
        ctx.required_reason("tính lại thời hạn")
        p = self.get(petition_id)
        expect_version(p, expected)
        return self._commit(p, [], ctx)

    # Referrals' follow-up -----------------------------------------------------------------------

    def _referred(self, petition_id: UUID, expected: int | None) -> Petition:
        p = self.get(petition_id)
        expect_version(p, expected)
        if p.status is not PetitionStatus.REFERRED:
            msg = f"đơn chưa được chuyển (not a referred petition; status {p.status.label})"
            raise ReferralNotMade(msg, status=p.status.value)
        return p

    def urge_referral(self, ctx: Context, petition_id: UUID, expected: int | None, *,
                      urged_on: date, note: str) -> Receipt:
        """Đôn đốc the receiving body."""
        p = self._referred(petition_id, expected)
        event = ctx.follow(p, Petition.ReferralUrged,
                           urged_on=self._dated(ctx, p, urged_on, "urged_on"),
                           note=clean(note, "note", max_length=2000))
        return self._commit(p, [event], ctx)

    def record_referral_reply(self, ctx: Context, petition_id: UUID, expected: int | None, *,
                              replied_on: date, summary: str) -> Receipt:
        """The receiving body's answer about what it did with the petition."""
        p = self._referred(petition_id, expected)
        event = ctx.follow(p, Petition.ReferralReplied,
                           replied_on=self._dated(ctx, p, replied_on, "replied_on"),
                           summary=clean(summary, "summary", max_length=5000))
        return self._commit(p, [event], ctx)

    # Deadlines, explained -----------------------------------------------------------------------

    def deadlines(self, petition_id: UUID, *, at_position: int | None = None
                  ) -> tuple[Petition, list[DeadlineReport]]:
        """Each deadline explained, with today's data or as the log stood at ``at_position``
        (the petition, the rules and the override table all folded up to that position); a
        view: nothing is seeded or adopted here."""
        p = self.get(petition_id) if at_position is None else self.get_at_position(
            petition_id, at_position)
        calendar = self.calendar.working_calendar(at_position=at_position)
        book = self.calendar.rule_book(at_position=at_position)
        return p, explain(p, calendar, book)
