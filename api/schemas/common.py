"""Pydantic types shared by the request and response models."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints, model_validator


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


NFC = AfterValidator(_nfc)
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
