"""Bearer tokens → users. Tokens are stored only as SHA-256 hashes (in the log and the read model)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Request

from api.permissions import allowed, can_read
from api.problems import Problem, log_fields
from domain.actors import Actor, Role, Secrecy
from domain.users.service import hash_token


@dataclass(frozen=True)
class Principal:
    """The authenticated caller."""

    user_id: UUID
    username: str
    role: Role
    unit: str
    clearance: Secrecy

    @property
    def actor(self) -> Actor:
        return Actor(self.user_id, self.username, self.role, self.unit, self.clearance)

    def may_read(self, secrecy: Secrecy) -> bool:
        return self.role is Role.SYSTEM or can_read(self.clearance, secrecy)


_LOOKUP = (
    "SELECT u.user_id, u.username, u.role, u.unit, u.clearance FROM user_tokens t "
    "JOIN users u ON u.user_id = t.user_id AND u.valid_to IS NULL AND u.active = 1 "
    "WHERE t.token_sha256 = ? AND t.valid_to IS NULL"
)


def lookup_token(request: Request, token: str) -> Principal | None:
    office = request.app.state.office
    digest = hash_token(token)
    for attempt in range(2):
        rows = office.store.db.query(_LOOKUP, (digest,))
        row = rows[0] if rows else None
        if row is not None:
            return Principal(UUID(row[0]), row[1], Role(row[2]), row[3], Secrecy(row[4]))
        if attempt == 0:
            # A token minted a moment ago by `socai users token` may not be projected yet.
            office.projections.catch_up()
    return None


def _unauthenticated(detail: str) -> Problem:
    problem = Problem(401, "unauthenticated", "Chưa xác thực", detail)
    problem.headers["WWW-Authenticate"] = 'Bearer realm="socai"'
    return problem


def current_principal(request: Request) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthenticated("send 'Authorization: Bearer <token>' (socai users token NAME)")
    principal = lookup_token(request, token.strip())
    if principal is None:
        raise _unauthenticated("the bearer token is unknown or revoked")
    log_fields(request, actor=str(principal.user_id), role=principal.role.value)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def permit(command: str) -> Any:
    """A dependency that lets the caller through only if their role may ``command``."""

    def check(request: Request, principal: CurrentPrincipal) -> Principal:
        log_fields(request, command=command)
        if not allowed(principal.role, command):
            msg = f"vai trò {principal.role.label} không được thực hiện '{command}'"
            raise Problem(403, "forbidden", "Không có quyền", msg, command=command)
        return principal

    return Depends(check)


def require_clearance(principal: Principal, secrecy: Secrecy) -> None:
    if not principal.may_read(secrecy):
        msg = (f"độ mật của hồ sơ ({secrecy.label}) vượt quá mức được tiếp cận của người dùng "
               f"({principal.clearance.label})")
        raise Problem(403, "clearance-too-low", "Không đủ thẩm quyền tiếp cận", msg)
