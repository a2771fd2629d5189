"""Which fields of an event name another record, declared once.

Clearance is decided per record, but some events tell about a record other than their own: the
numbering series' ``NumberAllocated`` carries the id and the number of the document that took it, a
petition classified as having the same content as another names that other petition. An event that
names a record the reader may not see is withheld from them like an event of that record (the event
feed, histories, case files, inspection reports).

Some records have no secrecy of their own and belong to another record, whose secrecy they take:
an assignment belongs to its directive, a petition's identity access log to its petition, an archive
access request and the access trail of an item to that item. The field naming that record is the
event's **parent** field (also a name).

``tests/unit/test_references.py`` checks that every field of every event that holds a record id
(at any depth: nested values, tuples) is declared here, either as a name or as :data:`NOT_RECORDS`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.archive.access import AccessRequest, AccessTrail
from domain.archive.content import BlobUse
from domain.archive.disposal import Disposal
from domain.archive.files import ArchivalCodeSlot, ArchiveFile, DirectiveFiling
from domain.archive.incoming import IncomingDocument, IncomingIndex, IncomingSeries
from domain.archive.outgoing import OutgoingDocument
from domain.directives.model import Assignment, Directive
from domain.numbering.model import NumberSeries
from domain.petitions.model import IdentityAccess, Petition, PetitionBook


@dataclass(frozen=True)
class Names:
    """The fields of one event class that name other records.

    ``fields`` are dotted paths (``document.document_id``); a tuple or set met on the way is
    walked item by item, ``None`` names nothing. ``parent`` is the field naming the record this
    event's record belongs to (it takes that record's secrecy). ``describes`` says that the event's
    ``number_symbol`` / ``title`` are the named record's, not a label of its own record.
    """

    fields: tuple[str, ...]
    parent: str | None = None
    describes: bool = False


NAMES: Mapping[type, Names] = {
    NumberSeries.NumberAllocated: Names(("document_id",), describes=True),
    NumberSeries.NumberImported: Names(("document_id",), describes=True),
    Directive.Issued: Names(("series_id",)),
    Directive.Imported: Names(("series_id",)),
    Directive.TaskAssigned: Names(("assignment_id",)),
    Directive.Superseded: Names(("successor_id",)),
    Directive.SupersededAnother: Names(("predecessor_id",)),
    Assignment.Assigned: Names(("directive_id",), parent="directive_id"),
    IncomingDocument.Registered: Names(("duplicates",)),
    IncomingDocument.Filed: Names(("file_id",)),
    IncomingDocument.Destroyed: Names(("disposal_id",)),
    IncomingSeries.NumberTaken: Names(("document_id",)),
    IncomingIndex.Seen: Names(("document_id",)),
    OutgoingDocument.Registered: Names(("series_id", "corrects", "replaces")),
    OutgoingDocument.CorrectedBy: Names(("letter_id",)),
    OutgoingDocument.ReplacedBy: Names(("successor_id",)),
    OutgoingDocument.Filed: Names(("file_id",)),
    OutgoingDocument.Destroyed: Names(("disposal_id",)),
    ArchiveFile.DocumentAdded: Names(("document.document_id",)),
    ArchiveFile.Destroyed: Names(("tombstone.disposal_id", "tombstone.documents.document_id")),
    ArchivalCodeSlot.Assigned: Names(("file_id",)),
    DirectiveFiling.Filed: Names(("file_id",)),
    AccessRequest.Requested: Names(("item_id",), parent="item_id"),
    AccessTrail.Accessed: Names(("item_id",), parent="item_id"),
    BlobUse.Referenced: Names(("item_id",)),
    BlobUse.Released: Names(("item_id",)),
    Disposal.Proposed: Names(("file_ids",)),
    Petition.Registered: Names(("series_id",)),
    Petition.Classified: Names(("same_content_as",)),
    Petition.LinkedAsRepeat: Names(("earlier_id",)),
    Petition.HandlersAssigned: Names(("handlers.user_id",)),
    PetitionBook.NumberTaken: Names(("petition_id",)),
    IdentityAccess.Opened: Names(("petition_id",), parent="petition_id"),
    IdentityAccess.Revealed: Names(("petition_id",)),
    IdentityAccess.RevealRefused: Names(("petition_id",)),
}

#: Fields that hold ids of things that are not records (a hold on a file is part of the file).
NOT_RECORDS: Mapping[type, tuple[str, ...]] = {
    ArchiveFile.HoldPlaced: ("hold.hold_id",),
    ArchiveFile.HoldReleased: ("hold_id",),
}

_NONE = Names(())


def names_of(event_type: type) -> Names:
    """What the event class declares (nothing, for most events)."""
    return NAMES.get(event_type, _NONE)


def _walk(value: Any, path: tuple[str, ...]) -> Iterator[UUID]:
    if value is None:
        return
    if isinstance(value, tuple | list | frozenset | set):
        for item in value:
            yield from _walk(item, path)
        return
    if not path:
        if isinstance(value, UUID):
            yield value
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield from _walk(getattr(value, path[0]), path[1:])


def named_records(event: Any) -> tuple[UUID, ...]:
    """The ids of the other records ``event`` names (in declaration order, without repeats)."""
    found: dict[UUID, None] = {}
    own = getattr(event, "originator_id", None)
    for path in names_of(type(event)).fields:
        for value in _walk(event, tuple(path.split("."))):
            if value != own:
                found[value] = None
    return tuple(found)


def parent_of(event: Any) -> UUID | None:
    """The record ``event``'s record belongs to, if the event says."""
    field = names_of(type(event)).parent
    value = getattr(event, field, None) if field else None
    return value if isinstance(value, UUID) else None


def labels_own_record(event: Any) -> bool:
    """Whether the event's ``number_symbol`` / ``title`` may label its own record."""
    return not names_of(type(event)).describes
