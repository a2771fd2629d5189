"""Authentication before routing: bearer token → :class:`~api.auth.Principal`, no body read.

FastAPI reads a request's body before it runs dependencies, so a dependency is too late to refuse an
unauthenticated upload of 150 MB. :class:`Authentication` is a pure ASGI step in front of the app: for
every route that is not public it resolves the ``Authorization: Bearer`` token through the one
:class:`Authenticator` built at start-up and either puts the principal in the scope
(:data:`api.auth.PRINCIPAL_KEY`) or answers **401** problem+json without calling ``receive`` — the body
is never read. Public routes (:data:`PUBLIC`, data: the console's login pages join it later) pass
through; a valid token there still names the caller (``/readyz`` gives details to an admin).

:meth:`Authenticator.authenticate` is the seam for the token rules to come (expiry, revocation read
from the store, failed-attempt limits per client address).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import anyio
from eventsourcing import persistence as es
from starlette.requests import Request

from api.auth import PRINCIPAL_KEY, Principal, unauthenticated
from api.bootstrap import Office
from api.problems import Problem, problem_response, sqlite_dir, store_fault_response
from domain.actors import Role, Secrecy
from domain.users.service import hash_token
from infra.store.faults import as_fault

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class PublicRoutes:
    """Paths that answer without credentials: exact paths and path prefixes."""

    paths: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and (path in self.paths or path.startswith(self.prefixes))

    def including(self, *paths: str, prefixes: tuple[str, ...] = ()) -> PublicRoutes:
        return PublicRoutes(self.paths | frozenset(paths), self.prefixes + prefixes)


#: Liveness, readiness and the OpenAPI document with its pages; nothing else is public.
PUBLIC = PublicRoutes(frozenset({"/healthz", "/readyz", "/openapi.json", "/docs",
                                 "/docs/oauth2-redirect", "/redoc"}))

_LOOKUP = (
    "SELECT u.user_id, u.username, u.role, u.unit, u.clearance FROM user_tokens t "
    "JOIN users u ON u.user_id = t.user_id AND u.valid_to IS NULL AND u.active = 1 "
    "WHERE t.token_sha256 = ? AND t.valid_to IS NULL"
)


class Authenticator:
    """Bearer tokens → principals. Tokens are stored only as SHA-256 hashes."""

    def __init__(self, office: Office) -> None:
        self.office = office

    def authenticate(self, token: str, client: str) -> Principal:
        """The user whose live token this is, or :class:`~api.problems.Problem` 401.

        ``client`` is the caller's address (for limits on failed attempts, later)."""
        del client
        digest = hash_token(token)
        for attempt in range(2):
            rows = self.office.store.db.query(_LOOKUP, (digest,))
            if rows:
                row = rows[0]
                return Principal(UUID(str(row[0])), row[1], Role(row[2]), row[3], Secrecy(row[4]))
            if attempt == 0:
                # A token minted a moment ago by `socai users token` may not be projected yet.
                self.office.projections.catch_up()
        raise unauthenticated("the bearer token is unknown or revoked")


_BEARER = re.compile(r"^\s*bearer\s+(\S+)\s*$", re.IGNORECASE)


def bearer_token(scope: Scope) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == b"authorization":
            found = _BEARER.match(value.decode("latin-1"))
            return found.group(1) if found else None
    return None


class Authentication:
    """Resolve the caller before routing; 401 without reading the body on non-public routes."""

    def __init__(self, app: ASGIApp, authenticator: Callable[[], Authenticator],
                 public: PublicRoutes = PUBLIC) -> None:
        self.app = app
        self.authenticator = authenticator
        self.public = public

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        public = path in self.public
        token = bearer_token(scope)
        principal: Principal | None = None
        refusal = unauthenticated("send 'Authorization: Bearer <token>' (socai users token NAME)")
        if token is not None:
            client = scope.get("client")
            address = str(client[0]) if client else ""
            try:
                principal = await anyio.to_thread.run_sync(self.authenticator().authenticate,
                                                            token, address)
            except Problem as exc:
                refusal = exc
            except (es.PersistenceError, OSError) as exc:
                # A public route (liveness, readiness) answers anonymously with the store down;
                # any other is a store fault, 503 like everywhere (answered here: an exception
                # out of a middleware would cost the client its connection).
                fault = None if public else as_fault(exc, sqlite_dir=sqlite_dir(Request(scope)))
                if fault is not None:
                    await store_fault_response(fault, instance=path)(scope, receive, send)
                    return
                if not public:
                    raise
        if principal is None and not public:
            scope.setdefault("socai_log", {})["auth_failure"] = (
                refusal.code if token is not None else "no-token")  # counted by api/metrics
            response = problem_response(refusal.status, refusal.code, refusal.title,
                                        refusal.detail, instance=path, headers=refusal.headers)
            await response(scope, receive, send)  # a response that never calls receive()
            return
        scope[PRINCIPAL_KEY] = principal
        if principal is not None:
            scope.setdefault("socai_log", {}).update(actor=str(principal.user_id),
                                                     role=principal.role.value)
        await self.app(scope, receive, send)
