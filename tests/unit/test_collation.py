"""Vietnamese collation keys: alphabet, tones, case, normal forms, and a reference comparator."""

from __future__ import annotations

import functools
import unicodedata
from typing import Literal

from hypothesis import given
from hypothesis import strategies as st

from projections.collation import sort_key

# The reference comparator ------------------------------------------------------------------
# Written apart from sort_key: it reads NFC text through literal tables of the Vietnamese
# letters in their six tones and compares Python tuples, never building a string key.

TONED = {
    "a": "aàảãáạ", "ă": "ăằẳẵắặ", "â": "âầẩẫấậ", "e": "eèẻẽéẹ", "ê": "êềểễếệ",
    "i": "iìỉĩíị", "o": "oòỏõóọ", "ô": "ôồổỗốộ", "ơ": "ơờởỡớợ", "u": "uùủũúụ",
    "ư": "ưừửữứự", "y": "yỳỷỹýỵ",
}  # fmt: skip
ORDER = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
LETTERS: dict[str, tuple[int, int]] = {}
for _base in ORDER:
    for _tone, _char in enumerate(TONED.get(_base, _base)):
        LETTERS[_char] = (ORDER.index(_base), _tone)
OTHER_LETTERS = "ßжЖ中"
SYMBOLS = ".,-/()"

Element = tuple[int, ...] | tuple[int, int, str]
Reference = tuple[tuple[Element, ...], tuple[tuple[int, ...], ...], tuple[int, ...]]


def reference(
    text: str,
) -> tuple[tuple[Element, ...], tuple[tuple[int, ...], ...], tuple[int, ...]]:
    """(letters, tones per syllable, case per letter) for NFC text over the test alphabet."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    primary: list[Element] = []
    syllables: list[tuple[int, ...]] = []
    cases: list[int] = []
    marks: list[int] | None = None
    index = 0
    while index < len(text):
        char = text[index]
        if char.isalpha():
            marks = [] if marks is None else marks
            lower = char.lower()
            cases.append(int(lower != char))
            if lower in LETTERS:
                rank, tone = LETTERS[lower]
                primary.append((3, rank))
                if tone:
                    marks.append(tone)
            else:
                primary.append((4, ord(lower)))
            index += 1
            continue
        if marks is not None:
            syllables.append(tuple(marks))
            marks = None
        if char == " ":
            primary.append((0,))
            index += 1
        elif char.isdigit():
            end = index
            while end < len(text) and text[end].isdigit():
                end += 1
            run = text[index:end]
            for start in range(0, len(run), 50):
                digits = run[start : start + 50].lstrip("0") or "0"
                primary.append((2, len(digits), digits))
            index = end
        else:
            primary.append((1, ord(char)))
            index += 1
    if marks is not None:
        syllables.append(tuple(marks))
    return tuple(primary), tuple(syllables), tuple(cases)


Form = Literal["NFC", "NFD"]


def compare_keys(a: str, b: str) -> int:
    """-1, 0 or 1 as key a sorts before, with, or after key b (code-point order)."""
    return int(a > b) - int(a < b)


def compare_reference(a: str, b: str) -> int:
    """-1, 0 or 1 as text a sorts before, with, or after text b by the reference."""
    ref_a, ref_b = reference(a), reference(b)
    return int(ref_a > ref_b) - int(ref_a < ref_b)


ALPHABET = "".join(LETTERS) + "".join(LETTERS).upper() + "0123456789 " + SYMBOLS + OTHER_LETTERS
texts = st.text(alphabet=ALPHABET, max_size=12)
forms: st.SearchStrategy[Form] = st.sampled_from(("NFC", "NFD"))


VARIANTS: dict[str, str] = {}
for _base in ORDER:
    _forms = TONED.get(_base, _base)
    for _char in _forms + _forms.upper():
        VARIANTS[_char] = _forms + _forms.upper()


@st.composite
def near_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """Two texts with the same letters, differing only in tones and case (levels 2 and 3)."""
    a = draw(texts)
    b = "".join(draw(st.sampled_from(VARIANTS[c])) if c in VARIANTS else c for c in a)
    return a, b


def by_key(words: list[str]) -> list[str]:
    """`words` sorted by sort_key."""
    return sorted(words, key=sort_key)


class TestAlphabet:
    def test_letters_in_vietnamese_order(self) -> None:
        """The 29 letters sort a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y."""
        alphabet = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
        assert by_key(list(reversed(alphabet))) == alphabet

    def test_letter_before_tone(self) -> None:
        """The letter decides before the tone: "bạ" (b-a, nặng) < "bă" (b-ă, none)."""
        assert by_key(["bă", "bạ"]) == ["bạ", "bă"]

    def test_every_d_word_before_every_dj_word(self) -> None:
        """d < đ, so "Dương" and "Dzũng" sort before "Đặng" and "Đa"."""
        assert by_key(["Đặng", "Dzũng", "Đa", "Dương"]) == ["Dương", "Dzũng", "Đa", "Đặng"]

    def test_letters_not_used_in_vietnamese_take_latin_places(self) -> None:
        """f after ê, j after i, w after v, z after y."""
        assert by_key(["g", "f", "ê", "k", "j", "i", "x", "w", "v", "z", "y"]) == [
            "ê", "f", "g", "i", "j", "k", "v", "w", "x", "y", "z",
        ]  # fmt: skip

    def test_word_break_before_letters(self) -> None:
        """The word break sorts first: "An Bình" < "Anh", the word ends before h."""
        assert by_key(["Anh", "An Bình"]) == ["An Bình", "Anh"]

    def test_digits_before_letters_and_by_value(self) -> None:
        """Digits come before letters, and numbers compare by value: Tổ 2 < Tổ 10 < Tổ A."""
        assert by_key(["Tổ A", "Tổ 10", "Tổ 2"]) == ["Tổ 2", "Tổ 10", "Tổ A"]

    def test_punctuation_before_digits(self) -> None:
        """Punctuation sorts before digits: "a-b" < "a1" < "ab"."""
        assert by_key(["ab", "a1", "a-b"]) == ["a-b", "a1", "ab"]


class TestTones:
    def test_six_tones_in_order(self) -> None:
        """none, huyền, hỏi, ngã, sắc, nặng: ma < mà < mả < mã < má < mạ."""
        tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
        assert by_key(list(reversed(tones))) == tones

    def test_tones_compare_from_the_first_syllable(self) -> None:
        """The first syllable's tone decides: "ca cà" < "cà ca"."""
        assert by_key(["cà ca", "ca cà"]) == ["ca cà", "cà ca"]

    def test_tone_placement_does_not_matter(self) -> None:
        """The old ("hoà") and new ("hòa") tone placements have the same key."""
        assert sort_key("hoà") == sort_key("hòa")


