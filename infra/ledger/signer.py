"""The checkpoint signer: one at a time, only for a grown tree consistent with what was signed before.

`CheckpointSigner.sign`, inside one write transaction holding the signer's lock (an advisory lock
on PostgreSQL, the database's single write lock on SQLite):

1. reads the log's size and the latest checkpoint record (and the local witness file);
2. extends the stored subtrees to that size and computes the root from them;
3. checks that the previous checkpoint and the witness verify under the office key and that the
   new tree is consistent with them (an RFC 9162 consistency proof, verified by the pure code),
   and refuses (`InconsistentTree`) otherwise;
4. signs the checkpoint (docs/verifying.md §5), has the domain decide the `CheckpointSigned` event
   (the log must have grown) and appends it to the log in the same transaction;
5. writes the signed note to the witness file ``SOCAI_DATA_DIR/ledger/checkpoint`` (mode 0644).

The background loop of a worker (`run`) signs only while it holds the office's ``signer`` lease, and
confirms the lease's fence in the signing transaction (``infra/leases.py``): a worker that lost the
lease appends no checkpoint. On-demand signing (`socai checkpoint`, ``POST /ledger/checkpoints``)
needs no lease: the lock alone keeps signers one at a time.

The policy (`due`) signs when the log grew by ``checkpoint_every_events`` events, or when
``checkpoint_every_seconds`` passed with growth; growth is counted after the last checkpoint's own
record, so an idle log does not get a checkpoint of its checkpoints every few seconds.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Mapper, StoredEvent

from domain.errors import ConcurrentChange, RuleViolation
from domain.ledger.model import CHECKPOINTS_ID, Ledger, fold_ledger
from domain.ledger.service import Checkpoints, require_growth
from domain.records import Context
from infra.db import Cursor, Database
from infra.leases import SIGNER, Leases
from infra.ledger.encoding import b64encode
from infra.ledger.keys import SigningKey
from infra.ledger.merkle import ProofError, consistency_proof, root, verify_consistency
from infra.ledger.note import Checkpoint, NoteError, open_checkpoint, sign_checkpoint
from infra.ledger.tree import CursorSubtreeSource, StoredTree, log_size
from infra.logging import get_logger
from infra.store.log import OfficeLog

SIGNER_LOCK: Final = "socai-ledger-signer"  # the office's own (Database.try_advisory_lock)
WITNESS_MODE: Final = 0o600  # like every file of the store (docs/security.md)

_log = get_logger("socai.ledger")


class InconsistentTree(RuleViolation):
    """The log is not consistent with a checkpoint signed before it: nothing is signed."""


class SignerBusy(ConcurrentChange):
    """Another process is signing a checkpoint right now; try again in a moment."""


@dataclass(frozen=True)
class SignedCheckpoint:
    """A checkpoint signed and recorded: its note, and where its own record sits in the log."""

    checkpoint: Checkpoint
    note: str
    position: int
    version: int
    signed_at: datetime


def witness_path(data_dir: Path) -> Path:
    """The local witness file: the latest signed note, outside the database."""
    return data_dir / "ledger" / "checkpoint"


def write_witness(path: Path, note: str) -> None:
    """Replace the witness file atomically (a temporary file renamed over it), mode 0600."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, WITNESS_MODE)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(note.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        tmp.chmod(WITNESS_MODE)
        tmp.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def last_checkpoint_position(cur: Cursor, db: Database) -> int:
    """The log position of the latest checkpoint record (0 if none)."""
    cur.execute(
        "SELECT MAX(position) FROM office_log WHERE originator_id = ?",
        (db.dialect.uuid_param(CHECKPOINTS_ID),),
    )
    row = cur.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


