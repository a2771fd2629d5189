"""The reference-data commands: units, issuers, document types, committee terms."""

from __future__ import annotations

from api.commands.spec import CommandSpec
from api.schemas.reference import DocumentTypeIn, IssuerIn, TermIn, UnitIn

R = ("reference",)

COMMANDS = (
    CommandSpec(
        name="reference.unit", permission="reference.change", path="/reference/units",
        summary="Thêm hoặc sửa đơn vị", tags=R, body=UnitIn,
        run=lambda c: c.office.reference.define_unit(c.ctx, **c.body.model_dump())),
    CommandSpec(
        name="reference.issuer", permission="reference.change", path="/reference/issuers",
        summary="Thêm hoặc sửa cơ quan ban hành", tags=R, body=IssuerIn,
        run=lambda c: c.office.reference.define_issuer(c.ctx, **c.body.model_dump())),
    CommandSpec(
        name="reference.document_type", permission="reference.change",
        path="/reference/document-types", summary="Thêm hoặc sửa loại văn bản", tags=R,
        body=DocumentTypeIn,
        run=lambda c: c.office.reference.define_document_type(
            c.ctx, code=c.body.code, name=c.body.name, directive=c.body.directive,
            symbols=[(s.system, s.symbol, s.effective_from) for s in c.body.symbols],
            active=c.body.active)),
    CommandSpec(
        name="reference.term", permission="reference.change", path="/reference/terms",
        summary="Thêm hoặc sửa nhiệm kỳ", tags=R, body=TermIn,
        run=lambda c: c.office.reference.define_term(c.ctx, **c.body.model_dump())),
)
