"""What `socai verify` adds around `infra.ledger.verify`: a store with no key or checkpoint yet, and
restore statements (docs/verifying.md §10).

- With no ``--key`` and no key file yet, a log that holds nothing signed is still checked (positions,
  hashes, chains, the stored tree) and the command says plainly that no signed checkpoint exists.
- Every restore statement in the log is checked (`infra.ledger.restores.check_statement`) and
  shown; a published checkpoint (the witness file, ``--checkpoint FILE``) that a valid statement
  declares abandoned is reported as such instead of as a truncation: the fork is declared.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from infra.db import Database
from infra.ledger.encoding import b64encode
from infra.ledger.keys import PUBLIC_KEY_FILE, read_verifier_key
from infra.ledger.note import KeyFormatError, NoteError, VerifierKey, open_checkpoint
from infra.ledger.restores import CheckedStatement, check_statement, read_statements
from infra.ledger.scan import Fault
from infra.ledger.verify import ExternalCheckpoint, Report, VerifyUsageError
from infra.settings import Settings


class UnreadableKey(Exception):
    """The key file named (or configured and present) cannot be read."""


def pinned_key(settings: Settings, key_file: Path | None) -> tuple[VerifierKey | None, str]:
    """The key to pin and where it came from; None if none was given and none exists yet."""
    path = key_file or settings.keys_path / PUBLIC_KEY_FILE
    if key_file is None and not path.exists():
        return None, (f"no verifier key yet ({path} does not exist): nothing signed can be checked; "
                      "a log without any checkpoint is still checked")
    try:
        key = read_verifier_key(path)
    except (OSError, UnicodeDecodeError, KeyFormatError) as exc:
        raise UnreadableKey(f"cannot read the pinned key {path}: {exc}") from None
    if key_file is not None:
        return key, f"from {path} (--key)"
    return key, (f"from the configured key directory ({path}); for a check that does not trust "
                 "this machine, pass --key with a copy kept elsewhere")


def check_statements(db: Database, key: VerifierKey | None) -> list[CheckedStatement]:
    """Every restore statement in the log, checked under ``key``."""
    with db.read() as cur:
        rows = read_statements(cur, db)
        if rows and key is None:
            raise VerifyUsageError(f"the log holds {len(rows)} restore statement(s) but no key is "
                                   "pinned: pass --key")
        if key is None:
            return []
        return [check_statement(cur, row, key) for row in rows]


def set_aside_declared(
    external: Sequence[ExternalCheckpoint], statements: Sequence[CheckedStatement],
    key: VerifierKey | None,
) -> tuple[list[ExternalCheckpoint], list[str]]:
    """The external checkpoints still to check, and a line for each that a valid restore statement
    declares abandoned (the log no longer covers it, and says so under the office's signature)."""
    abandoned = {s.abandoned: s for s in statements if s.abandoned is not None}
    kept, declared = [], []
    for ext in external:
        statement = None
        if key is not None and abandoned:
            try:
                c = open_checkpoint(ext.note, key)
                statement = abandoned.get((c.size, c.root_hash))
            except NoteError:
                statement = None  # left to the verification, which names the fault
        if statement is None:
            kept.append(ext)
            continue
        declared.append(f"{ext.label}: declared abandoned by the signed restore statement at "
                        f"position {statement.row.position}")
    return kept, declared


def add_statements(report: Report, statements: Sequence[CheckedStatement]) -> list[str]:
    """Faults for the statements that do not hold; lines describing those that do."""
    lines = []
    for s in statements:
        where = f"restore statement (version {s.row.version})"
        if s.problem is not None or s.statement is None:
            report.faults.append(Fault(s.row.position, f"{where}: {s.problem}"))
            continue
        st = s.statement
        when = datetime.fromtimestamp(s.row.recorded_us / 1_000_000, tz=UTC).isoformat()
        lines.append(f"{where} at position {s.row.position}, recorded {when}: the log was "
                     f"restored to {st.restored_size} events, abandoning the published checkpoint "
                     f"of {st.abandoned_size} events (root {b64encode(st.abandoned_root)}); signed "
                     f"by the pinned key; reason: {s.reason or '-'}")
    return lines


def no_checkpoint_line(report: Report) -> str | None:
    if report.checkpoints or report.last_checkpoint is not None or not report.ok:
        return None
    return ("Chưa có điểm kiểm tra nào được ký (no signed checkpoint exists yet): positions, "
            "hashes, chains and the stored tree were checked, but nothing signed proves this log "
            "against a rewrite until a checkpoint is signed (`socai checkpoint`) and handed out")
