"""RFC 9162 §2.1 Merkle tree hashing, proofs read from stored perfect subtrees, and their checks.

Vocabulary. A *perfect subtree* ``(level, index)`` is the complete subtree over the leaves
``[index * 2**level, (index + 1) * 2**level)``; level 0 holds the leaf hashes themselves. It never
changes once the tree has grown past it, so it can be stored. Every hash an RFC 9162 proof needs is
``MTH(D[a:b])`` of a range that is either such a subtree or a run of them ending at the tree's right
edge, so a proof costs O(log n) stored hashes, fetched in one `SubtreeSource.get_subtrees` call.

- `node_hash`, `EMPTY_ROOT`, `mth`: the hash of RFC 9162 §2.1.1 (`mth`: brute-force reference).
- `root`, `inclusion_proof`, `consistency_proof`: §2.1.3.1 PATH and §2.1.4.1 PROOF/SUBPROOF, built
  from a `SubtreeSource`.
- `verify_inclusion`, `verify_consistency`: the §2.1.3.2 and §2.1.4.2 verification algorithms.
- `CompactRange`: the right edge of a growing tree, O(log n) hashes (appends, root, new subtrees).
- `MemorySubtreeSource`: every perfect subtree of a list of leaf hashes, in memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Protocol

from infra.ledger.encoding import HASH_SIZE

NODE_PREFIX: Final = b"\x01"
"""RFC 9162 §2.1.1 domain separation byte of an interior node."""

EMPTY_ROOT: Final = hashlib.sha256(b"").digest()
"""MTH({}) = SHA-256 of the empty string (RFC 9162 §2.1.1)."""

SubtreeKey = tuple[int, int]
"""``(level, index)``: the perfect subtree over leaves [index * 2**level, (index+1) * 2**level)."""

Subtree = tuple[int, int, bytes]
"""``(level, index, hash)``: a perfect subtree's key and hash (a plain tuple: cheap on the hot path,
and the row shape of a table of subtrees)."""

_sha256 = hashlib.sha256


class SubtreeSource(Protocol):
    """Where proofs read stored perfect-subtree hashes (the database, or `MemorySubtreeSource`)."""

    def get_subtrees(self, keys: Sequence[SubtreeKey]) -> Mapping[SubtreeKey, bytes]:
        """Return the hash of each key held; a key it does not hold is simply left out."""
        ...


class ProofRangeError(ValueError):
    """A proof or root was asked for arguments outside the tree (e.g. a leaf index ≥ tree size)."""


class MissingSubtreeError(LookupError):
    """The `SubtreeSource` lacks a subtree that a proof needs (the tree is smaller than asked)."""


class ProofError(Exception):
    """A proof does not verify; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return the RFC 9162 §2.1.1 interior node hash ``SHA-256(0x01 || left || right)``."""
    return _sha256(NODE_PREFIX + left + right).digest()


def _split(size: int) -> int:
    """Return k, the largest power of two smaller than ``size`` (``size`` ≥ 2), RFC 9162 §2.1.1."""
    return 1 << ((size - 1).bit_length() - 1)


def mth(leaves: Sequence[bytes]) -> bytes:
    """Return MTH(D[0:n]) of leaf hashes by the literal recursion of RFC 9162 §2.1.1 (reference)."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = _split(len(leaves))
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def _range_keys(start: int, end: int) -> list[SubtreeKey]:
    """Return the perfect subtrees making up ``[start, end)``, left to right, largest first.

    Valid for the ranges of RFC 9162 recursions: ``start`` is a multiple of the smallest power of
    two not below ``end - start``, so the binary decomposition of the length is aligned.
    """
    keys: list[SubtreeKey] = []
    while start < end:
        level = (end - start).bit_length() - 1
        keys.append((level, start >> level))
        start += 1 << level
    return keys


def frontier_keys(size: int) -> list[SubtreeKey]:
    """Return the perfect subtrees making up a tree of ``size`` leaves (its right edge).

    One per set bit of ``size``, largest first; MTH(D[0:size]) folds their hashes from the right.
    """
    if size < 0:
        raise ProofRangeError(f"tree size {size} is negative")
    return _range_keys(0, size)


