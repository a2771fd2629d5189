"""orjson transcoding that gives events back with the types they were written with.

The library's transcoder receives the payload without the topic, and orjson writes UUIDs, enums,
tuples, dates and Decimals as plain JSON. :class:`OfficeMapper` therefore encodes with orjson and
decodes by the event class's annotations: each event class gets a decoder compiled once from its type
hints (UUID, aware datetime, date, Decimal, enums, tuples, frozensets, nested frozen dataclasses,
``X | None``, lists and dicts of those).

Topics are stable names from `domain.event_names` (``directive.issued@1``): the mapper writes an
event's current ``name@version`` and reads every topic the table knows, old module-path aliases
included. An event stored as an older version is upcast on read, from its JSON, before typed decoding;
decoding is strict: a field missing after upcasting is an error naming the event and the field.
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, Union, get_args, get_origin, get_type_hints
from uuid import UUID

import orjson
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder

from domain.event_names import EVENT_NAMES
from domain.event_registry import EventRegistry, StoredName

Convert = Callable[[Any], Any]

OPTIONS = orjson.OPT_NAIVE_UTC


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=lambda v: (str(type(v)), v))
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    msg = f"cannot store a value of type {type(value).__name__}"
    raise TypeError(msg)


def dumps(value: Any) -> bytes:
    """The one JSON encoder of the system (events, API bodies, exports)."""
    return orjson.dumps(value, default=_default, option=OPTIONS)


class OrjsonTranscoder(Transcoder):
    """Byte-level JSON for the library's interface; the typing is done by :class:`OfficeMapper`."""

    def encode(self, obj: Any) -> bytes:
        return dumps(obj)

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)


def _identity(value: Any) -> Any:
    return value


@lru_cache(maxsize=65536)
def _uuid(text: str) -> UUID:
    """UUIDs repeat (actors, records of a batch): parse each text once."""
    return UUID(text)


@cache
def converter(tp: Any) -> Convert | None:
    """A function turning decoded JSON into a value of type ``tp`` (``None``: already is)."""
    origin = get_origin(tp)
    if origin is typing.Annotated:
        return converter(get_args(tp)[0])
    if origin in (Union, types.UnionType):
        arms = [a for a in get_args(tp) if a is not type(None)]
        if len(arms) != 1:
            msg = f"only 'X | None' unions can be stored, not {tp}"
            raise TypeError(msg)
        inner = converter(arms[0])
        if inner is None:
            return None
        return lambda v: None if v is None else inner(v)
    if origin is typing.Literal or tp in (str, int, bool, float, Any, object):
        return None
    if origin in (tuple,):
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = converter(args[0]) or _identity
            return lambda v: tuple(item(x) for x in v)
        convs = [converter(a) or _identity for a in args]
        return lambda v: tuple(c(x) for c, x in zip(convs, v, strict=True))
    if origin in (frozenset, set):
        item = converter(get_args(tp)[0]) or _identity
        return lambda v: frozenset(item(x) for x in v)
    if origin is list:
        item = converter(get_args(tp)[0]) or _identity
        return lambda v: [item(x) for x in v]
    if origin in (dict, Mapping):
        key_type, value_type = get_args(tp)
        k = converter(key_type) or _identity
        val = converter(value_type) or _identity
        return lambda v: {k(a): val(b) for a, b in v.items()}
    if tp is UUID:
        return _uuid
    if tp is datetime:
        return datetime.fromisoformat
    if tp is date:
        return date.fromisoformat
    if tp is Decimal:
        return Decimal
    if tp is bytes:
        return base64.b64decode
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        members = dict(tp._value2member_map_)
        return lambda v: members.get(v) or tp(v)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_converter(tp)
    msg = f"cannot decode a stored value of type {tp!r}"
    raise TypeError(msg)


class StoredFieldMissing(ValueError):
    """A stored value lacks a field of its class, and no upcaster supplied it."""


