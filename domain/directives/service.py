"""Commands on directives: the lifecycle from draft to close, amendment, supersession, revocation.

Each command loads the records it names (checking the caller's If-Match), looks up the facts its
rule needs (reference catalogues, the next number of a series, the directive's assignments), lets
the rule decide (``domain.directives.rules``) and records the events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID, uuid4

from domain.actors import Secrecy
from domain.application import OfficeApplication, Receipt
from domain.directives.assignments import AssignmentCommands
from domain.directives.model import Assignment, Directive, fold_directive
from domain.directives.rules import drafting, ending, follow_up, issuing
from domain.numbering.service import Numbering
from domain.records import Context, expect_version
from domain.reference.service import Reference


class Directives(AssignmentCommands, OfficeApplication):
    """Application service for directives and their assignments."""

    reference: Reference
    numbering: Numbering

    def wire(self, reference: Reference) -> None:
        """Called once by the wiring: the reference data and the numbering service."""
        self.reference = reference
        self.numbering = Numbering(self, reference)

    # Loading ------------------------------------------------------------------------------------

    def get(self, directive_id: UUID, *, version: int | None = None) -> Directive:
        return self.load(directive_id, fold_directive, version=version)

    def _at(self, directive_id: UUID, expected: int | None) -> Directive:
        """The directive, which must be at the version the caller decided on (If-Match)."""
        d = self.get(directive_id)
        expect_version(d, expected)
        return d

    def _assignments(self, d: Directive) -> list[Assignment]:
        return [self.get_assignment(a) for a in d.assignments]

    # Before issue ---------------------------------------------------------------------------

    def draft(
        self, ctx: Context, *, document_type: str, title: str, issuer: str, drafting_unit: str,
        summary: str = "", secrecy: Secrecy = Secrecy.NONE,
    ) -> Receipt:
        directive_id = uuid4()
        events = drafting.draft(
            ctx, directive_id=directive_id, types=self.reference.document_types(),
            issuers=self.reference.issuers(), units=self.reference.units(),
            document_type=document_type, title=title, issuer=issuer, drafting_unit=drafting_unit,
            summary=summary, secrecy=secrecy,
        )
        return self.record(events, record_id=directive_id)

    def revise(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, title: str | None = None,
        summary: str | None = None, secrecy: Secrecy | None = None,
    ) -> Receipt:
        d = self._at(directive_id, expected)
        events = drafting.revise(ctx, d, title=title, summary=summary, secrecy=secrecy)
        return self.record(events, record_id=d.id)

    def appraise(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, passed: bool,
        comments: str | None = None,
    ) -> Receipt:
        d = self._at(directive_id, expected)
        events = drafting.appraise(ctx, d, passed=passed, comments=comments)
        return self.record(events, record_id=d.id)

    def issue(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, issued_on: date,
        signer: str, signer_title: str,
    ) -> Receipt:
        """Issue with the next number of its series (retried if another issue took it first)."""

        def attempt() -> Receipt:
            d = issuing.may_issue(self._at(directive_id, expected))
            allocation = self.numbering.allocate(
                ctx, issuer=d.issuer, document_type=d.document_type, on=issued_on,
                secrecy=d.secrecy, document_id=d.id,
            )
            events = issuing.issue(ctx, d, allocation, issued_on=issued_on, signer=signer,
                                   signer_title=signer_title)
            return self.record(events, record_id=d.id)

        return self.retrying(attempt)

    def import_issued(
        self, ctx: Context, *, document_type: str, title: str, issuer: str, drafting_unit: str,
        number: int, issued_on: date, signer: str, signer_title: str, summary: str = "",
        secrecy: Secrecy = Secrecy.NONE,
    ) -> Receipt:
        """Enter a directive issued before the system, with its number from the past register."""
        types, units = self.reference.document_types(), self.reference.units()
        doc_type = issuing.importable(types, units, document_type=document_type,
                                      drafting_unit=drafting_unit)
        directive_id = uuid4()
        allocation = self.numbering.allocate(
            ctx, issuer=issuer, document_type=doc_type.code, on=issued_on,
            secrecy=Secrecy(secrecy), document_id=directive_id, number=number,
        )
        events = issuing.import_issued(
            ctx, allocation, directive_id=directive_id, types=types, units=units,
            document_type=document_type, title=title, issuer=issuer, drafting_unit=drafting_unit,
            issued_on=issued_on, signer=signer, signer_title=signer_title, summary=summary,
            secrecy=secrecy,
        )
        return self.record(events, record_id=directive_id)

    # After issue ------------------------------------------------------------------------------

    def disseminate(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, disseminated_on: date,
        form: str, participants: int = 0, note: str | None = None,
    ) -> Receipt:
        d = self._at(directive_id, expected)
        events = follow_up.disseminate(ctx, d, disseminated_on=disseminated_on, form=form,
                                       participants=participants, note=note)
        return self.record(events, record_id=d.id)

    def assign(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, task: str,
        lead_unit: str, deadline: date, assigned_on: date,
        cooperating_units: Iterable[str] = (), monitoring_units: Iterable[str] = (),
    ) -> Receipt:
        """Give a task to a lead unit with co-operating and monitoring units and a deadline."""
        d = self._at(directive_id, expected)
        assignment_id = uuid4()
        events = follow_up.assign(
            ctx, d, assignment_id=assignment_id, units=self.reference.units(), task=task,
            lead_unit=lead_unit, deadline=deadline, assigned_on=assigned_on,
            cooperating_units=cooperating_units, monitoring_units=monitoring_units,
        )
        return self.record(events, record_id=assignment_id)

    def inspect(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, inspected_on: date,
        inspecting_unit: str, findings: str,
    ) -> Receipt:
        d = self._at(directive_id, expected)
        events = follow_up.inspect(ctx, d, units=self.reference.units(),
                                   inspected_on=inspected_on, inspecting_unit=inspecting_unit,
                                   findings=findings)
        return self.record(events, record_id=d.id)

    def review_preliminary(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, reviewed_on: date,
        summary: str,
    ) -> Receipt:
        d = self._at(directive_id, expected)
        events = follow_up.review_preliminary(ctx, d, reviewed_on=reviewed_on, summary=summary)
        return self.record(events, record_id=d.id)

    def review_final(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, reviewed_on: date,
        summary: str,
    ) -> Receipt:
        d = self._at(directive_id, expected)
        events = follow_up.review_final(ctx, d, reviewed_on=reviewed_on, summary=summary)
        return self.record(events, record_id=d.id)

    def close_directive(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, closed_on: date
    ) -> Receipt:
        d = self._at(directive_id, expected)
        events = follow_up.close(ctx, d, self._assignments(d), closed_on=closed_on)
        return self.record(events, record_id=d.id)

    def amend(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, reference: str,
        summary: str, amended_on: date,
    ) -> Receipt:
        d = self._at(directive_id, expected)
        events = follow_up.amend(ctx, d, reference=reference, summary=summary,
                                 amended_on=amended_on)
        return self.record(events, record_id=d.id)

    def supersede(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, successor_id: UUID
    ) -> Receipt:
        """Mark this directive superseded by ``successor_id``; both records link to each other."""
        d = self._at(directive_id, expected)
        successor = self.find(successor_id, fold_directive)
        events = ending.supersede(ctx, d, successor, self._assignments(d),
                                  successor_id=successor_id)
        return self.record(events, record_id=d.id)

    def revoke(
        self, ctx: Context, directive_id: UUID, expected: int | None, *, revoked_on: date
    ) -> Receipt:
        d = self._at(directive_id, expected)
        events = ending.revoke(ctx, d, self._assignments(d), revoked_on=revoked_on)
        return self.record(events, record_id=d.id)
