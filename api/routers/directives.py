"""Directives: the register and one directive's state (the commands are in
``api/commands/directives.py``)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from starlette.responses import Response

from api.auth import Principal, permit
from api.deps import AtPosition, BusinessTime, Limit, OfficeDep, readable_levels, time_axis
from api.http import Consistent, record_answer
from api.kinds import DIRECTIVE
from api.problems import Problem
from api.reading import Seen, reading
from api.schemas.common import FilterDate, PageOut
from api.views import directive_view
from domain.directives.model import Directive
from projections.directives.queries import DirectiveFilter, list_directives
from projections.query import BadCursor

router = APIRouter(prefix="/directives", tags=["directives"])


@router.get("", response_model=PageOut, summary="Sổ theo dõi văn bản chỉ đạo")
def register(
    principal: Annotated[Principal, permit("directive.read")], office: OfficeDep,
    _: Consistent, at: AtPosition, business: BusinessTime, limit: Limit = 50,
    cursor: str | None = None, sort: Literal["issued", "title", "drafted"] = "issued",
    document_type: str | None = None,
    status: str | None = None, unit: str | None = None, issuer: str | None = None,
    issued_from: FilterDate | None = None, issued_to: FilterDate | None = None,
    q: Annotated[str | None, Query(max_length=200, description="tìm trong trích yếu, số")] = None,
) -> PageOut:
    try:
        f = DirectiveFilter(document_type=document_type, status=status, unit=unit, issuer=issuer,
                            issued_from=issued_from, issued_to=issued_to, text=q)
        page = list_directives(office.store.db, f, readable=readable_levels(principal), sort=sort,
                               cursor=cursor, limit=limit, at_position=at, business=business)
    except BadCursor as exc:
        raise Problem(400, "bad-cursor", "Con trỏ phân trang không hợp lệ", str(exc)) from exc
    return PageOut(items=page.items, next_cursor=page.next_cursor, **time_axis(at, business))


@router.get("/{directive_id}", summary="Một văn bản chỉ đạo (trạng thái hiện tại)")
def get_directive(
    seen: Annotated[Seen[Directive], reading(DIRECTIVE, "directive.read", param="directive_id")],
    at: AtPosition,
) -> Response:
    return record_answer(seen.record, directive_view(seen.record) | time_axis(at, None))
