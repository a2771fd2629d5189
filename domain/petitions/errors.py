"""The rules of the petition lifecycle, one error class each.

Messages carry codes, dates, numbers and states only: never a petitioner's identity (design
invariant 6), so the API may show them as they are.
"""

from __future__ import annotations

from typing import ClassVar

from domain.errors import DomainError, InvalidValue, NotPermitted, RuleViolation, TransitionRefused


class PetitionNotInState(TransitionRefused):
    """The command does not apply to the petition's current state (e.g. classify before register)."""


class PetitionAlreadyRegistered(TransitionRefused):
    """A petition takes one number in the petition book."""


class ReceiptDateInFuture(InvalidValue):
    """The business date of receipt is on or before the day it is entered."""


class ChannelDetailsMismatch(InvalidValue):
    """A postmark belongs to a petition received by post; a forwarded petition names its sender."""


class IneligibilityNeedsReason(InvalidValue):
    """A petition classified as not eligible for handling says why (Thông tư 05/2021/TT-TTCP)."""


class AnonymousPetitionNotEligible(InvalidValue):
    """An anonymous or false-name petition is not handled, except a denunciation that names a
    violator, gives concrete evidence and can be verified (Luật Tố cáo 2018, Art 25)."""


class SeveralContentsNeedContents(InvalidValue):
    """A petition with several contents lists at least two of them."""


class IneligiblePetitionNotAccepted(RuleViolation):
    """Only a petition classified as eligible for handling is accepted (thụ lý)."""


class DenunciationAlreadyReferred(RuleViolation):
    """A denunciation is referred only once for the same content."""


class RepeatTargetInvalid(RuleViolation):
    """A repeat is linked to another, earlier petition, never to itself."""


class NoDeadlineToExtend(RuleViolation):
    """Extensions and suspensions apply to an accepted case whose rule sets a resolution period."""


class ExtensionsExhausted(RuleViolation):
    """The rule in force allows that many extensions and no more (Luật Tố cáo 2018, Art 30)."""


class ExtensionTooLongForRule(InvalidValue):
    """An extension is at most the rule's extension length ("không quá 30 ngày")."""


class ExtensionAfterDeadline(RuleViolation):
    """An extension is granted on or before the due date it extends."""


class ClockEventOutOfOrder(InvalidValue):
    """Suspension, resumption and extension dates follow the trigger and each other."""


class NoDeadlineRuleInForce(RuleViolation):
    """No version of the deadline rule applies to a case triggered on that date."""


class HandlersRequired(RuleViolation):
    """An accepted case is concluded by its assigned handlers: assign at least one first."""


class HandlerNotCleared(RuleViolation):
    """Everyone handling a case is cleared for its secrecy: a handler is assigned only if their
    clearance covers it, and the secrecy is raised only if every current handler is cleared for
    the new level. The refusal names the handlers to reassign (user id and username)."""


class NotAHigherSecrecy(InvalidValue):
    """Raising a petition's secrecy names a level above its current one."""


class ReferralNotMade(TransitionRefused):
    """Follow-up (urging, the receiving body's reply) applies to a referred petition."""


class ReopenOnlyDenunciation(RuleViolation):
    """A closed case is reopened only on a renewed denunciation."""


class RetentionNotElapsed(RuleViolation):
    """The identity key is destroyed only after the petition file's retention period."""


class RevealNotPermitted(NotPermitted):
    """Only the case's handlers, and leaders or inspectors whose clearance covers the case, reveal
    a petitioner's identity. The refused attempt itself is recorded."""


class RevealNeedsClearance(RevealNotPermitted):
    """Whoever reads an identity, handlers included, holds a clearance covering the case's
    secrecy. The refused attempt itself is recorded."""


class NoIdentityRecorded(RuleViolation):
    """The petition was anonymous: there is no identity to reveal."""


class IdentityShredded(DomainError):
    """The petition's key was destroyed (crypto-shredding): its identity can no longer be read."""

    status: ClassVar[int] = 410
    title: ClassVar[str] = "Thông tin nhân thân đã bị hủy khóa"


class IdentityKeyMissing(DomainError):
    """The key store has no key for this petition although it was never shredded."""

    status: ClassVar[int] = 409
    title: ClassVar[str] = "Thiếu khóa giải mã"


class CalendarYearNotAdopted(DomainError):
    """A view needs the base holidays of a year that is not recorded yet (reads never write: years
    are adopted at start-up, at each year's end, or by `socai calendar adopt-years`)."""

    status = 422
    title = "Năm chưa có lịch nghỉ lễ cơ sở"

    @classmethod
    def of(cls, year: int) -> CalendarYearNotAdopted:
        command = f"socai calendar adopt-years --from {year} --through {year}"
        msg = (f"lịch nghỉ lễ cơ sở năm {year} chưa được ghi nhận; chạy `{command}` "
               f"(the base holidays of {year} are not adopted yet; run `{command}`)")
        return cls(msg, year=year, command=command)
