"""A case file built over HTTP is proved against a checkpoint the ledger signer signed.

Reads never write: a GET does not sign. When the latest checkpoint does not cover the events a
case file proves, :class:`AskedSigner` asks the signer (running in this process, or in a worker
reached by ``NOTIFY``: it signs at once, as ``ledger-signer``) and waits for it; with no signer
running, or none in time, the answer is 503
``checkpoint-pending`` with ``Retry-After`` (sign one with ``socai checkpoint`` or
``POST /ledger/checkpoints``, or wait for the signing policy).
"""

from __future__ import annotations

import time
from typing import Any

from api.bootstrap import Office
from api.problems import Problem

WAIT_SECONDS = 10.0


class AskedSigner:
    """The ``signer`` given to ``build`` over HTTP: its ``sign`` asks and waits, never signs."""

    def __init__(self, office: Office, tree_size: int, wait: float = WAIT_SECONDS) -> None:
        self.office = office
        self.tree_size = tree_size
        self.wait = wait

    def sign(self, ctx: Any) -> None:
        del ctx  # the signer acts as itself
        signer = self.office.signer
        if signer.request(self.tree_size):
            deadline = time.monotonic() + self.wait
            while time.monotonic() < deadline:
                latest = self.office.checkpoints.latest()
                if latest is not None and latest.tree_size >= self.tree_size:
                    return
                time.sleep(0.05)
        retry = max(1, round(min(self.office.settings.checkpoint_every_seconds, 60.0)))
        problem = Problem(
            503, "checkpoint-pending", "Chưa có điểm kiểm tra đã ký bao trùm",
            f"chưa có điểm kiểm tra đã ký bao trùm vị trí {self.tree_size}; chạy `socai "
            f"checkpoint` hoặc chờ (no signed checkpoint covers position {self.tree_size} yet; "
            "run `socai checkpoint`, POST /ledger/checkpoints, or retry later)",
            position=self.tree_size)
        problem.headers["Retry-After"] = str(retry)
        raise problem
