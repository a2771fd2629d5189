"""The pure parts of the edge: text rules and LIKE patterns."""

from __future__ import annotations

import pytest

from api.edges import has_control
from domain.errors import InvalidValue
from domain.text import BIDI_MARKS, clean, clean_code
from projections.query import like_contains


class TestText:
    @pytest.mark.parametrize("mark", sorted(BIDI_MARKS))
    def test_clean_code_refuses_every_bidirectional_mark(self, mark: str) -> None:
        """A unit code with U+202E (or any bidi mark) is refused, also from the command line."""
        with pytest.raises(InvalidValue, match="bidirectional"):
            clean_code(f"VP{mark}1", "code")

    def test_clean_refuses_a_bidirectional_mark_in_a_title(self) -> None:
        with pytest.raises(InvalidValue, match="title"):
            clean("Về \u202echuyển đổi", "title")

    @pytest.mark.parametrize("char", ["\x00", "\x1f", "\x7f", "\x80", "\x9f"])
    def test_clean_refuses_controls(self, char: str) -> None:
        with pytest.raises(InvalidValue, match="control"):
            clean(f"a{char}b", "summary")

    def test_clean_keeps_tab_and_line_feed(self) -> None:
        assert clean("a\tb\nc", "summary") == "a\tb\nc"

    @pytest.mark.parametrize(("text", "refused"), [
        ("Hà Nội", False), ("a\tb\r\nc", False), ("a\x00b", True), ("a\u0085b", True),
        ("\x1b[31m", True),
    ])
    def test_query_text(self, text: str, refused: bool) -> None:
        """Query and path text: C0/C1 controls refused, tab and line breaks kept."""
        assert has_control(text) is refused


class TestLike:
    @pytest.mark.parametrize(("text", "pattern"), [
        ("%", "%\\%%"), ("_", "%\\_%"), ("a\\b", "%a\\\\b%"), ("50% đạt", "%50\\% đạt%"),
    ])
    def test_wildcards_and_the_escape_are_literal(self, text: str, pattern: str) -> None:
        assert like_contains(text) == pattern
