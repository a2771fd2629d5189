"""Commands on users: register, change, issue and revoke tokens, deactivate."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from uuid import UUID

from domain.actors import Role, Secrecy
from domain.application import OfficeApplication, Receipt
from domain.errors import InvalidValue, RuleViolation, TransitionRefused
from domain.records import Context, expect_version
from domain.text import clean, clean_code
from domain.users.model import User, fold_user, user_id_for


class UsernameTaken(RuleViolation):
    """Usernames are unique (case-insensitively)."""


class UserInactive(TransitionRefused):
    """A deactivated user cannot get tokens or change."""


class UnknownToken(RuleViolation):
    """The token id is not a live token of this user."""


@dataclass(frozen=True)
class IssuedToken:
    receipt: Receipt
    token_id: str
    token: str  # shown once, never stored


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Users(OfficeApplication):
    """Application service for the users of the office."""

    def register(
        self, ctx: Context, *, username: str, display_name: str, role: Role, unit: str,
        clearance: Secrecy = Secrecy.NONE,
    ) -> Receipt:
        name = clean_code(username, "username", max_length=64)
        if not name.isascii() or not all(c.isalnum() or c in "._-" for c in name):
            msg = "username: chỉ dùng chữ không dấu, số, '.', '_' hoặc '-' (ASCII letters/digits)"
            raise InvalidValue(msg, field="username")
        user_id = user_id_for(name)
        if self.find(user_id, fold_user) is not None:
            msg = f"tên đăng nhập {name!r} đã có (username already taken)"
            raise UsernameTaken(msg, field="username")
        event = ctx.event(
            User.Registered, user_id, 1, username=name,
            display_name=clean(display_name, "display_name", max_length=200), role=Role(role),
            unit=clean_code(unit, "unit"), clearance=Secrecy(clearance),
        )
        return self.record([event], record_id=user_id)

    def change(
        self, ctx: Context, username: str, *, role: Role | None = None, unit: str | None = None,
        clearance: Secrecy | None = None, display_name: str | None = None,
        expected: int | None = None,
    ) -> Receipt:
        user = self.by_username(username)
        expect_version(user, expected)
        if not user.active:
            msg = f"người dùng {user.username} đã bị vô hiệu hóa (user is deactivated)"
            raise UserInactive(msg)
        event = ctx.follow(
            user, User.Changed, role=Role(role) if role else user.role,
            unit=clean_code(unit, "unit") if unit else user.unit,
            clearance=Secrecy(clearance) if clearance else user.clearance,
            display_name=clean(display_name, "display_name", max_length=200)
            if display_name else user.display_name,
        )
        return self.record([event], record_id=user.id)

    def issue_token(self, ctx: Context, username: str, *, label: str = "",
                    expected: int | None = None) -> IssuedToken:
        user = self.by_username(username)
        expect_version(user, expected)
        if not user.active:
            msg = f"người dùng {user.username} đã bị vô hiệu hóa (user is deactivated)"
            raise UserInactive(msg)
        token = "socai_" + secrets.token_urlsafe(32)
        token_id = secrets.token_hex(6)
        event = ctx.follow(
            user, User.TokenIssued, token_id=token_id, token_sha256=hash_token(token),
            label=clean(label, "label", max_length=100, required=False),
        )
        return IssuedToken(self.record([event], record_id=user.id), token_id, token)

    def revoke_token(self, ctx: Context, username: str, token_id: str, *,
                     expected: int | None = None) -> Receipt:
        user = self.by_username(username)
        expect_version(user, expected)
        if token_id not in user.tokens:
            msg = f"không có mã truy cập {token_id!r} còn hiệu lực (no live token with that id)"
            raise UnknownToken(msg)
        return self.record([ctx.follow(user, User.TokenRevoked, token_id=token_id)],
                           record_id=user.id)

    def deactivate(self, ctx: Context, username: str, *, expected: int | None = None) -> Receipt:
        user = self.by_username(username)
        expect_version(user, expected)
        if not user.active:
            msg = f"người dùng {user.username} đã bị vô hiệu hóa (user is deactivated)"
            raise UserInactive(msg)
        reason = ctx.required_reason("vô hiệu hóa người dùng")
        event = ctx.follow(user, User.Deactivated, reason=reason,
                           revoked_tokens=tuple(sorted(user.tokens)))
        return self.record([event], record_id=user.id)

    def by_username(self, username: str) -> User:
        return self.load(user_id_for(username.strip()), fold_user)

    def clearance_of(self, user_id: UUID) -> Secrecy | None:
        """The user's clearance now (None: no such user, or deactivated); the port the petitions
        application checks handlers through."""
        user = self.find(user_id, fold_user)
        return user.clearance if user is not None and user.active else None
