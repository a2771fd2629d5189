"""The two time axes of a register query: recorded time (log positions) and business time.

**Recorded time** is when the office entered a fact: a log position, or the last position recorded at
or before an instant. A register "as of position N" is its temporal rows current at N
(:func:`projections.tables.as_of`).

**Business time** is when the fact happened in the world: a petition received on paper three days
before it was entered, a directive issued before the system existed. Each event has a business date
(``record_events.business_on``, see :mod:`projections.timeline`); an event without one happened on
the day it was recorded. A register "as of business date D" shows each record as it stood after its
last event whose business date is on or before D (among the events recorded up to the position of
the query, live by default): a record none of whose events happened by D is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from projections.tables import as_of


@dataclass(frozen=True)
class BusinessAsOf:
    """The business-time axis: records as they stood at the end of ``day`` in business time.

    ``day_end_us`` is the end of that day in the office time zone (microseconds since the epoch):
    events with no business date count by their recorded time.
    """

    day: date
    day_end_us: int

    @classmethod
    def of(cls, day: date, zone: tzinfo) -> BusinessAsOf:
        end = datetime.combine(day + timedelta(days=1), time(0), zone)
        return cls(day, int(end.timestamp() * 1_000_000) - 1)

    def last_event(self, key_sql: str, position: int | None) -> tuple[str, list[object]]:
        """A scalar subquery: the record's last position whose event happened by ``day``."""
        sql = (
            "(SELECT MAX(be.position) FROM record_events be WHERE be.record_id = "
            f"{key_sql} AND (be.business_on <= ? OR (be.business_on IS NULL AND "
            "be.recorded_us <= ?))"
        )
        params: list[object] = [self.day.isoformat(), self.day_end_us]
        if position is not None:
            sql += " AND be.position <= ?"
            params.append(position)
        return sql + ")", params


def span(position: int | None, business: BusinessAsOf | None, key: str, alias: str = ""
         ) -> tuple[str, list[object]]:
    """The WHERE clause choosing the rows of a temporal table keyed by a record id (``key``):
    current at ``position`` (None: live) on the recorded axis, or on the business axis."""
    if business is None:
        clause, positions = as_of(position, alias)
        return clause, list(positions)
    p = f"{alias}." if alias else ""
    last, params = business.last_event(f"{p}{key}", position)
    return (f"{p}valid_from <= {last} AND ({p}valid_to IS NULL OR {p}valid_to > {last})",
            [*params, *params])
