"""Stored subtree hashes: derived from the leaf hashes, extended on demand, proofs in one read."""

from __future__ import annotations

import threading

import pytest

from api.bootstrap import Office
from infra.ledger.merkle import (
    ProofRangeError,
    frontier_keys,
    mth,
    verify_consistency,
    verify_inclusion,
)
from infra.ledger.tree import CursorSubtreeSource

from .support import append_events, execute, leaf_hashes, reference, stored_subtrees


class TestExtension:
    def test_stored_subtrees_are_every_perfect_subtree_of_the_leaves(
        self, bare_office: Office
    ) -> None:
        """Extending to the log's size stores exactly the perfect subtrees of level ≥ 1."""
        append_events(bare_office, 21)
        bare_office.tree.ensure(21)
        expected = reference(bare_office)
        stored = stored_subtrees(bare_office)
        keys = [(lvl, i) for lvl in range(1, 6) for i in range(21 >> lvl)]
        assert stored == dict(expected.get_subtrees(keys))
        assert bare_office.tree.size() == 21

    def test_extending_in_steps_equals_extending_at_once(self, bare_office: Office) -> None:
        """Growing the stored tree 5, 6, 13, 17 leaves at a time gives the same rows as once."""
        append_events(bare_office, 41)
        for size in (5, 11, 24, 41):
            bare_office.tree.ensure(size)
        stepwise = stored_subtrees(bare_office)
        bare_office.tree.rebuild()
        assert stored_subtrees(bare_office) == stepwise

    def test_two_extenders_at_once_write_the_same_tree(self, bare_office: Office) -> None:
        """Concurrent extensions (separate transactions) neither fail nor corrupt the rows."""
        append_events(bare_office, 64)
        errors: list[BaseException] = []

        def extend(size: int) -> None:
            try:
                bare_office.tree.ensure(size)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=extend, args=(s,)) for s in (64, 64, 40, 64)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        stored = stored_subtrees(bare_office)
        bare_office.tree.rebuild()
        assert stored == stored_subtrees(bare_office)
        assert bare_office.tree.size() == 64

    def test_rebuild_repairs_a_damaged_subtree(self, bare_office: Office) -> None:
        """The subtrees are derived data: a rebuild restores a changed hash."""
        append_events(bare_office, 8)
        bare_office.tree.ensure(8)
        good = stored_subtrees(bare_office)
        execute(bare_office, "UPDATE ledger_subtrees SET hash = ? WHERE level = 2 AND idx = 1",
                (bytes(32),))
        assert stored_subtrees(bare_office) != good
        bare_office.tree.rebuild()
        assert stored_subtrees(bare_office) == good


class TestProofs:
    def test_inclusion_proofs_verify_for_every_leaf_and_size(self, bare_office: Office) -> None:
        """Every (leaf, size) proof read from the database verifies against the brute-force root."""
        append_events(bare_office, 13)
        leaves = leaf_hashes(bare_office)
        for size in range(1, 14):
            for index in range(size):
                leaf, root, proof = bare_office.tree.inclusion(index, size)
                assert leaf == leaves[index]
                assert root == mth(leaves[:size])
                verify_inclusion(index, size, leaf, proof, root)

    def test_consistency_proofs_verify_between_every_pair_of_sizes(
        self, bare_office: Office
    ) -> None:
        """Every consistency proof read from the database verifies."""
        append_events(bare_office, 11)
        for second in range(1, 12):
            for first in range(1, second + 1):
                a, b, proof = bare_office.tree.consistency(first, second)
                verify_consistency(first, second, a, b, proof)

    def test_a_proof_is_one_query_of_log_n_keys(self, bare_office: Office) -> None:
        """The source answers all the keys of a root in one call, from both tables."""
        append_events(bare_office, 13)
        bare_office.tree.ensure(13)
        with bare_office.store.db.read() as cur:
            found = CursorSubtreeSource(cur).get_subtrees(frontier_keys(13))
        assert set(found) == {(3, 0), (2, 2), (0, 12)}

    def test_sizes_beyond_the_log_are_refused(self, bare_office: Office) -> None:
        """A tree size larger than the log, or a leaf outside the tree, is a range error."""
        append_events(bare_office, 3)
        with pytest.raises(ProofRangeError):
            bare_office.tree.inclusion(0, 4)
        with pytest.raises(ProofRangeError):
            bare_office.tree.inclusion(3, 3)
        with pytest.raises(ProofRangeError):
            bare_office.tree.consistency(0, 3)
