from __future__ import annotations

import ast
import sys
from pathlib import Path

LEDGER = Path(__file__).resolve().parents[3] / "infra" / "ledger"

#: The modules that read the office's database (the tree, the signer, `socai verify`, exports,
#: the log's head and restore statements).
#: Everything else in infra/ledger is the pure core an offline verifier is built from.
DATABASE_MODULES = frozenset({"tree", "signer", "rows", "scan", "verify", "export", "heads",
                              "restores"})


def imports(name: str) -> list[str]:
    """The modules ``infra/ledger/<name>.py`` imports (absolute imports only)."""
    path = LEDGER / f"{name}.py"
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
    return found


def pure_modules() -> list[str]:
    return sorted(p.stem for p in LEDGER.glob("*.py")
                  if p.stem != "__init__" and p.stem not in DATABASE_MODULES)


class TestLedgerImports:
    def test_the_pure_core_imports_only_stdlib_cryptography_and_itself(self) -> None:
        """Every import of the pure core (encoding, merkle, note, bundle, verifier, keys) is the
        standard library, cryptography, or another pure module of infra.ledger."""
        pure = pure_modules()
        assert {"encoding", "merkle", "note", "bundle", "verifier", "keys"} <= set(pure)
        bad = []
        for name in pure:
            for module in imports(name):
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top == "cryptography":
                    continue
                if module.startswith("infra.ledger.") and module.split(".")[2] in pure:
                    continue
                bad.append((name, module))
        assert bad == []

    def test_the_offline_verifier_needs_no_database_module(self) -> None:
        """The bundle verifier's imports, followed through infra.ledger, reach no database module."""
        seen: set[str] = set()
        todo = ["verifier"]
        while todo:
            name = todo.pop()
            seen.add(name)
            todo += [m.split(".")[2] for m in imports(name)
                     if m.startswith("infra.ledger.") and m.split(".")[2] not in seen]
        assert seen.isdisjoint(DATABASE_MODULES)

    def test_the_package_init_is_empty(self) -> None:
        """infra/ledger/__init__.py stays empty (no import-time work, no re-exports)."""
        assert (LEDGER / "__init__.py").read_text() == ""
