"""What the archive's reads share: views, and the access trail of secret items."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from uuid import UUID

from fastapi import Request
from starlette.responses import Response

from api.auth import Principal
from api.bootstrap import Office
from api.deps import time_axis
from api.http import record_answer
from api.reading import Seen
from domain.actors import Secrecy
from domain.archive.values import ItemKind
from domain.records import Context, Record


def view(record: Record) -> dict[str, Any]:
    """A record's current state with the labels of its enums."""
    body = asdict(record)
    for name in ("status", "secrecy", "urgency", "kind", "item_kind"):
        value = getattr(record, name, None)
        if value is not None and hasattr(value, "label"):
            body[f"{name}_label"] = value.label
    return body


def show(request: Request, seen: Seen[Record], kind: ItemKind,
         extra: dict[str, Any] | None = None) -> Response:
    """GET of one archive item (checked by ``api.reading``) as it stood at ``seen.at``; a
    secret item's view is an access event."""
    record = seen.record
    secrecy = getattr(record, "secrecy", Secrecy.NONE)
    trace(request, seen.principal, kind, record.id, secrecy, "view")
    return record_answer(record, {**view(record), **(extra or {}), **time_axis(seen.at, None)})


def trace(request: Request, principal: Principal, kind: ItemKind, item_id: UUID,
          secrecy: Secrecy, what: str) -> None:
    """Every access to a secret item is an event (who, which item, what was read)."""
    if secrecy is Secrecy.NONE:
        return
    office: Office = request.app.state.office
    office.archive.record_access(Context(principal.actor, office.clock()), item_kind=kind,
                                 item_id=item_id, secrecy=secrecy, what=what)