class CheckpointSigner:
    """Signs checkpoints of the office log and records them in it."""

    def __init__(
        self,
        *,
        db: Database,
        log: OfficeLog,
        mapper: Mapper[UUID],
        checkpoints: Checkpoints,
        tree: StoredTree,
        key: Callable[[], SigningKey],
        origin: str,
        witness: Path,
        every_events: int,
        every_seconds: float,
        clock: Callable[[], datetime],
    ) -> None:
        """Wire the signer; ``key`` returns the office key (created on first use by the wiring)."""
        self.db = db
        self.log = log
        self.mapper = mapper
        self.checkpoints = checkpoints
        self.tree = tree
        self.key = key
        self.origin = origin
        self.witness = witness
        self.every_events = every_events
        self.every_seconds = every_seconds
        self.clock = clock
        self.running = False
        """Whether :meth:`run` is looping in this process (readers may then :meth:`request`)."""
        self.asker: Callable[[int], bool] | None = None
        """How to ask a signer in another process (``NOTIFY`` on the office's ``sign`` channel);
        set by the wiring on PostgreSQL."""
        self._leases: Leases | None = None
        self._wanted = 0
        self._wake = threading.Event()

    # The policy -----------------------------------------------------------------------------------

    def due(self) -> bool:
        """Whether the policy asks for a checkpoint now (a read; nothing is locked)."""
        with self.db.read() as cur:
            head = log_size(cur)
            last_position = last_checkpoint_position(cur, self.db)
        return self._due(self.checkpoints.latest(), last_position, head)

    def _due(self, previous: Ledger | None, last_position: int, head: int) -> bool:
        growth = head - last_position
        if growth <= 0:
            return False
        if previous is None or growth >= self.every_events:
            return True
        elapsed = (self.clock() - previous.signed_at).total_seconds()
        return elapsed >= self.every_seconds

    def request(self, tree_size: int) -> bool:
        """Ask the running loop for a checkpoint covering ``tree_size`` now, outside the policy;
        return whether a signer heard it (here, or in another process through :attr:`asker`).
        A reader that needs one (a case file) asks and waits: it never signs itself, so no read
        writes; the signer signs as itself."""
        self._wanted = max(self._wanted, tree_size)
        self._wake.set()
        here = self.running and (self._leases is None or self._leases.holds(SIGNER))
        if here:
            return True
        return self.asker(tree_size) if self.asker is not None else False

    def run(self, stop: threading.Event, ctx: Callable[[], Context], poll: float = 1.0,
            leases: Leases | None = None) -> None:
        """The background loop of a worker: sign whenever the policy says so, or a reader
        asked (:meth:`request`); with ``leases``, only while holding the ``signer`` lease."""
        self._leases = leases
        self.running = True
        try:
            while not stop.is_set():
                self._wake.wait(poll)
                self._wake.clear()
                if stop.is_set():
                    break
                try:
                    self._tick(ctx)
                except SignerBusy:
                    continue
                except Exception:  # noqa: BLE001 - logged and retried at the next tick, never fatal
                    _log.exception("checkpoint_signing_failed")
                    stop.wait(poll * 4)
        finally:
            self.running = False

    def _tick(self, ctx: Callable[[], Context]) -> None:
        leases = self._leases
        if leases is not None and not leases.holds(SIGNER):
            return
        latest = self.checkpoints.latest()
        if self._wanted > (latest.tree_size if latest else 0):
            self.sign(ctx(), leases=leases)
        elif self.due():
            self.sign(ctx(), only_if_due=True, leases=leases)

    # Signing --------------------------------------------------------------------------------------

    def sign(
        self, ctx: Context, *, only_if_due: bool = False, wait: float = 10.0,
        leases: Leases | None = None,
    ) -> SignedCheckpoint | None:
        """Sign a checkpoint of the whole log now and record it; return it.

        With ``only_if_due`` nothing is signed (None) unless the policy asks for it; with
        ``leases`` nothing is signed (None) unless the ``signer`` lease's fence is still this
        holder's, confirmed in the signing transaction. Raises
        `CheckpointNotGrown` if the log has not grown since the last checkpoint, `InconsistentTree`
        if it is not consistent with an earlier checkpoint, and `SignerBusy` if another signer
        kept the lock for ``wait`` seconds.
        """
        key = self.key()
        deadline = time.monotonic() + wait
        while True:
            with self.db.write() as cur:
                if self.db.try_advisory_lock(cur, SIGNER_LOCK):
                    if leases is not None and not leases.confirm(cur, [SIGNER]):
                        return None  # another worker holds the lease now: it signs
                    return self._sign_locked(cur, ctx, key, only_if_due=only_if_due)
            if only_if_due or time.monotonic() > deadline:
                raise SignerBusy("một tiến trình khác đang ký điểm kiểm tra (another signer is busy)")
            time.sleep(0.05)

    def _sign_locked(
        self, cur: Cursor, ctx: Context, key: SigningKey, *, only_if_due: bool
    ) -> SignedCheckpoint | None:
        head = log_size(cur)
        previous = self._latest(cur)
        if only_if_due and not self._due(previous, last_checkpoint_position(cur, self.db), head):
            return None
        require_growth(previous, head)
        self.tree.extend_to(cur, head)
        source = CursorSubtreeSource(cur)
        new_root = root(head, source)
        earlier = self._earlier_checkpoints(previous, key)
        for what, checkpoint in earlier:
            self._check_consistent(what, checkpoint, head, new_root, source)
        checkpoint = Checkpoint(self.origin, head, new_root)
        note = sign_checkpoint(checkpoint, key.private_key)
        event = self.checkpoints.checkpoint_signed(
            ctx, previous, tree_size=head, root_hash=b64encode(new_root), note=note,
            signed_at=ctx.now, key_id=key.verifier.key_id.hex(),
        )
        try:
            appended = self.log.append(cur, [self.mapper.to_stored_event(event)])
        except IntegrityError as exc:
            raise ConcurrentChange("điểm kiểm tra vừa được ghi bởi tiến trình khác "
                                   "(another checkpoint was recorded meanwhile)") from exc
        # Still under the lock: witnesses are written in signing order.
        write_witness(self.witness, note)
        _log.info("checkpoint_signed", tree_size=head, position=appended.positions[0],
                  version=event.originator_version)
        return SignedCheckpoint(checkpoint, note, appended.positions[0], event.originator_version,
                                ctx.now)

    def _latest(self, cur: Cursor) -> Ledger | None:
        """The latest checkpoint record, read in the signer's transaction (no second connection:
        the library's pool would make a reader wait behind the writers queued for our lock)."""
        cur.execute(
            "SELECT originator_version, topic, state FROM stored_events WHERE originator_id = ? "
            "ORDER BY originator_version DESC LIMIT 1",
            (self.db.dialect.uuid_param(CHECKPOINTS_ID),),
        )
        row = cur.fetchone()
        if row is None:
            return None
        event = self.mapper.to_domain_event(
            StoredEvent(CHECKPOINTS_ID, int(row[0]), str(row[1]), bytes(row[2]))
        )
        if not isinstance(event, Ledger.CheckpointSigned):
            raise InconsistentTree(f"the checkpoint record holds a {row[1]} event")
        # Each event states the whole checkpoint, so the last one alone gives the state.
        return fold_ledger.apply(None, event)

    def _earlier_checkpoints(
        self, previous: Ledger | None, key: SigningKey
    ) -> list[tuple[str, Checkpoint]]:
        """The checkpoints the new one must be consistent with: the last record and the witness."""
        found: list[tuple[str, Checkpoint]] = []
        if previous is not None:
            try:
                checkpoint = open_checkpoint(previous.note, key.verifier)
            except NoteError as exc:
                raise InconsistentTree(
                    f"điểm kiểm tra trước không hợp lệ (the last checkpoint record, version "
                    f"{previous.version}, does not verify under the office key: {exc})"
                ) from exc
            if (checkpoint.size, b64encode(checkpoint.root_hash)) != (
                previous.tree_size, previous.root_hash,
            ):
                raise InconsistentTree(
                    "điểm kiểm tra trước không khớp (the last checkpoint record's fields differ "
                    "from its signed note)"
                )
            found.append((f"the last checkpoint (version {previous.version})", checkpoint))
        if self.witness.exists():
            try:
                witness = open_checkpoint(self.witness.read_bytes(), key.verifier)
            except (OSError, NoteError) as exc:
                raise InconsistentTree(
                    f"tệp đối chứng hỏng (the witness file {self.witness} does not verify under "
                    f"the office key: {exc})"
                ) from exc
            found.append((f"the witness file {self.witness}", witness))
        return found

    def _check_consistent(
        self, what: str, earlier: Checkpoint, head: int, new_root: bytes, source: CursorSubtreeSource
    ) -> None:
        if earlier.size > head:
            raise InconsistentTree(
                f"nhật ký ngắn hơn điểm kiểm tra đã ký (the log has {head} events but {what} "
                f"covers {earlier.size}: the log was truncated)"
            )
        if earlier.size == 0:
            return
        try:
            proof = consistency_proof(earlier.size, head, source)
            verify_consistency(earlier.size, head, earlier.root_hash, new_root, proof)
        except ProofError as exc:
            raise InconsistentTree(
                f"nhật ký không nhất quán với điểm kiểm tra đã ký (the log is not consistent with "
                f"{what} of size {earlier.size}: {exc.reason}); run `socai verify`"
            ) from exc

