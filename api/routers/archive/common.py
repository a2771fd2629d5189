"""What the archive routes share: views, answers with extra fields, clearance and access trail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any
from uuid import UUID

from fastapi import Request
from starlette.responses import Response

from api.auth import Principal, require_clearance
from api.bootstrap import Office
from api.deps import time_axis, version_at
from api.http import command_answer, context, record_answer
from domain.actors import Secrecy
from domain.application import Receipt
from domain.archive.values import ItemKind
from domain.records import Record


def answer(request: Request, receipt: Receipt, *, created: bool = False,
           location: str | None = None, **extra: Any) -> Response:
    """The usual command answer, with extra fields (a number taken, warnings) in the body."""
    return command_answer(request, receipt, created=created, location=location, extra=extra)


def view(record: Record) -> dict[str, Any]:
    """A record's current state with the labels of its enums."""
    body = asdict(record)
    for name in ("status", "secrecy", "urgency", "kind", "item_kind"):
        value = getattr(record, name, None)
        if value is not None and hasattr(value, "label"):
            body[f"{name}_label"] = value.label
    return body


def show(request: Request, principal: Principal, record: Record, kind: ItemKind,
         extra: dict[str, Any] | None = None) -> Response:
    """GET of one archive item: clearance checked; a secret item's view is an access event."""
    secrecy = getattr(record, "secrecy", Secrecy.NONE)
    require_clearance(principal, secrecy)
    trace(request, principal, kind, record.id, secrecy, "view")
    return record_answer(record, {**view(record), **(extra or {})})


def show_at(request: Request, principal: Principal, load: Callable[..., Record], record_id: UUID,
            kind: ItemKind, at: int | None,
            extra: Callable[[Any], dict[str, Any]] | None = None) -> Response:
    """GET of one archive item as it stood at log position ``at`` (None: now); the caller's
    clearance must cover the item's level then and now."""
    office: Office = request.app.state.office
    record = load(record_id, version=version_at(office, record_id, at))
    if at is not None:
        cleared(principal, load(record_id))
    return show(request, principal, record, kind,
                {**(extra(record) if extra else {}), **time_axis(at, None)})


def trace(request: Request, principal: Principal, kind: ItemKind, item_id: UUID,
          secrecy: Secrecy, what: str) -> None:
    """Every access to a secret item is an event (who, which item, what was read)."""
    if secrecy is Secrecy.NONE:
        return
    office: Office = request.app.state.office
    office.archive.record_access(context(request, principal), item_kind=kind, item_id=item_id,
                                 secrecy=secrecy, what=what)


def cleared(principal: Principal, record: Record) -> None:
    require_clearance(principal, getattr(record, "secrecy", Secrecy.NONE))
