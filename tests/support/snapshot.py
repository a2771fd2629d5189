"""What a store holds, as a few numbers and digests: to prove that a request wrote nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from api.bootstrap import Office
from infra.db import SQLITE


@dataclass(frozen=True)
class Snapshot:
    head: int
    events: int
    base_years: int
    tables: dict[str, str]  # table name → digest of all its rows

    def changed_tables(self, other: Snapshot) -> list[str]:
        names = set(self.tables) | set(other.tables)
        return sorted(n for n in names if self.tables.get(n) != other.tables.get(n))


def table_names(office: Office) -> list[str]:
    db = office.store.db
    if db.dialect is SQLITE:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    return sorted(str(r[0]) for r in db.query(sql))


def snapshot(office: Office) -> Snapshot:
    """The log head, the number of events and of adopted base years, and a digest per table."""
    db = office.store.db
    digests = {}
    with db.read() as cur:
        for name in table_names(office):
            cur.execute(f"SELECT * FROM {name}")  # our own table names
            rows = sorted(repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in r))
                          for r in cur.fetchall())
            digests[name] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        cur.execute("SELECT COALESCE(MAX(position), 0) FROM office_log")
        head = int(cur.fetchone()[0])  # type: ignore[index]
        cur.execute("SELECT COUNT(*) FROM stored_events")
        events = int(cur.fetchone()[0])  # type: ignore[index]
        cur.execute("SELECT COUNT(*) FROM stored_events WHERE LOWER(topic) LIKE ?",
                    ("%base%year%adopted%",))
        base_years = int(cur.fetchone()[0])  # type: ignore[index]
    return Snapshot(head, events, base_years, digests)
