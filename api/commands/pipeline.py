"""The command pipeline: every command, from every door, is checked and run here.

The stages, in order (each refusal writes nothing):

1. :func:`authorize` — the caller's role is in the command's row of the permission table (403
   ``forbidden``); authentication came before, in :mod:`api.authn`.
2. :func:`check_target` — the path id names a record of the declared kind (404
   ``record-not-found``) whose secrecy the caller holds now (403 ``clearance-too-low``).
3. the body (validated by its model over HTTP, or :func:`coerce_body` here), then
   :func:`check_body` — levels the body creates, sets or names.
4. :func:`perform` — the Idempotency-Key (a stored receipt is replayed and nothing runs; a claim is
   handed to the append, in the transaction that stores the command's events), then the call, then
   the answer (:class:`Outcome`).

:func:`execute` runs them all for callers without HTTP (the command line, the console); the HTTP
routes (``api/commands/routes.py``) run stages 1–3 as dependencies, so that a refused role is 403
before a body is validated, and call :func:`perform`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from api.auth import Principal, forbidden, require_clearance, require_clearances
from api.bootstrap import Office
from api.commands.spec import CommandSpec, Done, Replay, Run
from api.commands.table import command
from api.kinds import kind_of
from api.permissions import allowed
from api.problems import Problem
from domain.application import Receipt, command_write
from domain.records import Context, Record
from infra.store.receipts import Claim, KeyAlreadyClaimed, KeyScope, StoredReceipt
from infra.transcoding import dumps

METHOD = "POST"


@dataclass(frozen=True)
class Checked:
    """A command whose caller and target passed the checks (stages 1–2)."""

    spec: CommandSpec[Any]
    principal: Principal
    target_id: Any = None
    target: Record | None = None
    params: Mapping[str, Any] = field(default_factory=dict)  # every path parameter
    expected: int | None = None


@dataclass(frozen=True)
class Outcome:
    """A command's answer, for any door: status, JSON body, headers."""

    spec: CommandSpec[Any]
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    receipt: Receipt | None = None
    replayed: bool = False


# Stages ---------------------------------------------------------------------------------------


def authorize(principal: Principal, spec: CommandSpec[Any]) -> None:
    """Stage 1: the role table (skipped where the domain records a refusal itself)."""
    if not spec.refusal_recorded and not allowed(principal.role, spec.permission):
        raise forbidden(principal, spec.permission)


def check_target(office: Office, principal: Principal, spec: CommandSpec[Any], target_id: Any,
                 params: Mapping[str, Any] | None = None) -> Checked:
    """Stage 2: the target is of the declared kind, and the caller holds its secrecy now."""
    given = dict(params or {})
    if spec.target is None:
        return Checked(spec, principal, params=given)
    if spec.target_param is not None:
        given[spec.target_param] = target_id
    kind = kind_of(spec.target, given)
    record = kind.at(office, target_id)
    if not spec.refusal_recorded:
        require_clearances(principal, kind.levels(office, record, None))
    return Checked(spec, principal, target_id, record, given)


def coerce_body(spec: CommandSpec[Any], body: Any) -> Any:
    """The body as the command's model: a model instance, or a mapping validated into one."""
    model = spec.body
    if model is None or isinstance(body, model):
        return body if model is not None else None
    if isinstance(model, type) and issubclass(model, BaseModel) and isinstance(body, Mapping):
        try:
            return model.model_validate(dict(body))
        except ValidationError as exc:
            errors = [{"field": ".".join(str(p) for p in e["loc"]) or "body",
                       "problem": e["type"], "message": e["msg"]} for e in exc.errors()]
            detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)[:2000]
            raise Problem(422, "validation-failed", "Dữ liệu không hợp lệ", detail,
                          errors=errors) from None
    msg = f"{spec.name}: the body must be a {model.__name__}"
    raise TypeError(msg)


def check_body(office: Office, principal: Principal, spec: CommandSpec[Any], body: Any) -> None:
    """Stage 3: the caller holds the level the body creates or sets, and those of the records it
    names."""
    if spec.refusal_recorded:
        return
    if spec.body_secrecy is not None:
        level = getattr(body, spec.body_secrecy)
        if level is not None:
            require_clearance(principal, level)
    if spec.named_levels is not None:
        require_clearances(principal, spec.named_levels(office, body))


