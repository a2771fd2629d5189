"""HTTP conventions shared by every router: request bodies, ETag/If-Match, time zone, waiting."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Self
from uuid import UUID

from fastapi import Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.responses import Response

from api.problems import Problem
from api.schemas.common import refused_in_body
from domain.records import Record
from infra.transcoding import dumps


class Body(BaseModel):
    """Base of every request body: unknown fields are refused, text is NFC-normalised; no text
    holds a control character or a bidirectional mark, no date lies outside the wide range
    (``api.schemas.common.refused_in_body``)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="after")
    def _edges(self) -> Self:
        refused = refused_in_body(self)
        if refused is not None:
            raise ValueError(refused)
        return self


class CommandResult(BaseModel):
    """What every command answers (``api.commands.pipeline.receipt_body``)."""

    id: UUID = Field(description="the record the command acted on")
    version: int = Field(description="its version after the command (also the ETag)")
    position: int = Field(description="log position of the command's last event (for min_position)")
    positions: list[int] = Field(description="log positions of every event the command wrote")
    versions: dict[str, int] = Field(description=(
        "the new version of every record the command changed, by id (assigning a task also "
        "moves its directive's version)"), examples=[{"3f0c…": 5, "9a41…": 1}])


def parse_if_match(value: str | None) -> int:
    """The record version named by ``If-Match`` (428 if missing, 400 if not a version)."""
    if value is None or not value.strip():
        raise Problem(428, "if-match-required", "Thiếu If-Match",
                      "commands to an existing record need 'If-Match: \"<version>\"' (its ETag)")
    text = value.strip()
    if text.startswith("W/"):
        text = text[2:]
    text = text.strip('"')
    if not (text.isascii() and text.isdigit() and len(text) <= 18):  # a version fits 64 bits
        raise Problem(400, "if-match-invalid", "If-Match không hợp lệ",
                      "If-Match must be the record's ETag, a quoted version number like \"3\"")
    return int(text)


def etag(version: int) -> str:
    return f'"{version}"'


def json_response(body: Any, *, status: int = 200, headers: dict[str, str] | None = None
                  ) -> Response:
    return Response(dumps(body), status_code=status, media_type="application/json",
                    headers=headers)


def record_answer(record: Record, body: Any) -> Response:
    return json_response(body, headers={"ETag": etag(record.version)})


def today(request: Request) -> date:
    office = request.app.state.office
    day: date = office.clock().astimezone(office.settings.zone).date()
    return day


def wait_for_projections(
    request: Request,
    min_position: Annotated[int | None, Query(ge=0, le=2**63 - 1, description=(
        "wait (up to 10 s) until the read models include this log position: pass the 'position' "
        "a command answered to read your own writes"))] = None,
) -> int | None:
    if min_position is not None:
        runner = request.app.state.office.projections
        if not runner.wait_for(min_position, timeout=10.0):
            problem = Problem(503, "projections-behind", "Dữ liệu tổng hợp chưa cập nhật kịp",
                              f"read models have not reached position {min_position} yet; retry",
                              reached=runner.position())
            problem.headers["Retry-After"] = "1"
            raise problem
    return min_position


Consistent = Annotated[int | None, Depends(wait_for_projections)]
