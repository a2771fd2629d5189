"""orjson transcoding gives every event back with the types it was written with."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from domain.actors import Actor, Role, Secrecy
from domain.directives.model import Amendment, Directive
from domain.event_names import EVENT_NAMES
from domain.event_registry import event as named
from domain.events import Event
from infra.transcoding import OfficeMapper, converter


class Colour(enum.StrEnum):
    RED = "red"


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass(frozen=True, kw_only=True)
class Everything(Event):
    """Every kind of field an event may hold."""

    when: datetime
    day: date
    price: Decimal
    colour: Colour
    pair: tuple[str, int]
    many: tuple[UUID, ...]
    tags: frozenset[str]
    money: Money
    optional: Money | None
    nested: list[dict[str, int]]
    blob: bytes


def actor() -> Actor:
    return Actor(uuid4(), "lanhdao", Role.LEADER, "VP", Secrecy.TOI_MAT)


def round_trip(event: object) -> object:
    mapper = OfficeMapper(EVENT_NAMES.extended(named("test.everything", Everything)))
    stored = mapper.to_stored_event(event)
    return mapper.to_domain_event(StoredEvent(stored.originator_id, stored.originator_version,
                                              stored.topic, stored.state))


class TestRoundTrip:
    def test_every_supported_type_comes_back_equal(self) -> None:
        """UUID, aware datetime, date, Decimal, enum, tuples, frozenset, nested value objects,
        optionals, lists of dicts and bytes survive encode and decode with their types."""
        hanoi = timezone(timedelta(hours=7))
        event = Everything(
            originator_id=uuid4(), originator_version=3, timestamp=datetime.now(UTC),
            actor=actor(), reason="Lý do: sửa đổi", when=datetime(2026, 3, 2, 9, 30, tzinfo=hanoi),
            day=date(2026, 2, 17), price=Decimal("12.50"), colour=Colour.RED,
            pair=("Quý I", 2026), many=(uuid4(), uuid4()), tags=frozenset({"khẩn", "mật"}),
            money=Money(Decimal("1000000"), "VND"), optional=None, nested=[{"a": 1}],
            blob=b"\x00\xff ciphertext",
        )
        back = round_trip(event)
        assert back == event
        assert isinstance(back, Everything)
        assert type(back.colour) is Colour
        assert type(back.many) is tuple
        assert isinstance(back.many[0], UUID)
        assert back.when.utcoffset() == timedelta(hours=7)
        assert isinstance(back.price, Decimal)

    def test_a_domain_event_round_trips(self) -> None:
        """A real directive event, with its nested amendment, comes back equal."""
        event = Directive.Amended(
            originator_id=uuid4(), originator_version=7, timestamp=datetime.now(UTC),
            actor=actor(), amendment=Amendment("02-QĐ/TU", "Sửa đổi điểm 2", date(2026, 4, 1)),
        )
        assert round_trip(event) == event

    def test_vietnamese_text_is_stored_as_utf8(self) -> None:
        """The payload is UTF-8 JSON, not escaped ASCII."""
        event = Directive.Revised(originator_id=uuid4(), originator_version=2,
                                  timestamp=datetime.now(UTC), actor=actor(),
                                  title="Về chuyển đổi số", summary="", secrecy=Secrecy.NONE)
        stored = OfficeMapper().to_stored_event(event)
        assert "Về chuyển đổi số".encode() in stored.state


class TestRefusals:
    def test_unions_other_than_optional_are_refused_at_definition(self) -> None:
        """A field typed `int | str` cannot be decoded by annotation: refused early, clearly."""
        with pytest.raises(TypeError, match="unions"):
            converter(int | str)

    def test_an_unknown_type_is_refused(self) -> None:
        """A field of a type the transcoder does not know is refused when compiled."""
        with pytest.raises(TypeError, match="cannot decode"):
            converter(complex)

    def test_an_unstorable_value_is_refused_on_encode(self) -> None:
        """Encoding a value orjson cannot store raises TypeError naming its type."""
        from infra.transcoding import dumps

        with pytest.raises(TypeError, match="complex"):
            dumps({"x": complex(1, 2)})