def perform(office: Office, checked: Checked, body: Any, idempotency_key: str | None = None
            ) -> Outcome:
    """Stage 4: replay a stored receipt, or run the command with its key claimed in its append."""
    spec = checked.spec
    claim: Claim | None = None
    if idempotency_key is not None:
        if spec.replay is Replay.REFUSED:
            raise Problem(400, "idempotency-key-not-allowed", "Không dùng Idempotency-Key ở đây",
                          f"'{spec.name}' answers a secret that is never kept: send it without "
                          "Idempotency-Key (a retry runs again)")
        if spec.replay is Replay.RECEIPT:
            scope = KeyScope(checked.principal.user_id, METHOD, spec.path, idempotency_key)
            claim = Claim(scope, fingerprint(checked, body), spec.status,
                          not_before_us=_not_before_us(office))
            stored = office.receipts.find(scope, not_before_us=claim.not_before_us)
            if stored is not None:
                return _replay(checked, body, claim, stored)
    ctx = Context(checked.principal.actor, office.clock())
    run = Run(office, checked.principal, ctx, checked.target_id, checked.target, body,
              checked.expected, checked.params)
    try:
        with command_write(**({"idempotency": claim} if claim else {})) as write:
            result = spec.run(run)
    except KeyAlreadyClaimed:
        # A concurrent request with this key committed first, under the log lock: its receipt
        # is there, and this request's events were rolled back.
        if claim is None:  # pragma: no cover - only a claim can be taken
            raise
        stored = office.receipts.find(claim.scope, not_before_us=claim.not_before_us)
        if stored is None:  # pragma: no cover - the winner committed before this append
            raise
        return _replay(checked, body, claim, stored)
    if write.receipt is not None:
        office.projections.nudge()
    done = result if isinstance(result, Done) else Done(receipt=result)
    return _answer(checked, body, done, spec.status)


def execute(office: Office, principal: Principal, spec_or_name: CommandSpec[Any] | str,
            target_id: Any = None, body: Any = None, expected_version: int | None = None,
            idempotency: str | None = None, *, params: Mapping[str, Any] | None = None
            ) -> Outcome:
    """Every stage, for a door without HTTP (the command line, the console): the same checks in
    the same order as a route."""
    spec = command(spec_or_name) if isinstance(spec_or_name, str) else spec_or_name
    authorize(principal, spec)
    checked = check_target(office, principal, spec, target_id, params)
    the_body = coerce_body(spec, body)
    check_body(office, principal, spec, the_body)
    checked = Checked(spec, principal, checked.target_id, checked.target, checked.params,
                      expected_version)
    return perform(office, checked, the_body, idempotency)


# Idempotency ----------------------------------------------------------------------------------


def canonical(value: Any) -> Any:
    """A body as plain JSON data (pydantic models after validation and NFC, dataclasses)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if is_dataclass(value) and not isinstance(value, type):
        return orjson.loads(dumps(asdict(value)))
    return value


def fingerprint(checked: Checked, body: Any) -> str:
    """SHA-256 of the request: method, route template, path parameters, canonical body."""
    request = {"method": METHOD, "route": checked.spec.path,
               "params": {k: str(v) for k, v in checked.params.items()},
               "body": canonical(body)}
    return hashlib.sha256(orjson.dumps(request, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _not_before_us(office: Office) -> int:
    """Receipts recorded before this instant (the log's clock) have expired."""
    return office.store.log.clock() - int(office.settings.idempotency_ttl_hours * 3_600_000_000)


def _replay(checked: Checked, body: Any, claim: Claim, stored: StoredReceipt) -> Outcome:
    if stored.fingerprint != claim.fingerprint:
        raise Problem(422, "idempotency-key-reused", "Idempotency-Key đã dùng",
                      "this Idempotency-Key was used for a different request")
    receipt = Receipt(positions=stored.positions, versions=dict(stored.versions),
                      record_id=stored.record_id)
    outcome = _answer(checked, body, Done(receipt=receipt), stored.status)
    return Outcome(outcome.spec, outcome.status, outcome.body,
                   {**outcome.headers, "Idempotent-Replayed": "true"}, receipt, replayed=True)


# Answers --------------------------------------------------------------------------------------


def receipt_body(receipt: Receipt) -> dict[str, Any]:
    """What every command answers: the record, its version, the log positions, and the new
    version of every record the command changed."""
    return {"id": receipt.record_id, "version": receipt.version, "position": receipt.position,
            "positions": list(receipt.positions),
            "versions": {str(k): v for k, v in receipt.versions.items()}}


def _answer(checked: Checked, body: Any, done: Done, status: int) -> Outcome:
    spec = checked.spec
    headers = dict(done.headers)
    receipt = done.receipt
    if done.body is not None:
        content = dict(done.body)
    elif receipt is not None:
        content = {**receipt_body(receipt), **done.extra}
    else:  # pragma: no cover - a spec's run returns a receipt or a body
        msg = f"{spec.name} answered neither a receipt nor a body"
        raise RuntimeError(msg)
    if receipt is not None and done.body is None:
        headers["ETag"] = f'"{receipt.version}"'
        headers["X-Log-Position"] = str(receipt.position)
    location = spec.locate(receipt.record_id if receipt else None, body, checked.params)
    if location is not None:
        headers["Location"] = location
    if done.secret:
        headers["Cache-Control"] = "no-store"
    return Outcome(spec, status, content, headers, receipt)
