"""Restore statements: a restore behind a published checkpoint, declared in the restored log.

A store restored from a backup taken before the latest checkpoint already handed out (the witness
file, a copy held by an auditor, later the province log) has forked from that checkpoint: the events
after the backup are gone, and the next checkpoint cannot extend the published one. Such a restore is
refused unless forced; a forced one records, in the restored log, a statement signed by the office key
naming the abandoned checkpoint (its origin, size and root hash) and the point the log was restored to,
so that a witness sees a declared fork, not a silent one (docs/verifying.md §10).

Every statement is an event of one record with a fixed id; its state is the latest statement and its
version is how many restores were declared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import uuid5

from domain.application import OfficeApplication, Receipt
from domain.errors import InvalidValue, RuleViolation
from domain.events import Event
from domain.ledger.model import LEDGER_NAMESPACE
from domain.records import Context, Fold, Record

RESTORES_ID = uuid5(LEDGER_NAMESPACE, "ledger-restores")
"""The id of the record that holds every restore statement (``uuid5(LEDGER_NAMESPACE, …)``)."""


class RestoreNotBehind(RuleViolation):
    """A restore statement declares a fork: the abandoned checkpoint must not be covered by the
    restored log (it is larger, or the restored log gives another root at its size)."""


@dataclass(frozen=True, kw_only=True)
class Restores(Record):
    """The latest restore statement (``version`` = how many restores were declared)."""

    abandoned_size: int
    abandoned_root_hash: str
    restored_size: int
    restored_root_hash: str

    @dataclass(frozen=True, kw_only=True)
    class ForkDeclared(Event):
        """The log was restored to its first ``restored_size`` events, behind (or beside) the
        published checkpoint of ``abandoned_size`` events, which it no longer extends."""

        abandoned_origin: str
        abandoned_size: int
        abandoned_root_hash: str  # standard base64, as in the checkpoint
        abandoned_note: str  # the published signed note, as it was found
        restored_size: int
        restored_root_hash: str
        backup_created_at: datetime
        statement: str  # the signed note of the statement (docs/verifying.md §10)
        key_id: str


fold_restores: Fold[Restores] = Fold(Restores)


@fold_restores.on(Restores.ForkDeclared)
def _declared(state: Restores | None, e: Restores.ForkDeclared) -> Restores:
    return Restores(
        id=e.originator_id, version=e.originator_version,
        created_at=state.created_at if state else e.timestamp, modified_at=e.timestamp,
        abandoned_size=e.abandoned_size, abandoned_root_hash=e.abandoned_root_hash,
        restored_size=e.restored_size, restored_root_hash=e.restored_root_hash,
    )


def fork_declared(
    ctx: Context, previous: Restores | None, *, abandoned_origin: str, abandoned_size: int,
    abandoned_root_hash: str, abandoned_note: str, restored_size: int, restored_root_hash: str,
    covered: bool, backup_created_at: datetime, statement: str, key_id: str,
) -> Restores.ForkDeclared:
    """Decide the statement's event (the signing is done by ``infra.ledger.restores``).

    ``covered`` says whether the restored log gives the abandoned checkpoint's root at its size: a
    checkpoint the restored log covers was not abandoned, and no statement is recorded for it.
    """
    reason = ctx.required_reason("khôi phục về trước điểm kiểm tra đã công bố")
    if covered:
        msg = (f"nhật ký khôi phục đã bao gồm điểm kiểm tra {abandoned_size} sự kiện: không có rẽ "
               "nhánh để công bố (the restored log covers that checkpoint: there is no fork)")
        raise RestoreNotBehind(msg, abandoned_size=abandoned_size, restored_size=restored_size)
    if restored_size < 0 or abandoned_size < 1:
        raise InvalidValue("kích thước cây không hợp lệ (tree sizes must be positive)")
    if not statement.endswith("\n") or backup_created_at.tzinfo is None:
        raise InvalidValue("statement: ghi chú ký số không hợp lệ (malformed statement or time)")
    fields = {
        "abandoned_origin": abandoned_origin, "abandoned_size": abandoned_size,
        "abandoned_root_hash": abandoned_root_hash, "abandoned_note": abandoned_note,
        "restored_size": restored_size, "restored_root_hash": restored_root_hash,
        "backup_created_at": backup_created_at, "statement": statement, "key_id": key_id,
        "reason": reason,
    }
    if previous is None:
        return ctx.event(Restores.ForkDeclared, RESTORES_ID, 1, **fields)
    return ctx.follow(previous, Restores.ForkDeclared, **fields)


class RestoreStatements(OfficeApplication):
    """The record of restore statements."""

    def latest(self) -> Restores | None:
        return self.find(RESTORES_ID, fold_restores)

    def history(self) -> list[Restores.ForkDeclared]:
        """Every statement, in order."""
        return [e for e in self.events.get(RESTORES_ID) if isinstance(e, Restores.ForkDeclared)]

    def record_fork(self, event: Restores.ForkDeclared) -> Receipt:
        """Store a statement decided by `fork_declared` against `latest`."""
        return self.record([event], record_id=RESTORES_ID)
