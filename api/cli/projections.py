"""`socai projections rebuild | status`."""

from __future__ import annotations

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from api.cli.common import office_session, out

app = typer.Typer(help="Dữ liệu tổng hợp (read models)", no_args_is_help=True)


@app.command("rebuild")
def rebuild() -> None:
    """Drop every read model and rebuild it from the office log, with a progress bar."""
    with office_session() as office:
        head = office.projections.head()
        with Progress("[progress.description]{task.description}", BarColumn(),
                      MofNCompleteColumn(), TimeRemainingColumn(), console=out) as progress:
            task = progress.add_task("Dựng lại dữ liệu tổng hợp", total=head or 1)
            office.projections.rebuild(
                progress=lambda done, total: progress.update(task, completed=done, total=total)
            )
        out.print(f"Đã dựng lại {len(office.projections.projections)} mô hình đọc đến vị trí {head}")


@app.command("status")
def status() -> None:
    """How far each read model has read the log."""
    with office_session() as office:
        head = office.projections.head()
        table = Table("projection", "position", "lag")
        for name, position in sorted(office.projections.positions().items()):
            table.add_row(name, str(position), str(head - position))
        out.print(table)
        out.print(f"log head: {head}")
