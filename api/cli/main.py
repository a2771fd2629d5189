"""The `socai` command line."""

from __future__ import annotations

import contextlib
import sys

import typer
import uvicorn
from pydantic import ValidationError
from rich.table import Table

from api.cli import archive, inspection, ledger, petitions, projections, users
from api.cli.common import STORE_FAULT_EXIT, err, fault_line, office_session, out, sqlite_dir
from api.edges import server_options
from api.startup import prepare_office, prepare_process
from infra.files import set_private_umask
from infra.logging import configure_logging
from infra.settings import Settings
from infra.store.faults import as_fault

app = typer.Typer(help="Sổ Cái: sổ sách có nhật ký kiểm chứng được", no_args_is_help=True,
                  pretty_exceptions_enable=False)
app.add_typer(users.app, name="users")
app.add_typer(projections.app, name="projections")
app.add_typer(archive.app, name="archive")
app.command("fixity")(archive.fixity)
app.add_typer(petitions.calendar_app, name="calendar")
app.command("shred")(petitions.shred)
app.add_typer(ledger.keys_app, name="keys")
app.add_typer(ledger.ledger_app, name="ledger")
app.command("verify")(ledger.verify)
app.command("checkpoint")(ledger.checkpoint)
app.command("export-bundle")(ledger.export_bundle_command)
app.command("verify-bundle")(ledger.verify_bundle_command)
app.command("replay")(inspection.replay_command)
app.add_typer(inspection.case_file_app, name="case-file")
app.command("verify-case-file")(ledger.verify_bundle_command)  # recognises case files


@app.command()
def serve(host: str | None = typer.Option(None, "--host"),
          port: int | None = typer.Option(None, "--port")) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    settings = Settings()
    with office_session():  # a store that cannot be opened is one line here, not a traceback
        pass
    bind_host = host or settings.host
    bind_port = port or settings.port
    out.print(f"Sổ Cái API: http://{bind_host}:{bind_port}/docs ({settings.describe_database()})")
    uvicorn.run("api.app:app_from_environment", factory=True, host=bind_host, port=bind_port,
                log_config=None, access_log=False, **server_options(settings))


@app.command()
def demo() -> None:
    """Load the demo office into an empty store (does nothing if the store has events)."""
    from api.demo.loader import load_demo

    with office_session() as office:
        today = office.clock().astimezone(office.settings.zone).date()
        prepare_office(office)
        result = load_demo(office, today)
        if not result.loaded:
            out.print("Kho dữ liệu đã có dữ liệu: bỏ qua dữ liệu mẫu "
                      "(mint tokens with `socai users token NAME`).")
            return
        table = Table("username", "role", "bearer token", title="Mã truy cập mẫu (demo tokens)")
        for username, (role, token) in result.tokens.items():
            table.add_row(username, role, token)
        out.print(table)
        out.print(f"Đã nạp dữ liệu mẫu: {result.events} sự kiện "
                  f"({office.settings.describe_database()})")


@app.command()
def permissions(markdown: bool = typer.Option(False, "--markdown")) -> None:
    """Print the role × command table (``--markdown``: the docs/permissions.md page)."""
    from api.permissions import markdown as render

    del markdown
    typer.echo(render(), nl=False)


def main() -> None:
    """The `socai` command: private files first (`api.startup`), then the command; a store fault
    anywhere is one line and exit status 3."""
    set_private_umask()  # before anything is opened, even if the settings are wrong
    settings: Settings | None = None
    with contextlib.suppress(ValidationError):  # a command that needs the settings reports it
        settings = Settings()
        configure_logging(json=settings.log_format == "json", level="WARNING")
        prepare_process(settings)
    try:
        app()
    except Exception as exc:  # outside click: the commands' own handling has run already
        fault = as_fault(exc, sqlite_dir=sqlite_dir(settings))
        if fault is None:
            raise
        err.print(fault_line(fault), soft_wrap=True, markup=False, highlight=False)
        sys.exit(STORE_FAULT_EXIT)
