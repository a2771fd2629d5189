"""Stable event names: what a stored event says it is, independent of where its class lives.

A stored topic is ``<name>@<version>``: a lowercase dotted name (the record kind, then the event, in
snake_case: ``directive.issued``), ``@``, and the version of the event's shape (``directive.issued@1``).
The table in `domain.event_names` gives every event class exactly one entry: its name, its current
version, the upcasters from each older version to the next, and its **aliases**: the topics it was
stored under before it had a name (its Python path then, ``domain.directives.model:Directive.Issued``),
which read as version 1 forever. Moving or renaming a class changes its entry's class, never a stored
topic.

Everything is looked up in dictionaries built once: class → topic to write, stored topic → how to read
it (the class, the version it was stored as, and the upcaster chain compiled to the current version).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final

from domain.events import Event
from domain.upcasting import Upcaster, chained

#: Between a name and its version in a stored topic.
VERSION_MARK: Final = "@"
NAME_PATTERN: Final = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+")
#: A topic stored before names: ``module.path:Qualified.Name``.
ALIAS_PATTERN: Final = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_][\w.]*")


class EventNamesInconsistent(ValueError):
    """The table of names contradicts itself: two classes share a name, a class has two entries,
    a topic reads as two events, a version lacks its upcaster, or a name is malformed."""


class EventNotNamed(LookupError):
    """An event class has no entry in the table, so it cannot be stored."""


class UnknownEventTopic(LookupError):
    """A stored topic names no event of the table (neither ``name@version`` nor an alias)."""


@dataclass(frozen=True)
class EventType:
    """One entry of the table: a name, the class that reads and writes it, its current version.

    ``upcasters[n]`` reads version ``n`` as version ``n + 1``; there is one for every version below
    ``version``. ``aliases`` are topics stored before the event had a name; they read as version 1.
    """

    name: str
    cls: type[Event]
    version: int = 1
    upcasters: Mapping[int, Upcaster] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()

    def topic(self, version: int | None = None) -> str:
        """The stored topic of this event at ``version`` (default: the current one)."""
        return f"{self.name}{VERSION_MARK}{self.version if version is None else version}"

    def chain_from(self, version: int) -> Upcaster | None:
        """The upcasters from ``version`` to the current one, as one function (None: current)."""
        return chained(tuple(self.upcasters[v] for v in range(version, self.version)))


def event(name: str, cls: type[Event], *aliases: str, version: int = 1,
          upcasters: Mapping[int, Upcaster] | None = None) -> EventType:
    """An entry of the table, written on one line: name, class, the topics it was stored under."""
    return EventType(name, cls, version, dict(upcasters or {}), aliases)


@dataclass(frozen=True, slots=True)
class StoredName:
    """How to read one stored topic: as which event, stored as which version, upcast how."""

    entry: EventType
    version: int
    upcast: Upcaster | None

    @property
    def cls(self) -> type[Event]:
        return self.entry.cls

    @property
    def name(self) -> str:
        return self.entry.name


class EventRegistry:
    """The table of event names, checked when built, and its look-ups."""

    def __init__(self, entries: Iterable[EventType]) -> None:
        self._entries = tuple(entries)
        self._by_class: dict[type[Event], EventType] = {}
        self._by_name: dict[str, EventType] = {}
        self._topic_of: dict[type[Event], str] = {}
        self._readers: dict[str, StoredName] = {}
        for entry in self._entries:
            self._add(entry)

    def _add(self, entry: EventType) -> None:
        _check_entry(entry)
        if entry.name in self._by_name:
            other = self._by_name[entry.name].cls.__qualname__
            msg = f"{entry.cls.__qualname__} and {other} share the name {entry.name!r}"
            raise EventNamesInconsistent(msg)
        if entry.cls in self._by_class:
            msg = (f"{entry.cls.__qualname__} has two names: {self._by_class[entry.cls].name!r} "
                   f"and {entry.name!r}")
            raise EventNamesInconsistent(msg)
        self._by_name[entry.name] = entry
        self._by_class[entry.cls] = entry
        self._topic_of[entry.cls] = entry.topic()
        readers = {entry.topic(v): StoredName(entry, v, entry.chain_from(v))
                   for v in range(1, entry.version + 1)}
        readers.update({alias: StoredName(entry, 1, entry.chain_from(1)) for alias in entry.aliases})
        for topic in readers:
            if topic in self._readers:
                msg = (f"the topic {topic!r} would read as {entry.name!r} and as "
                       f"{self._readers[topic].name!r}")
                raise EventNamesInconsistent(msg)
        self._readers.update(readers)

    def __iter__(self) -> Iterator[EventType]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, cls: object) -> bool:
        return cls in self._by_class

    def entry_for(self, cls: type[Event]) -> EventType:
        """The entry of an event class, or `EventNotNamed`."""
        try:
            return self._by_class[cls]
        except KeyError:
            raise EventNotNamed(_not_named(cls)) from None

    def topic_for(self, cls: type[Event]) -> str:
        """The topic an event of this class is stored under now (``name@version``)."""
        try:
            return self._topic_of[cls]
        except KeyError:
            raise EventNotNamed(_not_named(cls)) from None

    def read(self, topic: str) -> StoredName:
        """How to read an event stored under ``topic``, or `UnknownEventTopic`."""
        try:
            return self._readers[topic]
        except KeyError:
            msg = (f"no event is stored under the topic {topic!r}: it is neither a name@version "
                   "nor an alias in domain/event_names.py")
            raise UnknownEventTopic(msg) from None

    def topics_of(self, cls: type[Event]) -> frozenset[str]:
        """Every topic that reads as this class: each version's name and every alias."""
        return frozenset(t for t, r in self._readers.items() if r.entry.cls is cls)

    def extended(self, *entries: EventType) -> EventRegistry:
        """This table with more entries (event classes defined outside ``domain/``, e.g. tests)."""
        return EventRegistry((*self._entries, *entries))


def _not_named(cls: type) -> str:
    return (f"{cls.__module__}:{cls.__qualname__} has no entry in domain/event_names.py: give it a "
            "name and a version there before storing it")


def _check_entry(entry: EventType) -> None:
    where = f"{entry.cls.__qualname__} ({entry.name!r})"
    if not NAME_PATTERN.fullmatch(entry.name):
        msg = (f"{where}: a name is the record kind and the event in lowercase snake_case, "
               "joined by dots (directive.issued)")
        raise EventNamesInconsistent(msg)
    if entry.version < 1:
        raise EventNamesInconsistent(f"{where}: versions start at 1")
    steps = set(range(1, entry.version))
    if set(entry.upcasters) != steps:
        msg = (f"{where}: version {entry.version} needs one upcaster from each version in "
               f"{sorted(steps)}, not from {sorted(entry.upcasters)}")
        raise EventNamesInconsistent(msg)
    for alias in entry.aliases:
        if not ALIAS_PATTERN.fullmatch(alias):
            raise EventNamesInconsistent(f"{where}: {alias!r} is not a module:Class topic")
