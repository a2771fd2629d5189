"""The restore statement's text (docs/verifying.md §10): signed by the office key, never mistaken
for a checkpoint, and refused when altered."""

from __future__ import annotations

import pytest

from infra.ledger.note import (
    Checkpoint,
    NoteError,
    VerifierKey,
    generate_private_key,
    open_checkpoint,
    sign_checkpoint,
)
from infra.ledger.restores import Statement, open_statement, sign_statement

ORIGIN = "vptu.example.vn/socai"
STATEMENT = Statement(ORIGIN, 1200, b"\x11" * 32, 1100, b"\x22" * 32)


@pytest.fixture
def signed() -> tuple[str, VerifierKey]:
    private = generate_private_key()
    return (sign_statement(STATEMENT, ORIGIN, private),
            VerifierKey.from_public_key(ORIGIN, private.public_key()))


class TestTheStatement:
    def test_its_text(self) -> None:
        """Four lines: the header, the origin, what was abandoned, what the log was restored to."""
        assert STATEMENT.body() == (
            "socai-restore-statement/v1\n"
            f"origin {ORIGIN}\n"
            "abandoned 1200 ERERERERERERERERERERERERERERERERERERERERERE=\n"
            "restored 1100 IiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiI=\n")

    def test_it_opens_under_the_office_key(self, signed: tuple[str, VerifierKey]) -> None:
        note, key = signed
        assert open_statement(note, key) == STATEMENT

    def test_it_is_not_a_checkpoint(self, signed: tuple[str, VerifierKey]) -> None:
        """Signed by the same key, it still never parses as a checkpoint."""
        note, key = signed
        with pytest.raises(NoteError):
            open_checkpoint(note, key)

    def test_a_checkpoint_is_not_a_statement(self) -> None:
        private = generate_private_key()
        key = VerifierKey.from_public_key(ORIGIN, private.public_key())
        note = sign_checkpoint(Checkpoint(ORIGIN, 5, b"\x33" * 32), private)
        with pytest.raises(NoteError):
            open_statement(note, key)

    def test_an_altered_size_is_refused(self, signed: tuple[str, VerifierKey]) -> None:
        note, key = signed
        with pytest.raises(NoteError):
            open_statement(note.replace("restored 1100", "restored 1199"), key)

    def test_another_key_is_refused(self, signed: tuple[str, VerifierKey]) -> None:
        note, _ = signed
        other = VerifierKey.from_public_key(ORIGIN, generate_private_key().public_key())
        with pytest.raises(NoteError):
            open_statement(note, other)
