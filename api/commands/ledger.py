"""Signing a checkpoint on demand (``POST /ledger/checkpoints``, ``socai checkpoint``)."""

from __future__ import annotations

from api.commands.spec import CommandSpec, Done, Replay, Run
from api.problems import Problem
from api.schemas.ledger import CheckpointOut


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
)
