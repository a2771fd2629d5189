"""Proofs in a tree of a million leaves read O(log n) stored subtrees, in one call."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import pytest

from infra.ledger.merkle import (
    CompactRange,
    SubtreeKey,
    consistency_proof,
    frontier_keys,
    inclusion_proof,
    root,
)

N = 1_000_000
LOG2 = (N - 1).bit_length()  # 20


class LazySource:
    """Synthesises a hash for any perfect subtree inside a tree of ``size`` leaves; counts reads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.calls: list[list[SubtreeKey]] = []

    def get_subtrees(self, keys: Sequence[SubtreeKey]) -> Mapping[SubtreeKey, bytes]:
        self.calls.append(list(keys))
        return {
            (level, index): hashlib.sha256(f"{level}/{index}".encode()).digest()
            for level, index in keys
            if level >= 0 and (index + 1) << level <= self.size
        }


class TestLogarithmicReads:
    @pytest.mark.parametrize("leaf_index", [0, 1, 499_999, 524_287, 524_288, 999_998, 999_999])
    def test_inclusion_proof_reads_o_log_n_keys_once(self, leaf_index: int) -> None:
        """An inclusion proof at n = 10^6 reads at most 2·log2(n) distinct keys in one call."""
        source = LazySource(N)
        proof = inclusion_proof(leaf_index, N, source)
        assert len(source.calls) == 1
        keys = source.calls[0]
        assert len(keys) == len(set(keys)) <= 2 * LOG2
        assert 0 < len(proof) <= LOG2

    @pytest.mark.parametrize(
        ("first", "second"),
        [(1, N), (2**19, N), (2**19 + 1, N), (777_777, N), (N - 1, N), (999_999, 2**20 - 1)],
    )
    def test_consistency_proof_reads_o_log_n_keys_once(self, first: int, second: int) -> None:
        """A consistency proof up to ~10^6 reads at most 2·log2(n) distinct keys in one call."""
        source = LazySource(second)
        proof = consistency_proof(first, second, source)
        assert len(source.calls) == 1
        keys = source.calls[0]
        assert len(keys) == len(set(keys)) <= 2 * LOG2
        assert 0 < len(proof) <= 2 * LOG2

    def test_root_and_resume_read_the_frontier_only(self) -> None:
        """root() and CompactRange.from_source read one key per set bit of the size, once."""
        source = LazySource(N)
        root(N, source)
        CompactRange.from_source(N, source)
        assert [len(call) for call in source.calls] == [N.bit_count(), N.bit_count()]
        assert source.calls[0] == frontier_keys(N)
