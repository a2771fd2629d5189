"""Vietnamese alphabetical order as a sort key compared byte by byte.

`sort_key(text)` returns a short ASCII string. Comparing two keys with plain code-point order
(SQLite's default BINARY collation, PostgreSQL's `COLLATE "C"`, Python's `<` on str) gives the
order of the registers, so projections store the key in a TEXT column beside the value and sort on
it; both databases then agree without an ICU collation.

The order (domain.md, "Vietnamese sorting"):
1. Letters first, letter by letter: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
   ă, â, đ, ê, ô, ơ, ư are letters of their own, so every word in đ comes after every word in d
   ("Dương" < "Đặng"). The Latin letters Vietnamese does not use take their Latin places
   (f after ê, j after i, w after v, z after y). Digraphs (ch, gh, kh, ng, nh, ph, qu, th, tr, …)
   are sequences of letters, not letters of their own.
2. Then tone marks, syllable by syllable from the left: none, huyền, hỏi, ngã, sắc, nặng. A
   syllable is a run of letters; its tone is read wherever the mark sits, so the old and new
   placements ("hoà", "hòa") give the same key.
3. Then case, letter by letter: lower case before upper case.

Other characters, at the first level:
- A run of white space is one word break, sorting before every character ("an bình" < "anh");
  leading and trailing space is ignored and runs count once.
- Punctuation and symbols sort before digits, by code point.
- Digits sort before letters, and a run of digits compares by its numeric value ("Tổ 2" <
  "Tổ 10"; leading zeros are ignored, so "01" and "1" tie); runs longer than 50 digits are
  compared in chunks of 50.
- Letters of other scripts sort after z, by the code point of their lower case.
- Diacritics that are neither Vietnamese letters nor tones (ü, ç, î, …) rank after the nặng tone
  at the second level, by code point.
- "Ð" (U+00D0, ETH), often typed for "Đ" by old converters, is read as Đ; "ð" as đ.

Input may be NFC or NFD (or any compatibility form: the text is NFKD-normalised first), and
equal-looking texts get equal keys. Keys are deterministic, ASCII printable without quotes or
backslashes, about one character per letter plus one per syllable, so they store identically in
TEXT columns of both databases. Different texts may share a key (white-space runs, leading zeros,
compatibility forms): sort on (key, value) where a total order is needed.

Key layout: <primary> "!" <secondary> "!" <tertiary>, where "!" sorts below everything in the
levels, so a shorter level that is a prefix of another sorts first.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Final

__all__ = ["sort_key"]

_ALPHABET: Final = (
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
)  # fmt: skip
_WEIGHT_CHARS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"
_LETTER_WEIGHT: Final = dict(zip(_ALPHABET, _WEIGHT_CHARS, strict=True))

_LEVEL_SEPARATOR: Final = "!"
_SPACE: Final = "#"
_SYMBOL: Final = "$"
_NUMBER: Final = "&"
_OTHER_LETTER: Final = "~"
_SYLLABLE_END: Final = "."
_OTHER_MARK: Final = "6"
_NUMBER_CHUNK: Final = 50

_TONES: Final = {
    "\u0300": "1",  # huyền (grave)
    "\u0309": "2",  # hỏi (hook above)
    "\u0303": "3",  # ngã (tilde)
    "\u0301": "4",  # sắc (acute)
    "\u0323": "5",  # nặng (dot below)
}
_FORMING: Final = {
    ("a", "\u0306"): "ă",  # breve
    ("a", "\u0302"): "â",  # circumflex
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",  # horn
    ("u", "\u031b"): "ư",
}
_D_LOOKALIKES: Final = {"Đ": "đ", "Ð": "đ", "ð": "đ"}
_PUNCTUATION: Final = frozenset(",.;:!?()[]{}/\\-–—'\"“”‘’&%+*=<>#@_|~^$")


def _hex6(char: str) -> str:
    return f"{ord(char):06X}"


def _pack_case(bits: list[int]) -> str:
    """Case bits, four to a hex digit, trailing zeros dropped (order-preserving for bit strings
    of equal length, which is all that is ever compared)."""
    digits = [
        "0123456789ABCDEF"[int("".join(map(str, bits[i : i + 4])).ljust(4, "0"), 2)]
        for i in range(0, len(bits), 4)
    ]
    return "".join(digits).rstrip("0")


@lru_cache(maxsize=8192)
def _letter(char: str) -> tuple[str, str, int] | None:
    """(primary weight, tone marks, case bit) of one precomposed letter, or ``None`` when the
    character needs the general path (not a letter, other marks, compatibility forms)."""
    decomposed = unicodedata.normalize("NFKD", char)
    if not decomposed or not unicodedata.category(decomposed[0]).startswith("L"):
        return None
    if any(not unicodedata.combining(c) for c in decomposed[1:]):
        return None
    key = _slow_key(char)
    primary, secondary, tertiary = key.split(_LEVEL_SEPARATOR)
    if primary.startswith(_OTHER_LETTER) or _OTHER_MARK in secondary:
        return None
    return primary, secondary.removesuffix(_SYLLABLE_END), int(tertiary == "8")


def sort_key(text: str) -> str:
    """The Vietnamese collation key of `text` (see the module documentation for the order).

    Fast path: text made of precomposed Vietnamese letters, ASCII spaces and nothing else is keyed
    letter by letter from a cache; anything else takes the general path. Both give the same key.
    """
    nfc = unicodedata.normalize("NFC", text).strip()
    primary: list[str] = []
    secondary: list[str] = []
    case_bits: list[int] = []
    syllable: list[str] = []
    in_syllable = False
    pending_space = False
    i, n = 0, len(nfc)
    while i < n:
        char = nfc[i]
        i += 1
        if char == " " or "0" <= char <= "9" or char in _PUNCTUATION:
            if in_syllable:
                secondary.append("".join(syllable) + _SYLLABLE_END)
                syllable = []
                in_syllable = False
            if char == " ":
                pending_space = True
                continue
            if pending_space:
                primary.append(_SPACE)
                pending_space = False
            if char in _PUNCTUATION:
                primary.append(_SYMBOL + _hex6(char))
                continue
            j = i
            while j < n and "0" <= nfc[j] <= "9":
                j += 1
            run = nfc[i - 1 : j]
            i = j
            if len(run) > _NUMBER_CHUNK:
                return _slow_key(text)
            digits = run.lstrip("0") or "0"
            primary.append(f"{_NUMBER}{len(digits):02d}{digits}")
            continue
        info = _letter(char)
        if info is None:
            return _slow_key(text)
        if pending_space:
            primary.append(_SPACE)
            pending_space = False
        weight, tones, case = info
        primary.append(weight)
        syllable.append(tones)
        case_bits.append(case)
        in_syllable = True
    if in_syllable:
        secondary.append("".join(syllable) + _SYLLABLE_END)
    return (
        "".join(primary)
        + _LEVEL_SEPARATOR
        + "".join(secondary)
        + _LEVEL_SEPARATOR
        + _pack_case(case_bits)
    )


def _slow_key(text: str) -> str:
    """The general path of :func:`sort_key`."""
    chars = unicodedata.normalize("NFKD", text).strip()
    primary: list[str] = []
    secondary: list[str] = []
    case_bits: list[int] = []
    syllable: list[str] | None = None
    pending_space = False
    i, n = 0, len(chars)

    def end_syllable() -> None:
        nonlocal syllable
        if syllable is not None:
            secondary.append("".join(syllable) + _SYLLABLE_END)
            syllable = None

    def emit(element: str) -> None:
        nonlocal pending_space
        if pending_space:
            primary.append(_SPACE)
            pending_space = False
        primary.append(element)

    while i < n:
        char = chars[i]
        if char.isspace():
            end_syllable()
            pending_space = bool(primary)
            i += 1
        elif "0" <= char <= "9":
            end_syllable()
            j = i
            while j < n and "0" <= chars[j] <= "9":
                j += 1
            for start in range(i, j, _NUMBER_CHUNK):
                digits = chars[start : min(start + _NUMBER_CHUNK, j)].lstrip("0") or "0"
                emit(f"{_NUMBER}{len(digits):02d}{digits}")
            i = j
        elif unicodedata.category(char).startswith("L"):
            if syllable is None:
                syllable = []
            j = i + 1
            while j < n and unicodedata.combining(chars[j]):
                j += 1
            lowered = char.lower()
            base = _D_LOOKALIKES.get(char, lowered if len(lowered) == 1 else char)
            case_bits.append(int(lowered != char))
            formed = False
            for mark in chars[i + 1 : j]:
                letter = _FORMING.get((base, mark))
                if letter is not None and not formed:
                    base, formed = letter, True
                elif mark in _TONES:
                    syllable.append(_TONES[mark])
                else:
                    syllable.append(_OTHER_MARK + _hex6(mark))
            weight = _LETTER_WEIGHT.get(base)
            emit(weight if weight is not None else _OTHER_LETTER + _hex6(base))
            i = j
        else:  # punctuation, symbols, and combining marks with no letter before them
            end_syllable()
            emit(_SYMBOL + _hex6(char))
            i += 1
    end_syllable()
    return (
        "".join(primary)
        + _LEVEL_SEPARATOR
        + "".join(secondary)
        + _LEVEL_SEPARATOR
        + _pack_case(case_bits)
    )
