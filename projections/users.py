"""Users and their live tokens, for authentication and for showing who did what."""

from __future__ import annotations

from typing import ClassVar

from domain.users.model import User
from projections.runner import Batch, LoggedEvent, Projection
from projections.tables import Table

USERS = Table(
    "users",
    key=("user_id",),
    columns=(
        ("user_id", "text"), ("username", "text"), ("display_name", "text"), ("role", "text"),
        ("unit", "text"), ("clearance", "text"), ("active", "bool"),
    ),
    indexes=(("username",),),
)
TOKENS = Table(
    "user_tokens",
    key=("user_id", "token_id"),
    columns=(("user_id", "text"), ("token_id", "text"), ("token_sha256", "text"),
             ("label", "text")),
    indexes=(("token_sha256",),),
)


class UsersProjection(Projection):
    name = "users"
    tables: ClassVar = (USERS, TOKENS)
    event_types = (User.Registered, User.Changed, User.TokenIssued, User.TokenRevoked,
                   User.Deactivated)

    def apply(self, batch: Batch, e: LoggedEvent) -> None:
        ev = e.event
        users = batch.table(USERS)
        tokens = batch.table(TOKENS)
        user_id = str(e.record_id)
        if isinstance(ev, User.Registered):
            users.put((user_id,), {
                "username": ev.username, "display_name": ev.display_name, "role": ev.role.value,
                "unit": ev.unit, "clearance": ev.clearance.value, "active": 1,
            }, e.position)
        elif isinstance(ev, User.Changed):
            users.update((user_id,), e.position, role=ev.role.value, unit=ev.unit,
                         clearance=ev.clearance.value, display_name=ev.display_name)
        elif isinstance(ev, User.TokenIssued):
            tokens.put((user_id, ev.token_id), {"token_sha256": ev.token_sha256, "label": ev.label},
                       e.position)
        elif isinstance(ev, User.TokenRevoked):
            tokens.put((user_id, ev.token_id), None, e.position)
        elif isinstance(ev, User.Deactivated):
            users.update((user_id,), e.position, active=0)
            for token_id in ev.revoked_tokens:
                tokens.put((user_id, token_id), None, e.position)
