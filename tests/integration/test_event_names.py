"""Moving an event class changes nothing stored: history written before the move, under the old
module path and under the stable name, still decodes (as the class in its new home) and verifies."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from api.bootstrap import Office
from domain.actors import Role
from domain.event_names import EVENT_NAMES
from domain.event_registry import event
from infra.ledger.bundle import dump_bundle
from infra.ledger.export import export_bundle, record_events
from infra.ledger.verifier import verify_bundle
from infra.transcoding import OfficeMapper
from projections.history import replay_record
from tests.integration.ledger.support import sign, signer_ctx, verify
from tests.support.office import actor
from tests.support.relocated import new_home, old_home

#: Where the class lived when its first events were stored; its alias forever after.
OLD_PATH = "tests.support.relocated.old_home:Sample.Noted"
BEFORE_MOVE = OfficeMapper(EVENT_NAMES.extended(event("sample.noted", old_home.Sample.Noted,
                                                      OLD_PATH)))
AFTER_MOVE = OfficeMapper(EVENT_NAMES.extended(event("sample.noted", new_home.Notebook.NoteTaken,
                                                     OLD_PATH)))
NOTES = ["trước khi có tên", "có tên, lớp ở chỗ cũ", "có tên, lần hai"]


WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def noted(record: UUID, version: int, note: str) -> old_home.Sample.Noted:
    return old_home.Sample.Noted(originator_id=record, originator_version=version, timestamp=WHEN,
                                 actor=actor(Role.CLERK), note=note)


@pytest.fixture
def history(bare_office: Office) -> UUID:
    """A record whose first event was stored under the class's module path (before names), the
    next two under its stable name, all before the class moved; then a checkpoint."""
    office, record = bare_office, uuid4()
    first = BEFORE_MOVE.to_stored_event(noted(record, 1, NOTES[0]))
    legacy = StoredEvent(record, 1, get_topic(old_home.Sample.Noted), first.state)
    assert legacy.topic == OLD_PATH
    office.store.recorder.insert_events([legacy])
    for version, note in enumerate(NOTES[1:], start=2):
        office.store.recorder.insert_events(
            [BEFORE_MOVE.to_stored_event(noted(record, version, note))])
    sign(office)
    return record


class TestAMovedClass:
    def test_the_log_holds_both_forms_of_topic(self, bare_office: Office, history: UUID) -> None:
        """What was stored: the module path once, then the name (nothing rewrote the first)."""
        topics = [e.topic for e in record_events(bare_office.store.db, history)]
        assert topics == [OLD_PATH, "sample.noted@1", "sample.noted@1"]

    def test_history_decodes_as_the_class_in_its_new_home(self, bare_office: Office,
                                                          history: UUID) -> None:
        """Every event, old topic or new, reads as `new_home.Notebook.NoteTaken`."""
        events = [AFTER_MOVE.to_domain_event(StoredEvent(history, e.version, e.topic, e.payload))
                  for e in record_events(bare_office.store.db, history)]
        assert {type(e) for e in events} == {new_home.Notebook.NoteTaken}
        assert [e.note for e in events] == NOTES

    def test_new_events_of_the_moved_class_keep_the_name(self, bare_office: Office,
                                                         history: UUID) -> None:
        """After the move, the class writes the same topic as before it."""
        moved = new_home.Notebook.NoteTaken(originator_id=history, originator_version=4,
                                            timestamp=WHEN, actor=actor(Role.CLERK), note="x")
        assert AFTER_MOVE.to_stored_event(moved).topic == "sample.noted@1"

    def test_history_still_verifies(self, bare_office: Office, history: UUID) -> None:
        """`socai verify` passes; each event's history line shows it verified under its stored
        topic; the record's bundle verifies offline."""
        assert verify(bare_office).ok
        steps = replay_record(bare_office.store.db, AFTER_MOVE, history, signed_size=3)
        assert [(s.type, s.verification.status) for s in steps] == [("sample.noted", "verified")] * 3
        bundle = export_bundle(db=bare_office.store.db, tree=bare_office.tree,
                               checkpoints=bare_office.checkpoints, signer=bare_office.signer,
                               sign_as=lambda: signer_ctx(bare_office),
                               verifier=bare_office.signing_key().verifier, record_id=history)
        assert verify_bundle(dump_bundle(bundle), bare_office.signing_key().verifier).versions == 3
