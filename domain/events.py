"""The base of every event: what happened to which record, who did it, when, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.actors import Actor


@dataclass(frozen=True, kw_only=True)
class Event:
    """A past-tense fact about one record.

    ``timestamp`` is when the command was decided (the recorded time, assigned under the log lock, is
    kept beside the event in the log). ``business_time`` is when the fact happened in the world, where
    that differs (a petition received on paper three days before it was entered). ``reason`` is given
    wherever the rules ask for one.
    """

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    actor: Actor
    business_time: datetime | None = None
    reason: str | None = None
