"""Before issue: a directive is drafted, revised while it is a draft, and appraised (thẩm định)."""

from __future__ import annotations

from uuid import UUID

from domain.actors import Secrecy
from domain.directives.errors import DirectiveNotDraft, NotADirectiveType, ReturnNeedsComments
from domain.directives.model import Directive, DirectiveStatus
from domain.events import Event
from domain.records import Context
from domain.reference import catalogue
from domain.reference.model import DocumentTypes, Issuers, Units
from domain.text import clean, clean_optional


def draft(
    ctx: Context, *, directive_id: UUID, types: DocumentTypes | None, issuers: Issuers | None,
    units: Units | None, document_type: str, title: str, issuer: str, drafting_unit: str,
    summary: str = "", secrecy: Secrecy = Secrecy.NONE,
) -> list[Event]:
    """A new draft of one of the committee's directive types (NQ, CT, KL, QĐ, …) by a known
    issuer and drafting unit. Other types (công văn, báo cáo, …) are outgoing documents,
    registered and numbered by the archive."""
    doc_type = catalogue.document_type(types, document_type)
    if not doc_type.directive:
        msg = (f"{doc_type.name} không phải văn bản chỉ đạo; hãy đăng ký ở sổ văn bản đi "
               "(not a directive type; register it as an outgoing document)")
        raise NotADirectiveType(msg, field="document_type")
    catalogue.issuer(issuers, issuer)
    catalogue.unit(units, drafting_unit)
    return [ctx.event(
        Directive.Drafted, directive_id, 1, document_type=doc_type.code,
        title=clean(title, "title", max_length=1000),
        summary=clean(summary, "summary", required=False),
        issuer=issuer, drafting_unit=drafting_unit, secrecy=Secrecy(secrecy),
    )]


def revise(
    ctx: Context, d: Directive, *, title: str | None = None, summary: str | None = None,
    secrecy: Secrecy | None = None,
) -> list[Event]:
    """A draft, or a draft returned by appraisal, is revised (what is not given stays); it is a
    draft again, to be appraised."""
    if d.status not in (DirectiveStatus.DRAFT, DirectiveStatus.RETURNED):
        msg = f"chỉ sửa được dự thảo (only a draft can be revised; status {d.status.label})"
        raise DirectiveNotDraft(msg, state=d.status.value)
    return [ctx.follow(
        d, Directive.Revised,
        title=clean(title, "title", max_length=1000) if title is not None else d.title,
        summary=clean(summary, "summary", required=False) if summary is not None else d.summary,
        secrecy=Secrecy(secrecy) if secrecy is not None else d.secrecy,
    )]


def appraise(ctx: Context, d: Directive, *, passed: bool, comments: str | None = None
             ) -> list[Event]:
    """A draft passes appraisal, or is returned for revision with the appraiser's comments."""
    if d.status is not DirectiveStatus.DRAFT:
        msg = f"chỉ thẩm định dự thảo (only a draft is appraised; status {d.status.label})"
        raise DirectiveNotDraft(msg, state=d.status.value)
    text = clean_optional(comments, "comments")
    if not passed and not text:
        msg = "comments: trả lại dự thảo phải kèm ý kiến (a return needs comments)"
        raise ReturnNeedsComments(msg, field="comments")
    return [ctx.follow(d, Directive.Appraised, passed=passed, comments=text)]
