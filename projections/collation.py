"""Placeholder of the calendar branch's Vietnamese collation (same name); that branch replaces it."""

from __future__ import annotations

import unicodedata


def sort_key(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()
