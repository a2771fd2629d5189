"""HTTP routes generated from the command table: one generic endpoint per command.

For each :class:`~api.commands.spec.CommandSpec` the generator builds three dependencies and an
endpoint, and gives them signatures (``__signature__``, which FastAPI honours) so that the typed path
parameters, the body model with its examples and the headers appear in the OpenAPI:

1. the role gate (no parameters: a refused role is 403 even with a malformed id or body);
2. the target gate (the typed path parameters): kind and clearance of the target now;
3. ``If-Match`` (428 missing, 400 malformed), for commands to an existing record;

then the endpoint, whose body FastAPI validates only now (422 comes after 403 and 404), checks the
body's levels and calls :func:`~api.commands.pipeline.perform`. Authentication came before routing
(:mod:`api.authn`); a body is never read for an unauthenticated caller.
"""


import inspect
from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect
from starlette.responses import Response

from api.auth import Principal, current_principal
from api.commands.pipeline import Checked, Outcome, authorize, check_body, check_target, perform
from api.commands.spec import CommandSpec, Intake, Upload
from api.commands.table import COMMANDS
from api.deps import office_of
from api.http import CommandResult, parse_if_match
from api.kinds import KindChoice, RecordKind
from api.problems import Problem, log_fields
from infra.transcoding import dumps

KW = inspect.Parameter.KEYWORD_ONLY
IdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", description=(
        "1–200 printable characters: a retry with the same key answers the first receipt and "
        "writes nothing (scoped to you and this route; kept SOCAI_IDEMPOTENCY_TTL_HOURS)"))]
IfMatchHeader = Annotated[str | None, Header(
    alias="If-Match", description="the record's ETag, e.g. \"3\" (required)")]

_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "description": "the file's bytes (raw body, any media type; Content-Length expected)",
        "content": {"application/octet-stream": {"schema": {"type": "string",
                                                              "format": "binary"}}},
    }
}


def command_router() -> APIRouter:
    """Every HTTP command of the table, as routes."""
    router = APIRouter()
    for spec in COMMANDS:
        if spec.http:
            add_route(router, spec)
    return router


def add_route(router: APIRouter, spec: CommandSpec[Any]) -> None:
    gate = _checked(spec)
    endpoint = _file_endpoint(spec, gate) if spec.intake is Intake.FILE else _json_endpoint(
        spec, gate)
    extra: dict[str, Any] = {"x-command": spec.permission, "x-command-name": spec.name,
                             "x-idempotency": spec.replay.value}
    if spec.target is not None:
        extra["x-target-kind"] = spec.target.name
        extra["x-target-param"] = spec.target_param
    if spec.refusal_recorded:
        extra["x-refusal-recorded"] = True
    if spec.intake is Intake.FILE:
        extra.update(_UPLOAD_BODY)
    router.add_api_route(
        spec.path, endpoint, methods=["POST"], status_code=spec.status,
        response_model=spec.answer_model or CommandResult, summary=spec.summary,
        tags=list(spec.tags), openapi_extra=extra, name=spec.name,
    )


# The gates --------------------------------------------------------------------------------------


def _param_type(spec: CommandSpec[Any], name: str) -> Any:
    if name in spec.params:
        return spec.params[name]
    target = spec.target
    if isinstance(target, RecordKind):
        return target.id_type
    if isinstance(target, KindChoice):
        return next(iter(target.kinds.values())).id_type
    return UUID


