"""Incoming and outgoing documents: one of each (the commands — registration, passing on,
follow-up, dispatch, correction, replacement, recall — are in ``api/commands/archive.py``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.kinds import INCOMING, OUTGOING
from api.reading import Seen, reading
from api.routers.archive.common import show
from domain.archive.values import ItemKind
from domain.records import Record

router = APIRouter(prefix="/archive", tags=["archive"])


@router.get("/incoming/{document_id}", summary="Một văn bản đến")
def get_incoming(
    request: Request,
    seen: Annotated[Seen[Record], reading(INCOMING, "archive.read", param="document_id")],
) -> Response:
    return show(request, seen, ItemKind.INCOMING)


@router.get("/outgoing/{document_id}", summary="Một văn bản đi")
def get_outgoing(
    request: Request,
    seen: Annotated[Seen[Record], reading(OUTGOING, "archive.read", param="document_id")],
) -> Response:
    return show(request, seen, ItemKind.OUTGOING)
