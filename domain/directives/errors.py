"""The rules of the directive lifecycle, one error class each."""

from __future__ import annotations

from domain.errors import InvalidValue, RuleViolation, TransitionRefused


class DirectiveNotDraft(TransitionRefused):
    """Only a draft (or a draft returned by appraisal) can be revised or appraised."""


class DirectiveNotAppraised(TransitionRefused):
    """A directive is issued only after its draft passed appraisal."""


class DirectiveNotIssued(TransitionRefused):
    """Dissemination, assignment, review, amendment, supersession and revocation need an issued
    directive."""


class DirectiveNotInForce(TransitionRefused):
    """A closed, superseded or revoked directive takes no further action."""


class DirectiveNotDisseminated(TransitionRefused):
    """Reviews come after the directive has been disseminated (quán triệt)."""


class FinalReviewDone(TransitionRefused):
    """After the final review (tổng kết) no new tasks or reviews are added; the next step is close."""


class FinalReviewMissing(TransitionRefused):
    """A directive is closed only after its final review."""


class OpenAssignmentsRemain(TransitionRefused):
    """A directive is closed only when every assignment is completed or cancelled."""


class AssignmentNotOpen(TransitionRefused):
    """Reports, urgings, extensions and completion apply to open assignments only."""


class NotADirectiveType(InvalidValue):
    """Only the committee's directive types (NQ, CT, KL, QĐ, TT, HD, TB, KH, CTr) are directives."""


class ReturnNeedsComments(InvalidValue):
    """A draft returned by appraisal carries the appraiser's comments."""


class DeadlineBeforeAssignment(InvalidValue):
    """An assignment's deadline is on or after the day it is assigned."""


class DeadlineNotLater(InvalidValue):
    """An extension moves the deadline later."""


class DateBeforeIssue(InvalidValue):
    """Follow-up actions are dated on or after the directive's issue date."""


class SupersessionInvalid(RuleViolation):
    """A directive is superseded by another issued directive in force, never by itself."""


class UnitRolesOverlap(InvalidValue):
    """A unit is lead, co-operating or monitoring on one assignment, not two of these at once."""
