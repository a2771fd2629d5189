"""Who a command-line write acts as (`--actor`), and the named system actor."""

from __future__ import annotations

import contextlib

from api.bootstrap import Office
from domain.actors import Actor, Role, Secrecy
from domain.application import side_write
from domain.errors import DomainError, RecordNotFound
from domain.records import Context
from domain.users.model import user_id_for

#: Named system actors (design invariant 9): background work acts as its own user.
SYSTEM_ACTORS = {
    "system": "Hệ thống Sổ Cái (dòng lệnh)",
    "ledger-signer": "Ký điểm kiểm tra nhật ký",
    "demo-loader": "Nạp dữ liệu mẫu",
    "fixity-checker": "Kiểm tra toàn vẹn tệp lưu trữ",
    "verifier": "Kiểm tra toàn vẹn nhật ký (socai verify)",
}


def system_actor(office: Office, username: str) -> Actor:
    """A named system actor, registered as a user (role ``system``) the first time it acts."""
    return resolve_actor(office, username, create_system=True)


def resolve_actor(office: Office, username: str, *, create_system: bool = False) -> Actor:
    """The user ``username`` as an actor; system actors are created on first use."""
    try:
        user = office.users.by_username(username)
    except RecordNotFound:
        if not (create_system or username == office.settings.system_actor):
            raise
        me = Actor(user_id_for(username), username, Role.SYSTEM, "HT", Secrecy.TUYET_MAT)
        # Registered by another process meanwhile; and never the running command's own write.
        with contextlib.suppress(DomainError), side_write():
            office.users.register(Context(me, office.clock()), username=username,
                                  display_name=SYSTEM_ACTORS.get(username, "Tác nhân hệ thống"),
                                  role=Role.SYSTEM, unit="HT", clearance=Secrecy.TUYET_MAT)
        user = office.users.by_username(username)
    if not user.active:
        msg = f"người dùng {username} đã bị vô hiệu hóa (user is deactivated)"
        raise RecordNotFound(msg)
    return Actor(user.id, user.username, user.role, user.unit, user.clearance)
