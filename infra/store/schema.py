"""Tables that sit beside the library's ``stored_events`` table.

``office_log`` is the side row of every event: its gapless position, recorded time, leaf hash and
per-record chain hash, written in the transaction that stores the event. Event rows and log rows are
never updated or deleted.
"""

from __future__ import annotations

from infra.db import Database, Dialect


def log_tables(d: Dialect) -> list[str]:
    return [
        f"""CREATE TABLE IF NOT EXISTS office_log (
            position {d.integer_primary_key},
            originator_id {d.uuid} NOT NULL,
            originator_version {d.bigint} NOT NULL,
            recorded_us {d.bigint} NOT NULL,
            leaf_hash {d.blob} NOT NULL,
            chain_hash {d.blob} NOT NULL,
            UNIQUE (originator_id, originator_version)
        )""",
        "CREATE INDEX IF NOT EXISTS office_log_recorded ON office_log (recorded_us, position)",
        f"""CREATE TABLE IF NOT EXISTS projection_positions (
            name TEXT PRIMARY KEY,
            position {d.bigint} NOT NULL,
            schema_version INTEGER NOT NULL
        )""",
        f"""CREATE TABLE IF NOT EXISTS idempotency_keys (
            actor_id TEXT NOT NULL,
            idem_key TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            status INTEGER,
            response {d.blob},
            headers TEXT,
            created_us {d.bigint} NOT NULL,
            PRIMARY KEY (actor_id, idem_key)
        )""",
    ]


def create_log_tables(db: Database) -> None:
    with db.write() as cur:
        for statement in log_tables(db.dialect):
            cur.execute(statement)