def _field_converters(cls: type) -> list[tuple[str, Convert | None]]:
    hints = get_type_hints(cls)
    return [(f.name, converter(hints[f.name])) for f in dataclasses.fields(cls)]


def _dataclass_converter(cls: type) -> Convert:
    convs = _field_converters(cls)

    # Value objects repeat (the same actor on thousands of events): frozen, so one instance may
    # serve every equal stored value.
    memo: dict[Any, Any] = {}

    def convert(value: Mapping[str, Any]) -> Any:
        try:
            key: Any = tuple(value.items())
            hit = memo.get(key)
        except TypeError:  # a list or dict inside: not hashable, not memoised
            key, hit = None, None
        if hit is not None:
            return hit
        state: dict[str, Any] = {}
        for name, conv in convs:
            if name not in value:
                msg = f"{cls.__qualname__}: the stored value has no {name!r}"
                raise StoredFieldMissing(msg)
            raw = value[name]
            state[name] = raw if conv is None else conv(raw)
        obj: Any = object.__new__(cls)
        object.__setattr__(obj, "__dict__", state)
        if key is not None and len(memo) < 4096:
            memo[key] = obj
        return obj

    return convert


def _event_decoder(stored: StoredName) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Upcast (if stored as an older version), then decode each field by its annotation.

    Strict: every field of the class must be in the (upcast) payload. A field added with a default
    is filled by the upcaster of the version that added it, never silently by the decoder.
    """
    cls, upcast = stored.cls, stored.upcast
    convs = [(n, c) for n, c in _field_converters(cls)
             if n not in ("originator_id", "originator_version")]
    missing = (f"{stored.name}@{stored.entry.version} ({cls.__qualname__}), stored as version "
               f"{stored.version}: the stored event has no {{!r}} and no upcaster gives it one")

    def decode(state: dict[str, Any]) -> dict[str, Any]:
        if upcast is not None:
            state = upcast(state)
        for name, conv in convs:
            if name not in state:
                raise StoredFieldMissing(missing.format(name))
            if conv is not None:
                state[name] = conv(state[name])
        return state

    return decode


class OfficeMapper(Mapper[UUID]):
    """Domain events (frozen dataclasses) to stored events and back, with orjson, under the stable
    names of ``names`` (the domain's table unless a test extends it)."""

    def __init__(self, names: EventRegistry = EVENT_NAMES) -> None:
        super().__init__(transcoder=OrjsonTranscoder())
        self.names = names
        # Stored topic → (class, decoder with its upcaster chain), compiled once per topic.
        self._decoders: dict[str, tuple[type, Callable[[dict[str, Any]], dict[str, Any]]]] = {}

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        state = dict(vars(domain_event))
        originator_id = state.pop("originator_id")
        originator_version = state.pop("originator_version")
        return StoredEvent(
            originator_id=originator_id,
            originator_version=originator_version,
            topic=self.names.topic_for(type(domain_event)),
            state=dumps(state),
        )

    def _compile(self, topic: str) -> tuple[type, Callable[[dict[str, Any]], dict[str, Any]]]:
        stored = self.names.read(topic)
        found = self._decoders[topic] = (stored.cls, _event_decoder(stored))
        return found

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        found = self._decoders.get(stored_event.topic)
        cls, decode = found if found is not None else self._compile(stored_event.topic)
        state = decode(orjson.loads(stored_event.state))
        oid = stored_event.originator_id
        state["originator_id"] = oid if isinstance(oid, UUID) else UUID(str(oid))
        state["originator_version"] = stored_event.originator_version
        event: Any = object.__new__(cls)
        object.__setattr__(event, "__dict__", state)
        return event

    def upcast_payload(self, topic: str, payload: bytes) -> tuple[StoredName, dict[str, Any]]:
        """An event's payload as plain JSON in its current version's shape, without typed decoding
        (for readers of raw rows): how its topic reads, and the upcast JSON object."""
        stored = self.names.read(topic)
        state: dict[str, Any] = orjson.loads(payload)
        return stored, state if stored.upcast is None else stored.upcast(state)
