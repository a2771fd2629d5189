"""Status machines of the archive's records, as data: which event puts a record in which status.

Every archive record with a status (incoming and outgoing documents, files, access requests,
disposals) has one table from event class to the status the event leads to; an event missing from
the table leaves the status as it was. ``<kind>_status_after(status, event)`` (in each record's
module, made from its table by :func:`status_machine`) reads it: the record's fold and the
projections that show the status both call it, so the machine is written once. It needs only the
current status and the event, never the whole record, so a projection working on raw rows can use
it too.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import TypeVar

from domain.events import Event

S = TypeVar("S", bound=enum.Enum)


def status_after(table: Mapping[type[Event], S], status: S | None, event: Event) -> S:
    """The status after ``event``: the table's, or ``status`` unchanged if the event is not in it.

    A record's first event must be in the table (a record has a status from its creation)."""
    after = table.get(type(event))
    if after is not None:
        return after
    if status is None:
        msg = f"{type(event).__qualname__} does not create a record with a status"
        raise ValueError(msg)
    return status


def status_machine(table: Mapping[type[Event], S]) -> Callable[[S | None, Event], S]:
    """The function ``(status, event) -> status`` of a record kind whose status table is ``table``."""

    def status_after_event(status: S | None, event: Event) -> S:
        return status_after(table, status, event)

    return status_after_event