def _fold(hashes: Sequence[bytes]) -> bytes:
    """Return MTH of a range from its perfect subtrees, largest first (RFC 9162 §2.1.1)."""
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def _fetch(source: SubtreeSource, keys: Sequence[SubtreeKey]) -> Mapping[SubtreeKey, bytes]:
    """Read ``keys`` in one call; raise `MissingSubtreeError` if any is absent."""
    found = source.get_subtrees(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        raise MissingSubtreeError(f"the subtree source lacks (level, index) {missing[:4]}")
    return found


def _range_hashes(ranges: Sequence[tuple[int, int]], source: SubtreeSource) -> list[bytes]:
    """Return MTH of each range, reading every perfect subtree they need in one call."""
    if not ranges:
        return []
    per_range = [_range_keys(start, end) for start, end in ranges]
    found = _fetch(source, list(dict.fromkeys(key for keys in per_range for key in keys)))
    return [_fold([found[key] for key in keys]) for keys in per_range]


def root(size: int, source: SubtreeSource) -> bytes:
    """Return MTH(D[0:size]) from the stored subtrees of `frontier_keys` (one read)."""
    keys = frontier_keys(size)
    if not keys:
        return EMPTY_ROOT
    found = _fetch(source, keys)
    return _fold([found[key] for key in keys])


def _inclusion_ranges(leaf_index: int, tree_size: int) -> list[tuple[int, int]]:
    """Return the ranges whose MTH make up PATH(m, D[n]) (RFC 9162 §2.1.3.1), in proof order."""
    ranges: list[tuple[int, int]] = []
    lo, hi = 0, tree_size
    while hi - lo > 1:
        k = _split(hi - lo)
        if leaf_index < lo + k:  # PATH(m, D[0:k]) : MTH(D[k:n])
            ranges.append((lo + k, hi))
            hi = lo + k
        else:  # PATH(m - k, D[k:n]) : MTH(D[0:k])
            ranges.append((lo, lo + k))
            lo += k
    ranges.reverse()
    return ranges


def proof_keys(ranges: Sequence[tuple[int, int]]) -> list[SubtreeKey]:
    """The perfect subtrees that the MTH of these ranges are folded from (no duplicates)."""
    return list(dict.fromkeys(key for start, end in ranges for key in _range_keys(start, end)))


def inclusion_keys(leaf_index: int, tree_size: int) -> list[SubtreeKey]:
    """Every stored hash `inclusion_proof` and `root` read for this leaf and size (to prefetch)."""
    if not 0 <= leaf_index < tree_size:
        raise ProofRangeError(f"leaf index {leaf_index} is outside a tree of size {tree_size}")
    ranges = [(leaf_index, leaf_index + 1), (0, tree_size),
              *_inclusion_ranges(leaf_index, tree_size)]
    return proof_keys(ranges)


def consistency_keys(first: int, second: int) -> list[SubtreeKey]:
    """Every stored hash `consistency_proof` and the two `root` calls read (to prefetch)."""
    if not 0 < first <= second:
        raise ProofRangeError(f"no consistency proof from size {first} to size {second}")
    return proof_keys([(0, first), (0, second), *_consistency_ranges(first, second)])


def inclusion_proof(leaf_index: int, tree_size: int, source: SubtreeSource) -> list[bytes]:
    """Return the audit path PATH(leaf_index, D[tree_size]) of RFC 9162 §2.1.3.1, leaf side first.

    Raises `ProofRangeError` unless ``0 ≤ leaf_index < tree_size``, and `MissingSubtreeError` if the
    source does not hold the tree up to ``tree_size``.
    """
    if not 0 <= leaf_index < tree_size:
        raise ProofRangeError(f"leaf index {leaf_index} is outside a tree of size {tree_size}")
    return _range_hashes(_inclusion_ranges(leaf_index, tree_size), source)


def _consistency_ranges(first: int, second: int) -> list[tuple[int, int]]:
    """Return the ranges whose MTH make up PROOF(m, D[n]) (RFC 9162 §2.1.4.1), in proof order."""
    ranges: list[tuple[int, int]] = []
    lo, hi, whole = 0, second, True  # SUBPROOF(first - lo, D[lo:hi], whole)
    while first != hi:
        k = _split(hi - lo)
        if first <= lo + k:  # SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
            ranges.append((lo + k, hi))
            hi = lo + k
        else:  # SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
            ranges.append((lo, lo + k))
            lo += k
            whole = False
    if not whole:  # SUBPROOF(m, D[m], false) = {MTH(D[m])}
        ranges.append((lo, hi))
    ranges.reverse()
    return ranges


def consistency_proof(first: int, second: int, source: SubtreeSource) -> list[bytes]:
    """Return PROOF(first, D[second]) of RFC 9162 §2.1.4.1 (empty when ``first == second``).

    Raises `ProofRangeError` unless ``0 < first ≤ second`` (a proof from the empty tree proves
    nothing), and `MissingSubtreeError` if the source does not hold the tree up to ``second``.
    """
    if not 0 < first <= second:
        raise ProofRangeError(f"no consistency proof from size {first} to size {second}")
    return _range_hashes(_consistency_ranges(first, second), source)


def _check_hash(value: bytes, what: str) -> None:
    if len(value) != HASH_SIZE:
        raise ProofError(f"{what} is {len(value)} bytes, not {HASH_SIZE}")


def verify_inclusion(
    leaf_index: int, tree_size: int, leaf_hash: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Check an audit path by the algorithm of RFC 9162 §2.1.3.2; raise `ProofError` if it fails."""
    if not 0 <= leaf_index < tree_size:
        raise ProofError(f"leaf index {leaf_index} is outside a tree of size {tree_size}")
    _check_hash(leaf_hash, "the leaf hash")
    for i, p in enumerate(proof):
        _check_hash(p, f"proof element {i}")
    fn, sn, r = leaf_index, tree_size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            raise ProofError("the proof is longer than the path of this leaf in this tree")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the proof is shorter than the path of this leaf in this tree")
    if r != root:
        raise ProofError("the proof does not lead from the leaf hash to the root hash")


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> None:
    """Check a consistency proof by the algorithm of RFC 9162 §2.1.4.2; raise `ProofError` if not.

    Equal sizes need an empty proof and equal roots (the empty tree's root is `EMPTY_ROOT`); a proof
    from size 0 to a larger size is refused, since §2.1.4 defines proofs only for ``0 < first``.
    """
    if not 0 <= first <= second:
        raise ProofError(f"no consistency proof from size {first} to size {second}")
    if first == second:
        if proof:
            raise ProofError("a proof between equal tree sizes must be empty")
        if first_root != second_root:
            raise ProofError("equal tree sizes with different root hashes")
        if first == 0 and first_root != EMPTY_ROOT:
            raise ProofError("the root hash of the empty tree is SHA-256 of the empty string")
        return
    if first == 0:
        raise ProofError("a consistency proof from the empty tree proves nothing")
    if not proof:
        raise ProofError("the proof is empty")
    for i, p in enumerate(proof):
        _check_hash(p, f"proof element {i}")
    path = list(proof)
    if first & (first - 1) == 0:  # first is an exact power of two: its root is a proof node
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the proof is longer than the path between these tree sizes")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the proof is shorter than the path between these tree sizes")
    if fr != first_root:
        raise ProofError("the proof does not lead to the first root hash")
    if sr != second_root:
        raise ProofError("the proof does not lead to the second root hash")


class CompactRange:
    """The right edge of a growing tree: the perfect subtrees of `frontier_keys` (O(log n) hashes).

    `append` adds a leaf hash and returns the perfect subtrees (level ≥ 1) it completes; `root` is
    MTH(D[0:size]) at any time (RFC 9162 §2.1.1). `from_frontier` resumes from a known tree size.
    """

    __slots__ = ("_hashes", "_size")

    def __init__(self) -> None:
        """Start an empty tree."""
        self._size = 0
        self._hashes: list[bytes] = []  # one per set bit of _size, largest subtree first

    @classmethod
    def from_frontier(cls, size: int, hashes: Sequence[bytes]) -> CompactRange:
        """Resume a tree of ``size`` leaves from the hashes of `frontier_keys` (size), in order."""
        keys = frontier_keys(size)
        if len(hashes) != len(keys):
            raise ValueError(f"size {size} has {len(keys)} frontier hashes, not {len(hashes)}")
        if any(len(h) != HASH_SIZE for h in hashes):
            raise ValueError(f"frontier hashes must be {HASH_SIZE} bytes")
        compact = cls()
        compact._size = size
        compact._hashes = list(hashes)
        return compact

    @classmethod
    def from_source(cls, size: int, source: SubtreeSource) -> CompactRange:
        """Resume a tree of ``size`` leaves from a subtree source (one read)."""
        keys = frontier_keys(size)
        found = _fetch(source, keys) if keys else {}
        return cls.from_frontier(size, [found[key] for key in keys])

    @property
    def size(self) -> int:
        """The number of leaves appended so far."""
        return self._size

    def frontier(self) -> list[Subtree]:
        """Return the perfect subtrees making up the current tree, largest first."""
        keys = frontier_keys(self._size)
        return [(lvl, idx, h) for (lvl, idx), h in zip(keys, self._hashes, strict=True)]

    def root(self) -> bytes:
        """Return MTH(D[0:size])."""
        return _fold(self._hashes) if self._hashes else EMPTY_ROOT

    def copy(self) -> CompactRange:
        """Return an independent copy (to look at the root of a size without changing this one)."""
        other = CompactRange()
        other._size = self._size
        other._hashes = list(self._hashes)
        return other

    def append(self, leaf_hash: bytes) -> list[Subtree]:
        """Add one leaf hash; return the perfect subtrees it completes (level ≥ 1), lowest first."""
        if len(leaf_hash) != HASH_SIZE:
            raise ValueError(f"a leaf hash is {HASH_SIZE} bytes, not {len(leaf_hash)}")
        size = self._size
        new_size = self._size = size + 1
        stack = self._hashes
        completed: list[Subtree] = []
        level, h = 0, leaf_hash
        while size & 1:  # each trailing 1 bit of the old size is a subtree the leaf completes
            h = _sha256(NODE_PREFIX + stack.pop() + h).digest()
            size >>= 1
            level += 1
            completed.append((level, (new_size >> level) - 1, h))
        stack.append(h)
        return completed

    def append_subtree(self, level: int, subtree_hash: bytes) -> list[Subtree]:
        """Add the ``2**level`` leaves of a perfect subtree at once, given its hash.

        The tree's size must be a multiple of ``2**level`` (the subtree starts there, aligned). Returns
        the perfect subtrees above ``level`` that it completes, lowest first; ``append_subtree(0, h)``
        is ``append(h)``.
        """
        if len(subtree_hash) != HASH_SIZE:
            raise ValueError(f"a subtree hash is {HASH_SIZE} bytes, not {len(subtree_hash)}")
        if level < 0 or self._size & ((1 << level) - 1):
            raise ValueError(f"a subtree of level {level} cannot start at size {self._size}")
        size = self._size >> level
        new_size = self._size = self._size + (1 << level)
        stack = self._hashes
        completed: list[Subtree] = []
        h = subtree_hash
        while size & 1:
            h = _sha256(NODE_PREFIX + stack.pop() + h).digest()
            size >>= 1
            level += 1
            completed.append((level, (new_size >> level) - 1, h))
        stack.append(h)
        return completed

    def extend(self, leaf_hashes: Iterable[bytes]) -> list[Subtree]:
        """Append many leaf hashes; return every perfect subtree they complete, in order."""
        completed: list[Subtree] = []
        append = self.append
        for leaf_hash in leaf_hashes:
            completed.extend(append(leaf_hash))
        return completed


class MemorySubtreeSource:
    """A `SubtreeSource` over leaf hashes in memory: every perfect subtree, O(n) hashes."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        """Hold ``leaf_hashes`` (more can be appended)."""
        self._compact = CompactRange()
        self._levels: list[list[bytes]] = [[]]
        self.extend(leaf_hashes)

    @property
    def size(self) -> int:
        """The number of leaves held."""
        return self._compact.size

    def root(self) -> bytes:
        """Return MTH of all leaves held."""
        return self._compact.root()

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Append leaf hashes (subtrees complete in index order: one list per level)."""
        levels = self._levels
        for leaf_hash in leaf_hashes:
            for level, _, subtree_hash in self._compact.append(leaf_hash):
                if level == len(levels):
                    levels.append([])
                levels[level].append(subtree_hash)
            levels[0].append(leaf_hash)

    def get_subtrees(self, keys: Sequence[SubtreeKey]) -> Mapping[SubtreeKey, bytes]:
        """Return the hashes of the keys held; others are left out."""
        levels = self._levels
        return {
            (level, index): levels[level][index]
            for level, index in keys
            if 0 <= level < len(levels) and 0 <= index < len(levels[level])
        }
