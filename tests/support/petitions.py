"""Building petitions for tests: a clock set to a day, petitions received and taken to a state."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from api.bootstrap import Office
from domain.actors import Actor, Role, Secrecy
from domain.petitions.identity import Identity
from domain.petitions.model import (
    Anonymity,
    Channel,
    Complexity,
    Handler,
    PetitionClass,
)
from tests.support.office import Clock, actor, ctx_for

LEADER = actor(Role.LEADER, clearance=Secrecy.TOI_MAT, name="lanhdao-test")
CLERK = actor(Role.CLERK, clearance=Secrecy.MAT, name="vanthu-test")
SPECIALIST = actor(Role.SPECIALIST, clearance=Secrecy.MAT, name="chuyenvien-test")
PLAINTEXT_NAME = "Trần Thị Bích Ngọc"
PLAINTEXT_ADDRESS = "Số 7 ngõ Hòe Nhai, phường Tân Bình"
PLAINTEXT_ID = "079123456789"
PLAINTEXT_PHONE = "0987654321"
IDENTITY = Identity(PLAINTEXT_NAME, PLAINTEXT_ADDRESS, PLAINTEXT_ID, PLAINTEXT_PHONE)
SECRETS = (PLAINTEXT_NAME, PLAINTEXT_ADDRESS, PLAINTEXT_ID, PLAINTEXT_PHONE)


def on_day(clock: Clock, day: date) -> None:
    """Move the office clock to 09:00 in Hà Nội on ``day``."""
    clock.now = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)


def v(office: Office, petition_id: UUID) -> int:
    return office.petitions.get(petition_id).version


def receive(office: Office, clock: Clock, received_on: date, *,
            identity: Identity | None = IDENTITY, channel: Channel = Channel.CITIZEN_RECEPTION,
            summary: str = "Phản ánh việc thu phí sai quy định") -> UUID:
    if clock().date() < received_on:
        on_day(clock, received_on)
    receipt = office.petitions.receive(ctx_for(office, CLERK), channel=channel,
                                       received_on=received_on, summary=summary,
                                       identity=identity)
    assert receipt.record_id is not None
    return receipt.record_id


def classified(office: Office, clock: Clock, received_on: date, cls: PetitionClass, *,
               eligible: bool = True, identity: Identity | None = IDENTITY,
               about_party_member: bool = False, anonymity: Anonymity | None = None,
               verifiable: bool = False, same_content_as: UUID | None = None) -> UUID:
    pid = receive(office, clock, received_on, identity=identity)
    office.petitions.register(ctx_for(office, CLERK), pid, v(office, pid))
    office.petitions.classify(
        ctx_for(office, LEADER), pid, v(office, pid), petition_class=cls, eligible=eligible,
        anonymity=anonymity or (Anonymity.NAMED if identity else Anonymity.ANONYMOUS),
        ineligibility_reason=None if eligible else "Không ký tên", verifiable=verifiable,
        about_party_member=about_party_member, same_content_as=same_content_as,
        contents=(PetitionClass.COMPLAINT, PetitionClass.DENUNCIATION)
        if cls is PetitionClass.SEVERAL else (),
    )
    return pid


def accepted(office: Office, clock: Clock, accepted_on: date, cls: PetitionClass, *,
             received_on: date | None = None, complexity: Complexity = Complexity.NORMAL,
             handler: Actor | None = None, about_party_member: bool = False) -> UUID:
    pid = classified(office, clock, received_on or accepted_on, cls,
                     about_party_member=about_party_member)
    on_day(clock, max(accepted_on, clock().date()))
    office.petitions.accept(ctx_for(office, LEADER), pid, v(office, pid), accepted_on=accepted_on,
                            handling_unit="UBKT", complexity=complexity)
    if handler is not None:
        registered(office, handler)
        office.petitions.assign_handlers(ctx_for(office, LEADER), pid, v(office, pid),
                                         handlers=[Handler(handler.user_id, handler.username)])
    return pid


def registered(office: Office, who: Actor) -> Actor:
    """``who`` as a user of the office (handlers are checked against users' clearances)."""
    if office.users.clearance_of(who.user_id) is None:
        office.users.register(ctx_for(office, LEADER), username=who.username,
                              display_name=f"Người dùng {who.username}", role=who.role,
                              unit=who.unit, clearance=who.clearance)
    return who


def due(office: Office, petition_id: UUID, key: str = "resolve") -> date | None:
    return next(d.due for d in office.petitions.get(petition_id).dues if d.key == key)
