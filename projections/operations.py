"""The last run of each operation the log records about itself: `socai verify` and `socai fixity`.

One live row per kind (``verify``, ``fixity``), replaced by each run (temporal: the row as of any
position is the run that was last then). The metrics (``socai_verify_*``, ``socai_fixity_*``) and
the console's ledger page read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from domain.archive.content import FixityRun
from domain.ledger.verification import VerificationRun
from infra.db import Database
from projections.runner import Batch, LoggedEvent, Projection
from projections.tables import Table

RUNS = Table(
    "operation_runs",
    key=("kind",),
    columns=(("kind", "text"), ("position", "int"), ("recorded_us", "int"), ("ok", "bool"),
             ("checked", "int"), ("problems", "int")),
)


class OperationRuns(Projection):
    name = "operations"
    tables: ClassVar = (RUNS,)
    event_types = (VerificationRun.LogChecked, FixityRun.FixityChecked)

    def apply(self, batch: Batch, e: LoggedEvent) -> None:
        ev = e.event
        if isinstance(ev, VerificationRun.LogChecked):
            kind, ok, checked, problems = "verify", ev.ok, ev.checked, ev.problems
        elif isinstance(ev, FixityRun.FixityChecked):
            problems = len(ev.mismatched) + len(ev.missing)
            kind, ok, checked = "fixity", problems == 0, ev.checked
        else:  # pragma: no cover - event_types says which
            return
        batch.table(RUNS).put((kind,), {"position": e.position, "recorded_us": e.recorded_us,
                                        "ok": int(ok), "checked": checked,
                                        "problems": problems}, e.position)


@dataclass(frozen=True)
class LastRun:
    kind: str
    position: int
    recorded_us: int
    ok: bool
    checked: int
    problems: int


def last_runs(db: Database) -> dict[str, LastRun]:
    """The last run of each kind, by kind (none yet: absent)."""
    rows = db.query("SELECT kind, position, recorded_us, ok, checked, problems "
                    "FROM operation_runs WHERE valid_to IS NULL")
    return {str(r[0]): LastRun(str(r[0]), int(r[1]), int(r[2]), bool(r[3]), int(r[4]), int(r[5]))
            for r in rows}
