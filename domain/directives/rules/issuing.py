"""Issue (ban hành): an appraised draft takes the next number of its series; a directive issued
before the system is entered with the number it already has.

The number is a fact the application gets from the numbering service (``Numbering.allocate``,
itself a pure decision on the series' state); its events are recorded with the directive's, so
the number and the directive are stored together or not at all. The state rule comes first: the
application checks ``may_issue`` (or ``importable``) before it allocates, so a draft that may not
be issued never reaches the numbering rules; the decision checks it again, so it stands alone.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.actors import Secrecy
from domain.directives.errors import DirectiveNotAppraised, NotADirectiveType
from domain.directives.model import Directive, DirectiveStatus
from domain.events import Event
from domain.numbering.rules import Allocation
from domain.records import Context
from domain.reference import catalogue
from domain.reference.model import DocumentType, DocumentTypes, Units
from domain.text import clean


def may_issue(d: Directive) -> Directive:
    """A directive is issued only after its draft passed appraisal."""
    if d.status is not DirectiveStatus.APPRAISED:
        msg = (f"văn bản phải được thẩm định đạt trước khi ban hành "
               f"(must pass appraisal first; status {d.status.label})")
        raise DirectiveNotAppraised(msg, state=d.status.value)
    return d


def issue(
    ctx: Context, d: Directive, allocation: Allocation, *, issued_on: date, signer: str,
    signer_title: str,
) -> list[Event]:
    """The appraised directive is issued with the number allocated in its series (the
    allocation's events first), signed by ``signer``."""
    may_issue(d)
    return [*allocation.events, ctx.follow(
        d, Directive.Issued, system=allocation.system, number=allocation.number,
        number_symbol=allocation.number_symbol, series_id=allocation.series_id,
        issued_on=issued_on, signer=clean(signer, "signer", max_length=200),
        signer_title=clean(signer_title, "signer_title", max_length=200),
    )]


def importable(types: DocumentTypes | None, units: Units | None, *, document_type: str,
               drafting_unit: str) -> DocumentType:
    """A past directive is of a directive type and names a known drafting unit."""
    doc_type = catalogue.document_type(types, document_type)
    if not doc_type.directive:
        msg = f"{doc_type.name} không phải văn bản chỉ đạo (not a directive type)"
        raise NotADirectiveType(msg, field="document_type")
    catalogue.unit(units, drafting_unit)
    return doc_type


def import_issued(
    ctx: Context, allocation: Allocation, *, directive_id: UUID, types: DocumentTypes | None,
    units: Units | None, document_type: str, title: str, issuer: str, drafting_unit: str,
    issued_on: date, signer: str, signer_title: str, summary: str = "",
    secrecy: Secrecy = Secrecy.NONE,
) -> list[Event]:
    """A directive issued before the system, entered from a past register with the number it
    carries (the allocation took that number in its series)."""
    doc_type = importable(types, units, document_type=document_type, drafting_unit=drafting_unit)
    return [*allocation.events, ctx.event(
        Directive.Imported, directive_id, 1, document_type=doc_type.code,
        title=clean(title, "title", max_length=1000),
        summary=clean(summary, "summary", required=False), issuer=issuer,
        drafting_unit=drafting_unit, secrecy=Secrecy(secrecy), system=allocation.system,
        number=allocation.number, number_symbol=allocation.number_symbol,
        series_id=allocation.series_id, issued_on=issued_on,
        signer=clean(signer, "signer", max_length=200),
        signer_title=clean(signer_title, "signer_title", max_length=200),
    )]
