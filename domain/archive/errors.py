"""The rules of the archive, one error class each (named for the rule they protect)."""

from __future__ import annotations

from domain.errors import InvalidValue, RuleViolation, TransitionRefused

# Documents -------------------------------------------------------------------------------------


class DirectiveTypeNotOutgoing(InvalidValue):
    """Directive types (NQ, CT, KL, …) get their number when the directive is issued, not here."""


class DocumentAlreadyFiled(RuleViolation):
    """A document belongs to one file (hồ sơ) at most."""


class DocumentNotPassedOn(TransitionRefused):
    """Progress and replies are recorded on incoming documents already passed on to a handler."""


class DocumentDestroyed(TransitionRefused):
    """A destroyed document keeps only its tombstone: nothing more is attached, passed or lent."""


class FollowUpAlreadyDone(TransitionRefused):
    """A document whose reply is recorded has no further follow-up."""


class OutgoingDocumentFrozen(TransitionRefused):
    """A recalled or replaced outgoing document is frozen: no dispatch, attachment or correction."""


class DeadlineBeforePassingOn(InvalidValue):
    """A handling deadline is on or after the day the document is passed on."""


class DateBeforeRegistration(InvalidValue):
    """Follow-up actions are dated on or after the document's arrival or issue."""


class AttachmentAlreadyThere(RuleViolation):
    """The same content is attached to a document once."""


# Files -------------------------------------------------------------------------------------------


class FileNotOpen(TransitionRefused):
    """Documents are added to, and a file is closed from, the open state only."""


class FileNotClosed(TransitionRefused):
    """Only a closed file (not yet handed over) is handed over or kept back."""


class EmptyFileNotClosed(RuleViolation):
    """A file is closed with at least one document in it."""


class EndBeforeOpening(InvalidValue):
    """The work of a file ends on or after the day the file was opened."""


class RetentionTooShortForArchive(RuleViolation):
    """Only files kept 5 years or more are handed over to the office archive."""


class KeepBackTooLong(RuleViolation):
    """A unit keeps a file back at most 2 years beyond the handover deadline."""


class ArchivalCodeTaken(RuleViolation):
    """An archival code (fonds, inventory, file number) identifies one file."""


class FileNotInArchive(TransitionRefused):
    """Transfer to the historical archive needs a file handed over to the office archive."""


class SecretFileNotTransferred(RuleViolation):
    """Secret files go to the historical archive only after declassification."""


class OnlyPermanentFilesTransferred(RuleViolation):
    """Only files kept permanently are transferred to the historical archive."""


class NotALowerSecrecy(InvalidValue):
    """Declassification lowers a file's secrecy level."""


class FileGone(TransitionRefused):
    """A destroyed or transferred file takes no further action in this office."""


class UnknownHold(RuleViolation):
    """The hold id is not an active hold of this file."""


class UnknownRetentionClass(InvalidValue):
    """The retention class is not (or no longer) in the retention table."""


# Access ------------------------------------------------------------------------------------------


class AccessRequestNotPending(TransitionRefused):
    """Only a pending request is approved or refused."""


class AccessNotApproved(TransitionRefused):
    """An item is handed out only on an approved request, once."""


class NotHandedOut(TransitionRefused):
    """Only an item handed out and not yet returned comes back."""


class LoanNeedsDueDate(InvalidValue):
    """A loan is approved with the date it is due back, on or after the approval."""


# Disposal ----------------------------------------------------------------------------------------


class RetentionNotExpired(RuleViolation):
    """Only files past their retention period are disposed of; permanent files never are."""


class LegalHoldBlocksDisposal(RuleViolation):
    """A file under a legal hold is neither proposed for disposal nor destroyed."""


class FileNotDisposable(RuleViolation):
    """Only closed or archived files (not open, transferred or destroyed) are disposed of."""


class DisposalDecisionMissing(TransitionRefused):
    """Destruction needs the competent head's decision on the council's proposal."""


class DisposalAlreadyDecided(TransitionRefused):
    """A proposal is decided once."""


class DisposalClosed(TransitionRefused):
    """A destroyed or cancelled disposal takes no further action."""


class DestructionWindowPassed(RuleViolation):
    """Destruction happens within 15 days of the decision; after that a new decision is needed."""


class CouncilRequired(InvalidValue):
    """A disposal is proposed by an appraisal council of at least three members."""


# Dates and values ----------------------------------------------------------------------------------


class DateInFuture(InvalidValue):
    """Arrival, hand-out and similar dates are facts: they are not after today (office time zone)."""


class DocumentDatedAfterArrival(InvalidValue):
    """A document cannot be dated after the day it arrived."""


class AlreadySent(TransitionRefused):
    """An outgoing document is dispatched once; corrections go out as letters of their own."""
