"""The Merkle tree's interior in the database: stored perfect subtree hashes, and proofs from them.

Level 0 of the tree is ``office_log.leaf_hash`` (leaf index = position − 1). Every perfect subtree of
level ≥ 1 is a row of ``ledger_subtrees (level, idx, hash)``, and ``ledger_tree.size`` says how far
they reach: every perfect subtree lying wholly inside the first ``size`` leaves is stored. They are
derived data: `StoredTree.extend_to` adds the subtrees that new leaves complete (resuming from the
stored right edge, a `CompactRange`), `StoredTree.rebuild` recomputes them all, and `socai verify`
compares every stored one with the tree it rebuilds from the leaves.

Extending is safe under concurrency: it runs inside a write transaction, the hashes it writes depend
only on the leaves, inserts ignore rows already there and the size only grows, so two processes
extending at once write the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from infra.db import Cursor, Database
from infra.ledger.merkle import (
    CompactRange,
    ProofRangeError,
    SubtreeKey,
    consistency_keys,
    consistency_proof,
    frontier_keys,
    inclusion_keys,
    inclusion_proof,
    root,
)

Progress = Callable[[int, int], None]

_INSERT = "INSERT INTO ledger_subtrees (level, idx, hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
_SET_SIZE = (
    "INSERT INTO ledger_tree (id, size) VALUES (1, ?) ON CONFLICT (id) DO UPDATE "
    "SET size = excluded.size WHERE ledger_tree.size < excluded.size"
)


class MemorySource:
    """Hashes already read, as a `SubtreeSource` (what `StoredTree` prefetched)."""

    def __init__(self, hashes: Mapping[SubtreeKey, bytes]) -> None:
        self._hashes = hashes

    def get_subtrees(self, keys: Sequence[SubtreeKey]) -> Mapping[SubtreeKey, bytes]:
        return {key: self._hashes[key] for key in keys if key in self._hashes}


class LogGapError(LookupError):
    """The log lacks a position below the size the tree was asked to reach (a damaged store)."""


class CursorSubtreeSource:
    """A `SubtreeSource` over the database, inside a transaction: one query per call.

    Level-0 keys are read from ``office_log.leaf_hash``, the others from ``ledger_subtrees``.
    """

    def __init__(self, cursor: Cursor) -> None:
        """Read through ``cursor`` (a read or write transaction of `Database`)."""
        self._cursor = cursor

    def get_subtrees(self, keys: Sequence[SubtreeKey]) -> Mapping[SubtreeKey, bytes]:
        """Return the stored hash of each key; keys not stored are left out."""
        leaves = sorted({index + 1 for level, index in keys if level == 0})
        inner = sorted({(level, index) for level, index in keys if level > 0})
        parts: list[str] = []
        params: list[int] = []
        if leaves:
            marks = ", ".join("?" * len(leaves))
            parts.append(f"SELECT 0, position - 1, leaf_hash FROM office_log WHERE position IN ({marks})")
            params.extend(leaves)
        if inner:
            where = " OR ".join(["(level = ? AND idx = ?)"] * len(inner))
            parts.append(f"SELECT level, idx, hash FROM ledger_subtrees WHERE {where}")
            params.extend(v for key in inner for v in key)
        if not parts:
            return {}
        self._cursor.execute(" UNION ALL ".join(parts), params)
        return {(int(lvl), int(idx)): bytes(h) for lvl, idx, h in self._cursor.fetchall()}


def stored_size(cursor: Cursor) -> int:
    """How many leaves the stored subtrees cover (0 before the first extension)."""
    cursor.execute("SELECT size FROM ledger_tree WHERE id = 1")
    row = cursor.fetchone()
    return int(row[0]) if row else 0


def log_size(cursor: Cursor) -> int:
    """The log's last position (its tree size)."""
    cursor.execute("SELECT MAX(position) FROM office_log")
    row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


