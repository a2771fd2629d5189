"""Literal transcriptions of RFC 9162 §2.1 definitions, for comparing the real code against.

Slow on purpose (every call recomputes every hash it needs from the leaves); only for tests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from infra.ledger.merkle import mth


def leaves_for(n: int, seed: bytes = b"") -> list[bytes]:
    """Return ``n`` distinct pseudo-random 32-byte leaf hashes."""
    return [hashlib.sha256(seed + i.to_bytes(8, "big")).digest() for i in range(n)]


def _k(n: int) -> int:
    """The largest power of two smaller than n (n ≥ 2)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def path(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 §2.1.3.1."""
    n = len(leaves)
    if n == 1:
        return []
    k = _k(n)
    if m < k:
        return [*path(m, leaves[:k]), mth(leaves[k:])]
    return [*path(m - k, leaves[k:]), mth(leaves[:k])]


def subproof(m: int, leaves: Sequence[bytes], whole: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b) of RFC 9162 §2.1.4.1."""
    n = len(leaves)
    if m == n:
        return [] if whole else [mth(leaves)]
    k = _k(n)
    if m <= k:
        return [*subproof(m, leaves[:k], whole), mth(leaves[k:])]
    return [*subproof(m - k, leaves[k:], False), mth(leaves[:k])]


def proof(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 9162 §2.1.4.1."""
    return subproof(m, leaves, True)


def perfect_subtrees(leaves: Sequence[bytes]) -> list[tuple[int, int, bytes]]:
    """Every perfect subtree of level ≥ 1 over ``leaves``, in the order they complete."""
    found = []
    level = 1
    while (1 << level) <= len(leaves):
        width = 1 << level
        for index in range(len(leaves) // width):
            found.append((level, index, mth(leaves[index * width : (index + 1) * width])))
        level += 1
    return sorted(found, key=lambda s: ((s[1] + 1) << s[0], s[0]))
