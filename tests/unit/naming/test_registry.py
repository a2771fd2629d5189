"""The registry refuses a table that contradicts itself, and names what it cannot write or read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from domain.actors import Role
from domain.event_registry import (
    EventNamesInconsistent,
    EventNotNamed,
    EventRegistry,
    UnknownEventTopic,
    event,
)
from domain.events import Event
from domain.upcasting import field_added
from infra.transcoding import OfficeMapper
from tests.support.office import actor


class Shelf:
    @dataclass(frozen=True, kw_only=True)
    class Stocked(Event):
        item: str

    @dataclass(frozen=True, kw_only=True)
    class Emptied(Event):
        item: str


class TestATableThatContradictsItself:
    def test_two_classes_may_not_share_a_name(self) -> None:
        """One name reads as one class: a second class under it is refused, naming both."""
        with pytest.raises(EventNamesInconsistent, match=r"Emptied and .*Stocked share the name"):
            EventRegistry([event("shelf.stocked", Shelf.Stocked),
                           event("shelf.stocked", Shelf.Emptied)])

    def test_a_class_may_not_have_two_names(self) -> None:
        """A class writes one name: a second entry for it is refused."""
        with pytest.raises(EventNamesInconsistent, match="has two names"):
            EventRegistry([event("shelf.stocked", Shelf.Stocked),
                           event("shelf.filled", Shelf.Stocked)])

    def test_an_alias_may_not_read_as_two_events(self) -> None:
        """A stored topic must read as exactly one event."""
        with pytest.raises(EventNamesInconsistent, match="would read as"):
            EventRegistry([event("shelf.stocked", Shelf.Stocked, "old:Shelf.Stocked"),
                           event("shelf.emptied", Shelf.Emptied, "old:Shelf.Stocked")])

    def test_each_older_version_needs_its_upcaster(self) -> None:
        """Version 3 needs upcasters from 1 and from 2."""
        with pytest.raises(EventNamesInconsistent, match=r"needs one upcaster from each version"):
            EventRegistry([event("shelf.stocked", Shelf.Stocked, version=3,
                                 upcasters={2: field_added("count", 1)})])

    @pytest.mark.parametrize("name", ["Shelf.Stocked", "stocked", "shelf.stocked@1", "shelf..x"])
    def test_a_name_is_lowercase_dotted(self, name: str) -> None:
        """A class path, a bare word or a versioned topic is not a name."""
        with pytest.raises(EventNamesInconsistent, match="lowercase snake_case"):
            EventRegistry([event(name, Shelf.Stocked)])

    def test_an_alias_is_a_module_path(self) -> None:
        """Aliases are the ``module:Class`` topics stored before names, nothing else."""
        with pytest.raises(EventNamesInconsistent, match="is not a module:Class topic"):
            EventRegistry([event("shelf.stocked", Shelf.Stocked, "shelf.stocked@0")])


class TestWhatTheTableDoesNotKnow:
    def test_an_event_without_a_name_is_not_stored(self) -> None:
        """Writing an event whose class has no entry is refused, naming the class and the table."""
        mapper = OfficeMapper(EventRegistry([event("shelf.stocked", Shelf.Stocked)]))
        emptied = Shelf.Emptied(originator_id=uuid4(), originator_version=1,
                                timestamp=datetime.now(UTC), actor=actor(Role.CLERK), item="x")
        with pytest.raises(EventNotNamed, match=r"Shelf\.Emptied has no entry in domain/event_"):
            mapper.to_stored_event(emptied)

    def test_an_unknown_topic_is_not_read(self) -> None:
        """A topic that is neither a name nor an alias is refused, quoting it."""
        mapper = OfficeMapper(EventRegistry([event("shelf.stocked", Shelf.Stocked)]))
        with pytest.raises(UnknownEventTopic, match=r"'shelf\.stocked@2'"):
            mapper.to_domain_event(StoredEvent(uuid4(), 1, "shelf.stocked@2", b"{}"))
