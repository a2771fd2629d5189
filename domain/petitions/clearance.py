"""Handlers and clearance: everyone who handles a case is cleared for its secrecy.

The rule holds whenever the handlers or the secrecy change: a handler is assigned only if their
clearance covers the case's secrecy, and the secrecy is raised only if every current handler is
cleared for the new level (else the command is refused, naming the handlers to reassign). The
petitions application reads users' clearances through :class:`Clearances`, a port the wiring gives
it (the users application), so the domain never names where users are kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol
from uuid import UUID

from domain.actors import Secrecy
from domain.petitions.errors import HandlerNotCleared
from domain.petitions.model import Handler


class Clearances(Protocol):
    """Where the current clearance of a user is found."""

    def clearance_of(self, user_id: UUID) -> Secrecy | None:
        """The user's clearance now; None if there is no such active user."""


def uncleared(handlers: Iterable[Handler], level: Secrecy, clearances: Clearances
              ) -> tuple[Handler, ...]:
    """The handlers whose clearance does not cover ``level`` (an unknown or inactive user has
    none)."""
    return tuple(h for h in handlers
                 if not (clearances.clearance_of(h.user_id) or Secrecy.NONE).covers(level))


def require_cleared(handlers: Iterable[Handler], level: Secrecy, clearances: Clearances) -> None:
    """Refuse (:class:`HandlerNotCleared`, naming them by user id and username) if a handler is
    not cleared for ``level``."""
    missing = uncleared(handlers, level, clearances)
    if not missing:
        return
    names = ", ".join(h.username for h in missing)
    msg = (f"người giải quyết {names} chưa được tiếp cận bí mật ở độ {level.label}; hãy phân "
           f"công người khác (handlers not cleared for {level.value}: reassign them first)")
    raise HandlerNotCleared(msg, secrecy=level.value, handlers=[
        {"user_id": str(h.user_id), "username": h.username} for h in missing])
