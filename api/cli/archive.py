"""`socai fixity` and `socai archive export`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from api.actors import system_actor
from api.bootstrap import Office
from api.cli.common import err, office_session, out, run_command
from domain.actors import Secrecy
from domain.application import Receipt
from infra.blobs import FixityResult
from projections.archive.queries import RegisterFilter, export_register, live_blobs
from projections.archive.registers import REGISTERS

app = typer.Typer(help="Văn thư, lưu trữ: sổ và tệp đính kèm", no_args_is_help=True)


@dataclass
class FixityReport:
    checked: int = 0
    bytes_checked: int = 0
    mismatched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    receipt: Receipt | None = None

    @property
    def ok(self) -> bool:
        return not self.mismatched and not self.missing


def run_fixity(office: Office) -> FixityReport:
    """Re-hash every blob a live item refers to and record the run as a FixityChecked event,
    acting as the system actor ``fixity-checker``."""
    office.projections.catch_up()
    started = office.clock()
    report = FixityReport()
    for sha256, _size in live_blobs(office.store.db):
        result, size = office.blobs.verify(sha256)
        report.checked += 1
        report.bytes_checked += size
        if result is FixityResult.MISMATCH:
            report.mismatched.append(sha256)
        elif result is FixityResult.MISSING:
            report.missing.append(sha256)
    done = run_command(office, system_actor(office, "fixity-checker"), "archive.fixity", body={
        "started_at": started, "checked": report.checked, "bytes_checked": report.bytes_checked,
        "mismatched": tuple(report.mismatched), "missing": tuple(report.missing)})
    report.receipt = done.receipt
    return report


def fixity() -> None:
    """Re-hash every live attachment; exit 1 if any changed or is missing (a FixityChecked
    event is recorded either way)."""
    with office_session() as office:
        report = run_fixity(office)
    position = report.receipt.position if report.receipt else 0
    if report.ok:
        out.print(f"Toàn vẹn: {report.checked} tệp, {report.bytes_checked} byte, không sai lệch "
                  f"(sự kiện ở vị trí {position})")
        return
    table = Table("sha256", "vấn đề", title="Tệp không toàn vẹn")
    for sha in report.mismatched:
        table.add_row(sha, "nội dung đã thay đổi (mismatch)")
    for sha in report.missing:
        table.add_row(sha, "không còn trong kho (missing)")
    err.print(table)
    err.print(f"{len(report.mismatched)} sai lệch, {len(report.missing)} bị mất trên "
              f"{report.checked} tệp (sự kiện ở vị trí {position})")
    raise typer.Exit(1)


@app.command("export")
def export(
    name: str = typer.Argument(..., help=f"one of: {', '.join(REGISTERS)}"),
    fmt: str = typer.Option("xlsx", "--format", help="csv or xlsx"),
    output: Path = typer.Option(..., "--out", help="file to write"),
    period_from: str | None = typer.Option(None, "--from", help="YYYY-MM-DD"),
    period_to: str | None = typer.Option(None, "--to", help="YYYY-MM-DD"),
    on: str | None = typer.Option(None, "--on", help="evaluation date (default: today)"),
    sort: str | None = typer.Option(None, "--sort"),
) -> None:
    """Export a register (every secrecy level: the file is for the archive's own use)."""
    if name not in REGISTERS or fmt not in ("csv", "xlsx"):
        err.print(f"register: {', '.join(REGISTERS)}; format: csv, xlsx")
        raise typer.Exit(2)
    reg = REGISTERS[name]
    with office_session() as office:
        office.projections.catch_up()
        day = date.fromisoformat(on) if on else office.clock().astimezone(office.settings.zone
                                                                          ).date()
        f = RegisterFilter(period_from=date.fromisoformat(period_from) if period_from else None,
                           period_to=date.fromisoformat(period_to) if period_to else None)
        data = export_register(office.store.db, name, fmt, f, on=day,
                               readable=[s.value for s in Secrecy],
                               sort=sort or next(iter(reg.orders)))
    output.write_bytes(data)
    out.print(f"Đã xuất {reg.title} ({len(data)} byte) vào {output}")
