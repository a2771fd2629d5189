"""The published RFC 9162 verification vectors (transparency-dev/merkle testdata).

Found at $SOCAI_RFC9162_VECTORS, else at <repo>/../shared/testdata/rfc9162-vectors; skipped with a
message when neither exists (the brute-force reference tests still run).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from infra.ledger.encoding import b64decode
from infra.ledger.merkle import ProofError, verify_consistency, verify_inclusion

REPO = Path(__file__).resolve().parents[3]


def vector_dir() -> Path | None:
    """The vectors folder, or None when it is not beside the project."""
    configured = os.environ.get("SOCAI_RFC9162_VECTORS")
    candidate = Path(configured) if configured else REPO.parent / "shared/testdata/rfc9162-vectors"
    return candidate if candidate.is_dir() else None


def cases(kind: str) -> list[Any]:
    """One pytest param per JSON case of ``kind`` (inclusion or consistency)."""
    folder = vector_dir()
    if folder is None:
        reason = "RFC 9162 vectors not found: set SOCAI_RFC9162_VECTORS or provide ../shared"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="absent")]
    files = sorted((folder / kind).rglob("*.json"))
    return [pytest.param(f, id=str(f.relative_to(folder / kind))) for f in files]


def hashes(values: list[str] | None) -> list[bytes]:
    return [b64decode(v) for v in values or []]


def outcome(check: Any) -> bool:
    """True if the check passes, False if it raises ProofError."""
    try:
        check()
    except ProofError:
        return False
    return True


class TestVectorsArePresent:
    def test_both_kinds_hold_happy_and_bad_cases(self) -> None:
        """When the folder exists it holds accepted and refused cases of both kinds."""
        folder = vector_dir()
        if folder is None:
            pytest.skip(
                "RFC 9162 vectors not found: set SOCAI_RFC9162_VECTORS or provide ../shared"
            )
        for kind in ("inclusion", "consistency"):
            wants = [json.loads(f.read_text())["wantErr"] for f in (folder / kind).rglob("*.json")]
            assert False in wants
            assert True in wants


class TestInclusionVectors:
    @pytest.mark.parametrize("case", cases("inclusion"))
    def test_accepts_exactly_the_valid_cases(self, case: Path) -> None:
        """verify_inclusion passes the wantErr=false cases and refuses the others."""
        v = json.loads(case.read_text())
        passed = outcome(
            lambda: verify_inclusion(
                v["leafIdx"],
                v["treeSize"],
                b64decode(v["leafHash"]),
                hashes(v["proof"]),
                b64decode(v["root"]),
            )
        )
        assert passed is not v["wantErr"], v["desc"]


class TestConsistencyVectors:
    @pytest.mark.parametrize("case", cases("consistency"))
    def test_accepts_exactly_the_valid_cases(self, case: Path) -> None:
        """verify_consistency passes the wantErr=false cases and refuses the others."""
        v = json.loads(case.read_text())
        passed = outcome(
            lambda: verify_consistency(
                v["size1"],
                v["size2"],
                b64decode(v["root1"]),
                b64decode(v["root2"]),
                hashes(v["proof"]),
            )
        )
        assert passed is not v["wantErr"], v["desc"]
