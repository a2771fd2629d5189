"""Every kind of record can be replayed field by field: each fold of the domain is registered."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import UTC, datetime

import pytest

import domain
from domain.actors import Actor, Role, Secrecy
from domain.directives.model import Directive, fold_directive
from domain.errors import RecordNotFound
from domain.folds import FOLDS
from domain.petitions.model import fold_petition
from domain.records import Context, Fold
from domain.users.model import User, fold_user, user_id_for


class TestFoldRegistry:
    def test_every_fold_in_the_domain_is_registered(self) -> None:
        """A fold defined in any domain module and missing from ``domain.folds`` fails."""
        found = set()
        for info in pkgutil.walk_packages(domain.__path__, "domain."):
            module = importlib.import_module(info.name)
            found |= {id(v) for v in vars(module).values() if isinstance(v, Fold)}
        assert found == {id(f) for f in FOLDS}


def _registered(username: str = "lan") -> User.Registered:
    who = Actor(user_id_for("system"), "system", Role.SYSTEM, "HT", Secrecy.TUYET_MAT)
    ctx = Context(who, datetime(2026, 3, 2, tzinfo=UTC))
    return ctx.event(User.Registered, user_id_for(username), 1, username=username,
                     display_name="Lan", role=Role.CLERK, unit="VP", clearance=Secrecy.NONE)


class TestARecordOfAnotherKind:
    def test_folding_another_kinds_events_is_not_found(self) -> None:
        """A petition fold given a user's events says "no such petition" (404), not TypeError."""
        with pytest.raises(RecordNotFound):
            fold_petition(None, [_registered()])

    def test_a_state_of_another_kind_is_not_found(self) -> None:
        """A cached state of another kind (one application serves several kinds) is refused."""
        user = fold_user(None, [_registered()])
        with pytest.raises(RecordNotFound):
            fold_directive(user, [])

    def test_an_unhandled_event_of_the_right_kind_is_still_a_bug(self) -> None:
        """Only the first event decides the kind: a missing handler later stays a TypeError."""
        user = fold_user(None, [_registered()])
        assert user is not None
        with pytest.raises(TypeError):
            fold_user(user, [Directive.Closed.__new__(Directive.Closed)])
