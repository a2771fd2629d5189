"""Where the sample event class lives after it was moved (and its record renamed)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.events import Event


class Notebook:
    @dataclass(frozen=True, kw_only=True)
    class NoteTaken(Event):
        """The same fact as `old_home.Sample.Noted`, under a new module and class name."""

        note: str
