"""Tables that sit beside the library's ``stored_events`` table.

``office_log`` is the side row of every event: its gapless position, recorded time, leaf hash and
per-record chain hash, written in the transaction that stores the event. Event rows and log rows are
never updated or deleted.

``ledger_subtrees`` and ``ledger_tree`` hold the interior of the Merkle tree (perfect subtree hashes
of level ≥ 1, and how far they reach): derived data, extended by ``infra.ledger.tree`` and rebuilt
from the leaf hashes at will (``socai ledger rebuild-tree``).

``idempotency_receipts`` holds the receipt of each command sent with an ``Idempotency-Key``, written
in the command's own append (``infra/store/receipts.py``); rows expire and are purged.

``worker_leases`` holds the lease of each piece of background work (``infra/leases.py``).
"""

from __future__ import annotations

from infra.db import Database, Dialect


def log_tables(d: Dialect) -> list[str]:
    compact = " WITHOUT ROWID" if d.name == "sqlite" else ""
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
        # Idempotency receipts (infra/store/receipts.py): written only by the append, beside the
        # command's events; never a response body. (``idempotency_keys`` above is the table of the
        # release before; it is left as it is for the upgrade step that empties it.)
        f"""CREATE TABLE IF NOT EXISTS idempotency_receipts (
            principal_id TEXT NOT NULL,
            method TEXT NOT NULL,
            route TEXT NOT NULL,
            key_sha256 TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            status INTEGER NOT NULL,
            record_id TEXT,
            versions TEXT NOT NULL,
            positions TEXT NOT NULL,
            created_us {d.bigint} NOT NULL,
            PRIMARY KEY (principal_id, method, route, key_sha256)
        )""",
        "CREATE INDEX IF NOT EXISTS idempotency_receipts_created ON idempotency_receipts "
        "(created_us)",
        # Leases of the background work (infra/leases.py): one row per projection, the signer
        # and the housekeeping: the process holding it, its fence, when it expires. Updated in
        # place (bookkeeping, not history); never personal data.
        f"""CREATE TABLE IF NOT EXISTS worker_leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            fence {d.bigint} NOT NULL,
            expires_us {d.bigint} NOT NULL,
            acquired_us {d.bigint} NOT NULL
        )""",
        f"""CREATE TABLE IF NOT EXISTS ledger_subtrees (
            level INTEGER NOT NULL,
            idx {d.bigint} NOT NULL,
            hash {d.blob} NOT NULL,
            PRIMARY KEY (level, idx)
        ){compact}""",
        f"""CREATE TABLE IF NOT EXISTS ledger_tree (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            size {d.bigint} NOT NULL
        )""",
    ]


def create_log_tables(db: Database) -> None:
    with db.write() as cur:
        for statement in log_tables(db.dialect):
            cur.execute(statement)
