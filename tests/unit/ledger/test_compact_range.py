"""CompactRange: the right edge of a growing tree, and the subtrees it completes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infra.ledger.merkle import (
    EMPTY_ROOT,
    CompactRange,
    MemorySubtreeSource,
    MissingSubtreeError,
    Subtree,
    frontier_keys,
    mth,
)

from . import rfc9162_reference as ref

sizes = st.integers(min_value=0, max_value=300)
seeds = st.binary(max_size=4)


class TestFrontierKeys:
    def test_one_aligned_subtree_per_set_bit_largest_first(self) -> None:
        """A tree of 13 = 8 + 4 + 1 leaves is made of (3,0), (2,2) and (0,12)."""
        assert frontier_keys(13) == [(3, 0), (2, 2), (0, 12)]
        assert frontier_keys(16) == [(4, 0)]
        assert frontier_keys(0) == []


class TestAppend:
    @settings(max_examples=25, deadline=None)
    @given(n=sizes, seed=seeds)
    def test_root_at_every_size_equals_brute_force(self, n: int, seed: bytes) -> None:
        """After each append, root() is mth of the prefix appended so far."""
        leaves = ref.leaves_for(n, seed)
        compact = CompactRange()
        assert compact.root() == EMPTY_ROOT
        for i, leaf in enumerate(leaves):
            compact.append(leaf)
            assert compact.size == i + 1
            assert compact.root() == mth(leaves[: i + 1])

    @settings(max_examples=40, deadline=None)
    @given(n=sizes, seed=seeds)
    def test_emits_every_perfect_subtree_once_as_it_completes(self, n: int, seed: bytes) -> None:
        """The subtrees returned by the appends are every perfect subtree of level ≥ 1, in order."""
        leaves = ref.leaves_for(n, seed)
        compact = CompactRange()
        emitted = [s for leaf in leaves for s in compact.append(leaf)]
        assert emitted == ref.perfect_subtrees(leaves)

    def test_appending_a_leaf_that_completes_nothing_returns_nothing(self) -> None:
        """An append to an even-sized tree completes no subtree; to size 4 it completes two."""
        leaves = ref.leaves_for(4)
        compact = CompactRange()
        assert compact.append(leaves[0]) == []
        assert [(s[0], s[1]) for s in compact.append(leaves[1])] == [(1, 0)]
        compact.append(leaves[2])
        assert [(s[0], s[1]) for s in compact.append(leaves[3])] == [(1, 1), (2, 0)]

    def test_extend_equals_appends(self) -> None:
        """extend returns the same subtrees, in the same order, as one append per leaf."""
        leaves = ref.leaves_for(37)
        one, many = CompactRange(), CompactRange()
        singles = [s for leaf in leaves for s in one.append(leaf)]
        assert many.extend(leaves) == singles
        assert many.root() == one.root()

    def test_refuses_a_leaf_hash_of_the_wrong_length(self) -> None:
        """A leaf hash must be 32 bytes."""
        with pytest.raises(ValueError, match="32 bytes"):
            CompactRange().append(b"short")


class TestResume:
    @settings(max_examples=40, deadline=None)
    @given(data=st.data(), n=sizes, seed=seeds)
    def test_resuming_from_a_frontier_continues_the_same_tree(
        self, data: st.DataObject, n: int, seed: bytes
    ) -> None:
        """A CompactRange rebuilt from the stored right edge of a prefix carries on identically."""
        leaves = ref.leaves_for(n, seed)
        split = data.draw(st.integers(0, n), label="split")
        full = CompactRange()
        head = full.extend(leaves[:split])
        tail = full.extend(leaves[split:])
        resumed = CompactRange.from_source(split, MemorySubtreeSource(leaves[:split]))
        assert resumed.size == split
        assert resumed.frontier() == full_frontier(leaves[:split])
        assert resumed.extend(leaves[split:]) == tail
        assert resumed.root() == full.root() == mth(leaves)
        assert len(head) + len(tail) == len(ref.perfect_subtrees(leaves))

    def test_refuses_a_frontier_of_the_wrong_shape(self) -> None:
        """A tree of 13 leaves has exactly three frontier hashes."""
        with pytest.raises(ValueError, match="3 frontier hashes"):
            CompactRange.from_frontier(13, ref.leaves_for(2))

    def test_refuses_a_source_without_the_frontier(self) -> None:
        """Resuming at a size the source does not hold raises MissingSubtreeError."""
        with pytest.raises(MissingSubtreeError):
            CompactRange.from_source(9, MemorySubtreeSource(ref.leaves_for(8)))


def full_frontier(leaves: list[bytes]) -> list[Subtree]:
    """The frontier of a tree computed from scratch by brute force."""
    out = []
    start = 0
    for level, index in frontier_keys(len(leaves)):
        width = 1 << level
        assert start == index * width
        out.append((level, index, mth(leaves[start : start + width])))
        start += width
    return out


def aligned_pieces(start: int, end: int) -> list[tuple[int, int]]:
    """Split [start, end) into maximal aligned perfect subtrees, left to right: (level, index)."""
    pieces = []
    while start < end:
        level = 0
        while start % (2 << level) == 0 and start + (2 << level) <= end:
            level += 1
        pieces.append((level, start >> level))
        start += 1 << level
    return pieces


class TestAppendSubtree:
    @settings(max_examples=40, deadline=None)
    @given(n=sizes, cut=st.integers(min_value=0, max_value=300), seed=seeds)
    def test_whole_subtrees_give_the_same_tree_as_their_leaves(
        self, n: int, cut: int, seed: bytes
    ) -> None:
        """Appending aligned perfect subtrees by hash gives the root and the completed subtrees
        that appending their leaves one by one gives (above the appended levels)."""
        leaves = ref.leaves_for(n, seed)
        source = MemorySubtreeSource(leaves)
        cut = min(cut, n)
        by_leaf, by_piece = CompactRange(), CompactRange()
        by_leaf.extend(leaves[:cut])
        by_piece.extend(leaves[:cut])
        all_subtrees = {(lvl, idx): h for lvl, idx, h in by_leaf.extend(leaves[cut:])}
        for level, index in aligned_pieces(cut, n):
            (piece_hash,) = source.get_subtrees([(level, index)]).values()
            for lvl, idx, h in by_piece.append_subtree(level, piece_hash):
                assert lvl > level
                assert all_subtrees[(lvl, idx)] == h
        assert by_piece.size == n
        assert by_piece.root() == mth(leaves)

    def test_a_subtree_must_start_aligned(self) -> None:
        """A subtree of level 2 cannot be appended to a tree of 3 leaves."""
        compact = CompactRange()
        compact.extend(ref.leaves_for(3))
        with pytest.raises(ValueError):
            compact.append_subtree(2, bytes(32))


class TestCopy:
    def test_a_copy_grows_on_its_own(self) -> None:
        """Appending to a copy leaves the original as it was."""
        leaves = ref.leaves_for(5)
        compact = CompactRange()
        compact.extend(leaves[:3])
        other = compact.copy()
        other.extend(leaves[3:])
        assert compact.size == 3
        assert compact.root() == mth(leaves[:3])
        assert other.root() == mth(leaves)
