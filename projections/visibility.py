"""Who may see which record, then and now: the one rule every list, export, statistic, feed,
history, case file and report applies.

A reader sees a record only if their clearance covers its secrecy **then** (at the position the
answer is about: the requested ``at_position`` / ``as_of``, or the position of the event shown) and
its secrecy **now** (live). A record's secrecy is the higher of its own (``records.secrecy``) and
that of the record it belongs to (``records.parent_id``: an assignment's directive, an identity
access log's petition, an archive access request's item), each taken at the same position. An
event is shown only if its record is, and every record it names (``record_events.names``) is too.

Readers whose clearance covers every level (Tuyệt mật, and the ``system`` role) skip the checks.
A record the index does not know is hidden from everyone else (fail closed).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from domain.actors import Secrecy
from infra.db import Database

ALL_LEVELS = frozenset(s.value for s in Secrecy)
_CHUNK = 500


def unrestricted(readable: Collection[str]) -> bool:
    """Whether a reader with these levels may see every record (no check needed)."""
    return set(readable) >= ALL_LEVELS


def _levels(readable: Iterable[str]) -> list[str]:
    return sorted(set(readable) & ALL_LEVELS) or [""]  # an empty IN list is not valid SQL


def row_visible(key: str, readable: Collection[str], at_position: int | None
                ) -> tuple[str, list[Any]]:
    """A WHERE clause keeping the rows of records (keyed by the SQL expression ``key``) whose
    secrecy the reader's levels cover now and, if ``at_position`` is given, then.

    Add it beside the table's own ``secrecy IN (…)`` filter (the row's secrecy then).
    """
    if unrestricted(readable):
        return "1 = 1", []
    levels = _levels(readable)
    marks = ",".join("?" * len(levels))
    now = (
        "EXISTS (SELECT 1 FROM records sv LEFT JOIN records sp ON sp.record_id = sv.parent_id "
        f"AND sp.valid_to IS NULL WHERE sv.record_id = {key} AND sv.valid_to IS NULL "
        f"AND sv.secrecy IN ({marks}) AND (sp.record_id IS NULL OR sp.secrecy IN ({marks})))"
    )
    params: list[Any] = [*levels, *levels]
    if at_position is None:
        return now, params
    then = (
        "NOT EXISTS (SELECT 1 FROM records tv LEFT JOIN records tp ON tp.record_id = tv.parent_id "
        "AND tp.valid_from <= ? AND (tp.valid_to IS NULL OR tp.valid_to > ?) "
        f"WHERE tv.record_id = {key} AND tv.valid_from <= ? AND (tv.valid_to IS NULL OR "
        f"tv.valid_to > ?) AND (tv.secrecy NOT IN ({marks}) OR tp.secrecy NOT IN ({marks})))"
    )
    return f"{now} AND {then}", [*params, *([at_position] * 4), *levels, *levels]


def readable_rows(readable: Iterable[str], *, table: str, key: str,
                  at_position: int | None) -> tuple[str, list[Any]]:
    """The WHERE clause keeping the rows of a register ``table`` (or its alias) that the reader
    may see: the row's own ``secrecy`` (the record as the row shows it) and the record's secrecy
    then and now (:func:`row_visible` on ``table.key``)."""
    levels = _levels(readable)
    own = f"{table}.secrecy IN ({','.join('?' * len(levels))})"
    clause, params = row_visible(f"{table}.{key}", levels, at_position)
    return f"{own} AND {clause}", [*levels, *params]


@dataclass(frozen=True)
class _Span:
    valid_from: int
    valid_to: int | None
    secrecy: Secrecy
    parent_id: str | None


class SecrecyIndex:
    """The secrecy history of some records and of the records they belong to, read at once."""

    def __init__(self, spans: dict[str, list[_Span]]) -> None:
        self._spans = spans

    @classmethod
    def load(cls, db: Database, record_ids: Iterable[str], readable: Collection[str] = ()
             ) -> SecrecyIndex:
        """The index of these records for a reader with these levels (nothing is read for a
        reader who may see everything)."""
        spans: dict[str, list[_Span]] = {}
        wanted = set() if unrestricted(readable) else set(record_ids)
        with db.read() as cur:
            while wanted:
                ids = sorted(wanted)
                for start in range(0, len(ids), _CHUNK):
                    chunk = ids[start:start + _CHUNK]
                    cur.execute(
                        "SELECT record_id, valid_from, valid_to, secrecy, parent_id FROM records "
                        f"WHERE record_id IN ({','.join('?' * len(chunk))}) "
                        "ORDER BY record_id, valid_from", chunk)
                    for rid, start_at, end_at, secrecy, parent in cur.fetchall():
                        spans.setdefault(str(rid), []).append(_Span(
                            int(start_at), int(end_at) if end_at is not None else None,
                            Secrecy(secrecy), str(parent) if parent else None))
                parents = {s.parent_id for rid in ids for s in spans.get(rid, ())
                           if s.parent_id is not None}
                wanted = parents - set(spans) - set(ids)
        return cls(spans)

    def _own(self, record_id: str, position: int | None) -> _Span | None:
        """The record's row at ``position`` (None: live); before it existed, its first row."""
        spans = self._spans.get(record_id)
        if not spans:
            return None
        if position is None:
            return spans[-1]
        for span in spans:
            if span.valid_from <= position and (span.valid_to is None or span.valid_to > position):
                return span
        return spans[0] if position < spans[0].valid_from else spans[-1]

    def level(self, record_id: str, position: int | None) -> Secrecy | None:
        """The record's secrecy at ``position`` (None: live), its parent's included; None if the
        index does not know the record."""
        own = self._own(record_id, position)
        if own is None:
            return None
        parent = self._own(own.parent_id, position) if own.parent_id else None
        if parent is not None and parent.secrecy.rank > own.secrecy.rank:
            return parent.secrecy
        return own.secrecy

    def visible(self, record_id: str, readable: Collection[str], position: int | None) -> bool:
        """Whether the reader's levels cover the record's secrecy then (``position``) and now."""
        if unrestricted(readable):
            return True
        for at in (position, None) if position is not None else (None,):
            found = self.level(record_id, at)
            if found is None or found.value not in readable:
                return False
        return True

    def event_visible(self, record_id: str, names: Sequence[str], position: int,
                      readable: Collection[str]) -> bool:
        """Whether an event at ``position`` may be shown: its record and every record it names
        are visible then and now."""
        return all(self.visible(r, readable, position) for r in (record_id, *names))


