"""Text as the office writes it: Unicode NFC, no control characters, bounded length."""

from __future__ import annotations

import unicodedata

from domain.errors import InvalidValue

_ALLOWED_CONTROLS = {"\n", "\t"}


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
    for ch in text:
        if (unicodedata.category(ch) in ("Cc", "Cs") and ch not in _ALLOWED_CONTROLS) or ch in (
            "\ufffe",
            "\uffff",
        ):
            msg = f"{field}: chứa ký tự điều khiển không hợp lệ (contains a control character)"
            raise InvalidValue(msg, field=field)
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
