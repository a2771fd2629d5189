"""HTTP conventions shared by every router: ETag/If-Match, command answers, time zone, waiting."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Self
from uuid import UUID

import orjson
from fastapi import Depends, Header, Query, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.responses import Response

from api.auth import Principal
from api.problems import Problem, log_fields
from api.schemas.common import refused_in_body
from domain.application import Receipt
from domain.records import Context, Record
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
    """What every command answers."""

    id: UUID = Field(description="the record the command acted on")
    version: int = Field(description="its version after the command (also the ETag)")
    position: int = Field(description="log position of the command's last event (for min_position)")
    positions: list[int] = Field(description="log positions of every event the command wrote")


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


def expected_version(if_match: Annotated[str | None, Header(alias="If-Match")] = None) -> int:
    return parse_if_match(if_match)


IfMatch = Annotated[int, Depends(expected_version)]


def etag(version: int) -> str:
    return f'"{version}"'


def json_response(body: Any, *, status: int = 200, headers: dict[str, str] | None = None
                  ) -> Response:
    return Response(dumps(body), status_code=status, media_type="application/json",
                    headers=headers)


def command_answer(request: Request, receipt: Receipt, *, created: bool = False,
                   location: str | None = None, extra: dict[str, Any] | None = None) -> Response:
    """The answer of every command; ``extra`` adds fields (a number taken, warnings)."""
    if receipt.record_id is None:  # pragma: no cover - every command names its record
        msg = "a command receipt must name its record"
        raise RuntimeError(msg)
    request.app.state.office.projections.nudge()
    log_fields(request, record_id=str(receipt.record_id), version=receipt.version,
               position=receipt.position)
    body = CommandResult(id=receipt.record_id, version=receipt.version, position=receipt.position,
                         positions=list(receipt.positions))
    headers = {"ETag": etag(receipt.version), "X-Log-Position": str(receipt.position)}
    if location:
        headers["Location"] = location
    content = body.model_dump(mode="json")
    if extra:
        content.update(orjson.loads(dumps(extra)))
    return Response(orjson.dumps(content), status_code=201 if created else 200,
                    media_type="application/json", headers=headers)


def record_answer(record: Record, body: Any) -> Response:
    return json_response(body, headers={"ETag": etag(record.version)})


def context(request: Request, principal: Principal, *, reason: str | None = None,
            business_time: datetime | None = None) -> Context:
    office = request.app.state.office
    return Context(principal.actor, office.clock(), business_time=business_time, reason=reason)


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
