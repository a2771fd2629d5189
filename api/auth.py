"""The authenticated caller (:class:`Principal`), role gates and clearance checks.

Authentication happens before routing, in :class:`api.authn.Authentication` (an ASGI step that reads
no body); it leaves the principal in the request scope, where :func:`current_principal` finds it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Request

from api.permissions import allowed, can_read
from api.problems import Problem, log_fields
from domain.actors import Actor, Role, Secrecy

#: Where the authentication step leaves the caller in the ASGI scope (None: anonymous).
PRINCIPAL_KEY = "socai.principal"


@dataclass(frozen=True)
class Principal:
    """The authenticated caller."""

    user_id: UUID
    username: str
    role: Role
    unit: str
    clearance: Secrecy

    @classmethod
    def of(cls, actor: Actor) -> Principal:
        """The principal of a command-line write (its ``--actor``)."""
        return cls(actor.user_id, actor.username, actor.role, actor.unit, actor.clearance)

    @property
    def actor(self) -> Actor:
        return Actor(self.user_id, self.username, self.role, self.unit, self.clearance)

    def may_read(self, secrecy: Secrecy) -> bool:
        return self.role is Role.SYSTEM or can_read(self.clearance, secrecy)


def unauthenticated(detail: str) -> Problem:
    problem = Problem(401, "unauthenticated", "Chưa xác thực", detail)
    problem.headers["WWW-Authenticate"] = 'Bearer realm="socai"'
    return problem


def optional_principal(request: Request) -> Principal | None:
    """The caller, or None on a public route called without (valid) credentials."""
    principal = request.scope.get(PRINCIPAL_KEY)
    return principal if isinstance(principal, Principal) else None


def current_principal(request: Request) -> Principal:
    """The caller that the authentication step found (401 if none: only on public routes)."""
    principal = optional_principal(request)
    if principal is None:
        raise unauthenticated("send 'Authorization: Bearer <token>' (socai users token NAME)")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def forbidden(principal: Principal, command: str) -> Problem:
    msg = f"vai trò {principal.role.label} không được thực hiện '{command}'"
    return Problem(403, "forbidden", "Không có quyền", msg, command=command)


def permit(command: str) -> Any:
    """A dependency that lets the caller through only if their role may ``command``."""

    def check(request: Request, principal: CurrentPrincipal) -> Principal:
        log_fields(request, command=command)
        if not allowed(principal.role, command):
            raise forbidden(principal, command)
        return principal

    setattr(check, "permission", command)  # noqa: B010 - read by api.openapi_marks
    return Depends(check)


def permission_of(call: Callable[..., Any]) -> str | None:
    """The permission a dependency made by :func:`permit` checks (None: not one of those)."""
    value = getattr(call, "permission", None)
    return value if isinstance(value, str) else None


def require_clearance(principal: Principal, secrecy: Secrecy) -> None:
    if not principal.may_read(secrecy):
        msg = (f"độ mật của hồ sơ ({secrecy.label}) vượt quá mức được tiếp cận của người dùng "
               f"({principal.clearance.label})")
        raise Problem(403, "clearance-too-low", "Không đủ thẩm quyền tiếp cận", msg)


def require_clearances(principal: Principal, levels: Iterable[Secrecy]) -> None:
    for secrecy in levels:
        require_clearance(principal, secrecy)
