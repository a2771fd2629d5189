"""The keys a proof reads can be named in advance, so the store fetches them in one query."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from infra.ledger.merkle import (
    MemorySubtreeSource,
    SubtreeKey,
    consistency_keys,
    consistency_proof,
    inclusion_keys,
    inclusion_proof,
    root,
)

from . import rfc9162_reference as ref


class Recording:
    """A subtree source that remembers every key asked for."""

    def __init__(self, inner: MemorySubtreeSource) -> None:
        self.inner = inner
        self.asked: set[SubtreeKey] = set()

    def get_subtrees(self, keys: Sequence[SubtreeKey]) -> Mapping[SubtreeKey, bytes]:
        self.asked.update(keys)
        return self.inner.get_subtrees(keys)


class TestPrefetchKeys:
    def test_inclusion_keys_cover_the_leaf_the_root_and_the_path(self) -> None:
        """For every leaf of trees up to 40 leaves, nothing outside inclusion_keys is read."""
        for size in range(1, 41):
            source = Recording(MemorySubtreeSource(ref.leaves_for(size)))
            for index in range(size):
                source.asked.clear()
                source.get_subtrees([(0, index)])
                root(size, source)
                inclusion_proof(index, size, source)
                assert source.asked <= set(inclusion_keys(index, size))

    def test_consistency_keys_cover_both_roots_and_the_proof(self) -> None:
        """For every pair of sizes up to 40, nothing outside consistency_keys is read."""
        for second in range(1, 41):
            source = Recording(MemorySubtreeSource(ref.leaves_for(second)))
            for first in range(1, second + 1):
                source.asked.clear()
                root(first, source)
                root(second, source)
                consistency_proof(first, second, source)
                assert source.asked <= set(consistency_keys(first, second))
