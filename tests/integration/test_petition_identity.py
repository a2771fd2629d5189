"""The petitioner's identity: sealed per petition, matched by a keyed pseudonym, revealed only to
handlers and cleared readers (each reading recorded, refusals too), and shredded after retention
with every stored byte and hash unchanged."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from api.bootstrap import Office
from domain.actors import Role, Secrecy
from domain.errors import ReasonRequired
from domain.petitions.errors import (
    IdentityShredded,
    NoIdentityRecorded,
    PetitionNotInState,
    RetentionNotElapsed,
    RevealNotPermitted,
)
from domain.petitions.identity import Identity
from domain.petitions.model import IdentityAccess, PetitionClass
from infra.keystore import FileKeyStore
from infra.ledger.encoding import leaf_hash_of_event
from tests.support.office import Clock, actor, ctx_for, event_count
from tests.support.petitions import (
    IDENTITY,
    LEADER,
    PLAINTEXT_NAME,
    SECRETS,
    SPECIALIST,
    accepted,
    closed_case,
    on_day,
    receive,
)

OTHER_SPECIALIST = actor(Role.SPECIALIST, clearance=Secrecy.TUYET_MAT, name="chuyenvien-khac")
UNCLEARED_LEADER = actor(Role.LEADER, clearance=Secrecy.NONE, name="lanhdao-khong-mat")
DEN = PetitionClass.DENUNCIATION


def access_events(office: Office, petition_id: UUID) -> list[object]:
    log = office.petitions.access_log(petition_id)
    if log is None:
        return []
    return list(office.petitions.events.get(log.id))[1:]


def raw_rows(office: Office) -> list[tuple[object, ...]]:
    with office.store.db.read() as cur:
        cur.execute(
            "SELECT l.position, l.originator_id, l.originator_version, l.recorded_us, l.leaf_hash, "
            "e.topic, e.state FROM office_log l JOIN stored_events e ON e.originator_id = "
            "l.originator_id AND e.originator_version = l.originator_version ORDER BY l.position")
        return [tuple(bytes(x) if isinstance(x, memoryview) else x for x in r)
                for r in cur.fetchall()]


class TestSealing:
    def test_events_hold_no_plaintext(self, office: Office, clock: Clock) -> None:
        """No stored event contains the name, address, ID number or phone."""
        receive(office, clock, date(2026, 3, 2))
        blob = b"".join(bytes(r[-1]) for r in raw_rows(office))  # type: ignore[arg-type]
        assert [s for s in SECRETS if s.encode() in blob] == []

    def test_the_same_person_gets_the_same_pseudonym(self, office: Office, clock: Clock) -> None:
        """Name and address differing in case, spaces and Unicode form match; others do not."""
        import unicodedata

        variant = Identity(unicodedata.normalize("NFD", PLAINTEXT_NAME.upper()),
                           "  " + IDENTITY.address.lower() + " ")  # type: ignore[union-attr]
        plain = Identity(PLAINTEXT_NAME, IDENTITY.address)
        a = receive(office, clock, date(2026, 3, 2), identity=plain)
        b = receive(office, clock, date(2026, 3, 2), identity=variant)
        c = receive(office, clock, date(2026, 3, 2), identity=Identity("Lê Văn Tám", "Huế"))
        tokens = [office.petitions.get(p).identity.pseudonym  # type: ignore[union-attr]
                  for p in (a, b, c)]
        assert tokens[0] == tokens[1] != tokens[2]

    def test_keys_are_files_readable_by_the_owner_only(self, office: Office, clock: Clock
                                                       ) -> None:
        """Each petition's key and the matching secret are 0600 files in the key directory."""
        pid = receive(office, clock, date(2026, 3, 2))
        store = FileKeyStore(office.settings.keys_path)
        modes = {stat.S_IMODE(p.stat().st_mode)
                 for p in (store.keys_dir / f"{pid}.key", store.secret_path)}
        assert modes == {0o600}


