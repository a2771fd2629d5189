"""Exporting one record's bundle (docs/verifying.md §7) from the store.

The record's events are read as stored (raw rows, with their stored hashes), proven against the
latest signed checkpoint in one read transaction; if that checkpoint does not yet cover the
record's last event, a fresh one is signed first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol
from uuid import UUID

from domain.errors import RecordNotFound
from domain.ledger.model import Ledger
from domain.ledger.service import Checkpoints
from infra.db import Database
from infra.ledger.bundle import LoggedEvent, build_bundle
from infra.ledger.merkle import inclusion_proof
from infra.ledger.note import VerifierKey
from infra.ledger.signer import CheckpointSigner
from infra.ledger.tree import CursorSubtreeSource, StoredTree

_EVENTS = (
    "SELECT l.position, l.originator_version, e.topic, l.recorded_us, e.state, l.leaf_hash, "
    "l.chain_hash FROM office_log l JOIN stored_events e ON e.originator_id = l.originator_id "
    "AND e.originator_version = l.originator_version WHERE l.originator_id = ? "
    "ORDER BY l.originator_version"
)


def record_events(db: Database, record_id: UUID) -> list[LoggedEvent]:
    """The record's events as stored, in version order."""
    with db.read() as cur:
        cur.execute(_EVENTS, (db.dialect.uuid_param(record_id),))
        rows = cur.fetchall()
    return [
        LoggedEvent(int(p), record_id, int(v), str(topic), int(t), bytes(state), bytes(leaf),
                    bytes(chain))
        for p, v, topic, t, state, leaf, chain in rows
    ]


class Signs(Protocol):
    """What :func:`prove` needs of a signer: the ledger's own, or one that asks it and waits."""

    def sign(self, ctx: Any) -> Any: ...


def prove(
    *,
    db: Database,
    tree: StoredTree,
    checkpoints: Checkpoints,
    signer: Signs,
    sign_as: Callable[[], Any],
    events: Sequence[LoggedEvent],
) -> tuple[Ledger, list[list[bytes]]]:
    """The latest signed checkpoint and each event's inclusion proof against it; a fresh
    checkpoint is signed first if the latest does not cover the last of ``events``.

    ``sign_as`` returns the `Context` a fresh checkpoint is signed under (the ledger signer).
    """
    last = max((e.position for e in events), default=0)
    latest = checkpoints.latest()
    if latest is None or latest.tree_size < last:
        signer.sign(sign_as())
        latest = checkpoints.latest()
    if latest is None:  # pragma: no cover - sign() records one or raises
        raise RecordNotFound("no checkpoint could be signed")
    size = latest.tree_size
    tree.ensure(size)
    with db.read() as cur:
        source = CursorSubtreeSource(cur)
        return latest, [inclusion_proof(e.leaf_index, size, source) for e in events]


def export_bundle(
    *,
    db: Database,
    tree: StoredTree,
    checkpoints: Checkpoints,
    signer: CheckpointSigner,
    sign_as: Callable[[], Any],
    verifier: VerifierKey,
    record_id: UUID,
) -> dict[str, Any]:
    """Return the bundle of ``record_id``; sign a checkpoint first if the latest is too old.

    ``sign_as`` returns the `Context` a fresh checkpoint is signed under (the ledger signer).
    """
    events = record_events(db, record_id)
    if not events:
        raise RecordNotFound(f"không có hồ sơ {record_id} trong nhật ký (no such record)")
    latest, proofs = prove(db=db, tree=tree, checkpoints=checkpoints, signer=signer,
                           sign_as=sign_as, events=events)
    return build_bundle(
        origin=verifier.name,
        verifier_key=verifier.to_text(),
        record_id=record_id,
        checkpoint_note=latest.note,
        tree_size=latest.tree_size,
        events=events,
        proofs=proofs,
    )
