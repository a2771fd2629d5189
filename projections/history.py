"""A record's history from the log itself: each event decoded, folded and compared with the state
before it, and checked against its stored hashes.

Read from the raw rows (``office_log`` and ``stored_events``), not from a read model: the change each
event made is the difference between two states of the record's own fold, and each event's leaf and
chain hashes are recomputed from the row (docs/verifying.md §2–§3). Encrypted personal data is never
shown: a change to it says only that the ciphertext or the pseudonym changed.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent

from domain.errors import RecordNotFound
from domain.folds import fold_for
from domain.petitions.identity import SealedIdentity, pseudonym_label
from infra.db import Database
from infra.ledger.bundle import LoggedEvent
from infra.ledger.encoding import b64encode, chain_hash, leaf_hash_of_event
from infra.ledger.export import record_events
from infra.ledger.topics import event_type
from projections.summaries import summarize
from projections.timeline import business_date
from projections.visibility import SecrecyIndex, split_names

#: Fields every fold stamps (the record's id, its version and times): not changes worth showing.
_STAMPS = frozenset({"id", "version", "created_at", "modified_at"})


def plain(value: Any) -> Any:
    """A state value as JSON: dates ISO, enums by value, tuples as lists; never a secret."""
    if isinstance(value, SealedIdentity):
        return {"encrypted": True, "pseudonym": pseudonym_label(value.pseudonym),
                "fields": list(value.fields)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, tuple | list | frozenset | set):
        items = [plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, frozenset | set) else items
    if isinstance(value, bytes):
        return {"bytes": len(value)}
    return value


def _sealed_change(name: str, before: Any, after: Any) -> dict[str, Any]:
    """A change to encrypted data: which parts changed, never a value."""
    b = before if isinstance(before, SealedIdentity) else None
    a = after if isinstance(after, SealedIdentity) else None
    return {
        "field": name, "encrypted": True,
        "ciphertext_changed": (b.ciphertext if b else None) != (a.ciphertext if a else None),
        "pseudonym_changed": (b.pseudonym if b else None) != (a.pseudonym if a else None),
        "fields_before": list(b.fields) if b else None, "fields_after": list(a.fields) if a else None,
    }


def diff_states(before: Any, after: Any) -> list[dict[str, Any]]:
    """The fields whose value differs between two states of one record (``before`` None: every
    field the record was created with)."""
    if after is None:
        return []
    changes = []
    for f in dataclasses.fields(after):
        if f.name in _STAMPS:
            continue
        old = getattr(before, f.name, None) if before is not None else None
        new = getattr(after, f.name)
        if before is not None and old == new:
            continue
        if before is None and (new is None or new == ()):
            continue
        if isinstance(old, SealedIdentity) or isinstance(new, SealedIdentity):
            changes.append(_sealed_change(f.name, old, new))
        else:
            changes.append({"field": f.name, "before": plain(old), "after": plain(new)})
    return changes


@dataclass(frozen=True)
class Verification:
    """What the stored row of one event shows about it."""

    leaf_hash_ok: bool
    chain_hash_ok: bool
    checkpoint_size: int | None  # the latest signed checkpoint's size, if it covers the event

    @property
    def status(self) -> str:
        if not (self.leaf_hash_ok and self.chain_hash_ok):
            return "altered"
        return "verified" if self.checkpoint_size is not None else "not_yet_signed"

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "leaf_hash_ok": self.leaf_hash_ok,
                "chain_hash_ok": self.chain_hash_ok,
                "covered_by_checkpoint": self.checkpoint_size}


@dataclass(frozen=True)
class Step:
    """One event of a record's history: the row, the decoded event, the states around it."""

    row: LoggedEvent
    event: Any
    before: Any
    after: Any
    verification: Verification

    @property
    def type(self) -> str:
        """The event's stable name (``directive.issued``), from its stored topic, old or new."""
        return event_type(self.row.topic)


