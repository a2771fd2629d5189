"""The shred journal: every petition whose key was destroyed, kept beside the keys, append-only.

``SOCAI_KEY_DIR/shred-journal`` (mode 0600), one line per shredded petition, written (and synced)
after the ``IdentityShredded`` event is stored and before the key file is destroyed:

    <petition id> <log position of its IdentityShredded event, or "-" if not known> <UTC time>

It holds no secret and no personal data: ids, positions and times. It lives outside the database so
that it survives a database restore: `socai restore` and `socai keys restore` read it and destroy (or
never write back) the key of every petition it names, so a shredded identity does not come back with
a backup taken before the shred (docs/operations.md, "Key custody").

A line cut short by a crash is ignored when read (its shred had not destroyed the key yet; running
`socai shred` again finishes it and writes the line whole).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final
from uuid import UUID

JOURNAL_FILE: Final = "shred-journal"
MODE: Final = 0o600


@dataclass(frozen=True)
class Shred:
    """One line of the journal."""

    petition_id: UUID
    position: int | None
    at: datetime

    def line(self) -> str:
        position = str(self.position) if self.position is not None else "-"
        return f"{self.petition_id} {position} {self.at.astimezone(UTC).isoformat()}\n"

    @classmethod
    def parse(cls, line: str) -> Shred | None:
        """The shred a whole line records; None for a line that is not one (cut short)."""
        parts = line.split(" ")
        if len(parts) != 3 or not line.endswith("\n"):
            return None
        try:
            position = None if parts[1] == "-" else int(parts[1])
            at = datetime.fromisoformat(parts[2].strip())
            return cls(UUID(parts[0]), position, at)
        except ValueError:
            return None


class ShredJournal:
    """The journal file in a key directory."""

    def __init__(self, key_dir: Path) -> None:
        self.path = key_dir / JOURNAL_FILE

    def read(self) -> list[Shred]:
        """Every whole line, in the order written (a petition may appear more than once)."""
        try:
            text = self.path.read_text("utf-8")
        except FileNotFoundError:
            return []
        lines = text.splitlines(keepends=True)
        return [s for s in map(Shred.parse, lines) if s is not None]

    def petitions(self) -> set[UUID]:
        return {s.petition_id for s in self.read()}

    def record(self, petition_id: UUID, position: int | None, at: datetime) -> None:
        """Append one line and sync it to disk (the key is destroyed only after this returns)."""
        self.append([Shred(petition_id, position, at)])

    def append(self, shreds: Iterable[Shred]) -> None:
        data = "".join(s.line() for s in shreds).encode("utf-8")
        if not data:
            return
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, MODE)
        try:
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                data = b"\n" + data  # end the line a crash cut short, so this one stays whole
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        with contextlib.suppress(OSError):
            self.path.chmod(MODE)

    def merge(self, shreds: Iterable[Shred]) -> int:
        """Append the shreds of petitions not in the journal yet (a key backup's copy); how many."""
        known = self.petitions()
        new = {s.petition_id: s for s in shreds if s.petition_id not in known}
        self.append(new.values())
        return len(new)
