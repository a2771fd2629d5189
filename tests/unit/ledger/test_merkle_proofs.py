"""Roots and proofs from stored perfect subtrees, against the brute-force RFC 9162 reference."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infra.ledger.merkle import (
    EMPTY_ROOT,
    MemorySubtreeSource,
    MissingSubtreeError,
    ProofError,
    ProofRangeError,
    SubtreeKey,
    consistency_proof,
    inclusion_proof,
    mth,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

from . import rfc9162_reference as ref

# The eight inputs of the RFC 6962 test data (transparency-dev/merkle) and MTH of each prefix.
RFC6962_INPUTS = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    bytes(range(0x50, 0x58)),
    bytes(range(0x60, 0x70)),
]
RFC6962_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

sizes = st.integers(min_value=1, max_value=300)
seeds = st.binary(max_size=4)


class CallCounter:
    """Wraps a source and records every get_subtrees call."""

    def __init__(self, inner: MemorySubtreeSource) -> None:
        self.inner = inner
        self.calls: list[Sequence[SubtreeKey]] = []

    def get_subtrees(self, keys: Sequence[SubtreeKey]) -> Mapping[SubtreeKey, bytes]:
        self.calls.append(list(keys))
        return self.inner.get_subtrees(keys)


def flips(value: bytes) -> list[bytes]:
    """Every single-bit corruption of ``value``."""
    out = []
    for i in range(len(value) * 8):
        b = bytearray(value)
        b[i // 8] ^= 1 << (i % 8)
        out.append(bytes(b))
    return out


class TestTreeHash:
    def test_known_roots_of_the_rfc6962_test_inputs(self) -> None:
        """mth of each prefix of the RFC 6962 test inputs gives the published roots."""
        leaves = [hashlib.sha256(b"\x00" + d).digest() for d in RFC6962_INPUTS]
        assert [mth(leaves[:n]).hex() for n in range(1, 9)] == RFC6962_ROOTS

    def test_empty_tree_and_node_hash(self) -> None:
        """MTH({}) is SHA-256(""), and interior nodes are SHA-256(0x01 || l || r)."""
        assert mth([]) == EMPTY_ROOT == hashlib.sha256(b"").digest()
        assert node_hash(b"l", b"r") == hashlib.sha256(b"\x01lr").digest()

    @settings(max_examples=60, deadline=None)
    @given(n=sizes, seed=seeds)
    def test_root_from_stored_subtrees_equals_brute_force(self, n: int, seed: bytes) -> None:
        """root(size, source) == mth(leaves[:size]), read in one call."""
        leaves = ref.leaves_for(n, seed)
        source = CallCounter(MemorySubtreeSource(leaves))
        assert root(n, source) == mth(leaves)
        assert len(source.calls) == 1

    def test_root_of_size_zero_reads_nothing(self) -> None:
        """The empty tree's root needs no stored subtree."""
        source = CallCounter(MemorySubtreeSource())
        assert root(0, source) == EMPTY_ROOT
        assert source.calls == []

    def test_root_beyond_the_stored_tree_is_refused(self) -> None:
        """Asking for a size the source does not hold raises MissingSubtreeError."""
        with pytest.raises(MissingSubtreeError, match="lacks"):
            root(9, MemorySubtreeSource(ref.leaves_for(8)))

    def test_root_of_negative_size_is_refused(self) -> None:
        """A negative size is a ProofRangeError."""
        with pytest.raises(ProofRangeError):
            root(-1, MemorySubtreeSource())


class TestInclusionProof:
    @pytest.mark.parametrize("n", range(1, 34))
    def test_every_leaf_of_small_trees_has_the_rfc_path(self, n: int) -> None:
        """For n ≤ 33 and every leaf, the proof equals PATH(m, D[n]) and verifies."""
        leaves = ref.leaves_for(n)
        source, tree_root = MemorySubtreeSource(leaves), mth(leaves)
        for m in range(n):
            proof = inclusion_proof(m, n, source)
            assert proof == ref.path(m, leaves)
            verify_inclusion(m, n, leaves[m], proof, tree_root)

    @settings(max_examples=60, deadline=None)
    @given(data=st.data(), n=sizes, seed=seeds)
    def test_random_trees_give_the_rfc_path(self, data: st.DataObject, n: int, seed: bytes) -> None:
        """Up to 300 leaves, a proof for a prefix tree is PATH(m, D[size]), read in one call."""
        leaves = ref.leaves_for(n, seed)
        size = data.draw(st.integers(1, n), label="tree_size")
        m = data.draw(st.integers(0, size - 1), label="leaf_index")
        source = CallCounter(MemorySubtreeSource(leaves))
        proof = inclusion_proof(m, size, source)
        assert proof == ref.path(m, leaves[:size])
        assert len(source.calls) == (1 if proof else 0)
        verify_inclusion(m, size, leaves[m], proof, mth(leaves[:size]))

    @pytest.mark.parametrize(("m", "n"), [(-1, 5), (5, 5), (0, 0), (7, 3)])
    def test_out_of_range_arguments_are_refused(self, m: int, n: int) -> None:
        """0 ≤ leaf_index < tree_size, else ProofRangeError (a ValueError)."""
        with pytest.raises(ProofRangeError, match="outside"):
            inclusion_proof(m, n, MemorySubtreeSource(ref.leaves_for(8)))

    def test_a_tree_larger_than_stored_is_refused(self) -> None:
        """A proof in a tree bigger than the source holds raises MissingSubtreeError."""
        with pytest.raises(MissingSubtreeError):
            inclusion_proof(0, 12, MemorySubtreeSource(ref.leaves_for(8)))


