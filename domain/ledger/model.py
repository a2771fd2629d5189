"""The ledger's own record: the signed checkpoints of the office log, one event each.

A checkpoint commits to the first ``tree_size`` events of the log (docs/verifying.md §5). Each signed
checkpoint is stored as an event of one record with a fixed id, so it is itself in the log: later
checkpoints cover it and no rebuild of the read models can drop it. The record's state is the latest
checkpoint; its version is how many have been signed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid5

from domain.events import Event
from domain.records import Fold, Record

LEDGER_NAMESPACE = UUID("0d4f3a6e-8c1b-5e27-9a40-6b2f7c9d1e53")
CHECKPOINTS_ID = uuid5(LEDGER_NAMESPACE, "ledger-checkpoints")
"""The id of the record that holds every signed checkpoint (``uuid5(LEDGER_NAMESPACE, …)``)."""


@dataclass(frozen=True, kw_only=True)
class Ledger(Record):
    """The latest signed checkpoint of the log (``version`` = how many have been signed)."""

    tree_size: int
    root_hash: str  # standard base64 of the 32-byte RFC 9162 root
    note: str  # the whole C2SP signed note
    signed_at: datetime
    key_id: str  # 8 lowercase hex digits

    @dataclass(frozen=True, kw_only=True)
    class CheckpointSigned(Event):
        """The log's first ``tree_size`` events were committed to by a signed checkpoint."""

        tree_size: int
        root_hash: str
        note: str
        signed_at: datetime
        key_id: str


fold_ledger: Fold[Ledger] = Fold(Ledger)


@fold_ledger.on(Ledger.CheckpointSigned)
def _signed(state: Ledger | None, e: Ledger.CheckpointSigned) -> Ledger:
    return Ledger(
        id=e.originator_id, version=e.originator_version,
        created_at=state.created_at if state else e.timestamp, modified_at=e.timestamp,
        tree_size=e.tree_size, root_hash=e.root_hash, note=e.note, signed_at=e.signed_at,
        key_id=e.key_id,
    )
