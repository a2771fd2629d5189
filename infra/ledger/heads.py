"""The head of the log at a size, computed from the stored leaf hashes alone.

A backup's manifest names the log's head when the backup was taken (its position, that event's leaf
hash, the Merkle root), and a restore compares the restored log with checkpoints published before.
Both read the leaf hashes in order and fold them into a `CompactRange` (O(log n) memory); nothing
derived (the stored subtrees, which may lag or be damaged) is trusted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from infra.db import Cursor
from infra.ledger.merkle import CompactRange

CHUNK: Final = 10_000


@dataclass(frozen=True)
class LogHead:
    """The log at ``size`` events: the last event's leaf hash and time, and the tree's root."""

    size: int
    leaf_hash: bytes | None  # the event at position ``size`` (None for an empty log)
    root_hash: bytes
    recorded_us: int | None


class LogGap(LookupError):
    """The log lacks a position below the size asked for."""


def read_head(cur: Cursor, size: int | None = None) -> LogHead:
    """The log's head at ``size`` (default: its last position), from the leaf hashes in order.

    Raises `LogGap` if a position between 1 and ``size`` is missing.
    """
    if size is None:
        cur.execute("SELECT MAX(position) FROM office_log")
        row = cur.fetchone()
        size = int(row[0]) if row and row[0] is not None else 0
    compact = CompactRange()
    last_leaf: bytes | None = None
    last_us: int | None = None
    after = 0
    while after < size:
        upto = min(size, after + CHUNK)
        cur.execute("SELECT position, leaf_hash, recorded_us FROM office_log "
                    "WHERE position > ? AND position <= ? ORDER BY position", (after, upto))
        rows = cur.fetchall()
        for position, leaf, recorded_us in rows:
            if int(position) != compact.size + 1:
                raise LogGap(f"position {compact.size + 1} is missing from the log")
            last_leaf = bytes(leaf)
            last_us = int(recorded_us)
            compact.append(last_leaf)
        if compact.size != upto:
            raise LogGap(f"position {compact.size + 1} is missing from the log")
        after = upto
    return LogHead(size, last_leaf, compact.root(), last_us)