def replay_record(db: Database, mapper: Mapper[UUID], record_id: UUID, *,
                  upto: int | None = None, signed_size: int | None = None) -> list[Step]:
    """Every event of the record (up to log position ``upto``), folded one at a time and checked
    against its stored leaf and chain hashes; ``signed_size`` is the latest checkpoint's size."""
    rows = [r for r in record_events(db, record_id) if upto is None or r.position <= upto]
    steps: list[Step] = []
    state: Any = None
    previous_chain: bytes | None = None
    for row in rows:
        event: Any = mapper.to_domain_event(StoredEvent(record_id, row.version, row.topic,
                                                        row.payload))
        fold = fold_for(event)
        after = fold.apply(state, event) if fold is not None else state
        leaf = leaf_hash_of_event(row.position, record_id, row.version, row.topic,
                                  row.recorded_time_us, row.payload)
        covered = signed_size if signed_size is not None and row.position <= signed_size else None
        check = Verification(leaf == row.leaf_hash,
                             chain_hash(previous_chain, row.leaf_hash) == row.chain_hash, covered)
        steps.append(Step(row, event, state, after, check))
        state, previous_chain = after, row.chain_hash
    return steps


def actor_json(event: Any) -> dict[str, Any] | None:
    actor = getattr(event, "actor", None)
    if actor is None:
        return None
    return {"user_id": str(actor.user_id), "username": actor.username, "role": actor.role.value,
            "unit": actor.unit}


def entry(step: Step) -> dict[str, Any]:
    """One event of a history as the API shows it."""
    row, ev = step.row, step.event
    business = getattr(ev, "business_time", None)
    day = business_date(ev)
    return {
        "position": row.position, "leaf_index": row.leaf_index,
        "leaf_hash": b64encode(row.leaf_hash), "version": row.version,
        "type": step.type,
        "recorded_at": datetime.fromtimestamp(row.recorded_time_us / 1e6, UTC).isoformat(),
        "business_time": business.isoformat() if business else None,
        "business_on": day.isoformat() if day else None,
        "actor": actor_json(ev), "reason": getattr(ev, "reason", None), "summary": summarize(ev),
        "changes": diff_states(step.before, step.after),
        "verification": step.verification.to_json(),
    }


def state_at(steps: Sequence[Step], version: int) -> Any:
    """The record's state at ``version`` (None before version 1)."""
    if version <= 0:
        return None
    if version > len(steps):
        msg = f"version {version} is past the record's last version {len(steps)}"
        raise ValueError(msg)
    return steps[version - 1].after


def record_header(db: Database, record_id: UUID) -> tuple[str, str | None]:
    """The record's kind and label (live), from the records index; RecordNotFound if unknown."""
    with db.read() as cur:
        cur.execute("SELECT kind, label FROM records WHERE record_id = ? AND valid_to IS NULL",
                    (str(record_id),))
        found = cur.fetchone()
    if found is None:
        raise RecordNotFound(f"không có hồ sơ {record_id} (no such record)")
    return str(found[0]), found[1]


def withheld_positions(db: Database, record_id: UUID, readable: Collection[str]
                       ) -> frozenset[int]:
    """The positions of the record's events that name a record the reader may not see (at the
    event's position or now): their lines are withheld from the reader's history."""
    with db.read() as cur:
        cur.execute("SELECT position, names FROM record_events WHERE record_id = ? AND "
                    "names IS NOT NULL", (str(record_id),))
        named = {int(p): split_names(n) for p, n in cur.fetchall()}
    index = SecrecyIndex.load(db, {n for found in named.values() for n in found}, readable)
    return frozenset(p for p, names in named.items()
                     if not all(index.visible(n, readable, p) for n in names))


def withheld_entry(step: Step) -> dict[str, Any]:
    """The line of an event the reader may not see: where it is, and nothing of what it says."""
    row = step.row
    return {"position": row.position, "leaf_index": row.leaf_index, "version": row.version,
            "recorded_at": datetime.fromtimestamp(row.recorded_time_us / 1e6, UTC).isoformat(),
            "kind": "withheld"}


def visible_changes(steps: Sequence[Step], start: int, end: int, withheld: frozenset[int]
                    ) -> list[dict[str, Any]]:
    """The changes from version ``start`` to ``end``, leaving out every field that a withheld
    event among them changed (its value may name the record it is withheld for)."""
    hidden = {c["field"] for s in steps[start:end] if s.row.position in withheld
              for c in diff_states(s.before, s.after)}
    return [c for c in diff_states(state_at(steps, start), state_at(steps, end))
            if c["field"] not in hidden]
