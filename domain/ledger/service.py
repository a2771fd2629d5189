"""Recording signed checkpoints: the rule that the log must have grown since the last one.

The signing itself (the Merkle root, the consistency check, the Ed25519 signature) is done by
``infra.ledger.signer``, which asks this service to decide the event and stores it in its own
transaction, under the signer's lock.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime
from uuid import uuid4

from domain.application import OfficeApplication, Receipt
from domain.errors import InvalidValue, RuleViolation
from domain.events import Event
from domain.ledger.model import CHECKPOINTS_ID, Ledger, fold_ledger
from domain.ledger.verification import record_verification
from domain.records import Context

_KEY_ID = re.compile(r"[0-9a-f]{8}")


class CheckpointNotGrown(RuleViolation):
    """A checkpoint is signed only when the log has grown since the previous one."""


def _root_hash(value: str) -> str:
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raw = b""
    if len(raw) != 32 or base64.b64encode(raw).decode("ascii") != value:
        msg = "root_hash: phải là 32 byte mã hóa base64 chuẩn (32 bytes of canonical base64)"
        raise InvalidValue(msg, field="root_hash")
    return value


def require_growth(previous: Ledger | None, tree_size: int) -> None:
    """The rule: a checkpoint covers more of the log than the one before it."""
    floor = previous.tree_size if previous else 0
    if tree_size <= floor:
        msg = (
            f"nhật ký chưa tăng thêm từ điểm kiểm tra trước ({floor} sự kiện) "
            f"(the log has not grown since the last checkpoint of size {floor})"
        )
        raise CheckpointNotGrown(msg, tree_size=tree_size, previous=floor)


class Checkpoints(OfficeApplication):
    """The record of signed checkpoints."""

    def latest(self) -> Ledger | None:
        """The latest signed checkpoint, or None before the first."""
        return self.find(CHECKPOINTS_ID, fold_ledger)

    def checkpoint_signed(
        self, ctx: Context, previous: Ledger | None, *, tree_size: int, root_hash: str, note: str,
        signed_at: datetime, key_id: str,
    ) -> Event:
        """Decide the event of a new checkpoint after ``previous`` (not stored: see `record`)."""
        require_growth(previous, tree_size)
        if not _KEY_ID.fullmatch(key_id):
            raise InvalidValue("key_id: 8 chữ số hex thường (8 lowercase hex digits)", field="key_id")
        if not note.endswith("\n") or signed_at.tzinfo is None:
            raise InvalidValue("note/signed_at: ghi chú ký số không hợp lệ (malformed note or time)")
        fields = {
            "tree_size": tree_size, "root_hash": _root_hash(root_hash), "note": note,
            "signed_at": signed_at, "key_id": key_id,
        }
        if previous is None:
            return ctx.event(Ledger.CheckpointSigned, CHECKPOINTS_ID, 1, **fields)
        return ctx.follow(previous, Ledger.CheckpointSigned, **fields)

    def history(self, *, after_version: int = 0, limit: int = 100) -> list[Ledger.CheckpointSigned]:
        """Signed checkpoints in order, after the ``after_version``-th (cursor pagination)."""
        events = self.events.get(CHECKPOINTS_ID, gt=after_version, limit=limit)
        return [e for e in events if isinstance(e, Ledger.CheckpointSigned)]

    def record_checkpoint(
        self, ctx: Context, *, tree_size: int, root_hash: str, note: str, signed_at: datetime,
        key_id: str,
    ) -> Receipt:
        """Decide and store a checkpoint event in a transaction of its own (the signer does not:
        it stores the event in its locked transaction)."""
        event = self.checkpoint_signed(
            ctx, self.latest(), tree_size=tree_size, root_hash=root_hash, note=note,
            signed_at=signed_at, key_id=key_id,
        )
        return self.record([event], record_id=CHECKPOINTS_ID)

    def record_verification(
        self, ctx: Context, *, started_at: datetime, since: int, tree_size: int, checked: int,
        checkpoints: int, first_bad_position: int | None, problems: int,
    ) -> Receipt:
        """One run of `socai verify`, as a record of its own (``domain/ledger/verification.py``)."""
        run_id = uuid4()
        events = record_verification(
            ctx, run_id=run_id, started_at=started_at, since=since, tree_size=tree_size,
            checked=checked, checkpoints=checkpoints, first_bad_position=first_bad_position,
            problems=problems)
        return self.record(events, record_id=run_id)