class TestReveal:
    def test_a_handler_reads_it_and_the_reading_is_recorded(self, office: Office, clock: Clock
                                                            ) -> None:
        """The assigned handler gets the identity; one Revealed event, not flagged."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN, handler=SPECIALIST)
        got = office.petitions.reveal(ctx_for(office, SPECIALIST, reason="Xác minh"), pid)
        events = access_events(office, pid)
        assert got == IDENTITY
        assert [(type(e), e.flagged_for_review) for e in events] == [  # type: ignore[attr-defined]
            (IdentityAccess.Revealed, False)]

    def test_a_cleared_leader_reads_it_flagged_for_review(self, office: Office, clock: Clock
                                                          ) -> None:
        """A leader whose clearance covers the case reads it; the reading is flagged."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN, handler=SPECIALIST)
        office.petitions.reveal(ctx_for(office, LEADER, reason="Chỉ đạo giải quyết"), pid)
        (event,) = access_events(office, pid)
        assert event.flagged_for_review is True  # type: ignore[attr-defined]

    @pytest.mark.parametrize("who", [OTHER_SPECIALIST, UNCLEARED_LEADER],
                             ids=["not-handler", "uncleared"])
    def test_others_are_refused_and_the_attempt_is_recorded(self, office: Office, clock: Clock,
                                                            who: object) -> None:
        """A specialist who does not handle the case, or a leader without clearance: refused,
        and a RevealRefused event is written (the one refusal that writes)."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN, handler=SPECIALIST)
        with pytest.raises(RevealNotPermitted) as refused:
            office.petitions.reveal(ctx_for(office, who, reason="Tò mò"), pid)  # type: ignore[arg-type]
        assert [type(e) for e in access_events(office, pid)] == [IdentityAccess.RevealRefused]
        assert not any(s in refused.value.message for s in SECRETS)

    def test_a_reveal_without_a_reason_writes_nothing(self, office: Office, clock: Clock) -> None:
        """The reason is checked first: no reason, no event."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN, handler=SPECIALIST)
        before = event_count(office)
        with pytest.raises(ReasonRequired):
            office.petitions.reveal(ctx_for(office, SPECIALIST), pid)
        assert event_count(office) == before

    def test_an_anonymous_petition_has_nothing_to_reveal(self, office: Office, clock: Clock
                                                         ) -> None:
        """No identity recorded: a clear refusal."""
        pid = receive(office, clock, date(2026, 3, 2), identity=None)
        with pytest.raises(NoIdentityRecorded):
            office.petitions.reveal(ctx_for(office, LEADER, reason="Xem"), pid)


class TestShredding:
    def test_an_open_case_is_not_shredded(self, office: Office, clock: Clock) -> None:
        """Only a closed petition's file reaches the end of its retention."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN)
        with pytest.raises(PetitionNotInState):
            office.petitions.shred(ctx_for(office, LEADER, reason="Hết hạn"), pid)

    def test_shredding_before_the_retention_period_is_refused(self, office: Office, clock: Clock
                                                              ) -> None:
        """Closed in 2026, kept 5 years from 1/1/2027: refused on 31/12/2031, key intact."""
        pid = closed_case(office, clock)
        on_day(clock, date(2031, 12, 31))
        with pytest.raises(RetentionNotElapsed):
            office.petitions.shred(ctx_for(office, LEADER, reason="Hết hạn"), pid)
        assert office.petitions.keys.has_key(pid)

    def test_after_shredding_reveal_fails_and_every_hash_still_verifies(
            self, office: Office, clock: Clock) -> None:
        """On 1/1/2032 the key is destroyed; reveal is refused as shredded; every earlier row is
        byte-identical and every leaf hash recomputes from the raw row."""
        pid = closed_case(office, clock)
        before = raw_rows(office)
        clock.now = datetime(2032, 1, 1, 2, 0, tzinfo=UTC)
        office.petitions.shred(ctx_for(office, LEADER, reason="Hết thời hạn bảo quản"), pid)
        after = raw_rows(office)
        assert not office.petitions.keys.has_key(pid)
        with pytest.raises(IdentityShredded):
            office.petitions.reveal(ctx_for(office, SPECIALIST, reason="Xác minh"), pid)
        assert after[: len(before)] == before
        for position, oid, version, recorded, leaf, topic, state in after:
            record = oid if isinstance(oid, UUID) else UUID(str(oid))
            assert leaf == leaf_hash_of_event(position, record, version, topic, recorded, state)  # type: ignore[arg-type]
