"""The `socai` command line."""

from __future__ import annotations

import typer
import uvicorn
from rich.table import Table

from api.cli import archive, backup, inspection, ledger, petitions, projections, users
from api.cli.common import office_session, out
from infra.settings import Settings

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
ledger.keys_app.command("backup")(backup.keys_backup)
ledger.keys_app.command("restore")(backup.keys_restore)


@app.command()
def serve(host: str | None = typer.Option(None, "--host"),
          port: int | None = typer.Option(None, "--port")) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    settings = Settings()
    bind_host = host or settings.host
    bind_port = port or settings.port
    out.print(f"Sổ Cái API: http://{bind_host}:{bind_port}/docs ({settings.describe_database()})")
    uvicorn.run("api.app:app_from_environment", factory=True, host=bind_host, port=bind_port,
                log_config=None, access_log=False)


@app.command()
def demo() -> None:
    """Load the demo office into an empty store (does nothing if the store has events)."""
    from api.demo.loader import load_demo

    with office_session() as office:
        today = office.clock().astimezone(office.settings.zone).date()
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
    app()
