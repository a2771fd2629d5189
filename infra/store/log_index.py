"""Where a record stood at a log position: its last version at or before the position."""

from __future__ import annotations

from uuid import UUID

from infra.db import Database


class OfficeLogIndex:
    """`domain.petitions.legal_calendar.LogIndex` over ``office_log``."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def version_at(self, record_id: UUID, position: int) -> int:
        with self.db.read() as cur:
            cur.execute(
                "SELECT MAX(originator_version) FROM office_log WHERE originator_id = ? "
                "AND position <= ?", (self.db.dialect.uuid_param(record_id), position),
            )
            row = cur.fetchone()
        return int(row[0]) if row and row[0] is not None else 0
