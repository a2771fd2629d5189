"""What every process does once at start-up, and the calendar keeper that runs beside the server.

- :func:`prepare_process` (the `socai` command line and the `socai serve` factory): the private
  umask, and files made before corrected to owner-only (counted in the log, never named);
- :func:`prepare_office` (`socai serve` start, `socai demo`, `socai calendar adopt-years`): the
  calendar's initial rules and overrides, and every base holiday year from
  ``SOCAI_EVALUATION_FIRST_YEAR`` through next year, adopted by the ``calendar-keeper`` system
  actor, so that no read ever has to write one (reads never write);
- :class:`CalendarKeeper`: the background loop that adopts next year's base when the year turns.
"""

from __future__ import annotations

import threading
from datetime import date

from api.bootstrap import Office
from infra.files import protect_store_files, set_private_umask
from infra.logging import get_logger
from infra.settings import Settings

_log = get_logger("socai.startup")

ADOPTION_REASON = "Ghi nhận trước lịch nghỉ lễ cơ sở các năm {first}–{last} (adopted ahead of need)"


def prepare_process(settings: Settings) -> int:
    """Private umask, then owner-only modes on what the store already keeps; return the number of
    files and directories corrected."""
    set_private_umask()
    corrected = protect_store_files(settings)
    if corrected:
        _log.warning("file_modes_corrected", count=corrected)
    return corrected


def office_today(office: Office) -> date:
    today: date = office.clock().astimezone(office.settings.zone).date()
    return today


def adoption_range(office: Office, *, first: int | None = None,
                   through: int | None = None) -> range:
    """The years adopted ahead of need: from the first evaluation year through next year."""
    start = office.settings.evaluation_first_year if first is None else first
    end = office_today(office).year + 1 if through is None else through
    return range(start, end + 1)


def prepare_office(office: Office, *, first: int | None = None,
                   through: int | None = None) -> tuple[int, ...]:
    """Seed the calendar and adopt its base years (see the module docstring); return the years
    adopted now (none when every one was there already)."""
    years = adoption_range(office, first=first, through=through)
    reason = ADOPTION_REASON.format(first=years.start, last=years.stop - 1)
    adopted = office.legal_calendar.adopt_years(years, reason=reason)
    if adopted:
        _log.info("calendar_years_adopted", first=adopted[0], last=adopted[-1], count=len(adopted))
    return adopted


class CalendarKeeper:
    """Adopts next year's base holidays once the year has turned (checked every ``poll`` s)."""

    def __init__(self, office: Office, poll: float = 300.0) -> None:
        self.office = office
        self.poll = poll

    def tick(self) -> tuple[int, ...]:
        """One check: adopt this year and the next if they are missing."""
        year = office_today(self.office).year
        return prepare_office(self.office, first=year, through=year + 1)

    def run(self, stop: threading.Event) -> None:
        while not stop.wait(self.poll):
            try:
                self.tick()
            except Exception:  # noqa: BLE001 - a store fault is retried at the next tick
                _log.exception("calendar_keeper_failed")
