"""Pydantic types shared by the request and response models."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints, model_validator

from domain.text import refused_character


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


NFC = AfterValidator(_nfc)

WIDE_FIRST = date(1800, 1, 1)
WIDE_LAST = date(2199, 12, 31)
"""Dates of filters and of business facts (archive items, receipts) lie in this wide range;
evaluation dates (``on``, ``as_of``…) have a narrower one (``api.deps.evaluation_range``)."""


def _wide_date(value: date) -> date:
    day = value.date() if isinstance(value, datetime) else value
    if not WIDE_FIRST <= day <= WIDE_LAST:
        msg = (f"ngày ngoài phạm vi {WIDE_FIRST.isoformat()} … {WIDE_LAST.isoformat()} "
               "(a date outside the supported range)")
        raise ValueError(msg)
    return value


FilterDate = Annotated[date, AfterValidator(_wide_date)]


_BODY_CONTROLS = frozenset("\t\n\r")


def refused_in_body(value: Any, where: str = "body") -> str | None:
    """The first refused value in a request body, as "field: why" (never the value itself):
    text with a control character other than tab and line breaks, or a bidirectional mark
    (``domain.text``), or a date outside :data:`WIDE_FIRST` … :data:`WIDE_LAST`."""
    if isinstance(value, str):
        why = refused_character(value, _BODY_CONTROLS)
        return None if why is None else f"{where}: {why}"
    if isinstance(value, date):
        try:
            _wide_date(value)
        except ValueError as exc:
            return f"{where}: {exc}"
        return None
    if isinstance(value, BaseModel):
        items: Any = ((name, getattr(value, name)) for name in type(value).model_fields)
    elif isinstance(value, dict):
        items = value.items()
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        if isinstance(key, str) and (why := refused_character(key, _BODY_CONTROLS)):
            return f"{where}: {why}"
        found = refused_in_body(item, f"{where}.{key}" if where != "body" else str(key))
        if found is not None:
            return found
    return None
"""A date in a query filter (received_from, from/to …), in the wide range."""
Year = Annotated[int, Field(ge=WIDE_FIRST.year, le=WIDE_LAST.year)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000), NFC]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
                      NFC]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000), NFC]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40,
                                        pattern=r"^[^\s/]+$"), NFC]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
                   NFC, Field(description="lý do (required by the rules for this command)")]


class PageOut(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None = Field(description="pass as ?cursor= to get the next page")
    at_position: int | None = Field(
        description="the log position this answer reflects (null: the live read model)")
    time_axis: Literal["live", "recorded", "business"] = Field(
        default="live", description="live; recorded (at_position / as_of: when the office entered facts); "
        "business (business_as_of: when they happened)")
    business_as_of: date | None = Field(
        default=None, description="the business date asked for")

    @model_validator(mode="after")
    def _axis(self) -> PageOut:
        if self.time_axis == "live" and self.at_position is not None:
            self.time_axis = "recorded"
        return self
