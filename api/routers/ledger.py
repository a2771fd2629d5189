"""The verifiable log over HTTP: signed checkpoints, the public key, inclusion and consistency proofs.

Shapes are those of docs/verifying.md §4–§6; hashes are standard base64. Every role may read;
signing a checkpoint on demand is an admin command (``ledger.sign``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from api.auth import Principal, permit
from api.deps import INT64_MAX, OfficeDep, command
from api.http import context, json_response
from api.problems import Problem
from domain.ledger.model import CHECKPOINTS_ID, Ledger
from infra.ledger.encoding import b64encode
from infra.ledger.merkle import ProofRangeError

router = APIRouter(prefix="/ledger", tags=["ledger"])
Reader = Annotated[Principal, permit("ledger.read")]


class CheckpointOut(BaseModel):
    version: int = Field(description="the checkpoint's number: 1 for the first one signed")
    position: int | None = Field(description="where the checkpoint's own record sits in the log")
    tree_size: int = Field(description="the checkpoint commits to positions 1..tree_size")
    root_hash: str = Field(description="RFC 9162 root of those events (base64)")
    note: str = Field(description="the C2SP signed note (docs/verifying.md §5)",
                      examples=["socai.local/office-log\n42\nqH0…=\n\n— socai.local/office-log "
                                "AbC…=\n"])
    signed_at: datetime
    key_id: str = Field(description="the signing key's ID (8 hex digits)")
    signed_by: str = Field(description="the user who signed (ledger-signer for the policy)")


class CheckpointPage(BaseModel):
    items: list[CheckpointOut]
    next_after: int = Field(description="pass as ?after= for the next page (a version)")


class PublicKeyOut(BaseModel):
    origin: str = Field(description="the log's origin, which is also the key name")
    verifier_key: str = Field(description="the C2SP verifier key line (docs/verifying.md §6)")
    key_id: str
    pem: str = Field(description="the same Ed25519 public key as SubjectPublicKeyInfo PEM")


class InclusionOut(BaseModel):
    position: int
    leaf_index: int
    tree_size: int
    leaf_hash: str
    root_hash: str
    proof: list[str] = Field(description="RFC 9162 §2.1.3 audit path, leaf side first")


class ConsistencyOut(BaseModel):
    first: int
    second: int
    first_root_hash: str
    second_root_hash: str
    proof: list[str] = Field(description="RFC 9162 §2.1.4 consistency proof")


def _out(event: Ledger.CheckpointSigned, position: int | None) -> CheckpointOut:
    return CheckpointOut(
        version=event.originator_version, position=position, tree_size=event.tree_size,
        root_hash=event.root_hash, note=event.note, signed_at=event.signed_at,
        key_id=event.key_id, signed_by=event.actor.username,
    )


def _positions(office: OfficeDep, versions: list[int]) -> dict[int, int]:
    if not versions:
        return {}
    with office.store.db.read() as cur:
        cur.execute(
            "SELECT originator_version, position FROM office_log WHERE originator_id = ? AND "
            "originator_version >= ? AND originator_version <= ?",
            (office.store.db.dialect.uuid_param(CHECKPOINTS_ID), min(versions), max(versions)),
        )
        return {int(v): int(p) for v, p in cur.fetchall()}


def _json(model: BaseModel, *, status: int = 200, headers: dict[str, str] | None = None
          ) -> Response:
    return json_response(model.model_dump(mode="json"), status=status, headers=headers)


def _out_of_range(exc: ProofRangeError) -> Problem:
    return Problem(422, "proof-out-of-range", "Tham số ngoài phạm vi cây Merkle", str(exc))


@router.get("/checkpoints", response_model=CheckpointPage, summary="Các điểm kiểm tra đã ký")
def checkpoints(
    office: OfficeDep, _: Reader,
    after: Annotated[int, Query(ge=0, le=INT64_MAX, description="last version already seen")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Response:
    events = office.checkpoints.history(after_version=after, limit=limit)
    positions = _positions(office, [e.originator_version for e in events])
    items = [_out(e, positions.get(e.originator_version)) for e in events]
    return _json(CheckpointPage(items=items, next_after=items[-1].version if items else after))


@router.get("/checkpoints/latest", response_model=CheckpointOut,
            summary="Điểm kiểm tra mới nhất")
def latest(office: OfficeDep, _: Reader) -> Response:
    latest = office.checkpoints.latest()
    if latest is None:
        raise Problem(404, "no-checkpoint", "Chưa có điểm kiểm tra",
                      "no checkpoint has been signed yet")
    (event,) = office.checkpoints.history(after_version=latest.version - 1, limit=1)
    return _json(_out(event, _positions(office, [latest.version]).get(latest.version)))


@router.post("/checkpoints", status_code=201, response_model=CheckpointOut,
             summary="Ký điểm kiểm tra ngay", openapi_extra=command("ledger.sign"))
def sign(
    principal: Annotated[Principal, permit("ledger.sign")], request: Request, office: OfficeDep,
) -> Response:
    signed = office.signer.sign(context(request, principal))
    if signed is None:  # pragma: no cover - only when asked to sign only if due
        raise Problem(409, "checkpoint-not-due", "Chưa đến lúc ký", "nothing to sign")
    office.projections.nudge()
    (event,) = office.checkpoints.history(after_version=signed.version - 1, limit=1)
    body = _out(event, signed.position)
    return _json(body, status=201,
                         headers={"X-Log-Position": str(signed.position),
                                  "Location": "/ledger/checkpoints/latest"})


@router.get("/public-key", response_model=PublicKeyOut, summary="Khóa công khai của văn phòng")
def public_key(office: OfficeDep, _: Reader) -> Response:
    key = office.signing_key()
    return _json(PublicKeyOut(origin=key.verifier.name, verifier_key=key.verifier.to_text(),
                        key_id=key.verifier.key_id.hex(), pem=key.public_pem()))


@router.get("/proofs/inclusion", response_model=InclusionOut,
            summary="Chứng minh một sự kiện nằm trong cây (RFC 9162 §2.1.3)")
def inclusion(
    office: OfficeDep, _: Reader,
    position: Annotated[int, Query(ge=1, le=INT64_MAX, description="the event's log position")],
    tree_size: Annotated[int | None, Query(ge=1, le=INT64_MAX, description=(
        "the tree to prove against (default: the latest checkpoint's size)"))] = None,
) -> Response:
    size = tree_size if tree_size is not None else _default_size(office)
    try:
        leaf, root, proof = office.tree.inclusion(position - 1, size)
    except ProofRangeError as exc:
        raise _out_of_range(exc) from None
    return _json(InclusionOut(position=position, leaf_index=position - 1, tree_size=size,
                              leaf_hash=b64encode(leaf), root_hash=b64encode(root),
                              proof=[b64encode(h) for h in proof]))


@router.get("/proofs/consistency", response_model=ConsistencyOut,
            summary="Chứng minh hai cây nhất quán (RFC 9162 §2.1.4)")
def consistency(
    office: OfficeDep, _: Reader,
    first: Annotated[int, Query(ge=1, le=INT64_MAX, description="the smaller tree size")],
    second: Annotated[int, Query(ge=1, le=INT64_MAX, description="the larger tree size")],
) -> Response:
    try:
        first_root, second_root, proof = office.tree.consistency(first, second)
    except ProofRangeError as exc:
        raise _out_of_range(exc) from None
    return _json(ConsistencyOut(first=first, second=second,
                                first_root_hash=b64encode(first_root),
                                second_root_hash=b64encode(second_root),
                                proof=[b64encode(h) for h in proof]))


def _default_size(office: OfficeDep) -> int:
    latest = office.checkpoints.latest()
    return latest.tree_size if latest is not None else office.tree.log_size()
