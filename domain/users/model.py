"""Users of the system: their role, unit and clearance, and the hashes of their bearer tokens.

Users are records in the office log like everything else, so an auditor can see who held which role
when. A user's id is derived from the username, which makes "username taken" a version conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from uuid import UUID, uuid5

from domain.actors import Role, Secrecy
from domain.events import Event
from domain.records import Fold, Record

USER_NAMESPACE = UUID("6f1c7e52-4a8d-5b6e-9d3c-2b1a0f9e8d71")


def user_id_for(username: str) -> UUID:
    return uuid5(USER_NAMESPACE, username.casefold())


@dataclass(frozen=True, kw_only=True)
class User(Record):
    username: str
    display_name: str
    role: Role
    unit: str
    clearance: Secrecy
    active: bool = True
    tokens: frozenset[str] = field(default_factory=frozenset)  # token ids that are live

    @dataclass(frozen=True, kw_only=True)
    class Registered(Event):
        username: str
        display_name: str
        role: Role
        unit: str
        clearance: Secrecy

    @dataclass(frozen=True, kw_only=True)
    class Changed(Event):
        role: Role
        unit: str
        clearance: Secrecy
        display_name: str

    @dataclass(frozen=True, kw_only=True)
    class TokenIssued(Event):
        token_id: str
        token_sha256: str  # hex SHA-256 of the bearer token; the token itself is never stored
        label: str

    @dataclass(frozen=True, kw_only=True)
    class TokenRevoked(Event):
        token_id: str

    @dataclass(frozen=True, kw_only=True)
    class Deactivated(Event):
        revoked_tokens: tuple[str, ...]


fold_user: Fold[User] = Fold(User)


@fold_user.on(User.Registered)
def _registered(_: None, e: User.Registered) -> User:
    return User(
        id=e.originator_id, version=e.originator_version, created_at=e.timestamp,
        modified_at=e.timestamp, username=e.username, display_name=e.display_name, role=e.role,
        unit=e.unit, clearance=e.clearance,
    )


@fold_user.on(User.Changed)
def _changed(u: User, e: User.Changed) -> User:
    return replace(u, role=e.role, unit=e.unit, clearance=e.clearance, display_name=e.display_name)


@fold_user.on(User.TokenIssued)
def _token(u: User, e: User.TokenIssued) -> User:
    return replace(u, tokens=u.tokens | {e.token_id})


@fold_user.on(User.TokenRevoked)
def _revoked(u: User, e: User.TokenRevoked) -> User:
    return replace(u, tokens=u.tokens - {e.token_id})


@fold_user.on(User.Deactivated)
def _deactivated(u: User, _: User.Deactivated) -> User:
    return replace(u, active=False, tokens=frozenset())
