"""domain/ imports only the standard library, eventsourcing and itself (design.md)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
ALLOWED = set(sys.stdlib_module_names) | {"domain", "eventsourcing", "_typeshed"}


def imported_roots(path: Path) -> set[str]:
    """The top-level package of every absolute import in the file."""
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


class TestDomainStandsAlone:
    def test_no_third_party_import(self) -> None:
        """No module under domain/ imports holidays, infra, or any other third-party package."""
        offenders = {
            str(path.relative_to(DOMAIN.parent)): sorted(imported_roots(path) - ALLOWED)
            for path in DOMAIN.rglob("*.py")
        }
        assert {name: bad for name, bad in offenders.items() if bad} == {}
