"""`socai users add | list | token | revoke | deactivate`."""

from __future__ import annotations

import typer
from rich.table import Table

from api.cli.common import ActorOption, acting, office_session, out
from domain.actors import Role, Secrecy
from domain.records import Context

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
        ctx = Context(acting(office, actor), office.clock())
        office.users.register(ctx, username=username, display_name=name, role=role, unit=unit,
                              clearance=clearance)
        out.print(f"Đã tạo người dùng [bold]{username}[/bold] ({role.label}, {unit})")
        if token:
            issued = office.users.issue_token(ctx, username, label="cli")
            out.print(f"Mã truy cập (chỉ hiện một lần): [bold]{issued.token}[/bold]")


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
        ctx = Context(acting(office, actor), office.clock())
        issued = office.users.issue_token(ctx, username, label=label)
        out.print(issued.token)


@app.command("revoke")
def revoke(username: str, token_id: str, actor: str | None = ActorOption) -> None:
    """Revoke one token of USERNAME by its id."""
    with office_session() as office:
        office.users.revoke_token(Context(acting(office, actor), office.clock()), username,
                                  token_id)
        out.print(f"Đã thu hồi mã {token_id} của {username}")


@app.command("deactivate")
def deactivate(username: str, reason: str = typer.Option(..., "--reason"),
               actor: str | None = ActorOption) -> None:
    """Deactivate USERNAME and revoke all of their tokens."""
    with office_session() as office:
        ctx = Context(acting(office, actor), office.clock(), reason=reason)
        office.users.deactivate(ctx, username)
        out.print(f"Đã vô hiệu hóa {username}")