class TestCase:
    def test_case_last(self) -> None:
        """Case only breaks ties: "an" < "An" < "ăn" and "bà" < "Bà" < "bả"."""
        assert by_key(["ăn", "An", "an"]) == ["an", "An", "ăn"]
        assert by_key(["bả", "Bà", "bà"]) == ["bà", "Bà", "bả"]

    def test_lower_case_first(self) -> None:
        """Within equal letters and tones, lower case sorts first."""
        assert by_key(["ĐẶNG", "Đặng", "đặng"]) == ["đặng", "Đặng", "ĐẶNG"]

    def test_eth_is_read_as_dj(self) -> None:
        """U+00D0 (Ð), a common stand-in for Đ, has the key of Đ."""
        assert sort_key("\u00d0\u1eb7ng") == sort_key("Đặng")


class TestKeys:
    @given(texts, forms)
    def test_nfc_and_nfd_give_equal_keys(self, text: str, form: Form) -> None:
        """The key does not depend on the normal form of the input."""
        normal = unicodedata.normalize(form, text)
        assert sort_key(normal) == sort_key(unicodedata.normalize("NFC", text))

    @given(st.text(max_size=20))
    def test_ascii_printable_without_quotes(self, text: str) -> None:
        """Any text gives a printable ASCII key with no quote, backslash or backtick."""
        key = sort_key(text)
        assert key.isascii()
        assert key.isprintable()
        assert not set(key) & set("'\"\\`")

    @given(st.text(max_size=20))
    def test_deterministic(self, text: str) -> None:
        """The same text always gives the same key."""
        assert sort_key(text) == sort_key(str(text))

    def test_compact(self) -> None:
        """A typical name stays short: "Nguyễn Văn An" has a key of at most 24 characters."""
        assert len(sort_key("Nguyễn Văn An")) <= 24


class TestAgainstTheReference:
    @given(texts, texts, forms, forms)
    def test_same_order_as_the_reference(self, a: str, b: str, form_a: Form, form_b: Form) -> None:
        """Comparing keys gives the reference comparator's answer, whatever the normal forms."""
        key_a = sort_key(unicodedata.normalize(form_a, a))
        key_b = sort_key(unicodedata.normalize(form_b, b))
        assert compare_keys(key_a, key_b) == compare_reference(a, b)

    @given(near_pairs(), forms)
    def test_tones_and_case_agree_with_the_reference(
        self, pair: tuple[str, str], form: Form
    ) -> None:
        """For texts equal at the first level, tones then case order them as the reference."""
        a, b = pair
        key_a, key_b = sort_key(a), sort_key(unicodedata.normalize(form, b))
        assert compare_keys(key_a, key_b) == compare_reference(a, b)

    @given(st.lists(texts, min_size=3, max_size=8))
    def test_total_preorder_sorts_like_the_reference(self, words: list[str]) -> None:
        """Sorting by key and by the reference give the same sequence of equivalence classes."""
        by_reference = sorted(words, key=functools.cmp_to_key(compare_reference))
        assert [reference(w) for w in by_key(words)] == [reference(w) for w in by_reference]


class TestFastPath:
    @given(st.text(alphabet=st.sampled_from(list(
        "aăâbcdđeêghiklmnoôơpqrstuưvxy AĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộ"
        "ớờởỡợúùủũụứừửữựýỳỷỹỵ0123456789,.-/()–“”"
    )), max_size=40))
    def test_the_fast_path_gives_the_general_key(self, text: str) -> None:
        """Keying letter by letter from the cache equals the general NFKD path."""
        from projections.collation import _slow_key

        assert sort_key(text) == _slow_key(text)
