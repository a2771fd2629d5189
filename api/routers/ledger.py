"""The verifiable log over HTTP: signed checkpoints, the public key, inclusion and consistency proofs.

Shapes are those of docs/verifying.md §4–§6; hashes are standard base64. Every role may read;
signing a checkpoint on demand is an admin command (``ledger.sign``, ``api/commands/ledger.py``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from starlette.responses import Response

from api.auth import Principal, permit
from api.deps import INT64_MAX, OfficeDep
from api.http import json_response
from api.problems import Problem
from api.schemas.ledger import CheckpointOut
from domain.ledger.model import CHECKPOINTS_ID
from infra.ledger.encoding import b64encode
from infra.ledger.merkle import ProofRangeError

router = APIRouter(prefix="/ledger", tags=["ledger"])
Reader = Annotated[Principal, permit("ledger.read")]


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
    items = [CheckpointOut.of(e, positions.get(e.originator_version)) for e in events]
    return _json(CheckpointPage(items=items, next_after=items[-1].version if items else after))


@router.get("/checkpoints/latest", response_model=CheckpointOut,
            summary="Điểm kiểm tra mới nhất")
def latest(office: OfficeDep, _: Reader) -> Response:
    latest = office.checkpoints.latest()
    if latest is None:
        raise Problem(404, "no-checkpoint", "Chưa có điểm kiểm tra",
                      "no checkpoint has been signed yet")
    (event,) = office.checkpoints.history(after_version=latest.version - 1, limit=1)
    return _json(CheckpointOut.of(event, _positions(office, [latest.version]).get(latest.version)))


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
