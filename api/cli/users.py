"""`socai users add | list | token | revoke | deactivate`."""

from __future__ import annotations

import typer
from rich.table import Table

from api.cli.common import ActorOption, acting, office_session, out, run_command
from domain.actors import Role, Secrecy

app = typer.Typer(help="Người dùng và mã truy cập (users and bearer tokens)", no_args_is_help=True)


@app.command("add")
def add(
    username: str,
    name: str = typer.Option(..., "--name", help="họ tên hiển thị"),
    role: Role = typer.Option(..., "--role"),
    unit: str = typer.Option(..., "--unit", help="mã đơn vị"),
    clearance: Secrecy = typer.Option(Secrecy.NONE, "--clearance"),
    token: bool = typer.Option(True, "--token/--no-token", help="also mint a first token"),
    actor: str | None = ActorOption,
) -> None:
    """Create a user (and print a first token)."""
    with office_session() as office:
        who = acting(office, actor)
        run_command(office, who, "user.add", body={
            "username": username, "display_name": name, "role": role, "unit": unit,
            "clearance": clearance})
        out.print(f"Đã tạo người dùng [bold]{username}[/bold] ({role.label}, {unit})")
        if token:
            issued = run_command(office, who, "user.token", username, {"label": "cli"})
            out.print(f"Mã truy cập (chỉ hiện một lần): [bold]{issued.body['token']}[/bold]")


@app.command("list")
def list_users() -> None:
    """List users with their role, unit and clearance."""
    with office_session() as office:
        office.projections.catch_up()
        with office.store.db.read() as cur:
            cur.execute("SELECT username, display_name, role, unit, clearance, active FROM users "
                        "WHERE valid_to IS NULL ORDER BY username")
            rows = cur.fetchall()
        table = Table("username", "tên", "vai trò", "đơn vị", "độ mật", "hoạt động")
        for username, display_name, role, unit, clearance, active in rows:
            table.add_row(username, display_name, Role(role).label, unit,
                          Secrecy(clearance).label, "có" if active else "không")
        out.print(table)


@app.command("token")
def token(username: str, label: str = typer.Option("cli", "--label"),
          actor: str | None = ActorOption) -> None:
    """Mint a new bearer token for USERNAME (printed once; only its hash is stored)."""
    with office_session() as office:
        issued = run_command(office, acting(office, actor), "user.token", username,
                             {"label": label})
        out.print(issued.body["token"])


@app.command("revoke")
def revoke(username: str, token_id: str, actor: str | None = ActorOption) -> None:
    """Revoke one token of USERNAME by its id."""
    with office_session() as office:
        run_command(office, acting(office, actor), "user.revoke_token", username,
                    token_id=token_id)
        out.print(f"Đã thu hồi mã {token_id} của {username}")


@app.command("deactivate")
def deactivate(username: str, reason: str = typer.Option(..., "--reason"),
               actor: str | None = ActorOption) -> None:
    """Deactivate USERNAME and revoke all of their tokens."""
    with office_session() as office:
        run_command(office, acting(office, actor), "user.deactivate", username,
                    {"reason": reason})
        out.print(f"Đã vô hiệu hóa {username}")
