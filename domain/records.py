"""Records (aggregate state) as frozen values, and folds of events into them.

A command decides: it reads a record's state and returns new events, or raises an error named for
the rule. A fold applies: it turns events into state. Rebuilds, time travel and tests are all folds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

from domain.actors import Actor
from domain.errors import InvalidValue, ReasonRequired, RecordNotFound, VersionMismatch
from domain.events import Event
from domain.text import clean


@dataclass(frozen=True, kw_only=True)
class Record:
    id: UUID
    version: int
    created_at: datetime
    modified_at: datetime


R = TypeVar("R", bound=Record)
E = TypeVar("E", bound=Event)
Handler = Callable[[Any, Any], Any]


class Fold(Generic[R]):
    """Applies events to a record's state, one handler per event class.

    Handlers return the new state; the fold stamps ``version`` and ``modified_at`` from the event.
    Instances are also ``projector_func``\\ s for the library's repository.
    """

    def __init__(self, record_type: type[R]) -> None:
        self.record_type = record_type
        self._handlers: dict[type[Event], Handler] = {}

    def on(self, *event_types: type[Event]) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            for event_type in event_types:
                self._handlers[event_type] = handler
            return handler

        return register

    @property
    def event_types(self) -> frozenset[type[Event]]:
        return frozenset(self._handlers)

    def apply(self, state: R | None, event: Event) -> R:
        try:
            handler = self._handlers[type(event)]
        except KeyError:
            msg = f"{self.record_type.__name__} has no rule for {type(event).__qualname__}"
            raise TypeError(msg) from None
        new_state: R = handler(state, event)
        return dataclasses.replace(
            new_state, version=event.originator_version, modified_at=event.timestamp
        )

    def __call__(self, state: R | None, events: Iterable[Any]) -> R | None:
        """Fold ``events`` into ``state``; a record of another kind is not found (its id names
        something else: ``GET /petitions/<a directive id>`` is 404, never a 500)."""
        if state is not None and not isinstance(state, self.record_type):
            raise self._not_this_kind(state.id)
        for event in events:
            if state is None and type(event) not in self._handlers:
                raise self._not_this_kind(event.originator_id)
            state = self.apply(state, event)
        return state

    def _not_this_kind(self, record_id: object) -> RecordNotFound:
        msg = (f"{record_id} không phải là {self.record_type.__name__} "
               f"(it is a record of another kind)")
        return RecordNotFound(msg, record_id=str(record_id))


@dataclass(frozen=True)
class Context:
    """Who issues a command, when, and (where relevant) the business time and the reason."""

    actor: Actor
    now: datetime
    business_time: datetime | None = None
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            msg = "the clock must give aware datetimes"
            raise ValueError(msg)

    def event(self, cls: type[E], record_id: UUID, version: int, **fields: Any) -> E:
        """A new event of ``cls`` for ``record_id`` at ``version``, stamped with this context."""
        fields.setdefault("reason", self.reason)
        return cls(
            originator_id=record_id,
            originator_version=version,
            timestamp=self.now,
            actor=self.actor,
            business_time=self.business_time,
            **fields,
        )

    def follow(self, record: Record, cls: type[E], **fields: Any) -> E:
        """The next event of an existing record."""
        return self.event(cls, record.id, record.version + 1, **fields)

    def required_reason(self, what: str) -> str:
        if self.reason is None or not self.reason.strip():
            msg = f"cần nêu lý do khi {what} (a reason is required to {what})"
            raise ReasonRequired(msg, field="reason")
        return clean(self.reason, "reason", max_length=2000)


def expect_version(record: Record, expected: int | None) -> None:
    """The If-Match rule: a command to an existing record names the version it was decided on."""
    if expected is not None and record.version != expected:
        msg = (
            f"hồ sơ đang ở phiên bản {record.version}, yêu cầu dựa trên phiên bản {expected} "
            f"(record is at version {record.version}, the request expected {expected})"
        )
        raise VersionMismatch(msg, current=record.version, expected=expected)


def required(state: R | None, record_type: type[R], record_id: UUID) -> R:
    """The record a command names, or :class:`RecordNotFound` as loading it would raise.

    For a rule that is given a record the application looked up with ``find`` (``None``: there is
    none) and must say so at its own point in the order of its checks."""
    if state is None:
        msg = f"không có {record_type.__name__} {record_id} (no such record)"
        raise RecordNotFound(msg, record_id=str(record_id))
    return state


def chain(*groups: Sequence[Event]) -> list[Event]:
    out: list[Event] = []
    for group in groups:
        out.extend(group)
    return out


def positive(value: int, field: str) -> int:
    if value < 1:
        msg = f"{field}: phải là số dương (must be positive)"
        raise InvalidValue(msg, field=field)
    return value


def new_record(cls: type[R], event: Event, **fields: Any) -> R:
    """The first state of a record, from its creating event."""
    return cls(
        id=event.originator_id,
        version=event.originator_version,
        created_at=event.timestamp,
        modified_at=event.timestamp,
        **fields,
    )
