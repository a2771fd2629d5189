"""A command, declared once: :class:`CommandSpec`.

A spec says everything the doors need to know — the HTTP route, the permission, the kind of record
its path id names, the body, how secrecy is checked, whether an answer may be replayed — and how to
call the application service (:attr:`CommandSpec.run`). ``api/commands/pipeline.py`` reads it to check
and run a command, whoever asks (HTTP, the command line, later the console); ``api/commands/routes.py``
generates the HTTP route from it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel

from api.auth import Principal
from api.bootstrap import Office
from api.kinds import Target
from domain.actors import Secrecy
from domain.application import Receipt
from domain.records import Context, Record

B = TypeVar("B")


class Intake(enum.Enum):
    """How the HTTP route takes the command's body."""

    JSON = "json"  # a JSON body validated by the body model
    #: The request body is a file's bytes, streamed into the blob store (no JSON limit, the
    #: attachment limit); the command's body is the stored :class:`Upload`.
    FILE = "file"


@dataclass(frozen=True)
class Upload:
    """The body of a file command: the streamed content, as stored (pending until kept)."""

    sha256: str
    size: int
    media_type: str
    filename: str


class Replay(enum.Enum):
    """What an ``Idempotency-Key`` does on this command."""

    #: A retry with the same key answers the first receipt and runs nothing (the default).
    RECEIPT = "receipt"
    #: A key is refused with 400: the answer is a credential that must never be kept (a token).
    REFUSED = "refused"
    #: A key is ignored: every request runs and is recorded anew (a reveal, a checkpoint).
    RUNS_AGAIN = "runs-again"


@dataclass(frozen=True)
class Run(Generic[B]):
    """What a command's call gets: the office, who asks, the checked target and the body."""

    office: Office
    principal: Principal
    ctx: Context
    target_id: Any  # the path id (a UUID; a username for users), or None for a creation
    target: Record | None  # the target as loaded by the check (None for a creation)
    body: B
    expected: int | None  # If-Match (None: the command line, which acts on the latest version)
    params: Mapping[str, Any]  # the other path parameters

    def because(self, reason: str | None) -> Context:
        """The context with the body's reason (commands whose rules ask for one)."""
        return replace(self.ctx, reason=reason)


@dataclass(frozen=True)
class Done:
    """A command's result when it answers more than its receipt."""

    receipt: Receipt | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)  # fields added to the answer
    body: Mapping[str, Any] | None = None  # the whole answer instead (a reveal, a checkpoint)
    headers: Mapping[str, str] = field(default_factory=dict)
    secret: bool = False  # the answer carries a secret: Cache-Control: no-store


Result = Receipt | Done
PATH_PARAM = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class CommandSpec(Generic[B]):
    """One command of the table (``api/commands/<context>.py``)."""

    name: str  # unique: "directive.issue", "petition.accept"
    permission: str  # its row in api.permissions.PERMISSIONS (several commands may share one)
    path: str  # the HTTP route template; also the Idempotency-Key's scope
    summary: str  # Vietnamese, for the OpenAPI
    tags: tuple[str, ...]
    run: Callable[[Run[B]], Result]
    body: type[B] | None = None  # a pydantic model (HTTP JSON body), or None
    #: The kind of record the path id names (None: a creation or a singleton).
    target: Target | None = None
    #: Other path parameters and their types (``hold_id``, ``token_id``, the upload's ``kind``).
    params: Mapping[str, Any] = field(default_factory=dict)
    creates: bool = False  # 201 + Location
    location: str | None = None  # str.format template: {id}, path params, {body.x}
    #: If-Match required over HTTP (default: when there is a target).
    if_match: bool | None = None
    #: The body field naming a secrecy level the command creates or sets: the caller must hold it.
    body_secrecy: str | None = None
    #: Levels of other records the body names (a successor, a disposal's files, an item).
    named_levels: Callable[[Office, B], Iterable[Secrecy]] | None = None
    replay: Replay = Replay.RECEIPT
    #: The domain gates role and clearance and records a refused attempt before refusing (a
    #: reveal): the pipeline checks only the target's kind.
    refusal_recorded: bool = False
    http: bool = True  # False: a command-line command only (shred, fixity)
    answer_model: type[BaseModel] | None = None  # the OpenAPI's answer (default: CommandResult)
    intake: Intake = Intake.JSON  # how the HTTP request carries the body

    def __post_init__(self) -> None:
        undeclared = [p for p in self.path_params if p not in self.params]
        if len(undeclared) != (1 if self.target is not None else 0):
            msg = (f"{self.name}: {self.path} must name exactly the target's id besides "
                   f"{sorted(self.params)}")
            raise ValueError(msg)

    @property
    def path_params(self) -> list[str]:
        return PATH_PARAM.findall(self.path)

    @property
    def target_param(self) -> str | None:
        """The path parameter that holds the target's id."""
        return next((p for p in self.path_params if p not in self.params), None)

    @property
    def needs_if_match(self) -> bool:
        return self.target is not None if self.if_match is None else self.if_match

    @property
    def status(self) -> int:
        return 201 if self.creates else 200

    def locate(self, record_id: UUID | None, body: Any, params: Mapping[str, Any]) -> str | None:
        if self.location is None:
            return None
        return self.location.format(id=record_id, body=body, **params)
