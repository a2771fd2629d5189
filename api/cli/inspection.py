"""The auditors' commands: `socai replay`, `socai case-file …`, `socai verify-case-file`."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path
from uuid import UUID

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from api.bootstrap import Office, all_projections
from api.cli.common import ActorOption, acting, err, office_session, out
from api.cli.ledger import say
from api.inspection.casefile import Scope, Subject, build, signer_context
from domain.actors import Role, Secrecy
from infra.ledger import casefile
from infra.ledger.note import VerifierKey
from projections.query import position_as_of
from projections.replay import View, replay, scratch_database, write_sheets


def resolve_position(office: Office, as_of: datetime | None, position: int | None) -> int:
    """The log position asked for (``--as-of`` T: the last position recorded at or before T)."""
    head = office.projections.head()
    if as_of is not None and position is not None:
        err.print("[red]--as-of[/red] và [red]--position[/red]: chọn một (give one, not both)")
        raise typer.Exit(2)
    if as_of is not None:
        return position_as_of(office.store.db, as_of, office.settings.zone)
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


# socai case-file ----------------------------------------------------------------------------------

case_file_app = typer.Typer(help="Hồ sơ kiểm tra: sự kiện có chứng minh, sổ sách, thời hạn, báo cáo "
                            "(a case file for the inspection commission)", no_args_is_help=True)
OutFile = typer.Option(..., "--out", help="file to write: .json (the case file) or .zip (the case "
                       "file and its HTML report)")


def _write_case_file(subject: Subject, as_of: datetime | None, position: int | None,
                     on: datetime | None, out_file: Path, actor: str | None) -> None:
    with office_session() as office:
        who = acting(office, actor)
        target = resolve_position(office, as_of, position)
        office.projections.catch_up()
        scope = Scope(position=target, on=evaluation_day(office, on, as_of),
                      readable=readable(who.clearance if who.role is not Role.SYSTEM
                                        else Secrecy.TUYET_MAT),
                      generated_by=who.username, as_of=as_of)
        case = build(office, subject, scope, lambda: signer_context(office))
    data = casefile.dump_zip(case) if out_file.suffix == ".zip" else casefile.dump_json(case)
    out_file.write_bytes(data)
    content = case["content"]
    events = sum(len(r["events"]) for r in content["records"])
    out.print(f"Đã ghi hồ sơ kiểm tra vào {out_file}: {len(content['records'])} hồ sơ, {events} sự "
              f"kiện tại vị trí {target}, chứng minh theo điểm kiểm tra {content['tree_size']} sự "
              f"kiện, {len(content['deadlines'])} thời hạn (ngày đánh giá {scope.on.isoformat()})")
    if "left_out" in content:
        out.print(f"{content['left_out']['records']} hồ sơ vượt quá mức tiếp cận của "
                  f"{scope.generated_by} không được đưa vào (left out for clearance)")


@case_file_app.command("petition")
def case_file_petition(petition_id: UUID = typer.Argument(..., help="the petition's id"),
                       as_of: datetime | None = AsOf, position: int | None = Position,
                       on: datetime | None = On, out_file: Path = OutFile,
                       actor: str | None = ActorOption) -> None:
    """One petition: its events and access log, register rows, deadlines and report."""
    _write_case_file(Subject("petition", str(petition_id)), as_of, position, on, out_file, actor)


@case_file_app.command("directive")
def case_file_directive(directive_id: UUID = typer.Argument(..., help="the directive's id"),
                        as_of: datetime | None = AsOf, position: int | None = Position,
                        on: datetime | None = On, out_file: Path = OutFile,
                        actor: str | None = ActorOption) -> None:
    """One directive and its assignments: events, register rows, deadlines and report."""
    _write_case_file(Subject("directive", str(directive_id)), as_of, position, on, out_file, actor)


@case_file_app.command("unit")
def case_file_unit(unit: str = typer.Argument(..., help="the unit's code"),
                   as_of: datetime | None = AsOf, position: int | None = Position,
                   on: datetime | None = On, out_file: Path = OutFile,
                   actor: str | None = ActorOption) -> None:
    """One unit: the assignments it leads, the directives it drafted, the petitions it handles."""
    _write_case_file(Subject("unit", unit), as_of, position, on, out_file, actor)


@case_file_app.command("period")
def case_file_period(period_from: datetime = typer.Option(..., "--from", formats=["%Y-%m-%d"]),
                     period_to: datetime = typer.Option(..., "--to", formats=["%Y-%m-%d"]),
                     as_of: datetime | None = AsOf, position: int | None = Position,
                     on: datetime | None = On, out_file: Path = OutFile,
                     actor: str | None = ActorOption) -> None:
    """A period: directives issued, assignments given and petitions received in it."""
    _write_case_file(Subject("period", None, period_from.date(), period_to.date()), as_of,
                     position, on, out_file, actor)


def check_case_file(data: bytes, key: VerifierKey | None, key_path: Path | None, *,
                    pinned_by_option: bool) -> None:
    """Verify and print; exit 1 if refused (shared with `socai verify-bundle`)."""
    try:
        report = casefile.verify_case_file(data, key)
    except casefile.CaseFileRejected as exc:
        say(f"REFUSED: {exc}")
        raise typer.Exit(1) from None
    for line in report.lines():
        say(line)
    if key_path is not None:
        say(f"pinned key from {key_path}{' (--key)' if pinned_by_option else ' (configured)'}")
