"""Text as the office writes it: Unicode NFC, no control characters, bounded length.

Refused everywhere: NUL and the other C0/C1 controls except tab and line feed, surrogates,
U+FFFE/U+FFFF, and the bidirectional formatting marks (U+061C, U+200E–U+200F, U+202A–U+202E,
U+2066–U+2069), which can make a code, a name or a title read differently from what is stored
("Trojan Source"). The API's request bodies and query text are checked with the same table.
"""

from __future__ import annotations

import unicodedata

from domain.errors import InvalidValue

_ALLOWED_CONTROLS = {"\n", "\t"}
BIDI_MARKS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Bidirectional formatting characters: refused in every text value."""
CONTROL_MESSAGE = "chứa ký tự điều khiển không hợp lệ (contains a control character)"
BIDI_MESSAGE = ("chứa dấu định hướng văn bản không được phép (contains a bidirectional formatting "
                "character)")


def refused_character(text: str, allowed_controls: frozenset[str] | set[str] = _ALLOWED_CONTROLS
                      ) -> str | None:
    """Why ``text`` is refused (:data:`CONTROL_MESSAGE` or :data:`BIDI_MESSAGE`), or ``None``."""
    for ch in text:
        if ch in BIDI_MARKS:
            return BIDI_MESSAGE
        if (unicodedata.category(ch) in ("Cc", "Cs") and ch not in allowed_controls) or ch in (
            "\ufffe",
            "\uffff",
        ):
            return CONTROL_MESSAGE
    return None


def clean(value: object, field: str, *, max_length: int = 2000, required: bool = True) -> str:
    """NFC-normalise and check one text value; raise :class:`InvalidValue` naming the field."""
    if not isinstance(value, str):
        msg = f"{field}: phải là chuỗi ký tự (a string is required)"
        raise InvalidValue(msg, field=field)
    text = unicodedata.normalize("NFC", value).strip()
    if required and not text:
        msg = f"{field}: không được để trống (must not be empty)"
        raise InvalidValue(msg, field=field)
    if len(text) > max_length:
        msg = f"{field}: dài quá {max_length} ký tự (longer than {max_length} characters)"
        raise InvalidValue(msg, field=field)
    refused = refused_character(text)
    if refused is not None:
        raise InvalidValue(f"{field}: {refused}", field=field)
    return text


def clean_optional(value: str | None, field: str, *, max_length: int = 2000) -> str | None:
    if value is None:
        return None
    text = clean(value, field, max_length=max_length, required=False)
    return text or None


def clean_code(value: str, field: str, *, max_length: int = 40) -> str:
    """A short code (unit, issuer, symbol): NFC, no spaces, no '/' or '-' (they are separators)."""
    text = clean(value, field, max_length=max_length)
    if any(ch.isspace() or ch in "/" for ch in text):
        msg = f"{field}: mã không được chứa khoảng trắng hoặc '/' (no spaces or '/')"
        raise InvalidValue(msg, field=field)
    return text
