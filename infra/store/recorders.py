"""The library's application recorders, taught to write the office log.

``eventsourcing`` 9.5 inserts exactly four columns per event and has no notion of a gapless position,
a recorded time or a hash. These subclasses keep its tables and its readers, and replace the write with
:meth:`OfficeLog.append` inside one serialised transaction. They also present *positions* as the
library's notification ids, so every notification-log reader sees the gapless office order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Notification, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

from infra.db import Database
from infra.store.log import OfficeLog
from infra.store.receipts import Claim
from infra.store.schema import create_log_tables

EVENTS_TABLE = "stored_events"


class _OfficeRecorder(ApplicationRecorder):
    db: Database
    office_log: OfficeLog

    def insert_events(self, stored_events: Sequence[StoredEvent], *,
                      idempotency: Claim | None = None, command_record_id: UUID | None = None,
                      **kwargs: Any) -> Sequence[int]:
        """Append in one transaction. ``idempotency`` and ``command_record_id`` come from the
        application's ``save(**kwargs)`` (``domain.application.OfficeApplication.record``): the
        command's Idempotency-Key is claimed in this same transaction."""
        if kwargs.get("tracking") is not None:
            msg = "the office log does not record library tracking; projections track themselves"
            raise NotImplementedError(msg)
        if not stored_events:
            return []
        with self.db.write() as cur:
            return self.office_log.append(cur, stored_events, claim=idempotency,
                                          record_id=command_record_id).positions

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        """Events in position order: ``start`` and ``stop`` are positions."""
        sql = (
            "SELECT l.position, e.originator_id, e.originator_version, e.topic, e.state "
            "FROM office_log l JOIN stored_events e ON e.originator_id = l.originator_id "
            "AND e.originator_version = l.originator_version WHERE 1=1"
        )
        params: list[Any] = []
        if start is not None:
            sql += " AND l.position >= ?" if inclusive_of_start else " AND l.position > ?"
            params.append(start)
        if stop is not None:
            sql += " AND l.position <= ?"
            params.append(stop)
        if topics:
            sql += f" AND e.topic IN ({','.join('?' * len(topics))})"
            params.extend(topics)
        sql += " ORDER BY l.position LIMIT ?"
        params.append(limit)
        with self.db.read() as cur:
            cur.execute(sql, params)
            return [
                Notification(
                    id=int(r[0]),
                    originator_id=r[1] if isinstance(r[1], UUID) else UUID(r[1]),
                    originator_version=int(r[2]),
                    topic=r[3],
                    state=bytes(r[4]),
                )
                for r in cur.fetchall()
            ]

    def max_notification_id(self) -> int:
        """The last position (0 for an empty log)."""
        with self.db.read() as cur:
            cur.execute("SELECT MAX(position) FROM office_log")
            row = cur.fetchone()
            return int(row[0]) if row and row[0] is not None else 0


class OfficeSQLiteRecorder(_OfficeRecorder, SQLiteApplicationRecorder):
    def __init__(self, datastore: SQLiteDatastore, db: Database, office_log: OfficeLog) -> None:
        SQLiteApplicationRecorder.__init__(self, datastore, events_table_name=EVENTS_TABLE)
        self.db = db
        self.office_log = office_log

    def create_table(self) -> None:
        super().create_table()
        create_log_tables(self.db)


class OfficePostgresRecorder(_OfficeRecorder, PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, db: Database, office_log: OfficeLog) -> None:
        PostgresApplicationRecorder.__init__(self, datastore, events_table_name=EVENTS_TABLE)
        self.db = db
        self.office_log = office_log

    def create_table(self) -> None:
        super().create_table()
        create_log_tables(self.db)
