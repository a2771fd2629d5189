"""Where the sample event class lived when its first events were stored."""

from __future__ import annotations

from dataclasses import dataclass

from domain.events import Event


class Sample:
    @dataclass(frozen=True, kw_only=True)
    class Noted(Event):
        """Something was noted (test-only: no domain event is ever moved by a test)."""

        note: str
