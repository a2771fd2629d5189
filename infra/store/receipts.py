"""Idempotency receipts: what a command wrote, kept so that a retry with the same key runs nothing.

A client may send ``Idempotency-Key`` with a command. The key is scoped to (the authenticated user,
the method, the route template, the key) and **claimed in the transaction that stores the command's
events**: :meth:`infra.store.log.OfficeLog.append` writes the receipt row under the log lock, beside
the events. So a refused command leaves no row, a crash leaves both or neither, and of two concurrent
requests with one key the second finds the first's row under the lock and writes nothing
(:class:`KeyAlreadyClaimed`); it is answered with the winner's receipt.

A row holds only the receipt — the record the command acted on, the new version of every record it
changed, the log positions, the HTTP status — and a SHA-256 fingerprint of the request (method, route,
path parameters, canonical body). Never a response body, never the key itself (its SHA-256). Rows
expire after ``SOCAI_IDEMPOTENCY_TTL_HOURS``: a look-up ignores older rows, a new claim replaces an
expired one, and :class:`ReceiptSweeper` deletes them (the background worker, at most once a minute,
and at start-up).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

import orjson

from infra.db import Cursor, Database

TABLE = "idempotency_receipts"


@dataclass(frozen=True)
class KeyScope:
    """Whose key, on which route: two users' equal keys never meet."""

    principal_id: UUID
    method: str
    route: str  # the route template, e.g. /directives/{directive_id}/issue
    key: str

    @property
    def key_sha256(self) -> str:
        return hashlib.sha256(self.key.encode("utf-8")).hexdigest()

    def params(self) -> tuple[str, str, str, str]:
        return (str(self.principal_id), self.method, self.route, self.key_sha256)


@dataclass(frozen=True)
class Claim:
    """A key to claim in the append of a command's events, with what the receipt must say."""

    scope: KeyScope
    fingerprint: str  # SHA-256 (hex) of the request
    status: int  # the HTTP status of the command's answer (200, 201)
    not_before_us: int  # rows created earlier have expired: ignored and replaced


@dataclass(frozen=True)
class StoredReceipt:
    """A claimed key's receipt, as a retry finds it."""

    fingerprint: str
    status: int
    record_id: UUID | None
    versions: Mapping[UUID, int]
    positions: tuple[int, ...]
    created_us: int


class KeyAlreadyClaimed(Exception):
    """Another request with the same key stored its command first; this one wrote nothing."""

    def __init__(self, scope: KeyScope) -> None:
        super().__init__("the Idempotency-Key was claimed by a concurrent request")
        self.scope = scope


_WHERE = "principal_id = ? AND method = ? AND route = ? AND key_sha256 = ?"


def claim_in_append(cur: Cursor, claim: Claim, *, record_id: UUID | None,
                    versions: Mapping[UUID, int], positions: Sequence[int],
                    recorded_us: int) -> None:
    """Inside the append, under the log lock: write the receipt, or raise
    :class:`KeyAlreadyClaimed` (the caller's transaction then rolls back its events)."""
    key = claim.scope.params()
    cur.execute(f"SELECT created_us FROM {TABLE} WHERE {_WHERE}", key)
    row = cur.fetchone()
    if row is not None:
        if int(row[0]) >= claim.not_before_us:
            raise KeyAlreadyClaimed(claim.scope)
        cur.execute(f"DELETE FROM {TABLE} WHERE {_WHERE}", key)  # expired: the key is free again
    cur.execute(
        f"INSERT INTO {TABLE} (principal_id, method, route, key_sha256, fingerprint, status, "
        "record_id, versions, positions, created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*key, claim.fingerprint, claim.status, None if record_id is None else str(record_id),
         orjson.dumps({str(k): v for k, v in versions.items()}).decode(),
         orjson.dumps(list(positions)).decode(), recorded_us),
    )


class Receipts:
    """Look-ups and purges of the receipts table (writes happen only in the append)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def find(self, scope: KeyScope, *, not_before_us: int) -> StoredReceipt | None:
        """The live receipt of ``scope`` (one round trip), or None."""
        rows = self.db.query(
            f"SELECT fingerprint, status, record_id, versions, positions, created_us FROM {TABLE} "
            f"WHERE {_WHERE} AND created_us >= ?", (*scope.params(), not_before_us),
        )
        if not rows:
            return None
        fingerprint, status, record_id, versions, positions, created_us = rows[0]
        return StoredReceipt(
            fingerprint=str(fingerprint), status=int(status),
            record_id=None if record_id is None else UUID(str(record_id)),
            versions={UUID(k): int(v) for k, v in orjson.loads(versions).items()},
            positions=tuple(int(p) for p in orjson.loads(positions)),
            created_us=int(created_us),
        )

    def purge(self, *, before_us: int) -> int:
        """Delete receipts created before ``before_us``; how many went."""
        with self.db.write() as cur:
            cur.execute(f"DELETE FROM {TABLE} WHERE created_us < ?", (before_us,))
            return max(int(cur.rowcount), 0)


class ReceiptSweeper:
    """Deletes expired receipts at most once per ``every`` seconds (a chore of the background
    worker; also run once at start-up). Never called on a request's path."""

    def __init__(self, receipts: Receipts, *, ttl_hours: float, clock_us: Callable[[], int],
                 every: float = 60.0) -> None:
        self.receipts = receipts
        self.ttl_us = int(ttl_hours * 3600 * 1_000_000)
        self.every_us = int(every * 1_000_000)
        self.clock_us = clock_us
        self._last_us: int | None = None
        self._lock = threading.Lock()

    def expired_before_us(self) -> int:
        """Receipts created before this instant have expired."""
        return self.clock_us() - self.ttl_us

    def __call__(self) -> int:
        with self._lock:
            now = self.clock_us()
            if self._last_us is not None and now - self._last_us < self.every_us:
                return 0
            self._last_us = now
        return self.receipts.purge(before_us=now - self.ttl_us)
