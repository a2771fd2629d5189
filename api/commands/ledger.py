"""Signing a checkpoint on demand (``POST /ledger/checkpoints``, ``socai checkpoint``), and
recording a `socai verify` run (command line only)."""

from __future__ import annotations

from datetime import datetime

from api.commands.spec import CommandSpec, Done, Replay, Run
from api.http import Body
from api.problems import Problem
from api.schemas.ledger import CheckpointOut


class VerificationRunBody(Body):
    """What one `socai verify` run found (the command line, as the system actor ``verifier``)."""

    started_at: datetime
    since: int
    tree_size: int
    checked: int
    checkpoints: int
    first_bad_position: int | None = None
    problems: int = 0


def _sign(c: Run[None]) -> Done:
    """The signer appends the checkpoint in its own transaction (one signer at a time); a
    retry signs again if the log grew, so a key is not replayed."""
    signed = c.office.signer.sign(c.ctx)
    if signed is None:  # pragma: no cover - only when asked to sign only if due
        raise Problem(409, "checkpoint-not-due", "Chưa đến lúc ký", "nothing to sign")
    (event,) = c.office.checkpoints.history(after_version=signed.version - 1, limit=1)
    body = CheckpointOut.of(event, signed.position).model_dump(mode="json")
    return Done(body=body, headers={"X-Log-Position": str(signed.position)})


COMMANDS = (
    CommandSpec(
        name="ledger.sign", permission="ledger.sign", path="/ledger/checkpoints",
        summary="Ký điểm kiểm tra ngay", tags=("ledger",), creates=True,
        location="/ledger/checkpoints/latest", replay=Replay.RUNS_AGAIN,
        answer_model=CheckpointOut, run=_sign),
    CommandSpec(
        name="ledger.verification", permission="ledger.verification",
        path="/ledger/verification-runs", summary="Ghi nhận một lần kiểm tra nhật ký (dòng lệnh)",
        tags=("ledger",), body=VerificationRunBody, http=False,
        run=lambda c: c.office.checkpoints.record_verification(c.ctx, **c.body.model_dump())),
)
