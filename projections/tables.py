"""Read-model tables that remember every state they had.

Each row of a temporal table carries ``valid_from`` (the log position that gave it this state) and
``valid_to`` (the position that replaced it, or NULL while it is current). The live view is
``valid_to IS NULL``; the view as of position N is ``valid_from <= N AND (valid_to IS NULL OR
valid_to > N)``. So time travel answers from indexes, never by changing or replaying the live model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from infra.db import Cursor, Dialect

Key = tuple[Any, ...]
RowData = dict[str, Any]

_TYPES = {"text": "TEXT", "int": None, "bool": "INTEGER", "blob": None}


@dataclass(frozen=True)
class Table:
    """A read-model table: its key, its columns (``text``, ``int``, ``bool``, ``blob``), indexes."""

    name: str
    key: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]
    indexes: tuple[tuple[str, ...], ...] = ()
    temporal: bool = True
    #: indexes over the live rows only (``WHERE valid_to IS NULL``), e.g. a register's page order
    live_indexes: tuple[tuple[str, ...], ...] = ()

    @cached_property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.columns)

    @cached_property
    def all_columns(self) -> tuple[str, ...]:
        extra = ("valid_from", "valid_to") if self.temporal else ()
        return (*self.column_names, *extra)

    def ddl(self, d: Dialect) -> list[str]:
        def sql_type(kind: str) -> str:
            if kind == "int":
                return d.bigint
            if kind == "blob":
                return d.blob
            return _TYPES[kind] or "TEXT"

        cols = [f"{name} {sql_type(kind)}" for name, kind in self.columns]
        if self.temporal:
            cols += [f"valid_from {d.bigint} NOT NULL", f"valid_to {d.bigint}"]
            pk = ", ".join((*self.key, "valid_from"))
        else:
            pk = ", ".join(self.key)
        out = [f"CREATE TABLE IF NOT EXISTS {self.name} ({', '.join(cols)}, PRIMARY KEY ({pk}))"]
        if self.temporal:
            key = ", ".join(self.key)
            out.append(
                f"CREATE INDEX IF NOT EXISTS {self.name}_live ON {self.name} ({key}) "
                "WHERE valid_to IS NULL"
            )
            out.append(
                f"CREATE INDEX IF NOT EXISTS {self.name}_span ON {self.name} (valid_from, valid_to)"
            )
        for i, index in enumerate(self.indexes):
            out.append(
                f"CREATE INDEX IF NOT EXISTS {self.name}_i{i} ON {self.name} ({', '.join(index)})"
            )
        for i, index in enumerate(self.live_indexes):
            out.append(
                f"CREATE INDEX IF NOT EXISTS {self.name}_l{i} ON {self.name} ({', '.join(index)}) "
                "WHERE valid_to IS NULL"
            )
        return out


def as_of(position: int | None, alias: str = "") -> tuple[str, list[int]]:
    """The WHERE clause selecting the rows current at ``position`` (``None``: the live rows)."""
    p = f"{alias}." if alias else ""
    if position is None:
        return f"{p}valid_to IS NULL", []
    return f"{p}valid_from <= ? AND ({p}valid_to IS NULL OR {p}valid_to > ?)", [position, position]


@dataclass
class _Versions:
    had_live: bool
    live: RowData | None
    changes: list[tuple[int, RowData | None]] = field(default_factory=list)


class RowCache:
    """Live rows of one table kept across batches by a runner that is the table's only writer.

    ``complete`` means every live row of the table is here (true right after a rebuild created the
    table empty), so a key that is absent has no row and needs no query. The runner drops the
    cache when another writer moved a projection, and when it grows past ``limit`` rows.
    """

    def __init__(self, *, complete: bool, limit: int = 300_000) -> None:
        self.rows: dict[Key, RowData | None] = {}
        self.complete = complete
        self.limit = limit

    def remember(self, rows: dict[Key, RowData | None]) -> None:
        self.rows.update(rows)
        if len(self.rows) > self.limit:
            self.reset()

    def reset(self) -> None:
        self.rows.clear()
        self.complete = False


class TableBuffer:
    """The changes one batch makes to one table, written in one go at the end of the batch."""

    def __init__(self, table: Table, cursor: Cursor, cache: RowCache | None = None) -> None:
        self.table = table
        self.cursor = cursor
        self.cache = cache
        self.final: dict[Key, RowData | None] = {}
        self._rows: dict[Key, _Versions] = {}
        self._appended: list[RowData] = []
        cols = ", ".join(table.column_names)
        where = " AND ".join(f"{k} = ?" for k in table.key)
        self._select = f"SELECT {cols} FROM {table.name} WHERE {where}" + (
            " AND valid_to IS NULL" if table.temporal else ""
        )

    def get(self, key: Key) -> RowData | None:
        """The current row for ``key``, including this batch's changes."""
        versions = self._rows.get(key)
        if versions is None:
            versions = self._load(key)
        return dict(versions.live) if versions.live is not None else None

    def _load(self, key: Key) -> _Versions:
        cache = self.cache
        live: RowData | None
        if cache is not None and key in cache.rows:
            cached = cache.rows[key]
            live = dict(cached) if cached is not None else None
        elif cache is not None and cache.complete:
            live = None
        else:
            self.cursor.execute(self._select, key)
            row = self.cursor.fetchone()
            live = dict(zip(self.table.column_names, row, strict=True)) if row else None
        versions = _Versions(had_live=live is not None, live=live)
        self._rows[key] = versions
        return versions

    def put(self, key: Key, row: RowData | None, position: int) -> None:
        """Set (or with ``None`` remove) the row for ``key`` as of ``position``."""
        versions = self._rows.get(key) or self._load(key)
        if row is not None:
            row = {c: row.get(c) for c in self.table.column_names}
            for k, v in zip(self.table.key, key, strict=True):
                row[k] = v
        if versions.changes and versions.changes[-1][0] == position:
            versions.changes[-1] = (position, row)
        else:
            versions.changes.append((position, row))
        versions.live = row

    def update(self, key: Key, position: int, **values: Any) -> RowData | None:
        """Change some columns of an existing row; nothing happens if there is no row."""
        row = self.get(key)
        if row is None:
            return None
        row.update(values)
        self.put(key, row, position)
        return row

    def append(self, row: RowData) -> None:
        """Add a row to an append-only table."""
        self._appended.append(row)

    def flush(self) -> None:
        t = self.table
        names = t.column_names
        if self._appended:
            placeholders = ", ".join("?" * len(names))
            self.cursor.executemany(
                f"INSERT INTO {t.name} ({', '.join(names)}) VALUES ({placeholders})",
                [tuple(r.get(c) for c in names) for r in self._appended],
            )
            self._appended = []
        if not self._rows:
            return
        close: list[Sequence[Any]] = []
        insert: list[Sequence[Any]] = []
        for key, versions in self._rows.items():
            if self.cache is not None:
                self.final[key] = versions.live
            if not versions.changes:
                continue
            if versions.had_live:
                close.append((versions.changes[0][0], *key))
            for i, (position, row) in enumerate(versions.changes):
                if row is None:
                    continue
                until = versions.changes[i + 1][0] if i + 1 < len(versions.changes) else None
                insert.append((*(row[c] for c in names), position, until))
        if close:
            where = " AND ".join(f"{k} = ?" for k in t.key)
            self.cursor.executemany(
                f"UPDATE {t.name} SET valid_to = ? WHERE {where} AND valid_to IS NULL", close
            )
        if insert:
            cols = (*names, "valid_from", "valid_to")
            placeholders = ", ".join("?" * len(cols))
            self.cursor.executemany(
                f"INSERT INTO {t.name} ({', '.join(cols)}) VALUES ({placeholders})", insert
            )
        self._rows = {}


def dump(cursor: Cursor, table: Table) -> list[tuple[Any, ...]]:
    """Every row of ``table`` in a canonical order (for rebuild-equals-incremental checks)."""
    cols = ", ".join(table.all_columns)
    cursor.execute(f"SELECT {cols} FROM {table.name} ORDER BY {cols}")
    return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r)
            for r in cursor.fetchall()]


def drop_statements(tables: Iterable[Table]) -> list[str]:
    return [f"DROP TABLE IF EXISTS {t.name}" for t in tables]
