"""A small synthetic office log with real hashes, signed checkpoints and bundles, for tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from infra.ledger.bundle import LoggedEvent, build_bundle
from infra.ledger.encoding import chain_hash, leaf_hash_of_event
from infra.ledger.merkle import MemorySubtreeSource, inclusion_proof, root
from infra.ledger.note import Checkpoint, VerifierKey, sign_checkpoint

ORIGIN = "vptu.example.vn/socai"
RECORD = UUID("6f1c4c1e-54a4-4c0e-9d36-0d9c0f7a1b2c")
OTHERS = [UUID(int=i) for i in range(1, 4)]
TOPICS = ["Drafted", "Reviewed", "Signed", "Issued", "Amended", "Revoked"]


@dataclass
class SyntheticLog:
    """Events in position order, with every perfect subtree of their leaf hashes."""

    events: list[LoggedEvent]
    source: MemorySubtreeSource

    def bundle(
        self,
        key: Ed25519PrivateKey,
        *,
        record: UUID = RECORD,
        tree_size: int | None = None,
        origin: str = ORIGIN,
    ) -> dict[str, Any]:
        """The bundle of ``record`` against a checkpoint of ``tree_size`` signed by ``key``."""
        size = len(self.events) if tree_size is None else tree_size
        note = sign_checkpoint(Checkpoint(origin, size, root(size, self.source)), key)
        events = [e for e in self.events[:size] if e.record_id == record]
        return build_bundle(
            origin=origin,
            verifier_key=VerifierKey.from_public_key(origin, key.public_key()).to_text(),
            record_id=record,
            checkpoint_note=note,
            tree_size=size,
            events=events,
            proofs=[inclusion_proof(e.leaf_index, size, self.source) for e in events],
        )


def synthetic_log(size: int, record_positions: set[int], salt: str = "") -> SyntheticLog:
    """A log of ``size`` events; RECORD's versions sit at ``record_positions``, others between."""
    events: list[LoggedEvent] = []
    versions: dict[UUID, int] = {}
    chains: dict[UUID, bytes] = {}
    for position in range(1, size + 1):
        record = RECORD if position in record_positions else OTHERS[position % len(OTHERS)]
        version = versions.get(record, 0) + 1
        topic = f"domain.directives.events:{TOPICS[(version - 1) % len(TOPICS)]}"
        payload = json.dumps(
            {"trích_yếu": f"Công văn số {position}/VPTU{salt}", "người_ký": "Nguyễn Văn A"},
            ensure_ascii=False,
        ).encode()
        time_us = 1_763_780_000_000_000 + position * 1_000
        leaf = leaf_hash_of_event(position, record, version, topic, time_us, payload)
        chain = chain_hash(chains.get(record), leaf)
        events.append(LoggedEvent(position, record, version, topic, time_us, payload, leaf, chain))
        versions[record], chains[record] = version, chain
    return SyntheticLog(events, MemorySubtreeSource(e.leaf_hash for e in events))
