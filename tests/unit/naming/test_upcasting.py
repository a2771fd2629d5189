"""An event stored as an older version is read as the current one through its upcasters; decoding
stays strict otherwise. A test-only event shows each kind of change (no real event is changed)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import uuid4

import orjson
import pytest
from eventsourcing.persistence import StoredEvent

from domain.actors import Actor, Role
from domain.event_registry import EventRegistry, event
from domain.events import Event
from domain.upcasting import field_added, field_renamed, value_recoded
from infra.transcoding import OfficeMapper, StoredFieldMissing
from tests.support.office import actor


class Priority(enum.StrEnum):
    HIGH = "high"
    LOW = "low"


class Report:
    @dataclass(frozen=True, kw_only=True)
    class Filed(Event):
        """Version 1 held ``note`` and ``priority`` coded ``cao``/``thap``; version 2 renamed
        ``note`` to ``text``; version 3 re-coded ``priority`` as ``high``/``low``; version 4 added
        ``unit``, which defaults to ``VP``."""

        text: str
        priority: Priority
        unit: str = "VP"


FILED = event("report.filed", Report.Filed, "tests.old_home:Report.Filed", version=4, upcasters={
    1: field_renamed("note", "text"),
    2: value_recoded("priority", {"cao": "high", "thap": "low"}),
    3: field_added("unit", "VP"),
})
MAPPER = OfficeMapper(EventRegistry([FILED]))
WHO = actor(Role.SPECIALIST)
RECORD = uuid4()


def common() -> dict[str, Any]:
    """The fields every event has, as stored."""
    return {"timestamp": "2026-03-02T09:00:00+07:00", "business_time": None, "reason": None,
            "actor": orjson.loads(orjson.dumps(WHO))}


def read(topic: str, **fields: Any) -> Any:
    """Read an event stored under ``topic`` with these fields (besides the common ones)."""
    payload = orjson.dumps({**common(), **fields})
    return MAPPER.to_domain_event(StoredEvent(RECORD, 1, topic, payload))


class TestEachKindOfChange:
    def test_a_field_added_with_a_default(self) -> None:
        """Stored as version 3, before ``unit`` existed: read with the default ``VP``."""
        filed = read("report.filed@3", text="Báo cáo quý I", priority="high")
        assert (filed.text, filed.priority, filed.unit) == ("Báo cáo quý I", Priority.HIGH, "VP")

    def test_a_field_renamed(self) -> None:
        """Stored as version 1 with ``note``: read with the same value as ``text``."""
        filed = read("report.filed@1", note="Báo cáo quý I", priority="thap")
        assert filed.text == "Báo cáo quý I"

    def test_a_value_recoded(self) -> None:
        """Stored as version 2 with the old code ``cao``: read as `Priority.HIGH`."""
        filed = read("report.filed@2", text="Báo cáo", priority="cao")
        assert filed.priority is Priority.HIGH

    def test_a_value_without_a_new_code_is_refused(self) -> None:
        """A stored code the recoding table does not list is an error, not a guess (the message
        names the field, never the stored value)."""
        with pytest.raises(ValueError, match="cannot recode 'priority': the stored value is not"):
            read("report.filed@2", text="Báo cáo", priority="khac")


class TestTheChain:
    def test_version_1_is_read_through_every_step(self) -> None:
        """Renamed, recoded and given the default, in that order: equal to a version-4 event."""
        filed = read("report.filed@1", note="Báo cáo", priority="cao")
        assert filed == Report.Filed(originator_id=RECORD, originator_version=1,
                                     timestamp=datetime.fromisoformat("2026-03-02T09:00:00+07:00"),
                                     actor=WHO, text="Báo cáo", priority=Priority.HIGH, unit="VP")

    def test_an_alias_reads_as_version_1(self) -> None:
        """The module path it was stored under before names is read as version 1."""
        filed = read("tests.old_home:Report.Filed", note="Báo cáo", priority="thap")
        assert (filed.text, filed.priority, filed.unit) == ("Báo cáo", Priority.LOW, "VP")

    def test_the_current_version_is_read_as_stored(self) -> None:
        """Version 4 goes through no upcaster: a stored ``unit`` is kept."""
        assert read("report.filed@4", text="x", priority="low", unit="BTC").unit == "BTC"

    def test_events_are_written_as_the_current_version(self) -> None:
        """Upcasting is for reading: an event is written as ``report.filed@4``, in its own shape."""
        filed = read("report.filed@1", note="Báo cáo", priority="cao")
        stored = MAPPER.to_stored_event(filed)
        assert stored.topic == "report.filed@4"
        assert {k: v for k, v in orjson.loads(stored.state).items() if k not in common()} == {
            "text": "Báo cáo", "priority": "high", "unit": "VP"}

    def test_a_raw_reader_gets_the_current_shape_as_json(self) -> None:
        """Readers of raw rows (no typed decoding) get the upcast JSON and the event's name."""
        payload = orjson.dumps({**common(), "note": "Báo cáo", "priority": "cao"})
        stored, state = MAPPER.upcast_payload("report.filed@1", payload)
        assert (stored.name, stored.version, stored.cls) == ("report.filed", 1, Report.Filed)
        assert (state["text"], state["priority"], state["unit"]) == ("Báo cáo", "high", "VP")


class TestDecodingStaysStrict:
    def test_a_missing_field_without_an_upcaster_is_refused(self) -> None:
        """Stored as version 4 without ``unit``: the dataclass default is not used; the error names
        the event, the version and the field."""
        with pytest.raises(StoredFieldMissing,
                           match=r"report\.filed@4 \(Report\.Filed\), stored as version 4: the "
                                 r"stored event has no 'unit'"):
            read("report.filed@4", text="x", priority="low")

    def test_a_field_no_version_ever_lacked_is_required(self) -> None:
        """Stored as version 1 without ``priority``: no upcaster gives it, so it is refused."""
        with pytest.raises(StoredFieldMissing, match=r"stored as version 1: .* no 'priority'"):
            read("report.filed@1", note="x")

    def test_a_nested_value_missing_a_field_is_refused(self) -> None:
        """The actor without its unit: refused, naming the value's class and the field."""
        fields = {**common(), "text": "x", "priority": "low", "unit": "VP"}
        del fields["actor"]["unit"]
        with pytest.raises(StoredFieldMissing, match=f"{Actor.__qualname__}: .* no 'unit'"):
            MAPPER.to_domain_event(StoredEvent(RECORD, 1, "report.filed@4", orjson.dumps(fields)))
