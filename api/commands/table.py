"""The command table: every command of every context, by name (``api/commands/<context>.py``)."""

from __future__ import annotations

from typing import Any

from api.commands import archive, calendar, directives, ledger, petitions, reference, users
from api.commands.spec import CommandSpec

COMMANDS: tuple[CommandSpec[Any], ...] = (
    *directives.COMMANDS, *petitions.COMMANDS, *calendar.COMMANDS, *archive.COMMANDS,
    *reference.COMMANDS, *users.COMMANDS, *ledger.COMMANDS,
)

BY_NAME: dict[str, CommandSpec[Any]] = {spec.name: spec for spec in COMMANDS}


def command(name: str) -> CommandSpec[Any]:
    """The command called ``name`` (KeyError: no such command)."""
    return BY_NAME[name]
