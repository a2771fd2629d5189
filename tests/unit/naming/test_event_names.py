"""The table of event names covers every event of the domain, once, and its aliases never change."""

from __future__ import annotations

import hashlib
import importlib
import pkgutil
from collections.abc import Iterator

import pytest
from eventsourcing.utils import TopicError, resolve_topic

import domain
from domain.event_names import EVENT_NAMES
from domain.event_registry import NAME_PATTERN, EventType
from domain.events import Event
from domain.ledger.model import Ledger
from infra.ledger.topics import CHECKPOINT_TOPICS, event_type, history_types

#: SHA-256 of the sorted aliases, one a line: the module-path topics stored before events had
#: names. Published checkpoints cover them, so this set never changes (no alias is ever added,
#: edited or removed; new events get only names).
ALIASES_SHA256 = "f4b8b6ef84845933f1bc632514326e295ed4b298d16df54b879048754f662f8f"
ALIASES = 107


def domain_event_classes() -> set[type[Event]]:
    """Every `Event` subclass defined in a module under ``domain/``."""
    for module in pkgutil.walk_packages(domain.__path__, "domain."):
        importlib.import_module(module.name)

    def below(cls: type[Event]) -> Iterator[type[Event]]:
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return {c for c in below(Event) if c.__module__.startswith("domain.")}


def class_at(path: str) -> object:
    """The class living at a module path now, or None (moved away)."""
    try:
        return resolve_topic(path)
    except TopicError:
        return None


def aliases() -> list[tuple[str, EventType]]:
    return [(alias, entry) for entry in EVENT_NAMES for alias in entry.aliases]


class TestEveryEventHasOneName:
    def test_every_event_class_of_the_domain_has_an_entry(self) -> None:
        """An event class without a name could not be stored: add it to domain/event_names.py."""
        missing = sorted(f"{c.__module__}:{c.__qualname__}" for c in domain_event_classes()
                         if c not in EVENT_NAMES)
        assert missing == []

    def test_the_table_holds_only_domain_events(self) -> None:
        """No entry names a class that is not a domain event (a test's or a stray one)."""
        assert {e.cls for e in EVENT_NAMES} == domain_event_classes()

    def test_names_are_lowercase_dotted_kind_and_event(self) -> None:
        """``directive.issued``: the record kind, then the event, in snake_case."""
        assert [e.name for e in EVENT_NAMES if not NAME_PATTERN.fullmatch(e.name)] == []

    def test_every_name_is_written_under_its_current_version(self) -> None:
        """An event is stored as ``name@version``."""
        issued = next(e for e in EVENT_NAMES if e.name == "directive.issued")
        assert EVENT_NAMES.topic_for(issued.cls) == f"directive.issued@{issued.version}"


class TestAliasesAreForever:
    def test_the_aliases_are_the_topics_stored_before_names(self) -> None:
        """The 107 module-path topics are all there, unchanged (their digest is pinned)."""
        found = sorted(alias for alias, _ in aliases())
        digest = hashlib.sha256("\n".join(found).encode()).hexdigest()
        assert (len(found), digest) == (ALIASES, ALIASES_SHA256)

    def test_every_alias_reads_as_version_1(self) -> None:
        """An event stored under its old module path is read as the first version of its name."""
        wrong = [(alias, EVENT_NAMES.read(alias).version) for alias, _ in aliases()
                 if EVENT_NAMES.read(alias).version != 1]
        assert wrong == []

    def test_an_alias_never_points_at_another_class(self) -> None:
        """Where a class still lives at an alias's path, it is the entry's own class (a moved class
        leaves its alias behind; no other class may take the path over)."""
        wrong = [alias for alias, entry in aliases()
                 if class_at(alias) not in (None, entry.cls)]
        assert wrong == []

    def test_every_alias_is_named_as_verifiers_derive_it(self) -> None:
        """A verifier without our code names an old topic by its class path in snake_case
        (docs/verifying.md §1); the table gives each alias exactly that name."""
        assert [(a, e.name) for a, e in aliases() if event_type(a) != e.name] == []


class TestVerifiersKnowBothForms:
    def test_the_standalone_checkpoint_topics_are_the_tables(self) -> None:
        """The pure verifier's list of checkpoint topics is what the table reads as a checkpoint."""
        assert EVENT_NAMES.topics_of(Ledger.CheckpointSigned) == CHECKPOINT_TOPICS

    @pytest.mark.parametrize(("topic", "name"), [
        ("directive.issued@1", "directive.issued"),
        ("domain.directives.model:Directive.Issued", "directive.issued"),
        ("domain.petitions.model:IdentityAccess.RevealRefused", "identity_access.reveal_refused"),
        ("identity_access.reveal_refused@3", "identity_access.reveal_refused"),
    ])
    def test_a_topic_is_named_in_both_forms(self, topic: str, name: str) -> None:
        """The name of a ``name@version`` topic and of a module-path topic."""
        assert event_type(topic) == name

    def test_a_history_line_of_an_old_topic_may_carry_the_class_path(self) -> None:
        """Case files issued before names show ``Directive.Issued``; new ones the name."""
        assert history_types("domain.directives.model:Directive.Issued") == {
            "Directive.Issued", "directive.issued"}
        assert history_types("directive.issued@1") == {"directive.issued"}
