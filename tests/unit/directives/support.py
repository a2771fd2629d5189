"""Directive and assignment states for unit tests, built by the rules and folded by the folds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from domain.actors import Secrecy
from domain.directives.model import Assignment, Directive, fold_assignment, fold_directive
from domain.directives.rules import drafting, follow_up, issuing
from domain.events import Event
from domain.numbering import rules as numbering
from domain.numbering.rules import Allocation
from domain.records import Context
from tests.unit.reference.support import catalogues, ctx

DID = UUID(int=10)
OTHER = UUID(int=11)
AID = UUID(int=20)
ISSUED_ON = date(2026, 3, 2)


def then(d: Directive, events: Sequence[Event]) -> Directive:
    """``d`` after those of ``events`` that are its own."""
    after = fold_directive(d, [e for e in events if e.originator_id == d.id])
    assert after is not None
    return after


def drafted(directive_id: UUID = DID, *, document_type: str = "CT",
            secrecy: Secrecy = Secrecy.NONE) -> Directive:
    c = catalogues()
    events = drafting.draft(ctx(), directive_id=directive_id, types=c.types, issuers=c.issuers,
                            units=c.units, document_type=document_type, title="Về kỷ luật",
                            issuer="TU", drafting_unit="VP", secrecy=secrecy)
    d = fold_directive(None, events)
    assert d is not None
    return d


def appraised(directive_id: UUID = DID) -> Directive:
    d = drafted(directive_id)
    return then(d, drafting.appraise(ctx(), d, passed=True))


def allocation_for(d: Directive, *, on: date = ISSUED_ON, number: int | None = None
                   ) -> Allocation:
    """The first number of ``d``'s series (no series yet), or ``number``."""
    c = catalogues()
    issuer = c.issuers.issuers[d.issuer]
    key = numbering.series_key(issuer, c.types.types[d.document_type], on=on, secrecy=d.secrecy,
                               terms=c.terms)
    return numbering.allocate(ctx(), None, key=key, issuer=issuer, document_id=d.id,
                              number=number)


def issued(directive_id: UUID = DID, *, on: date = ISSUED_ON) -> Directive:
    d = appraised(directive_id)
    return then(d, issuing.issue(ctx(), d, allocation_for(d, on=on), issued_on=on,
                                 signer="Nguyễn Văn A", signer_title="Bí thư"))


def disseminated(directive_id: UUID = DID) -> Directive:
    d = issued(directive_id)
    return then(d, follow_up.disseminate(ctx(), d, disseminated_on=date(2026, 3, 9),
                                         form="Hội nghị"))


def assigned(d: Directive, assignment_id: UUID = AID, *, c: Context | None = None,
             deadline: date = date(2026, 6, 30)) -> tuple[Directive, Assignment]:
    """``d`` with a task to BTC (BNC co-operating, VP monitoring), and the new assignment."""
    events = follow_up.assign(c or ctx(), d, assignment_id=assignment_id,
                              units=catalogues().units, task="Xây dựng kế hoạch",
                              lead_unit="BTC", cooperating_units=["BNC"],
                              monitoring_units=["VP"], assigned_on=date(2026, 3, 10),
                              deadline=deadline)
    a = fold_assignment(None, [e for e in events if e.originator_id == assignment_id])
    assert a is not None
    return then(d, events), a


def final_reviewed(d: Directive) -> Directive:
    return then(d, follow_up.review_final(ctx(), d, reviewed_on=date(2026, 9, 1),
                                          summary="Tổng kết"))
