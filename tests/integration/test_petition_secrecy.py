"""A petition's secrecy and its handlers' clearance, in the domain, on both stores: handlers are
cleared for the case, the secrecy is only raised over cleared handlers, and a reveal always needs
the clearance (the refusal recorded); a refusal writes nothing else."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from api.bootstrap import Office
from domain.actors import Role, Secrecy
from domain.petitions.errors import HandlerNotCleared, NotAHigherSecrecy, RevealNeedsClearance
from domain.petitions.model import Handler, IdentityAccess, PetitionClass
from tests.support.office import Clock, actor, ctx_for, event_count
from tests.support.petitions import LEADER, SPECIALIST, accepted, registered, v

INSPECTOR = actor(Role.INSPECTOR, clearance=Secrecy.TOI_MAT, name="kiemtra-test")
DEN = PetitionClass.DENUNCIATION


def raise_to(office: Office, pid: UUID, level: Secrecy) -> None:
    office.petitions.raise_secrecy(ctx_for(office, LEADER, "Có tình tiết mật hơn"), pid,
                                   v(office, pid), secrecy=level)


class TestRaising:
    def test_the_secrecy_is_raised_over_cleared_handlers(self, office: Office, clock: Clock
                                                         ) -> None:
        pid = accepted(office, clock, date(2026, 6, 1), DEN, handler=INSPECTOR)
        raise_to(office, pid, Secrecy.TOI_MAT)
        assert office.petitions.get(pid).secrecy is Secrecy.TOI_MAT

    def test_not_above_a_handler_and_nothing_is_written(self, office: Office, clock: Clock
                                                        ) -> None:
        """The Mật specialist handles the Mật denunciation: Tối mật is refused, naming them."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN, handler=SPECIALIST)
        before = event_count(office)
        with pytest.raises(HandlerNotCleared) as refused:
            raise_to(office, pid, Secrecy.TOI_MAT)
        assert refused.value.details["handlers"] == [
            {"user_id": str(SPECIALIST.user_id), "username": SPECIALIST.username}]
        assert (event_count(office), office.petitions.get(pid).secrecy) == (before, Secrecy.MAT)

    @pytest.mark.parametrize("level", [Secrecy.NONE, Secrecy.MAT])
    def test_only_upwards(self, office: Office, clock: Clock, level: Secrecy) -> None:
        """A denunciation is Mật: Thường or Mật again is not a raise."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN, handler=INSPECTOR)
        before = event_count(office)
        with pytest.raises(NotAHigherSecrecy):
            raise_to(office, pid, level)
        assert event_count(office) == before


class TestAssigning:
    def test_an_uncleared_handler_is_refused(self, office: Office, clock: Clock) -> None:
        """A Tối mật case: the Mật specialist may not be one of its handlers."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN, handler=INSPECTOR)
        raise_to(office, pid, Secrecy.TOI_MAT)
        registered(office, SPECIALIST)
        before = event_count(office)
        with pytest.raises(HandlerNotCleared):
            office.petitions.assign_handlers(
                ctx_for(office, LEADER), pid, v(office, pid),
                handlers=[Handler(INSPECTOR.user_id, INSPECTOR.username),
                          Handler(SPECIALIST.user_id, SPECIALIST.username)])
        assert event_count(office) == before

    def test_someone_who_is_not_a_user_is_not_assigned_to_a_secret_case(
            self, office: Office, clock: Clock) -> None:
        pid = accepted(office, clock, date(2026, 6, 1), DEN)
        stranger = actor(Role.SPECIALIST, clearance=Secrecy.TUYET_MAT, name="khong-co-that")
        with pytest.raises(HandlerNotCleared):
            office.petitions.assign_handlers(ctx_for(office, LEADER), pid, v(office, pid),
                                             handlers=[Handler(stranger.user_id, "khong-co-that")])


class TestRevealing:
    def test_a_handler_below_the_case_is_refused_and_the_refusal_recorded(
            self, office: Office, clock: Clock) -> None:
        """The specialist handles the case; their clearance is lowered to Thường afterwards:
        their reveal is refused for clearance and a RevealRefused (rule: clearance) written."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN, handler=SPECIALIST)
        lowered = actor(Role.SPECIALIST, clearance=Secrecy.NONE, name=SPECIALIST.username)
        with pytest.raises(RevealNeedsClearance):
            office.petitions.reveal(ctx_for(office, lowered, "Xác minh"), pid)
        log = office.petitions.access_log(pid)
        assert log is not None
        events = list(office.petitions.events.get(log.id))[1:]
        assert [(type(e), getattr(e, "rule", None)) for e in events] == [
            (IdentityAccess.RevealRefused, "clearance")]
