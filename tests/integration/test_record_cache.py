"""Kept records: a load starts from the state kept by the last one and reads only newer events."""

from __future__ import annotations

from typing import Any

import pytest

from api.bootstrap import Office, open_office
from domain.actors import Role
from domain.records import Context
from domain.reference.model import UNITS_ID
from infra.settings import Settings
from tests.support.office import Clock, actor


def test_a_load_reads_only_events_newer_than_the_kept_state(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second load of a catalog asks for events after its version and gets none."""
    first = office.reference.units()
    assert first is not None
    store = office.reference.repository.event_store
    asked: list[tuple[Any, int]] = []
    get = store.get

    def spy(originator_id: Any, **kw: Any) -> Any:
        found = list(get(originator_id, **kw))
        asked.append((kw.get("gt"), len(found)))
        return iter(found)

    monkeypatch.setattr(store, "get", spy)
    again = office.reference.units()
    assert again == first
    assert asked == [(first.version, 0)]


def test_a_kept_record_sees_writes_made_by_another_process(
    office: Office, settings: Settings, clock: Clock
) -> None:
    """Another office on the same store (another process) changes a record this one has kept."""
    before = office.reference.units()
    assert before is not None
    assert "MOI" not in before.units
    other = open_office(settings, clock=clock)
    try:
        other.reference.define_unit(Context(actor(Role.ADMIN), clock()), code="MOI",
                                    name="Đơn vị mới")
    finally:
        other.close()
    after = office.reference.units()
    assert after is not None
    assert after.version == before.version + 1
    assert after.units["MOI"].name == "Đơn vị mới"
    assert office.reference.repository.cache is not None
    assert office.reference.repository.cache.get(UNITS_ID) == after
