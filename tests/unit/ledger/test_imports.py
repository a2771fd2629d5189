"""infra/ledger is the basis of an offline verifier: standard library and `cryptography` only."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

LEDGER = Path(__file__).resolve().parents[3] / "infra" / "ledger"


class TestLedgerImports:
    def test_imports_only_stdlib_cryptography_and_itself(self) -> None:
        """Every import in infra/ledger/*.py is stdlib, cryptography or infra.ledger."""
        found = []
        for path in sorted(LEDGER.glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    found += [(path.name, alias.name) for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.append((path.name, node.module))
        assert found
        bad = [
            (name, module)
            for name, module in found
            if module.split(".")[0] not in sys.stdlib_module_names
            and module.split(".")[0] != "cryptography"
            and not module.startswith("infra.ledger")
        ]
        assert bad == []

    def test_the_package_init_is_empty(self) -> None:
        """infra/ledger/__init__.py stays empty (no import-time work, no re-exports)."""
        assert (LEDGER / "__init__.py").read_text() == ""
