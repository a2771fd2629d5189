"""By-id reads: the record a GET route's path id names, checked like a command's target.

``reading(DIRECTIVE, "directive.read", param="directive_id")`` is a dependency that lets the caller
through the role table (403 ``forbidden``) and gives the route a :class:`Seen`, which loads the record
of that kind (404 ``record-not-found`` for an id of another kind, or one that did not exist yet at
the requested position) and checks that the caller's clearance covers the record's secrecy **then**
(at ``at_position`` / ``as_of``) **and now** (403 ``clearance-too-low``). The route gets the record
as it stood then; the record and its id are reachable only through those checks.

:func:`mark_routes` writes each route's permission (``x-permission``) and target kind
(``x-target-kind``, ``x-target-param``) into the OpenAPI, where the route × role matrix and the
wrong-kind tests read them.
"""

import inspect
from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar, cast

from fastapi import APIRouter, Depends, Path, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from api.auth import Principal, permission_of, permit, require_clearances
from api.bootstrap import Office
from api.deps import office_of, time_travel
from api.kinds import KindChoice, RecordKind, Target, kind_of
from domain.records import Record

R = TypeVar("R", bound=Record, covariant=True)
KW = inspect.Parameter.KEYWORD_ONLY


class Seen(Generic[R]):
    """The record a GET names, as it stood at ``at`` (None: now), cleared for the caller.

    It is loaded and checked on first use of :attr:`id` or :attr:`record` — in the route, after
    FastAPI has validated every other parameter (so a bad query parameter is 422 whether or not
    the record exists); the role was checked before anything else, by the dependency."""

    def __init__(self, office: Office, kind: RecordKind, record_id: Any, at: int | None,
                 principal: Principal) -> None:
        self.kind = kind
        self.at = at
        self.principal = principal
        self._office = office
        self._id = record_id
        self._record: R | None = None

    def _checked(self) -> R:
        if self._record is None:
            office, kind, principal = self._office, self.kind, self.principal
            if self.at is not None:  # now, as well as then
                require_clearances(principal, kind.levels(office, kind.at(office, self._id), None))
            record = kind.at(office, self._id, self.at)
            require_clearances(principal, kind.levels(office, record, self.at))
            self._record = cast(R, record)
        return self._record

    @property
    def record(self) -> R:
        return self._checked()

    @property
    def id(self) -> Any:
        self._checked()
        return self._id


def reading(target: Target, permission: str, *, param: str,
            at: Callable[..., int | None] | None = time_travel,
            params: dict[str, Any] | None = None) -> Any:
    """The dependency of a by-id GET route (see the module docstring). ``at`` is the dependency
    giving the log position asked for (None: the route reads only now); ``params`` types other
    path parameters the kind depends on (``kind`` of ``/archive/{kind}/...``)."""
    others = dict(params or {})

    def seen(request: Request, principal: Principal, position: int | None = None,
             **path: Any) -> Seen[Record]:
        return Seen(office_of(request), kind_of(target, path), path[param], position, principal)

    id_type = target.id_type if isinstance(target, RecordKind) else next(
        iter(target.kinds.values())).id_type
    parameters = [
        inspect.Parameter("request", KW, annotation=Request),
        inspect.Parameter("principal", KW, annotation=Annotated[Principal, permit(permission)]),
        inspect.Parameter(param, KW, annotation=Annotated[id_type, Path()]),
        *(inspect.Parameter(name, KW, annotation=Annotated[kind, Path()])
          for name, kind in others.items()),
    ]
    if at is not None:
        parameters.append(inspect.Parameter("position", KW,
                                            annotation=Annotated[int | None, Depends(at)]))
    seen.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    seen.target_kind = target.name  # type: ignore[attr-defined]
    seen.target_param = param  # type: ignore[attr-defined]
    if isinstance(target, KindChoice):
        seen.kind_param = target.param  # type: ignore[attr-defined]
    return Depends(seen)


def _walk(dependant: Dependant) -> list[Callable[..., Any]]:
    found = []
    for sub in dependant.dependencies:
        if sub.call is not None:
            found.append(sub.call)
        found.extend(_walk(sub))
    return found


def mark_routes(router: APIRouter) -> None:
    """Put each route's permission and target kind in its OpenAPI operation (call it on a
    router before it is included; routers included in it are walked too)."""
    for route in router.routes:
        included = getattr(route, "original_router", None)  # FastAPI's lazily included routers
        if isinstance(included, APIRouter):
            mark_routes(included)
        if not isinstance(route, APIRoute):
            continue
        extra = dict(route.openapi_extra or {})
        for call in _walk(route.dependant):
            permission = permission_of(call)
            if permission is not None and "x-command" not in extra:
                extra.setdefault("x-permission", permission)
            kind = getattr(call, "target_kind", None)
            if isinstance(kind, str):
                extra.setdefault("x-target-kind", kind)
                extra.setdefault("x-target-param", getattr(call, "target_param", None))
        route.openapi_extra = extra or None
