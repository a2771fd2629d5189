"""The record of a `socai verify` run: what it checked and whether it held."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from domain.actors import Role
from domain.errors import InvalidValue
from domain.ledger.verification import VerificationRun, fold_verification, record_verification
from domain.records import Context
from tests.support.office import actor

NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
CTX = Context(actor(Role.SYSTEM, name="verifier"), NOW)


def run(**overrides: object) -> VerificationRun:
    values: dict[str, object] = {"run_id": uuid4(), "started_at": NOW, "since": 0,
                                 "tree_size": 120, "checked": 120, "checkpoints": 2,
                                 "first_bad_position": None, "problems": 0}
    values.update(overrides)
    events = record_verification(CTX, **values)  # type: ignore[arg-type]
    state = None
    for event in events:
        state = fold_verification.apply(state, event)
    assert state is not None
    return state


class TestARun:
    def test_a_run_without_problems_is_ok(self) -> None:
        checked = run()
        assert checked.ok
        assert (checked.tree_size, checked.checked, checked.first_bad_position) == (120, 120, None)

    def test_a_run_with_a_bad_position_is_not_ok(self) -> None:
        assert not run(first_bad_position=57, problems=3).ok

    def test_problems_without_a_position_are_not_ok(self) -> None:
        """A fault with no position (a checkpoint file that does not verify) is a problem too."""
        assert not run(problems=1).ok

    @pytest.mark.parametrize("field", ["since", "tree_size", "checked", "checkpoints", "problems"])
    def test_negative_counts_are_refused(self, field: str) -> None:
        with pytest.raises(InvalidValue):
            run(**{field: -1})

    def test_a_bad_position_outside_the_log_is_refused(self) -> None:
        with pytest.raises(InvalidValue):
            run(first_bad_position=121, problems=1)

    def test_a_bad_position_without_a_problem_is_refused(self) -> None:
        with pytest.raises(InvalidValue):
            run(first_bad_position=5, problems=0)
