"""The base of every application service: the library's Application, wired from outside.

``domain/`` never names a database. The wiring (``infra/``) builds one recorder for the whole office
log and hands it, with the mapper, to each application; so every context's events land in one log.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
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
        try:
            recordings = self.save(*events)
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
        return Receipt(positions=positions, versions=versions, record_id=record_id)

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
