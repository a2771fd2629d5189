"""Petitions (đơn thư): state, events and folds.

A petition is received (by citizen reception, post, e-mail or forwarded by another body), registered
in the petition book, classified by content, then linked to an earlier case as a repeat, or handled:
accepted (thụ lý), referred to the competent body, the petitioner guided, or kept on file. Accepted
cases get handlers and deadlines, may be extended, suspended and resumed, withdrawn, concluded,
closed, and reopened on a renewed denunciation. The identity is sealed (``identity.py``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID, uuid5

from domain.actors import Secrecy
from domain.calendar import Extension, Pause
from domain.events import Event
from domain.petitions.identity import SealedIdentity
from domain.records import Fold, Record, new_record

PETITION_NAMESPACE = UUID("7e0c1f5a-3b2d-5c4e-8f9a-1d2c3b4a5e6f")


class Channel(enum.StrEnum):
    CITIZEN_RECEPTION = "citizen_reception"  # tiếp công dân
    POST = "post"  # bưu chính
    EMAIL = "email"  # thư điện tử
    FORWARDED = "forwarded"  # cơ quan khác chuyển đến

    @property
    def label(self) -> str:
        return {"citizen_reception": "Tiếp công dân", "post": "Bưu chính",
                "email": "Thư điện tử", "forwarded": "Cơ quan khác chuyển đến"}[self.value]


class PetitionClass(enum.StrEnum):
    COMPLAINT = "complaint"  # khiếu nại
    DENUNCIATION = "denunciation"  # tố cáo
    RECOMMENDATION = "recommendation"  # kiến nghị, phản ánh
    SEVERAL = "several"  # đơn có nhiều nội dung

    @property
    def label(self) -> str:
        return {"complaint": "Khiếu nại", "denunciation": "Tố cáo",
                "recommendation": "Kiến nghị, phản ánh",
                "several": "Nhiều nội dung"}[self.value]


class Anonymity(enum.StrEnum):
    NAMED = "named"
    ANONYMOUS = "anonymous"  # nặc danh
    FALSE_NAME = "false_name"  # mạo danh, tên giả

    @property
    def label(self) -> str:
        return {"named": "Có họ tên", "anonymous": "Nặc danh",
                "false_name": "Mạo danh"}[self.value]


class Handling(enum.StrEnum):
    ACCEPTED = "accepted"  # thụ lý
    REFERRED = "referred"  # chuyển đơn
    GUIDED = "guided"  # hướng dẫn
    FILED = "filed"  # lưu đơn

    @property
    def label(self) -> str:
        return {"accepted": "Thụ lý", "referred": "Chuyển đơn", "guided": "Hướng dẫn",
                "filed": "Lưu đơn"}[self.value]


class Complexity(enum.StrEnum):
    NORMAL = "normal"
    COMPLEX = "complex"  # phức tạp
    VERY_COMPLEX = "very_complex"  # đặc biệt phức tạp


class Instance(enum.StrEnum):
    FIRST = "first"  # giải quyết lần đầu
    SECOND = "second"  # lần hai


class PetitionStatus(enum.StrEnum):
    RECEIVED = "received"
    REGISTERED = "registered"
    CLASSIFIED = "classified"
    LINKED = "linked"
    ACCEPTED = "accepted"
    SUSPENDED = "suspended"
    REFERRED = "referred"
    GUIDED = "guided"
    FILED = "filed"
    WITHDRAWN = "withdrawn"
    CONCLUDED = "concluded"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    PetitionStatus.RECEIVED: "Đã tiếp nhận",
    PetitionStatus.REGISTERED: "Đã vào sổ",
    PetitionStatus.CLASSIFIED: "Đã phân loại",
    PetitionStatus.LINKED: "Đơn trùng, đã gộp",
    PetitionStatus.ACCEPTED: "Đang giải quyết",
    PetitionStatus.SUSPENDED: "Tạm đình chỉ",
    PetitionStatus.REFERRED: "Đã chuyển đơn",
    PetitionStatus.GUIDED: "Đã hướng dẫn",
    PetitionStatus.FILED: "Lưu đơn",
    PetitionStatus.WITHDRAWN: "Đã rút đơn",
    PetitionStatus.CONCLUDED: "Đã có kết luận",
    PetitionStatus.CLOSED: "Kết thúc",
}

#: States in which a petition may be closed.
CLOSABLE = frozenset({PetitionStatus.LINKED, PetitionStatus.REFERRED, PetitionStatus.GUIDED,
                      PetitionStatus.FILED, PetitionStatus.WITHDRAWN, PetitionStatus.CONCLUDED})
#: States of an accepted case whose clock runs or is stopped.
IN_HAND = frozenset({PetitionStatus.ACCEPTED, PetitionStatus.SUSPENDED})


@dataclass(frozen=True)
class Due:
    """One deadline of a petition as computed when its inputs last changed (today's calendar)."""

    key: str  # notify | accept | notify_acceptance | resolve
    rule_code: str
    trigger: date
    due: date | None  # None while an open suspension stops the clock
    done_on: date | None


@dataclass(frozen=True)
class Referral:
    to_body: str
    referred_on: date


@dataclass(frozen=True)
class Handler:
    user_id: UUID
    username: str


@dataclass(frozen=True, kw_only=True)
class Petition(Record):
    channel: Channel
    received_on: date
    entered_on: date
    backdated: bool
    postmark_on: date | None
    forwarded_by: str | None
    summary: str
    secrecy: Secrecy
    identity: SealedIdentity | None
    status: PetitionStatus = PetitionStatus.RECEIVED
    book_year: int | None = None
    book_number: int | None = None
    petition_class: PetitionClass | None = None
    contents: tuple[PetitionClass, ...] = ()
    eligible: bool | None = None
    ineligibility_reason: str | None = None
    anonymity: Anonymity | None = None
    verifiable: bool = False
    about_party_member: bool = False
    same_content_as: UUID | None = None
    repeat_of: UUID | None = None
    handling: Handling | None = None
    decided_on: date | None = None
    accepted_on: date | None = None
    complexity: Complexity = Complexity.NORMAL
    remote: bool = False
    instance: Instance = Instance.FIRST
    handling_unit: str | None = None
    referrals: tuple[Referral, ...] = ()
    referral_urgings: int = 0
    referral_reply_on: date | None = None
    guided_to: str | None = None
    notifications: tuple[date, ...] = ()
    handlers: tuple[Handler, ...] = ()
    extensions: tuple[Extension, ...] = ()
    pauses: tuple[Pause, ...] = ()
    withdrawn_on: date | None = None
    concluded_on: date | None = None
    conclusion: str | None = None
    closed_on: date | None = None
    reopenings: int = 0
    shredded_on: date | None = None
    dues: tuple[Due, ...] = ()

    @property
    def book_no(self) -> str | None:
        if self.book_number is None:
            return None
        return f"{self.book_number:02d}/{self.book_year}"

    @property
    def queue(self) -> str:
        """Petitions about Party members go to the inspection commission's queue."""
        return "inspection" if self.about_party_member else "office"

    @dataclass(frozen=True, kw_only=True)
    class Received(Event):
        channel: Channel
        received_on: date
        entered_on: date
        backdated: bool
        postmark_on: date | None
        forwarded_by: str | None
        summary: str
        secrecy: Secrecy
        identity: SealedIdentity | None

    @dataclass(frozen=True, kw_only=True)
    class Registered(Event):
        book_year: int
        book_number: int
        series_id: UUID

    @dataclass(frozen=True, kw_only=True)
    class Classified(Event):
        petition_class: PetitionClass
        contents: tuple[PetitionClass, ...]
        eligible: bool
        ineligibility_reason: str | None
        anonymity: Anonymity
        verifiable: bool
        about_party_member: bool
        same_content_as: UUID | None
        secrecy: Secrecy

    @dataclass(frozen=True, kw_only=True)
    class SecrecyRaised(Event):
        """The case was found to hold state secrets of a higher level (with a reason)."""

        secrecy: Secrecy
        previous: Secrecy

    @dataclass(frozen=True, kw_only=True)
    class LinkedAsRepeat(Event):
        earlier_id: UUID
        linked_on: date

    @dataclass(frozen=True, kw_only=True)
    class Accepted(Event):
        accepted_on: date
        complexity: Complexity
        remote: bool
        instance: Instance
        handling_unit: str

    @dataclass(frozen=True, kw_only=True)
    class Referred(Event):
        to_body: str
        referred_on: date

    @dataclass(frozen=True, kw_only=True)
    class Guided(Event):
        guided_to: str
        guided_on: date

    @dataclass(frozen=True, kw_only=True)
    class Filed(Event):
        filed_on: date

    @dataclass(frozen=True, kw_only=True)
    class Notified(Event):
        notified_on: date
        means: str

    @dataclass(frozen=True, kw_only=True)
    class HandlersAssigned(Event):
        handlers: tuple[Handler, ...]
        handling_unit: str

    @dataclass(frozen=True, kw_only=True)
    class Extended(Event):
        granted_on: date
        length: int | None

    @dataclass(frozen=True, kw_only=True)
    class Suspended(Event):
        suspended_on: date

    @dataclass(frozen=True, kw_only=True)
    class Resumed(Event):
        resumed_on: date

    @dataclass(frozen=True, kw_only=True)
    class Withdrawn(Event):
        withdrawn_on: date

    @dataclass(frozen=True, kw_only=True)
    class Concluded(Event):
        concluded_on: date
        conclusion: str

    @dataclass(frozen=True, kw_only=True)
    class Closed(Event):
        closed_on: date

    @dataclass(frozen=True, kw_only=True)
    class Reopened(Event):
        reopened_on: date

    @dataclass(frozen=True, kw_only=True)
    class ReferralUrged(Event):
        urged_on: date
        note: str

    @dataclass(frozen=True, kw_only=True)
    class ReferralReplied(Event):
        replied_on: date
        summary: str

    @dataclass(frozen=True, kw_only=True)
    class IdentityShredded(Event):
        shredded_on: date

    @dataclass(frozen=True, kw_only=True)
    class DeadlinesSet(Event):
        """The deadlines as computed after the command that changed their inputs."""

        dues: tuple[Due, ...]


fold_petition: Fold[Petition] = Fold(Petition)


@fold_petition.on(Petition.Received)
def _received(_: None, e: Petition.Received) -> Petition:
    return new_record(
        Petition, e, channel=e.channel, received_on=e.received_on, entered_on=e.entered_on,
        backdated=e.backdated, postmark_on=e.postmark_on, forwarded_by=e.forwarded_by,
        summary=e.summary, secrecy=e.secrecy, identity=e.identity,
    )


@fold_petition.on(Petition.Registered)
def _registered(p: Petition, e: Petition.Registered) -> Petition:
    return replace(p, status=PetitionStatus.REGISTERED, book_year=e.book_year,
                   book_number=e.book_number)


@fold_petition.on(Petition.Classified)
def _classified(p: Petition, e: Petition.Classified) -> Petition:
    return replace(
        p, status=PetitionStatus.CLASSIFIED, petition_class=e.petition_class, contents=e.contents,
        eligible=e.eligible, ineligibility_reason=e.ineligibility_reason, anonymity=e.anonymity,
        verifiable=e.verifiable, about_party_member=e.about_party_member,
        same_content_as=e.same_content_as, secrecy=e.secrecy,
    )


@fold_petition.on(Petition.SecrecyRaised)
def _secrecy_raised(p: Petition, e: Petition.SecrecyRaised) -> Petition:
    return replace(p, secrecy=e.secrecy)


@fold_petition.on(Petition.LinkedAsRepeat)
def _linked(p: Petition, e: Petition.LinkedAsRepeat) -> Petition:
    return replace(p, status=PetitionStatus.LINKED, repeat_of=e.earlier_id,
                   same_content_as=e.earlier_id, decided_on=e.linked_on)


@fold_petition.on(Petition.Accepted)
def _accepted(p: Petition, e: Petition.Accepted) -> Petition:
    return replace(p, status=PetitionStatus.ACCEPTED, handling=Handling.ACCEPTED,
                   decided_on=e.accepted_on, accepted_on=e.accepted_on, complexity=e.complexity,
                   remote=e.remote, instance=e.instance, handling_unit=e.handling_unit)


@fold_petition.on(Petition.Referred)
def _referred(p: Petition, e: Petition.Referred) -> Petition:
    return replace(p, status=PetitionStatus.REFERRED, handling=Handling.REFERRED,
                   decided_on=e.referred_on,
                   referrals=(*p.referrals, Referral(e.to_body, e.referred_on)))


@fold_petition.on(Petition.Guided)
def _guided(p: Petition, e: Petition.Guided) -> Petition:
    return replace(p, status=PetitionStatus.GUIDED, handling=Handling.GUIDED,
                   decided_on=e.guided_on, guided_to=e.guided_to)


@fold_petition.on(Petition.Filed)
def _filed(p: Petition, e: Petition.Filed) -> Petition:
    return replace(p, status=PetitionStatus.FILED, handling=Handling.FILED, decided_on=e.filed_on)


@fold_petition.on(Petition.Notified)
def _notified(p: Petition, e: Petition.Notified) -> Petition:
    return replace(p, notifications=(*p.notifications, e.notified_on))


@fold_petition.on(Petition.HandlersAssigned)
def _handlers(p: Petition, e: Petition.HandlersAssigned) -> Petition:
    return replace(p, handlers=e.handlers, handling_unit=e.handling_unit)


@fold_petition.on(Petition.Extended)
def _extended(p: Petition, e: Petition.Extended) -> Petition:
    return replace(p, extensions=(*p.extensions, Extension(e.granted_on, e.reason or "",
                                                           e.length)))


@fold_petition.on(Petition.Suspended)
def _suspended(p: Petition, e: Petition.Suspended) -> Petition:
    return replace(p, status=PetitionStatus.SUSPENDED,
                   pauses=(*p.pauses, Pause(e.suspended_on, None, e.reason or "")))


@fold_petition.on(Petition.Resumed)
def _resumed(p: Petition, e: Petition.Resumed) -> Petition:
    last = p.pauses[-1]
    closed = Pause(last.suspended_on, e.resumed_on, last.reason)
    return replace(p, status=PetitionStatus.ACCEPTED, pauses=(*p.pauses[:-1], closed))


@fold_petition.on(Petition.Withdrawn)
def _withdrawn(p: Petition, e: Petition.Withdrawn) -> Petition:
    return replace(p, status=PetitionStatus.WITHDRAWN, withdrawn_on=e.withdrawn_on)


@fold_petition.on(Petition.Concluded)
def _concluded(p: Petition, e: Petition.Concluded) -> Petition:
    return replace(p, status=PetitionStatus.CONCLUDED, concluded_on=e.concluded_on,
                   conclusion=e.conclusion)


@fold_petition.on(Petition.Closed)
def _closed(p: Petition, e: Petition.Closed) -> Petition:
    return replace(p, status=PetitionStatus.CLOSED, closed_on=e.closed_on)


@fold_petition.on(Petition.Reopened)
def _reopened(p: Petition, e: Petition.Reopened) -> Petition:
    return replace(p, status=PetitionStatus.ACCEPTED, handling=Handling.ACCEPTED,
                   accepted_on=e.reopened_on, decided_on=e.reopened_on, extensions=(),
                   pauses=(), concluded_on=None, conclusion=None, closed_on=None,
                   withdrawn_on=None, reopenings=p.reopenings + 1)


@fold_petition.on(Petition.ReferralUrged)
def _urged(p: Petition, e: Petition.ReferralUrged) -> Petition:
    return replace(p, referral_urgings=p.referral_urgings + 1)


@fold_petition.on(Petition.ReferralReplied)
def _replied(p: Petition, e: Petition.ReferralReplied) -> Petition:
    return replace(p, referral_reply_on=e.replied_on)


@fold_petition.on(Petition.IdentityShredded)
def _shredded(p: Petition, e: Petition.IdentityShredded) -> Petition:
    return replace(p, shredded_on=e.shredded_on)


@fold_petition.on(Petition.DeadlinesSet)
def _dues(p: Petition, e: Petition.DeadlinesSet) -> Petition:
    return replace(p, dues=e.dues)


# The petition book ---------------------------------------------------------------------------


def book_id(year: int) -> UUID:
    return uuid5(PETITION_NAMESPACE, f"petition-book|{year}")


@dataclass(frozen=True, kw_only=True)
class PetitionBook(Record):
    """Sổ tiếp nhận đơn thư of one year: numbers from 01, no gap, no duplicate."""

    year: int
    last: int = 0

    @dataclass(frozen=True, kw_only=True)
    class Opened(Event):
        year: int

    @dataclass(frozen=True, kw_only=True)
    class NumberTaken(Event):
        number: int
        petition_id: UUID


fold_book: Fold[PetitionBook] = Fold(PetitionBook)


@fold_book.on(PetitionBook.Opened)
def _book_opened(_: None, e: PetitionBook.Opened) -> PetitionBook:
    return new_record(PetitionBook, e, year=e.year)


@fold_book.on(PetitionBook.NumberTaken)
def _book_number(b: PetitionBook, e: PetitionBook.NumberTaken) -> PetitionBook:
    return replace(b, last=max(b.last, e.number))


# Access to the identity ----------------------------------------------------------------------


def access_log_id(petition_id: UUID) -> UUID:
    return uuid5(PETITION_NAMESPACE, f"identity-access|{petition_id}")


@dataclass(frozen=True, kw_only=True)
class IdentityAccess(Record):
    """Every reading of a petition's identity, and every refused attempt (access audit)."""

    petition_id: UUID
    secrecy: Secrecy
    reveals: int = 0
    refusals: int = 0
    flagged: int = 0

    @dataclass(frozen=True, kw_only=True)
    class Opened(Event):
        petition_id: UUID
        secrecy: Secrecy

    @dataclass(frozen=True, kw_only=True)
    class Revealed(Event):
        """The identity was shown to ``actor``, with the reason given."""

        petition_id: UUID
        fields: tuple[str, ...]
        as_handler: bool
        flagged_for_review: bool

    @dataclass(frozen=True, kw_only=True)
    class RevealRefused(Event):
        """An attempt to read the identity was refused (recorded; answered 403)."""

        petition_id: UUID
        rule: str


fold_access: Fold[IdentityAccess] = Fold(IdentityAccess)


@fold_access.on(IdentityAccess.Opened)
def _access_opened(_: None, e: IdentityAccess.Opened) -> IdentityAccess:
    return new_record(IdentityAccess, e, petition_id=e.petition_id, secrecy=e.secrecy)


@fold_access.on(IdentityAccess.Revealed)
def _revealed(a: IdentityAccess, e: IdentityAccess.Revealed) -> IdentityAccess:
    return replace(a, reveals=a.reveals + 1, flagged=a.flagged + int(e.flagged_for_review))


@fold_access.on(IdentityAccess.RevealRefused)
def _refused(a: IdentityAccess, e: IdentityAccess.RevealRefused) -> IdentityAccess:
    return replace(a, refusals=a.refusals + 1)
