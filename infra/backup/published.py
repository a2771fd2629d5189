"""Checkpoints already handed out, read back before a restore: the seam for every kind of witness.

A restore must not silently rewind the log behind a checkpoint somebody else holds. Today the places
a checkpoint can be read back from are the local witness file (``SOCAI_DATA_DIR/ledger/checkpoint``)
and files the operator brings (``socai restore --checkpoint FILE``, a copy from an auditor); the
province log of checkpoints will be one more `Witness` (issue 14, "many offices"), read the same way
and told of a declared fork the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from infra.backup.files import private_dir, sync_dir, write_private
from infra.ledger.note import Checkpoint, NoteError, VerifierKey, open_checkpoint


class UnreadableWitness(Exception):
    """A published checkpoint could not be read or does not verify under the office key."""


@dataclass(frozen=True)
class Published:
    """A checkpoint read back from a witness."""

    label: str
    note: str
    checkpoint: Checkpoint


class Witness(Protocol):
    """Somewhere a signed checkpoint was published."""

    @property
    def label(self) -> str:
        """What to call it in messages."""
        ...

    def latest(self, key: VerifierKey) -> Published | None:
        """The latest checkpoint this witness holds (None: none), verified under ``key``;
        `UnreadableWitness` if it cannot be read or does not verify."""
        ...

    def declare_fork(self, published: Published, statement_note: str, at: datetime) -> None:
        """Tell the witness that ``published`` was abandoned by a forced restore, giving it the
        signed statement (the local witness file is set aside with the statement beside it)."""
        ...


def _open(label: str, data: bytes, key: VerifierKey) -> Published:
    try:
        text = data.decode("utf-8")
        return Published(label, text, open_checkpoint(text, key))
    except (UnicodeDecodeError, NoteError) as exc:
        msg = f"{label} does not verify under the office key {key.to_text()}: {exc}"
        raise UnreadableWitness(msg) from None


@dataclass(frozen=True)
class WitnessFile:
    """The local witness file written by the signer (docs/verifying.md §5)."""

    path: Path

    @property
    def label(self) -> str:
        return f"the witness file {self.path}"

    def latest(self, key: VerifierKey) -> Published | None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise UnreadableWitness(f"{self.label} cannot be read: {exc}") from None
        return _open(self.label, data, key)

    def declare_fork(self, published: Published, statement_note: str, at: datetime) -> None:
        """Move the abandoned note to ``ledger/abandoned/`` with the statement beside it, so the
        signer extends the restored log and the evidence of the fork stays on disk."""
        folder = self.path.parent / "abandoned"
        private_dir(folder)
        stem = f"checkpoint-{published.checkpoint.size}-{at.strftime('%Y%m%dT%H%M%SZ')}"
        write_private(folder / f"{stem}.statement", statement_note.encode("utf-8"))
        self.path.replace(folder / stem)
        sync_dir(folder)


@dataclass(frozen=True)
class CheckpointFile:
    """A checkpoint file the operator brings (a copy handed out earlier); it is not changed."""

    path: Path

    @property
    def label(self) -> str:
        return f"the checkpoint file {self.path}"

    def latest(self, key: VerifierKey) -> Published | None:
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise UnreadableWitness(f"{self.label} cannot be read: {exc}") from None
        return _open(self.label, data, key)

    def declare_fork(self, published: Published, statement_note: str, at: datetime) -> None:
        """The file is the operator's: the statement in the log is the declaration."""
