"""The Vietnamese sentences shown for signed checkpoints, restore statements and verify runs."""

from __future__ import annotations

from domain.ledger.model import Ledger
from domain.ledger.restores import Restores
from domain.ledger.verification import VerificationRun
from projections.summaries import summary


def register_ledger_summaries() -> None:
    """Register the sentences (idempotent; called by the wiring)."""

    @summary(Ledger.CheckpointSigned)
    def _(e: Ledger.CheckpointSigned) -> str:
        return f"Ký điểm kiểm tra nhật ký: {e.tree_size} sự kiện đầu tiên (khóa {e.key_id})"

    @summary(Restores.ForkDeclared)
    def _(e: Restores.ForkDeclared) -> str:
        return (f"Khôi phục nhật ký về {e.restored_size} sự kiện, bỏ điểm kiểm tra đã công bố "
                f"{e.abandoned_size} sự kiện (tuyên bố rẽ nhánh có ký số, khóa {e.key_id})")

    @summary(VerificationRun.LogChecked)
    def _(e: VerificationRun.LogChecked) -> str:
        if e.ok:
            return (f"Kiểm tra nhật ký (socai verify): {e.checked} sự kiện đến vị trí "
                    f"{e.tree_size}, {e.checkpoints} điểm kiểm tra: toàn vẹn")
        return (f"Kiểm tra nhật ký (socai verify): {e.problems} lỗi, lỗi đầu tiên tại vị trí "
                f"{e.first_bad_position}")