def split_names(value: str | None) -> tuple[str, ...]:
    """The ``record_events.names`` column as a tuple of record ids."""
    return tuple(value.split(",")) if value else ()


def visible_records(db: Database, record_ids: Sequence[str], readable: Collection[str],
                    position: int) -> list[str]:
    """The records (in the given order) a reader may see whole as the log stood at ``position``:
    each visible then and now, and none of its events up to ``position`` naming a record the
    reader may not see (a case file holds a record with all its events, or not at all)."""
    if unrestricted(readable) or not record_ids:
        return list(record_ids)
    named: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    with db.read() as cur:
        for start in range(0, len(record_ids), _CHUNK):
            chunk = list(record_ids[start:start + _CHUNK])
            cur.execute(
                "SELECT record_id, position, names FROM record_events WHERE record_id IN "
                f"({','.join('?' * len(chunk))}) AND position <= ? AND names IS NOT NULL",
                [*chunk, position])
            for rid, at, names in cur.fetchall():
                named.setdefault(str(rid), []).append((int(at), split_names(names)))
    every = set(record_ids) | {n for events in named.values() for _, ns in events for n in ns}
    index = SecrecyIndex.load(db, every, readable)
    return [rid for rid in record_ids
            if index.visible(rid, readable, position)
            and all(index.visible(n, readable, at) and index.visible(n, readable, position)
                    for at, names in named.get(rid, ()) for n in names)]
