"""Signed restore statements (docs/verifying.md §10): their text, signing, and checking.

The statement is a C2SP signed note by the office key (key name = the log's origin) whose text is

    socai-restore-statement/v1
    origin <origin of the abandoned checkpoint>
    abandoned <tree size> <base64 root hash>
    restored <tree size> <base64 root hash>

Its first line is not an origin, so no checkpoint parser takes it for a checkpoint. It is recorded
as a ``Restores.ForkDeclared`` event of the record `RESTORES_ID`; `read_statements` finds those
events in the raw rows (by record id and payload, not by topic) and `check_statement` says whether
one holds: signed by the pinned key, its fields equal to its signed text, recorded after the point
it restored to, whose root the log gives, and naming a checkpoint that the office key signed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.ledger.restores import RESTORES_ID
from infra.db import Cursor, Database
from infra.ledger.encoding import b64decode, b64encode
from infra.ledger.heads import LogGap, read_head
from infra.ledger.note import (
    Checkpoint,
    MalformedNoteError,
    NoteError,
    VerifierKey,
    open_checkpoint,
    open_note,
    sign_note,
)

STATEMENT_HEADER: Final = "socai-restore-statement/v1"
_SIZE = r"(0|[1-9][0-9]*)"
_ROOT = r"([A-Za-z0-9+/]{43}=)"
_BODY = re.compile(
    rf"{re.escape(STATEMENT_HEADER)}\norigin (\S+)\nabandoned {_SIZE} {_ROOT}\n"
    rf"restored {_SIZE} {_ROOT}\n"
)


@dataclass(frozen=True)
class Statement:
    """What a restore statement says."""

    origin: str
    abandoned_size: int
    abandoned_root: bytes
    restored_size: int
    restored_root: bytes

    def body(self) -> str:
        return (f"{STATEMENT_HEADER}\norigin {self.origin}\n"
                f"abandoned {self.abandoned_size} {b64encode(self.abandoned_root)}\n"
                f"restored {self.restored_size} {b64encode(self.restored_root)}\n")

    @classmethod
    def parse(cls, body: str) -> Statement:
        match = _BODY.fullmatch(body)
        if match is None:
            raise MalformedNoteError("the text is not a restore statement")
        origin, a_size, a_root, r_size, r_root = match.groups()
        try:
            return cls(origin, int(a_size), b64decode(a_root, length=32), int(r_size),
                       b64decode(r_root, length=32))
        except ValueError as exc:
            raise MalformedNoteError(f"restore statement: {exc}") from None


def sign_statement(statement: Statement, origin: str, private_key: Ed25519PrivateKey) -> str:
    """The statement as a note signed by the office key (key name = the log's origin)."""
    return sign_note(statement.body(), origin, private_key)


def open_statement(note: str, key: VerifierKey) -> Statement:
    """The statement of a note signed by ``key``; `NoteError` otherwise."""
    return Statement.parse(open_note(note, key))


@dataclass(frozen=True)
class StatementRow:
    """A restore statement as the log holds it."""

    position: int
    version: int
    recorded_us: int
    payload: dict[str, Any] | None  # None: the row's payload is not a statement's


@dataclass(frozen=True)
class CheckedStatement:
    """A statement found in the log, and the first thing wrong with it (None: it holds)."""

    row: StatementRow
    statement: Statement | None
    problem: str | None
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def abandoned(self) -> tuple[int, bytes] | None:
        s = self.statement
        return (s.abandoned_size, s.abandoned_root) if s is not None and self.ok else None


_FIELDS: Final = {"abandoned_origin": str, "abandoned_size": int, "abandoned_root_hash": str,
                  "abandoned_note": str, "restored_size": int, "restored_root_hash": str,
                  "statement": str, "key_id": str}


def _payload(state: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(state)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    for name, kind in _FIELDS.items():
        if not isinstance(data.get(name), kind) or isinstance(data.get(name), bool):
            return None
    return data


def read_statements(cur: Cursor, db: Database) -> list[StatementRow]:
    """Every restore statement in the log, in log order (raw rows; nothing checked yet)."""
    cur.execute(
        "SELECT l.position, l.originator_version, l.recorded_us, e.state "
        "FROM office_log l JOIN stored_events e ON e.originator_id = l.originator_id "
        "AND e.originator_version = l.originator_version WHERE l.originator_id = ? "
        "ORDER BY l.position",
        (db.dialect.uuid_param(RESTORES_ID),),
    )
    return [StatementRow(int(p), int(v), int(t), _payload(bytes(state)))
            for p, v, t, state in cur.fetchall()]


def check_statement(cur: Cursor, row: StatementRow, key: VerifierKey) -> CheckedStatement:
    """Check one statement against the pinned key and the log (see the module docstring)."""
    data = row.payload
    if data is None:
        return CheckedStatement(row, None, "its payload is not a restore statement", None)
    reason = data.get("reason") if isinstance(data.get("reason"), str) else None
    try:
        statement = open_statement(data["statement"], key)
    except NoteError as exc:
        return CheckedStatement(row, None, f"it does not verify under the pinned key: {exc}", reason)
    problem = _contradiction(data, statement, key)
    if problem is None and statement.restored_size >= row.position:
        problem = (f"it says the log was restored to {statement.restored_size} events, but it "
                   f"stands at position {row.position}")
    if problem is None:
        try:
            head = read_head(cur, statement.restored_size)
        except LogGap as exc:
            head = None
            problem = f"the log below it has a gap: {exc}"
        if head is not None and head.root_hash != statement.restored_root:
            problem = (f"the log's first {statement.restored_size} events do not give the root it "
                       "names: the events it was restored to were changed")
    return CheckedStatement(row, statement, problem, reason)


def _contradiction(data: dict[str, Any], statement: Statement, key: VerifierKey) -> str | None:
    """The first field of the event that its signed text (or the abandoned note) contradicts."""
    if (data["abandoned_origin"], data["abandoned_size"], data["abandoned_root_hash"],
            data["restored_size"], data["restored_root_hash"], data["key_id"]) != (
            statement.origin, statement.abandoned_size, b64encode(statement.abandoned_root),
            statement.restored_size, b64encode(statement.restored_root), key.key_id.hex()):
        return "its fields differ from its signed text"
    if statement.origin != key.name:
        return f"it names the origin {statement.origin!r}, not this log's"
    try:
        abandoned = open_checkpoint(data["abandoned_note"], key)
    except NoteError as exc:
        return f"the checkpoint it abandons does not verify under the pinned key: {exc}"
    if (abandoned.size, abandoned.root_hash) != (statement.abandoned_size, statement.abandoned_root):
        return "the checkpoint note it carries is not the one it names"
    return None


def checkpoint_of(statement: Statement) -> Checkpoint:
    """The abandoned checkpoint a statement names."""
    return Checkpoint(statement.origin, statement.abandoned_size, statement.abandoned_root)
