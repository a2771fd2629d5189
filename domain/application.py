"""The base of every application service: the library's Application, wired from outside.

``domain/`` never names a database. The wiring (``infra/``) builds one recorder for the whole office
log and hands it, with the mapper, to each application; so every context's events land in one log.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import (
    ApplicationRecorder,
    InfrastructureFactory,
    IntegrityError,
    Mapper,
)
from eventsourcing.utils import Environment, EnvType

from domain.errors import ConcurrentChange, RecordNotFound
from domain.events import Event
from domain.records import Fold, Record, required

R = TypeVar("R", bound=Record)
T = TypeVar("T")

#: Records each application keeps between loads (the least recently used are dropped first).
RECORD_CACHE_SIZE = 1000


@dataclass(frozen=True)
class Receipt:
    """What a command wrote: positions in the office log and each record's new version."""

    positions: tuple[int, ...]
    versions: dict[UUID, int] = field(default_factory=dict)
    record_id: UUID | None = None

    @property
    def position(self) -> int:
        return self.positions[-1] if self.positions else 0

    @property
    def version(self) -> int:
        if self.record_id is None:
            return 0
        return self.versions.get(self.record_id, 0)


class CommandWroteTwice(RuntimeError):
    """A command stored events twice under one :func:`command_write` (a programming error: a
    command is one atomic write; a side write must say so with :func:`side_write`)."""


@dataclass
class CommandWrite:
    """The one write of the command running now (see :func:`command_write`)."""

    options: Mapping[str, object]
    receipt: Receipt | None = None


_COMMAND_WRITE: ContextVar[CommandWrite | None] = ContextVar("command_write", default=None)


@contextmanager
def command_write(**options: object) -> Iterator[CommandWrite]:
    """Run one command: its write (the one :meth:`OfficeApplication.record` that stores its events)
    hands ``options`` to the store with the events, in the same transaction — the command pipeline
    passes an idempotency claim this way without every service naming it. After the block,
    ``.receipt`` is what the command wrote (None: nothing). A second write in the block raises
    :class:`CommandWroteTwice`."""
    scope = CommandWrite(dict(options))
    token = _COMMAND_WRITE.set(scope)
    try:
        yield scope
    finally:
        _COMMAND_WRITE.reset(token)


@contextmanager
def side_write() -> Iterator[None]:
    """A write that is not the running command's own (a calendar year adopted on first use, by
    its system actor): stored in a transaction of its own, without the command's options."""
    token = _COMMAND_WRITE.set(None)
    try:
        yield
    finally:
        _COMMAND_WRITE.reset(token)


class OfficeApplication(Application[UUID]):
    """An application whose recorder and mapper are given, never read from the environment."""

    def __init__(
        self,
        *,
        recorder: ApplicationRecorder,
        mapper: Mapper[UUID],
        clock: Callable[[], datetime],
    ) -> None:
        self._given_recorder = recorder
        self._given_mapper = mapper
        self.clock = clock
        super().__init__(env={
            "PERSISTENCE_MODULE": "eventsourcing.popo",
            # Keep recently loaded records; each load fast-forwards the kept state with the newer
            # events (still one indexed read, so other processes' writes are seen) instead of
            # decoding and folding every event again. Records are frozen: no deep copies.
            "AGGREGATE_CACHE_MAXSIZE": str(RECORD_CACHE_SIZE),
            "DEEPCOPY_FROM_AGGREGATE_CACHE": "n",
        })

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        # The library merges os.environ here; we never let stray variables configure the store.
        return Environment(name, dict(env or {}))

    def construct_factory(self, env: Environment) -> InfrastructureFactory:
        return InfrastructureFactory.construct(env)

    def construct_mapper(self) -> Mapper[UUID]:
        return self._given_mapper

    def construct_recorder(self) -> ApplicationRecorder:
        return self._given_recorder

    def load(self, record_id: UUID, fold: Fold[R], *, version: int | None = None) -> R:
        """The record's state (at ``version``), or :class:`RecordNotFound`."""
        return required(self.find(record_id, fold, version=version), fold.record_type, record_id)

    def find(self, record_id: UUID, fold: Fold[R], *, version: int | None = None) -> R | None:
        try:
            state: Any = self.repository.get(record_id, version=version, projector_func=fold)
        except AggregateNotFoundError:
            return None
        if not isinstance(state, fold.record_type):
            msg = f"{record_id} là một loại hồ sơ khác (is not a {fold.record_type.__name__})"
            raise RecordNotFound(msg, record_id=str(record_id))
        if version is None and self.repository.cache is not None:
            # The library fast-forwards a cached aggregate by mutating it in place; a fold returns a
            # new frozen record instead, so keep that for the next load to start from.
            self.repository.cache.put(record_id, state)
        return state

    def record(self, events: Sequence[Event], *, record_id: UUID | None = None) -> Receipt:
        """Store the events of one command atomically, or raise :class:`ConcurrentChange`."""
        if not events:
            return Receipt(positions=(), record_id=record_id)
        scope = _COMMAND_WRITE.get()
        options: dict[str, object] = {}
        if scope is not None:
            if scope.receipt is not None:
                msg = "a command stored events twice; use side_write() for a write of its own"
                raise CommandWroteTwice(msg)
            options = {**scope.options, "command_record_id": record_id}
        try:
            recordings = self.save(*events, **options)
        except IntegrityError as exc:
            msg = (
                "hồ sơ vừa được thay đổi bởi một thao tác khác, hãy đọc lại và thử lại "
                "(the record changed meanwhile; read it again and retry)"
            )
            raise ConcurrentChange(msg) from exc
        versions: dict[UUID, int] = {}
        for event in events:
            versions[event.originator_id] = event.originator_version
        positions = tuple(r.notification.id for r in recordings)
        receipt = Receipt(positions=positions, versions=versions, record_id=record_id)
        if scope is not None:
            scope.receipt = receipt
        return receipt

    def retrying(self, command: Callable[[], T], *, attempts: int = 60) -> T:
        """Run a read-decide-write command again when another writer got there first.

        For commands whose outcome does not depend on the caller's view (allocating the next number
        of a series): the caller's own If-Match is checked inside ``command`` on each attempt.
        """
        for attempt in range(attempts):
            try:
                return command()
            except ConcurrentChange:
                if attempt == attempts - 1:
                    raise
                time.sleep(random.uniform(0, 0.002 * (attempt + 1)))  # noqa: S311 - jitter only
        raise AssertionError  # pragma: no cover - the loop returns or raises