class StoredTree:
    """The office log's Merkle tree, read from stored subtrees and extended on demand."""

    def __init__(self, db: Database, *, batch_size: int = 20_000) -> None:
        """Work on ``db``; read leaves ``batch_size`` at a time when extending."""
        self.db = db
        self.batch_size = batch_size

    def size(self) -> int:
        """How far the stored subtrees reach."""
        with self.db.read() as cur:
            return stored_size(cur)

    def log_size(self) -> int:
        """The log's current size."""
        with self.db.read() as cur:
            return log_size(cur)

    def ensure(self, size: int) -> None:
        """Make the stored subtrees reach ``size`` leaves (a write transaction only if needed)."""
        if self.size() >= size:
            return
        with self.db.write() as cur:
            self.extend_to(cur, size)

    def extend_to(self, cur: Cursor, size: int, progress: Progress | None = None) -> int:
        """Inside a write transaction: store every perfect subtree below ``size``; return the size.

        Raises `LogGapError` if the log lacks a position up to ``size``.
        """
        start = stored_size(cur)
        if start >= size:
            return start
        compact = CompactRange.from_source(start, CursorSubtreeSource(cur))
        done = start
        while done < size:
            upto = min(size, done + self.batch_size)
            cur.execute(
                "SELECT position, leaf_hash FROM office_log WHERE position > ? AND position <= ? "
                "ORDER BY position",
                (done, upto),
            )
            rows = cur.fetchall()
            completed = []
            for position, leaf in rows:
                if position != compact.size + 1:
                    raise LogGapError(f"position {compact.size + 1} is missing from the log")
                completed.extend(compact.append(bytes(leaf)))
            if compact.size != upto:
                raise LogGapError(f"position {compact.size + 1} is missing from the log")
            if completed:
                cur.executemany(_INSERT, completed)
            done = upto
            if progress is not None:
                progress(done, size)
        cur.execute(_SET_SIZE, (size,))
        return size

    def rebuild(self, progress: Progress | None = None) -> int:
        """Drop every stored subtree and recompute them all from the leaf hashes; return the size."""
        with self.db.write() as cur:
            cur.execute("DELETE FROM ledger_subtrees")
            cur.execute("DELETE FROM ledger_tree")
            return self.extend_to(cur, log_size(cur), progress)

    def root(self, size: int) -> bytes:
        """MTH of the first ``size`` leaves, from stored subtrees (extending them if needed)."""
        source = self._prefetch(size, frontier_keys(size))
        return root(size, source)

    def inclusion(self, leaf_index: int, tree_size: int) -> tuple[bytes, bytes, list[bytes]]:
        """Return the leaf hash, the root and the audit path of ``leaf_index`` in ``tree_size``.

        One read transaction and one query of O(log n) keys when the stored tree reaches
        ``tree_size`` (else it is extended first).
        """
        source = self._prefetch(tree_size, inclusion_keys(leaf_index, tree_size))
        leaf = source.get_subtrees([(0, leaf_index)])[(0, leaf_index)]
        return leaf, root(tree_size, source), inclusion_proof(leaf_index, tree_size, source)

    def consistency(self, first: int, second: int) -> tuple[bytes, bytes, list[bytes]]:
        """Return the two roots and the consistency proof from ``first`` to ``second``."""
        source = self._prefetch(second, consistency_keys(first, second))
        return root(first, source), root(second, source), consistency_proof(first, second, source)

    def _prefetch(self, size: int, keys: Sequence[SubtreeKey]) -> MemorySource:
        """Read ``keys`` of a tree of ``size`` in one transaction, extending the tree if needed."""
        for _ in range(2):
            with self.db.read() as cur:
                cur.execute("SELECT (SELECT MAX(position) FROM office_log), "
                            "(SELECT size FROM ledger_tree WHERE id = 1)")
                row = cur.fetchone()
                head = int(row[0]) if row and row[0] is not None else 0
                stored = int(row[1]) if row and row[1] is not None else 0
                if not 0 <= size <= head:
                    raise ProofRangeError(f"tree size {size} is outside the log's 0..{head}")
                if stored >= size:
                    return MemorySource(CursorSubtreeSource(cur).get_subtrees(keys))
            self.ensure(size)
        raise LogGapError(f"the stored tree could not be extended to {size}")  # pragma: no cover

