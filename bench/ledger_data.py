"""Big synthetic office logs with correct hashes, written straight into the tables (not through the
domain): events of records that come and go in a sliding window, ~400-byte JSON payloads, a signed
checkpoint record every 1000 events, the stored subtrees, the witness file and the key files.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from domain.actors import Actor, Role, Secrecy
from domain.ledger.model import CHECKPOINTS_ID, Ledger
from infra.ledger.encoding import b64encode, chain_hash, leaf_hash_of_event
from infra.ledger.keys import ensure_key
from infra.ledger.merkle import CompactRange
from infra.ledger.note import Checkpoint, sign_checkpoint
from infra.ledger.signer import witness_path, write_witness
from infra.settings import Settings
from infra.store.backends import open_store
from infra.transcoding import OfficeMapper

TOPICS = [
    "domain.directives.model:Directive.Drafted",
    "domain.directives.model:Directive.Revised",
    "domain.directives.model:Directive.Appraised",
    "domain.directives.model:Directive.Issued",
    "domain.directives.model:Assignment.ProgressReported",
    "domain.directives.model:Assignment.Urged",
]
WINDOW = 2000  # records active at once
EVERY = 1000  # a checkpoint record every this many events
BATCH = 20_000


@dataclass
class Rows:
    """One batch of rows for the three tables."""

    events: list[tuple[uuid.UUID, int, str, bytes]]
    log: list[tuple[int, uuid.UUID, int, int, bytes, bytes]]
    subtrees: list[tuple[int, int, bytes]]


def _payload(rnd: random.Random, position: int) -> bytes:
    body = {
        "timestamp": "2026-11-22T02:24:29.623847+00:00",
        "actor": {"user_id": "58c61061-c3b2-596f-9ea8-bab0a47970c6", "username": "chuyenvien",
                  "role": "specialist", "unit": "VP", "clearance": "mat"},
        "business_time": None, "reason": None,
        "title": "Về đẩy mạnh chuyển đổi số trong cơ quan Đảng, Mặt trận Tổ quốc và các đoàn thể",
        "summary": f"Báo cáo tiến độ số {position} của đơn vị " + "x" * rnd.randrange(0, 120),
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def generate(n: int, settings: Settings, seed: int = 7) -> Iterator[Rows]:
    """Rows of a log of ``n`` events (checkpoint records included), in batches."""
    rnd = random.Random(seed)
    key, _ = ensure_key(settings.keys_path, settings.ledger_origin)
    mapper = OfficeMapper()
    signer = Actor(uuid.uuid4(), "ledger-signer", Role.SYSTEM, "HT", Secrecy.TUYET_MAT)
    versions: dict[uuid.UUID, int] = {}
    chains: dict[uuid.UUID, bytes] = {}
    quota: dict[uuid.UUID, int] = {}
    active = [uuid.UUID(int=rnd.getrandbits(128), version=4) for _ in range(WINDOW)]
    for record in active:
        quota[record] = rnd.randrange(3, 20)
    compact = CompactRange()
    t_us = 1_763_780_000_000_000
    rows = Rows([], [], [])
    last_note = ""
    for position in range(1, n + 1):
        t_us += rnd.randrange(200, 2000)
        if position % EVERY == 0:
            size = position - 1
            note = sign_checkpoint(Checkpoint(settings.ledger_origin, size, compact.root()),
                                   key.private_key)
            last_note = note
            record = CHECKPOINTS_ID
            version = versions.get(record, 0) + 1
            at = datetime.fromtimestamp(t_us / 1e6, UTC)
            event = Ledger.CheckpointSigned(
                originator_id=record, originator_version=version, timestamp=at, actor=signer,
                tree_size=size, root_hash=b64encode(compact.root()), note=note, signed_at=at,
                key_id=key.verifier.key_id.hex(),
            )
            stored = mapper.to_stored_event(event)
            topic, payload = stored.topic, stored.state
        else:
            slot = rnd.randrange(WINDOW)
            record = active[slot]
            version = versions.get(record, 0) + 1
            if version >= quota[record]:
                fresh = uuid.UUID(int=rnd.getrandbits(128), version=4)
                active[slot] = fresh
                quota[fresh] = rnd.randrange(3, 20)
                del quota[record]
            topic = TOPICS[(version - 1) % len(TOPICS)]
            payload = _payload(rnd, position)
        leaf = leaf_hash_of_event(position, record, version, topic, t_us, payload)
        chain = chain_hash(chains.get(record), leaf)
        if record in quota or record == CHECKPOINTS_ID:
            versions[record], chains[record] = version, chain
        else:
            versions.pop(record, None)
            chains.pop(record, None)
        rows.events.append((record, version, topic, payload))
        rows.log.append((position, record, version, t_us, leaf, chain))
        rows.subtrees.extend(compact.append(leaf))
        if len(rows.log) >= BATCH:
            yield rows
            rows = Rows([], [], [])
    if rows.log:
        yield rows
    write_witness(witness_path(settings.data_dir), last_note)


def fill(settings: Settings, n: int) -> float:
    """Create the store of ``settings`` with ``n`` synthetic events; return the seconds taken."""
    started = time.perf_counter()
    store = open_store(settings)
    store.close()
    if settings.is_postgres:
        _fill_postgres(settings, n)
    else:
        _fill_sqlite(settings.sqlite_path, settings, n)
    return time.perf_counter() - started


def _fill_sqlite(path: Path, settings: Settings, n: int) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")
    conn.execute("BEGIN")
    size = 0
    for rows in generate(n, settings):
        conn.executemany("INSERT INTO stored_events VALUES (?, ?, ?, ?)",
                         [(r.hex, v, t, p) for r, v, t, p in rows.events])
        conn.executemany("INSERT INTO office_log VALUES (?, ?, ?, ?, ?, ?)",
                         [(p, r.hex, v, t, lf, c) for p, r, v, t, lf, c in rows.log])
        conn.executemany("INSERT INTO ledger_subtrees VALUES (?, ?, ?)", rows.subtrees)
        size = rows.log[-1][0]
    conn.execute("INSERT INTO ledger_tree (id, size) VALUES (1, ?)", (size,))
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _fill_postgres(settings: Settings, n: int) -> None:
    import psycopg
    from psycopg.sql import SQL, Identifier

    pg = settings.postgres
    with psycopg.connect(host=pg.host, port=pg.port, user=pg.user, password=pg.password,
                         dbname=pg.dbname) as conn:
        conn.execute(SQL("SET search_path TO {0}").format(Identifier(pg.schema_name)))
        size = 0
        with conn.cursor() as cur:
            for rows in generate(n, settings):
                _copy(cur, "stored_events (originator_id, originator_version, topic, state)",
                      rows.events)
                _copy(cur, "office_log", rows.log)
                _copy(cur, "ledger_subtrees", rows.subtrees)
                size = rows.log[-1][0]
            cur.execute("INSERT INTO ledger_tree (id, size) VALUES (1, %s)", (size,))
            cur.execute("ANALYZE")
        conn.commit()


def _copy(cur: object, table: str, rows: list[tuple[object, ...]]) -> None:
    with cur.copy(f"COPY {table} FROM STDIN") as copy:  # type: ignore[attr-defined]
        for row in rows:
            copy.write_row(row)


