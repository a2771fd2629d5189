"""The runs of `socai verify`, recorded in the log they checked.

Each run is a record of its own (like a fixity run), with one event stating what was checked — the
log's size, how many events from where, how many signed checkpoints — and whether everything held
(else the first bad position). The actor is the system actor ``verifier``. The metrics, and the
console's ledger page, read the last result from the log (``projections/operations.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.errors import InvalidValue
from domain.events import Event
from domain.records import Context, Fold, Record, new_record


@dataclass(frozen=True, kw_only=True)
class VerificationRun(Record):
    """One run of `socai verify`: how much of the log it checked and whether it held."""

    ok: bool
    tree_size: int
    checked: int
    first_bad_position: int | None

    @dataclass(frozen=True, kw_only=True)
    class LogChecked(Event):
        """The log was checked from its raw rows: ``checked`` events after ``since``, up to
        ``tree_size``, and ``checkpoints`` signed checkpoints; ``ok``, or the first bad
        position and how many problems were found."""

        started_at: datetime
        since: int
        tree_size: int
        checked: int
        checkpoints: int
        ok: bool
        first_bad_position: int | None
        problems: int


fold_verification: Fold[VerificationRun] = Fold(VerificationRun)


@fold_verification.on(VerificationRun.LogChecked)
def _checked(_: None, e: VerificationRun.LogChecked) -> VerificationRun:
    return new_record(VerificationRun, e, ok=e.ok, tree_size=e.tree_size, checked=e.checked,
                      first_bad_position=e.first_bad_position)


def record_verification(
    ctx: Context, *, run_id: UUID, started_at: datetime, since: int, tree_size: int,
    checked: int, checkpoints: int, first_bad_position: int | None, problems: int,
) -> list[Event]:
    """The rule: counts are whole and not negative, a bad position lies in the log, and the run
    is ``ok`` exactly when no problem was found."""
    for name, value in (("since", since), ("tree_size", tree_size), ("checked", checked),
                        ("checkpoints", checkpoints), ("problems", problems)):
        if value < 0:
            raise InvalidValue(f"{name}: không được âm (must not be negative)", field=name)
    if first_bad_position is not None and not 1 <= first_bad_position <= max(tree_size, 1):
        raise InvalidValue("first_bad_position: ngoài nhật ký (outside the log)",
                           field="first_bad_position")
    if first_bad_position is not None and problems == 0:
        raise InvalidValue("problems: một vị trí lỗi là ít nhất một lỗi (a bad position is a "
                           "problem)", field="problems")
    return [ctx.event(VerificationRun.LogChecked, run_id, 1, started_at=started_at, since=since,
                      tree_size=tree_size, checked=checked, checkpoints=checkpoints,
                      ok=problems == 0, first_bad_position=first_bad_position,
                      problems=problems)]
