"""The `socai` command line."""

from __future__ import annotations

import contextlib
import sys

import typer
import uvicorn
from pydantic import ValidationError
from rich.table import Table

from api.cli import archive, backup, inspection, ledger, petitions, projections, users, worker
from api.cli.common import STORE_FAULT_EXIT, err, fault_line, office_session, out, sqlite_dir
from api.edges import server_options
from api.metrics.exposition import private_multiprocess_dir, scrape_registry, serve_port
from api.startup import prepare_office, prepare_process
from infra.files import set_private_umask
from infra.logging import configure_logging, get_logger, log_uncaught
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
app.command("backup")(backup.backup)
app.command("restore")(backup.restore)
app.command("worker")(worker.worker)
ledger.keys_app.command("backup")(backup.keys_backup)
ledger.keys_app.command("restore")(backup.keys_restore)


@app.command()
def serve(host: str | None = typer.Option(None, "--host"),
          port: int | None = typer.Option(None, "--port"),
          workers: int | None = typer.Option(None, "--workers", min=1, max=64, help=(
              "API processes (default SOCAI_SERVE_WORKERS, 1); more than one needs PostgreSQL"))
          ) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    settings = Settings()
    with office_session():  # a store that cannot be opened is one line here, not a traceback
        pass
    configure_logging(json=settings.log_format == "json", level=settings.log_level)
    log_uncaught()
    processes = workers or settings.serve_workers
    if processes > 1 and not settings.is_postgres:
        err.print("nhiều tiến trình API cần PostgreSQL (several API processes need PostgreSQL: "
                  "on SQLite one process does everything)")
        raise typer.Exit(2)
    bind_host = host or settings.host
    bind_port = port or settings.port
    url = f"http://{bind_host}:{bind_port}"
    if settings.log_format == "json":  # every line of a server's output is JSON
        get_logger("socai").info("serving", url=url, store=settings.describe_database(),
                                 processes=processes, embedded_worker=settings.embedded_worker)
    else:
        out.print(f"Sổ Cái API: {url}/docs ({settings.describe_database()})")
    if processes == 1:
        uvicorn.run("api.app:app_from_environment", factory=True, host=bind_host, port=bind_port,
                    log_config=None, access_log=False, **server_options(settings))
        return
    remove = private_multiprocess_dir()  # before the processes start: they count into it
    stop_port = None
    try:
        if settings.metrics_port is not None:
            with office_session() as office:  # the gauges read the store from this process
                stop_port = serve_port(scrape_registry(office, None), settings.metrics_host,
                                       settings.metrics_port)
                uvicorn.run("api.app:app_from_environment", factory=True, host=bind_host,
                            port=bind_port, log_config=None, access_log=False, workers=processes,
                            **server_options(settings))
        else:
            uvicorn.run("api.app:app_from_environment", factory=True, host=bind_host,
                        port=bind_port, log_config=None, access_log=False, workers=processes,
                        **server_options(settings))
    finally:
        if stop_port is not None:
            stop_port()
        remove()


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
        # A fresh office ends with its key made and its log signed: `socai verify` checks it all.
        signed = office.signer.sign(ledger.signer_context(office))
        if signed is not None:
            ledger.say(f"Đã ký {ledger.describe(signed)}; khóa {office.signing_key().verifier.to_text()}")


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
