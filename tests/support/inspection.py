"""A small office history for the auditors' tests: a petition handled with an extension and a
reveal by a non-handler, a directive with an assignment whose deadline was extended."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from api.bootstrap import Office, open_office
from domain.actors import Role, Secrecy
from domain.petitions.model import Complexity, PetitionClass
from infra.settings import Settings
from tests.support.office import Clock, actor, ctx_for, issued_directive, seed_reference
from tests.support.petitions import LEADER, SPECIALIST, accepted, on_day, v

INSPECTOR = actor(Role.INSPECTOR, unit="UBKT", clearance=Secrecy.TOI_MAT, name="kiemtra-test")


@contextmanager
def office_on_clock(settings: Settings, clock: Clock) -> Iterator[Office]:
    """An office whose log records time by the test's clock (so that recorded time and business
    time can be told apart), with the demo's reference data."""
    office = open_office(settings, clock=clock,
                         log_clock=lambda: int(clock().timestamp() * 1_000_000))
    try:
        seed_reference(office)
        yield office
    finally:
        office.close()


@dataclass(frozen=True)
class Story:
    petition: UUID
    directive: UUID
    assignment: UUID


def story(office: Office, clock: Clock) -> Story:
    """The history, its read models caught up; the petition, received on paper on 2 March, is
    entered on 4 March (backdated)."""
    on_day(clock, date(2026, 3, 4))
    pid = accepted(office, clock, date(2026, 3, 4), PetitionClass.DENUNCIATION,
                   received_on=date(2026, 3, 2), complexity=Complexity.COMPLEX,
                   handler=SPECIALIST)
    on_day(clock, date(2026, 3, 20))
    office.petitions.extend(ctx_for(office, LEADER, "Cần xác minh thêm tại cơ sở"), pid,
                            v(office, pid), granted_on=date(2026, 3, 20), length=30)
    office.petitions.reveal(ctx_for(office, INSPECTOR, "Kiểm tra việc giải quyết tố cáo"), pid)
    did = issued_directive(office, LEADER, issued_on=date(2026, 3, 20))
    d = office.directives
    receipt = d.assign(ctx_for(office, LEADER), did, d.get(did).version,
                       task="Báo cáo kết quả rà soát", lead_unit="UBKT",
                       deadline=date(2026, 4, 30), assigned_on=date(2026, 3, 20))
    aid = d.get(did).assignments[-1]
    d.extend(ctx_for(office, LEADER, "Chờ ý kiến Thường trực"), aid,
             d.get_assignment(aid).version, new_deadline=date(2026, 5, 29))
    assert receipt.position
    office.projections.catch_up()
    return Story(pid, did, aid)
