"""`socai shred` and `socai calendar overrides|rules|add-override|add-rule|adopt-years`."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import typer
from rich.table import Table

from api.cli.common import ActorOption, acting, office_session, out, run_command
from api.startup import prepare_office
from domain.calendar import DayType, OverrideKind, StartEvent

calendar_app = typer.Typer(help="Lịch làm việc và quy tắc thời hạn (dữ liệu có phiên bản)",
                           no_args_is_help=True)


def shred(
    petition: UUID = typer.Option(..., "--petition", help="the petition's id"),
    reason: str = typer.Option(..., "--reason", help="lý do hủy khóa"),
    actor: str | None = ActorOption,
) -> None:
    """Destroy a petition's identity key once its file's retention period has passed.

    Refused before. The events stay byte for byte as they were (the ledger still verifies);
    the identity can no longer be read.
    """
    with office_session() as office:
        done = run_command(office, acting(office, actor), "petition.shred", petition,
                           {"reason": reason})
        position = done.receipt.position if done.receipt else 0
        out.print(f"Đã hủy khóa giải mã của đơn {petition} "
                  f"(vị trí nhật ký {position or 'không đổi'})")


@calendar_app.command("overrides")
def list_overrides() -> None:
    """List the override facts in force (the last recorded about each day)."""
    with office_session() as office:
        table = Table("ngày", "loại", "nhãn", "hiệu lực từ", "ghi nhận lúc")
        for fact in office.legal_calendar.working_calendar().overrides():
            table.add_row(fact.day.isoformat(), fact.kind.value, fact.label,
                          fact.effective_from.isoformat(), fact.recorded_at.isoformat())
        out.print(table)


@calendar_app.command("add-override")
def add_override(
    day: str = typer.Argument(..., help="YYYY-MM-DD"),
    kind: OverrideKind = typer.Option(..., "--kind"),
    label: str = typer.Option(..., "--label"),
    legal_source: str = typer.Option(..., "--source", help="văn bản làm căn cứ"),
    effective_from: str | None = typer.Option(None, "--effective-from", help="YYYY-MM-DD"),
    actor: str | None = ActorOption,
) -> None:
    """Record a day off, a make-up working day or a correction ("not a holiday")."""
    with office_session() as office:
        the_day = date.fromisoformat(day)
        run_command(office, acting(office, actor), "calendar.record_override", body={
            "day": the_day, "kind": kind, "label": label, "legal_source": legal_source,
            "effective_from": date.fromisoformat(effective_from) if effective_from else the_day})
        out.print(f"Đã ghi nhận điều chỉnh lịch ngày {the_day.isoformat()} ({kind.value})")


@calendar_app.command("rules")
def list_rules() -> None:
    """List every recorded version of every deadline rule."""
    with office_session() as office:
        book = office.legal_calendar.rule_book()
        table = Table("mã", "thời hạn", "tính từ", "gia hạn", "hiệu lực", "căn cứ")
        for code in book.codes():
            for r in book.versions(code):
                table.add_row(code, f"{r.length} {r.day_type.value}", r.start_event.value,
                              f"{r.max_extensions} × {r.extension_length}",
                              f"{r.effective_from.isoformat()} – "
                              f"{r.effective_to.isoformat() if r.effective_to else ''}",
                              r.legal_source)
        out.print(table)


@calendar_app.command("add-rule")
def add_rule(
    code: str = typer.Argument(...),
    name_vi: str = typer.Option(..., "--name"),
    legal_source: str = typer.Option(..., "--source"),
    length: int = typer.Option(..., "--length"),
    day_type: DayType = typer.Option(..., "--day-type"),
    start_event: StartEvent = typer.Option(..., "--start"),
    effective_from: str = typer.Option(..., "--effective-from", help="YYYY-MM-DD"),
    effective_to: str | None = typer.Option(None, "--effective-to", help="YYYY-MM-DD"),
    max_extensions: int = typer.Option(0, "--max-extensions"),
    extension_length: int = typer.Option(0, "--extension-length"),
    actor: str | None = ActorOption,
) -> None:
    """Record a new version of a deadline rule (effective for cases triggered from a date)."""
    with office_session() as office:
        run_command(office, acting(office, actor), "calendar.record_rule", body={
            "code": code, "name_vi": name_vi, "legal_source": legal_source, "length": length,
            "day_type": day_type, "start_event": start_event,
            "effective_from": date.fromisoformat(effective_from),
            "effective_to": date.fromisoformat(effective_to) if effective_to else None,
            "max_extensions": max_extensions, "extension_length": extension_length})
        out.print(f"Đã ghi nhận quy tắc {code} từ {effective_from}")


@calendar_app.command("adopt-years")
def adopt_years(
    first: int | None = typer.Option(None, "--from", min=1900, max=2199,
                                      help="first year (default: SOCAI_EVALUATION_FIRST_YEAR)"),
    through: int | None = typer.Option(None, "--through", min=1900, max=2199,
                                        help="last year (default: next year)"),
) -> None:
    """Record the base holidays of every year in the range that is not recorded yet.

    `socai serve` and `socai demo` do this at start-up, and the server's keeper when the year
    turns; a read that needs a later (or earlier) year answers 422 naming this command. The
    years are adopted by the `calendar-keeper` system actor.
    """
    with office_session() as office:
        adopted = prepare_office(office, first=first, through=through)
        if not adopted:
            out.print("Mọi năm trong khoảng đã có lịch cơ sở (every year was adopted already)")
            return
        out.print(f"Đã ghi nhận lịch nghỉ lễ cơ sở {len(adopted)} năm: {adopted[0]}–{adopted[-1]} "
                  f"(adopted {len(adopted)} years)")
