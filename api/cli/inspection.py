"""The auditors' commands: `socai replay`, `socai case-file …`, `socai verify-case-file`."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from api.bootstrap import Office, all_projections
from api.cli.common import err, office_session, out
from domain.actors import Secrecy
from projections.query import position_at_time
from projections.replay import View, replay, scratch_database, write_sheets


def resolve_position(office: Office, as_of: datetime | None, position: int | None) -> int:
    """The log position asked for (``--as-of`` T: the last position recorded at or before T)."""
    head = office.projections.head()
    if as_of is not None and position is not None:
        err.print("[red]--as-of[/red] và [red]--position[/red]: chọn một (give one, not both)")
        raise typer.Exit(2)
    if as_of is not None:
        moment = as_of if as_of.tzinfo else as_of.replace(tzinfo=office.settings.zone)
        return position_at_time(office.store.db, int(moment.astimezone(UTC).timestamp() * 1e6))
    if position is None:
        return head
    if position > head:
        err.print(f"vị trí {position} vượt quá cuối nhật ký {head} (past the end of the log)")
        raise typer.Exit(2)
    return position


def evaluation_day(office: Office, on: datetime | None, as_of: datetime | None) -> date:
    """``--on``, else the day of ``--as-of``, else today (office time zone)."""
    if on is not None:
        return on.date()
    moment = as_of or office.clock()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=office.settings.zone)
    return moment.astimezone(office.settings.zone).date()


def readable(clearance: Secrecy) -> tuple[str, ...]:
    return tuple(s.value for s in Secrecy if clearance.covers(s))


AsOf = typer.Option(None, "--as-of", help="recorded time T: the last log position recorded at or "
                    "before T (ISO 8601; without offset: the office time zone)")
Position = typer.Option(None, "--position", min=0, help="a log position instead of --as-of")
On = typer.Option(None, "--on", formats=["%Y-%m-%d"], help="evaluation date for overdue figures "
                  "(default: the day of --as-of, else today)")
Clearance = typer.Option(Secrecy.TUYET_MAT.value, "--clearance",
                         help="leave out records above this secrecy level")


def replay_command(
    as_of: datetime | None = AsOf, position: int | None = Position,
    out_dir: Path | None = typer.Option(None, "--out", help="folder for the files "
                                        "(default: ./replay-<position>)"),
    on: datetime | None = On, clearance: Secrecy = Clearance,
) -> None:
    """Rebuild every register and statistic as of a moment into a temporary read model, and write
    each to CSV and XLSX (Vietnamese headers); the live read models are not touched."""
    with office_session() as office:
        target = resolve_position(office, as_of, position)
        day = evaluation_day(office, on, as_of)
        folder = out_dir or Path(f"replay-{target}")
        with tempfile.TemporaryDirectory(prefix="socai-replay-") as scratch:
            db = scratch_database(Path(scratch) / "replay.sqlite")
            try:
                with Progress("[progress.description]{task.description}", BarColumn(),
                              MofNCompleteColumn(), TimeRemainingColumn(), console=err) as bar:
                    task = bar.add_task(f"Dựng lại đến vị trí {target}", total=target or 1)
                    replay(office.store.db, office.mapper, all_projections(), db, position=target,
                           batch_size=office.settings.projection_batch_size,
                           progress=lambda done, total: bar.update(task, completed=done,
                                                                   total=total or 1))
                view = View(day, office.legal_calendar.working_calendar(at_position=target),
                            readable(clearance))
                written = write_sheets(db, folder, view)
            finally:
                db.close()
        table = Table("sổ / thống kê", "dòng", "tệp", title=f"Vị trí {target}, đánh giá ngày "
                      f"{day.strftime('%d/%m/%Y')}")
        for sheet, count, files in written:
            table.add_row(sheet.title, str(count), ", ".join(f.name for f in files))
        out.print(table)
        out.print(f"Đã ghi {len(written)} sổ, thống kê vào {folder} (replayed to position "
                  f"{target}; the live read models were not changed)")