def _checked(spec: CommandSpec[Any]) -> Callable[..., Any]:
    """The dependency chain role → target → If-Match; returns the last one."""

    async def role_gate(request: Request) -> Principal:
        principal = current_principal(request)
        log_fields(request, command=spec.name)
        authorize(principal, spec)
        return principal

    def target_gate(request: Request, principal: Principal, **params: Any) -> Checked:
        target_id = params.pop(spec.target_param) if spec.target_param else None
        return check_target(office_of(request), principal, spec, target_id, params)

    target_gate.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
        inspect.Parameter("request", KW, annotation=Request),
        inspect.Parameter("principal", KW, annotation=Annotated[Principal, Depends(role_gate)]),
        *(inspect.Parameter(name, KW, annotation=Annotated[_param_type(spec, name), Path()])
          for name in spec.path_params),
    ])
    if not spec.needs_if_match:
        return target_gate

    async def version_gate(checked: Annotated[Checked, Depends(target_gate)],
                           if_match: IfMatchHeader = None) -> Checked:
        expected = parse_if_match(if_match)
        return Checked(checked.spec, checked.principal, checked.target_id, checked.target,
                       checked.params, expected)

    return version_gate


def _key(value: str | None) -> str | None:
    """The Idempotency-Key header, checked for its form (what it does is the pipeline's)."""
    if value is not None and (not (1 <= len(value) <= 200) or not value.isprintable()):
        raise Problem(400, "idempotency-key-invalid", "Idempotency-Key không hợp lệ",
                      "Idempotency-Key must be 1 to 200 printable characters")
    return value


# Endpoints --------------------------------------------------------------------------------------


def _json_endpoint(spec: CommandSpec[Any], gate: Callable[..., Any]) -> Callable[..., Response]:
    def endpoint(request: Request, checked: Checked, body: Any = None,
                 idempotency_key: str | None = None) -> Response:
        office = office_of(request)
        check_body(office, checked.principal, spec, body)
        return answer(request, perform(office, checked, body, _key(idempotency_key)))

    parameters = [
        inspect.Parameter("request", KW, annotation=Request),
        inspect.Parameter("checked", KW, annotation=Annotated[Checked, Depends(gate)]),
    ]
    if spec.body is not None:
        parameters.append(inspect.Parameter("body", KW, annotation=spec.body))
    parameters.append(inspect.Parameter("idempotency_key", KW, annotation=IdempotencyKey,
                                        default=None))
    endpoint.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    return endpoint


def _file_endpoint(spec: CommandSpec[Any], gate: Callable[..., Any]) -> Callable[..., Any]:
    """The request body is the file: streamed into the blob store (after the gates), kept once
    the command is stored, discarded if it is refused."""

    async def endpoint(
        request: Request, checked: Annotated[Checked, Depends(gate)],
        filename: Annotated[str, Query(min_length=1, max_length=255, description="tên tệp")],
        idempotency_key: IdempotencyKey = None,
    ) -> Response:
        office = office_of(request)
        key = _key(idempotency_key)
        length = request.headers.get("content-length")
        writer = office.blobs.writer(filename, int(length) if length and length.isdigit() else None)
        try:
            async for chunk in request.stream():
                writer.write(chunk)
        except ClientDisconnect as exc:
            writer.abort()
            raise Problem(400, "upload-truncated", "Tệp tải lên không trọn vẹn",
                          "the client went away before the upload ended; nothing was stored"
                          ) from exc
        except BaseException:
            writer.abort()
            raise
        pending = await run_in_threadpool(writer.finish)
        body = Upload(pending.sha256, pending.size, pending.media_type, pending.filename)

        def run() -> Outcome:
            check_body(office, checked.principal, spec, body)
            return perform(office, checked, body, key)

        try:
            outcome = await run_in_threadpool(run)
        except BaseException:
            office.blobs.discard(pending)
            raise
        # Kept also on a replay: the first request may have died between its commit and this.
        await run_in_threadpool(office.blobs.keep, pending)
        return answer(request, outcome)

    return endpoint


def answer(request: Request, outcome: Outcome) -> Response:
    """The HTTP answer of a command's outcome."""
    receipt = outcome.receipt
    if receipt is not None:
        log_fields(request, record_id=str(receipt.record_id), version=receipt.version,
                   position=receipt.position, replayed=outcome.replayed)
    return Response(dumps(outcome.body), status_code=outcome.status,
                    media_type="application/json", headers=outcome.headers)
