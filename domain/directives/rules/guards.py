"""Rules shared by several directive commands: the directive must be in force, and follow-up is
dated on or after the issue date."""

from __future__ import annotations

from datetime import date

from domain.directives.errors import DateBeforeIssue, DirectiveNotInForce, DirectiveNotIssued
from domain.directives.model import BEFORE_ISSUE, ENDED, Directive


def require_in_force(d: Directive) -> Directive:
    """Follow-up (dissemination, tasks, inspection, reviews, close, amendment, supersession,
    revocation) needs an issued directive that is not closed, superseded or revoked."""
    if d.status in BEFORE_ISSUE:
        msg = f"văn bản chưa ban hành (directive not issued; status {d.status.label})"
        raise DirectiveNotIssued(msg, state=d.status.value)
    if d.status in ENDED:
        msg = f"văn bản đã {d.status.label.lower()} (directive no longer in force)"
        raise DirectiveNotInForce(msg, state=d.status.value)
    return d


def not_before_issue(d: Directive, day: date, field: str) -> date:
    """A follow-up action is dated on or after the directive's issue date."""
    if d.issued_on is not None and day < d.issued_on:
        msg = f"{field}: trước ngày ban hành {d.issued_on.isoformat()} (before the issue date)"
        raise DateBeforeIssue(msg, field=field)
    return day
