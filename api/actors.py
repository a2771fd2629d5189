"""Who a command-line write acts as (`--actor`), and the named system actor."""

from __future__ import annotations

from api.bootstrap import Office
from domain.actors import Actor, Role, Secrecy
from domain.errors import RecordNotFound
from domain.records import Context
from domain.users.model import user_id_for


def resolve_actor(office: Office, username: str) -> Actor:
    """The user ``username`` as an actor; the configured system user is created on first use."""
    try:
        user = office.users.by_username(username)
    except RecordNotFound:
        if username != office.settings.system_actor:
            raise
        me = Actor(user_id_for(username), username, Role.SYSTEM, "HT", Secrecy.TUYET_MAT)
        office.users.register(Context(me, office.clock()), username=username,
                              display_name="Hệ thống Sổ Cái", role=Role.SYSTEM, unit="HT",
                              clearance=Secrecy.TUYET_MAT)
        user = office.users.by_username(username)
    if not user.active:
        msg = f"người dùng {username} đã bị vô hiệu hóa (user is deactivated)"
        raise RecordNotFound(msg)
    return Actor(user.id, user.username, user.role, user.unit, user.clearance)
