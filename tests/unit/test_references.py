"""The declared names of records in events (``domain.references``): complete and walked right."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterator
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from domain.actors import Actor, Role, Secrecy
from domain.archive.files import ArchiveFile, FiledDocument
from domain.archive.values import ItemKind
from domain.directives.model import Assignment
from domain.folds import FOLDS
from domain.numbering.model import NumberSeries
from domain.petitions.model import Anonymity, Handler, Petition, PetitionClass
from domain.references import NAMES, NOT_RECORDS, labels_own_record, named_records, parent_of

_BASE = frozenset(f.name for f in dataclasses.fields(NumberSeries.Opened)
                  if f.name in ("originator_id", "originator_version", "timestamp", "actor",
                                "business_time", "reason"))
WHO = Actor(uuid4(), "test", Role.CLERK, "VP", Secrecy.NONE)
NOW = datetime(2026, 3, 2, tzinfo=UTC)


def _uuid_paths(tp: object, prefix: tuple[str, ...], seen: frozenset[type]) -> Iterator[str]:
    if tp is UUID:
        yield ".".join(prefix)
        return
    origin = typing.get_origin(tp)
    if origin in (tuple, frozenset, list, set, types.UnionType, typing.Union):
        for arg in typing.get_args(tp):
            if arg is not Ellipsis and arg is not type(None):
                yield from _uuid_paths(arg, prefix, seen)
        return
    if isinstance(tp, type) and dataclasses.is_dataclass(tp) and tp not in seen:
        hints = typing.get_type_hints(tp)
        for f in dataclasses.fields(tp):
            yield from _uuid_paths(hints[f.name], (*prefix, f.name), seen | {tp})


def _event_types() -> list[type]:
    return [t for fold in FOLDS for t in fold.event_types]


class TestTheTableIsComplete:
    def test_every_field_holding_a_record_id_is_declared(self) -> None:
        """A new event field holding an id must be declared as a name or as not a record, or a
        secret record could be named in the feed without anyone deciding it may be."""
        undeclared = []
        for t in _event_types():
            hints = typing.get_type_hints(t)
            declared = set(NAMES[t].fields if t in NAMES else ()) | set(NOT_RECORDS.get(t, ()))
            for f in dataclasses.fields(t):
                if f.name in _BASE:
                    continue
                undeclared += [f"{t.__qualname__}.{p}"
                               for p in _uuid_paths(hints[f.name], (f.name,), frozenset())
                               if p not in declared]
        assert undeclared == []

    def test_every_declared_path_exists(self) -> None:
        """A declaration naming a field that is not there (renamed, moved) is caught."""
        wrong = []
        for t, names in {**{t: n.fields for t, n in NAMES.items()}, **NOT_RECORDS}.items():
            hints = typing.get_type_hints(t)
            paths = {p for f in dataclasses.fields(t) if f.name not in _BASE
                     for p in _uuid_paths(hints[f.name], (f.name,), frozenset())}
            wrong += [f"{t.__qualname__}.{p}" for p in names if p not in paths]
        assert wrong == []

    def test_a_parent_is_one_of_the_names(self) -> None:
        assert [t for t, n in NAMES.items() if n.parent and n.parent not in n.fields] == []


class TestWalking:
    def test_a_number_allocation_names_its_document(self) -> None:
        """Finding 7: the series' event names the secret directive that took the number."""
        document = uuid4()
        event = NumberSeries.NumberAllocated(
            originator_id=uuid4(), originator_version=2, timestamp=NOW, actor=WHO, number=6,
            document_id=document, number_symbol="06-CT/TU")
        assert (named_records(event), labels_own_record(event)) == ((document,), False)

    def test_nested_values_and_tuples_are_walked(self) -> None:
        first, second = uuid4(), uuid4()
        added = ArchiveFile.DocumentAdded(
            originator_id=uuid4(), originator_version=2, timestamp=NOW, actor=WHO,
            document=FiledDocument(document_id=first, kind=ItemKind.INCOMING, label="01/UBND",
                                   retention_class="5", retention_years=5,
                                   added_on=date(2026, 3, 2)))
        assigned = Petition.HandlersAssigned(
            originator_id=uuid4(), originator_version=5, timestamp=NOW, actor=WHO,
            handlers=(Handler(first, "a"), Handler(second, "b")), handling_unit="UBKT")
        assert (named_records(added), named_records(assigned)) == ((first,), (first, second))

    def test_an_absent_optional_name_names_nothing(self) -> None:
        event = Petition.Classified(
            originator_id=uuid4(), originator_version=3, timestamp=NOW, actor=WHO,
            petition_class=PetitionClass.COMPLAINT, contents=(), eligible=True,
            ineligibility_reason=None, anonymity=Anonymity.NAMED, verifiable=False,
            about_party_member=False, same_content_as=None, secrecy=Secrecy.NONE)
        assert named_records(event) == ()

    def test_an_assignment_belongs_to_its_directive(self) -> None:
        directive = uuid4()
        event = Assignment.Assigned(
            originator_id=uuid4(), originator_version=1, timestamp=NOW, actor=WHO,
            directive_id=directive, directive_number_symbol="01-CT/TU", task="Báo cáo",
            lead_unit="VP", cooperating_units=(), monitoring_units=(), assigned_on=date(2026, 3, 2),
            deadline=date(2026, 4, 30))
        assert (parent_of(event), labels_own_record(event)) == (directive, True)
