"""Every kind of record can be replayed field by field: each fold of the domain is registered."""

from __future__ import annotations

import importlib
import pkgutil

import domain
from domain.folds import FOLDS
from domain.records import Fold


class TestFoldRegistry:
    def test_every_fold_in_the_domain_is_registered(self) -> None:
        """A fold defined in any domain module and missing from ``domain.folds`` fails."""
        found = set()
        for info in pkgutil.walk_packages(domain.__path__, "domain."):
            module = importlib.import_module(info.name)
            found |= {id(v) for v in vars(module).values() if isinstance(v, Fold)}
        assert found == {id(f) for f in FOLDS}
