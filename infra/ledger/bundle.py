"""The offline bundle of docs/verifying.md §7, built from plain values.

A bundle carries one record's events, each with its stored leaf and chain hashes and an RFC 9162
§2.1.3.1 inclusion proof, and the signed checkpoint (§5) the proofs lead to. The builder copies the
stored hashes as they are; `infra.ledger.verifier.verify_bundle` recomputes and checks them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final
from uuid import UUID

from infra.ledger.encoding import b64encode

FORMAT: Final = "socai-bundle/1"
"""The value of a bundle's ``format`` field."""


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """An event as the log stores it: its fields (§2) and the hashes stored beside it (§3)."""

    position: int
    record_id: UUID
    version: int
    topic: str
    recorded_time_us: int
    payload: bytes
    leaf_hash: bytes
    chain_hash: bytes

    @property
    def leaf_index(self) -> int:
        """The event's leaf index in the Merkle tree: position − 1."""
        return self.position - 1


def event_json(event: LoggedEvent, inclusion_proof: Sequence[bytes]) -> dict[str, Any]:
    """Return one entry of a bundle's ``events`` list."""
    return {
        "position": event.position,
        "leaf_index": event.leaf_index,
        "record_id": str(event.record_id),
        "version": event.version,
        "topic": event.topic,
        "recorded_time_us": event.recorded_time_us,
        "payload": b64encode(event.payload),
        "leaf_hash": b64encode(event.leaf_hash),
        "chain_hash": b64encode(event.chain_hash),
        "inclusion_proof": [b64encode(h) for h in inclusion_proof],
    }


def build_bundle(
    *,
    origin: str,
    verifier_key: str,
    record_id: UUID,
    checkpoint_note: str,
    tree_size: int,
    events: Sequence[LoggedEvent],
    proofs: Sequence[Sequence[bytes]],
) -> dict[str, Any]:
    """Return the JSON object of §7; ``proofs[i]`` is the inclusion proof of ``events[i]``.

    ``verifier_key`` is the office's verifier key text (§6), ``checkpoint_note`` the signed note of
    a checkpoint of ``tree_size``, and ``events`` the record's events in version order.
    """
    if len(proofs) != len(events):
        raise ValueError(f"{len(events)} events but {len(proofs)} inclusion proofs")
    return {
        "format": FORMAT,
        "origin": origin,
        "public_key": verifier_key,
        "record_id": str(record_id),
        "checkpoint": checkpoint_note,
        "tree_size": tree_size,
        "events": [event_json(e, p) for e, p in zip(events, proofs, strict=True)],
    }


def dump_bundle(bundle: Mapping[str, Any]) -> bytes:
    """Return the bundle as the UTF-8 JSON file `socai export-bundle` writes."""
    return json.dumps(bundle, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