class TestConsistencyProof:
    @pytest.mark.parametrize("n", range(1, 34))
    def test_every_pair_of_small_trees_has_the_rfc_proof(self, n: int) -> None:
        """For n ≤ 33 and every 1 ≤ m ≤ n, the proof equals PROOF(m, D[n]) and verifies."""
        leaves = ref.leaves_for(n)
        source, second_root = MemorySubtreeSource(leaves), mth(leaves)
        for m in range(1, n + 1):
            proof = consistency_proof(m, n, source)
            assert proof == ref.proof(m, leaves)
            verify_consistency(m, n, mth(leaves[:m]), second_root, proof)

    @settings(max_examples=60, deadline=None)
    @given(data=st.data(), n=sizes, seed=seeds)
    def test_random_trees_give_the_rfc_proof(
        self, data: st.DataObject, n: int, seed: bytes
    ) -> None:
        """Up to 300 leaves, PROOF(m, D[n]) is read in one call and verifies."""
        leaves = ref.leaves_for(n, seed)
        m = data.draw(st.integers(1, n), label="first")
        source = CallCounter(MemorySubtreeSource(leaves))
        proof = consistency_proof(m, n, source)
        assert proof == ref.proof(m, leaves)
        assert len(source.calls) == (1 if proof else 0)
        verify_consistency(m, n, mth(leaves[:m]), mth(leaves), proof)

    @pytest.mark.parametrize(("m", "n"), [(0, 5), (-1, 5), (6, 5)])
    def test_out_of_range_arguments_are_refused(self, m: int, n: int) -> None:
        """0 < first ≤ second, else ProofRangeError: a proof from the empty tree proves nothing."""
        with pytest.raises(ProofRangeError, match="no consistency proof"):
            consistency_proof(m, n, MemorySubtreeSource(ref.leaves_for(8)))


class TestCorruptionIsRefused:
    @settings(max_examples=25, deadline=None)
    @given(data=st.data(), n=sizes, seed=seeds)
    def test_any_bit_flip_in_an_inclusion_check(
        self, data: st.DataObject, n: int, seed: bytes
    ) -> None:
        """Flipping any single bit of the leaf hash, the root or a proof element is refused."""
        leaves = ref.leaves_for(n, seed)
        m = data.draw(st.integers(0, n - 1), label="leaf_index")
        proof, tree_root = inclusion_proof(m, n, MemorySubtreeSource(leaves)), mth(leaves)
        for bad in flips(leaves[m]):
            with pytest.raises(ProofError):
                verify_inclusion(m, n, bad, proof, tree_root)
        for bad in flips(tree_root):
            with pytest.raises(ProofError):
                verify_inclusion(m, n, leaves[m], proof, bad)
        for i, element in enumerate(proof):
            for bad in flips(element):
                with pytest.raises(ProofError):
                    verify_inclusion(m, n, leaves[m], [*proof[:i], bad, *proof[i + 1 :]], tree_root)

    @settings(max_examples=25, deadline=None)
    @given(data=st.data(), n=st.integers(2, 300), seed=seeds)
    def test_any_bit_flip_in_a_consistency_check(
        self, data: st.DataObject, n: int, seed: bytes
    ) -> None:
        """Flipping any single bit of either root or a proof element is refused."""
        leaves = ref.leaves_for(n, seed)
        m = data.draw(st.integers(1, n - 1), label="first")
        proof = consistency_proof(m, n, MemorySubtreeSource(leaves))
        r1, r2 = mth(leaves[:m]), mth(leaves)
        for bad in flips(r1):
            with pytest.raises(ProofError):
                verify_consistency(m, n, bad, r2, proof)
        for bad in flips(r2):
            with pytest.raises(ProofError):
                verify_consistency(m, n, r1, bad, proof)
        for i, element in enumerate(proof):
            for bad in flips(element):
                with pytest.raises(ProofError):
                    verify_consistency(m, n, r1, r2, [*proof[:i], bad, *proof[i + 1 :]])

    @settings(max_examples=40, deadline=None)
    @given(data=st.data(), n=st.integers(2, 300), seed=seeds)
    def test_a_missing_or_extra_element_is_refused(
        self, data: st.DataObject, n: int, seed: bytes
    ) -> None:
        """Dropping the last element or appending one makes both kinds of proof fail."""
        leaves = ref.leaves_for(n, seed)
        source = MemorySubtreeSource(leaves)
        m = data.draw(st.integers(1, n - 1), label="index")
        path, proof = inclusion_proof(m, n, source), consistency_proof(m, n, source)
        extra = hashlib.sha256(b"extra").digest()
        for bad_path in (path[:-1], [*path, extra]):
            with pytest.raises(ProofError):
                verify_inclusion(m, n, leaves[m], bad_path, mth(leaves))
        for bad_proof in (proof[:-1], [*proof, extra]):
            with pytest.raises(ProofError):
                verify_consistency(m, n, mth(leaves[:m]), mth(leaves), bad_proof)

    def test_proof_elements_of_the_wrong_length_are_refused_by_name(self) -> None:
        """A proof element that is not 32 bytes is refused with a reason naming it."""
        leaves = ref.leaves_for(4)
        proof = inclusion_proof(1, 4, MemorySubtreeSource(leaves))
        with pytest.raises(ProofError, match="proof element 1 is 31 bytes"):
            verify_inclusion(1, 4, leaves[1], [proof[0], proof[1][:31]], mth(leaves))
