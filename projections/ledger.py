"""The Vietnamese sentence shown for a signed checkpoint in histories and timelines."""

from __future__ import annotations

from domain.ledger.model import Ledger
from projections.summaries import summary


def register_ledger_summaries() -> None:
    """Register the sentences (idempotent; called by the wiring)."""

    @summary(Ledger.CheckpointSigned)
    def _(e: Ledger.CheckpointSigned) -> str:
        return f"Ký điểm kiểm tra nhật ký: {e.tree_size} sự kiện đầu tiên (khóa {e.key_id})"
