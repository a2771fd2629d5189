"""Clock events that move a deadline, as plain inputs to `due_date`.

The petitions module records them as events (with actor and time); here they are only dates,
lengths and a reason. A reason is a short statement of grounds ("vụ việc phức tạp"), never
personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Extension:
    """Gia hạn: granted on a date, for the rule's extension length or a shorter one."""

    granted_on: date
    reason: str
    length: int | None = None
    """None: the rule's full `extension_length`; otherwise at most that ("không quá N ngày")."""


@dataclass(frozen=True, slots=True)
class Pause:
    """Tạm đình chỉ from `suspended_on`; tiếp tục (resumption) on `resumed_on` (None: not yet).

    The days not counted are those d with suspended_on < d <= resumed_on: the day of the
    suspension still counts (the clock stops at its end), and counting restarts the day after the
    resumption, as a period restarts the day after its triggering event (Bộ luật Dân sự 2015,
    Art 147). A pause therefore removes `resumed_on - suspended_on` calendar days.
    """

    suspended_on: date
    resumed_on: date | None
    reason: str

    def covers(self, d: date) -> bool:
        """True when `d` is not counted because of this pause."""
        return self.suspended_on < d and (self.resumed_on is None or d <= self.resumed_on)
