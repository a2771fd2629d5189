"""What every `socai` command shares: settings, the office, the actor, error reporting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
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
from infra.store.faults import StoreFault, as_fault

out = Console()
err = Console(stderr=True)

ActorOption = typer.Option(
    None, "--actor", help="user the write acts as (default: the configured system user)")


STORE_FAULT_EXIT = 3
"""Exit status of a command that met a store fault (unreachable, read-only, full): retry later."""


def fault_line(fault: StoreFault) -> str:
    """The one line a command prints for a store fault (Vietnamese, then the English gloss)."""
    return (f"{fault.title} ({fault.gloss}): không có gì được ghi, hãy thử lại sau "
            f"(nothing was written; retry later)")


def sqlite_dir(settings: Settings | None) -> Path | None:
    if settings is None or settings.is_postgres:
        return None
    return settings.sqlite_path.parent


@contextmanager
def store_faults_reported(settings: Settings | None = None) -> Iterator[None]:
    """A store fault inside the block is one line on standard error and exit status 3, never a
    traceback; anything else passes through."""
    try:
        yield
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        fault = as_fault(exc, sqlite_dir=sqlite_dir(settings))
        if fault is None:
            raise
        err.print(fault_line(fault), soft_wrap=True, markup=False, highlight=False)
        raise typer.Exit(STORE_FAULT_EXIT) from None


@contextmanager
def office_session(*, quiet_logs: bool = True) -> Iterator[Office]:
    """Open the office from the environment's settings; report refusals and store faults
    cleanly."""
    settings = Settings()
    configure_logging(json=settings.log_format == "json",
                      level="WARNING" if quiet_logs else settings.log_level)
    with store_faults_reported(settings):
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
