"""Canonical leaf encoding and the write-time hashes (docs/verifying.md §2–§3).

Placeholder of the ledger-core branch's module with the same names; that branch replaces it.
"""

from __future__ import annotations

import hashlib
import struct
from uuid import UUID

GENESIS_CHAIN = bytes(32)
_HEAD = struct.Struct(">Q16sQI")


def leaf_data(
    position: int, record_id: UUID, version: int, topic: str, recorded_time_us: int, payload: bytes
) -> bytes:
    topic_bytes = topic.encode("utf-8")
    return b"".join(
        (
            _HEAD.pack(position, record_id.bytes, version, len(topic_bytes)),
            topic_bytes,
            struct.pack(">qI", recorded_time_us, len(payload)),
            payload,
        )
    )


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def chain_hash(previous: bytes | None, leaf: bytes) -> bytes:
    return hashlib.sha256((previous or GENESIS_CHAIN) + leaf).digest()
