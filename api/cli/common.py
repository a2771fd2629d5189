"""What every `socai` command shares: settings, the office, the actor, error reporting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console

from api.actors import resolve_actor
from api.auth import Principal
from api.bootstrap import Office, open_office
from api.commands.pipeline import Outcome, execute
from api.problems import Problem
from domain.actors import Actor
from domain.errors import DomainError
from infra.logging import configure_logging
from infra.settings import Settings

out = Console()
err = Console(stderr=True)

ActorOption = typer.Option(
    None, "--actor", help="user the write acts as (default: the configured system user)")


@contextmanager
def office_session(*, quiet_logs: bool = True) -> Iterator[Office]:
    """Open the office from the environment's settings; report refusals cleanly."""
    settings = Settings()
    configure_logging(json=settings.log_format == "json",
                      level="WARNING" if quiet_logs else settings.log_level)
    office = open_office(settings)
    try:
        yield office
    except DomainError as exc:
        err.print(f"[red]Bị từ chối[/red] ({exc.code()}): {exc.message}")
        raise typer.Exit(1) from exc
    except Problem as exc:  # refused by the command pipeline: role, clearance, body
        err.print(f"[red]Bị từ chối[/red] ({exc.code}): {exc.detail}")
        raise typer.Exit(1) from exc
    finally:
        office.close()


def acting(office: Office, username: str | None) -> Actor:
    try:
        return resolve_actor(office, username or office.settings.system_actor)
    except DomainError as exc:
        err.print(f"[red]--actor[/red]: {exc.message}")
        raise typer.Exit(2) from exc


def run_command(office: Office, actor: Actor, name: str, target_id: Any = None,
                body: Any = None, **params: Any) -> Outcome:
    """A command-line write: the command pipeline, with ``actor`` (``--actor``) as the principal,
    checked like any request (role table, target's kind and clearance, body) and acting on the
    record's latest version."""
    return execute(office, Principal.of(actor), name, target_id, body, params=params)
