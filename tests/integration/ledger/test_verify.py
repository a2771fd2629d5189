"""`socai verify` names the first bad position of a store changed behind the application's back.

Each test builds a small office log with a signed checkpoint in the middle and one at the end, does
one thing to the raw rows with SQL, and checks the fault `socai verify` reports first.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from uuid import uuid4

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from api.bootstrap import Office
from api.cli.main import app
from domain.actors import Role
from domain.ledger.model import CHECKPOINTS_ID
from infra.ledger.encoding import GENESIS_CHAIN, chain_hash, leaf_hash_of_event
from infra.ledger.note import Checkpoint, sign_checkpoint
from infra.ledger.signer import witness_path
from tests.support.office import actor, issued_directive

from .support import (
    append_events,
    execute,
    row,
    shift_positions,
    sign,
    uuid_param,
    verify,
)

P = 42  # the position the tests tamper with (even: its level-1 node is 41..42)


@pytest.fixture
def logged(office: Office) -> Office:
    """An office log of about 120 events: a checkpoint after ~80, another at the end."""
    issued_directive(office, actor(Role.LEADER))
    append_events(office, 40, records=6)
    sign(office)
    append_events(office, 30, records=4)
    sign(office)
    assert office.tree.log_size() > 100
    return office


def fault_of(office: Office, **kw: object) -> tuple[int | None, str]:
    report = verify(office, **kw)  # type: ignore[arg-type]
    assert not report.ok
    fault = report.fault
    assert fault is not None
    return fault.position, fault.message


def event_filter(office: Office, position: int) -> tuple[str, list[object]]:
    r = row(office, position)
    return "originator_id = ? AND originator_version = ?", [r["oid"], r["version"]]


class TestCleanStore:
    def test_a_clean_store_verifies(self, logged: Office) -> None:
        """Every check holds: no fault, both checkpoints verified, the witness covered."""
        report = verify(logged)
        assert report.ok, report.fault
        assert report.checkpoints == 2
        assert report.checked == logged.tree.log_size()

    def test_the_command_exits_0_and_says_which_key(
        self, logged: Office, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`socai verify` on the configured store: exit 0, the pinned key and its source shown."""
        code, output = run_cli(logged, monkeypatch, [])
        assert code == 0, output
        assert logged.signing_key().verifier.to_text() in output
        assert "from the configured key directory" in output
        assert "OK" in output

    def test_ranges_in_several_processes_verify_the_same(self, logged: Office) -> None:
        """Ranges of 8 positions scanned by 2 processes and joined: still no fault."""
        report = verify(logged, jobs=2, range_bits=3)
        assert report.ok, report.fault
        assert report.checkpoints == 2

    def test_since_a_verified_checkpoint_checks_only_what_follows(self, logged: Office) -> None:
        """--since SIZE starts after the first checkpoint and still verifies the second."""
        first = logged.checkpoints.history()[0].tree_size
        report = verify(logged, since=first)
        assert report.ok, report.fault
        assert report.start == first
        assert report.checkpoints == 2  # the first's own record lies after its size


class TestChangedEvents:
    def test_one_payload_byte_changed(self, logged: Office) -> None:
        """A byte of one payload: the leaf hash at that position no longer matches."""
        where, params = event_filter(logged, P)
        state = bytearray(row(logged, P)["state"])
        state[5] ^= 0x01
        execute(logged, f"UPDATE stored_events SET state = ? WHERE {where}", [bytes(state), *params])
        position, message = fault_of(logged)
        assert position == P
        assert "leaf hash does not match" in message

    def test_a_topic_changed(self, logged: Office) -> None:
        """Another event type for the same payload: the leaf hash covers the topic."""
        where, params = event_filter(logged, P)
        execute(logged, f"UPDATE stored_events SET topic = ? WHERE {where}", ["x:Forged", *params])
        assert fault_of(logged)[0] == P

    def test_a_payload_changed_with_a_fresh_leaf_hash(self, logged: Office) -> None:
        """Recomputing the leaf hash does not help: the record's chain hash breaks there."""
        r = row(logged, P)
        forged = r["state"].replace(b"{", b'{"x":1,', 1)
        leaf = leaf_hash_of_event(P, r["record"], r["version"], r["topic"], r["recorded_us"],
                                  forged)
        where, params = event_filter(logged, P)
        execute(logged, f"UPDATE stored_events SET state = ? WHERE {where}", [forged, *params])
        execute(logged, "UPDATE office_log SET leaf_hash = ? WHERE position = ?", (leaf, P))
        position, message = fault_of(logged)
        assert position == P
        assert "chain hash" in message


class TestDeletedRows:
    def test_both_rows_deleted_in_the_middle(self, logged: Office) -> None:
        """The event row and the log row gone: the position is missing."""
        where, params = event_filter(logged, P)
        execute(logged, f"DELETE FROM stored_events WHERE {where}", params)
        execute(logged, "DELETE FROM office_log WHERE position = ?", (P,))
        position, message = fault_of(logged)
        assert position == P
        assert "missing" in message

    def test_only_the_event_row_deleted(self, logged: Office) -> None:
        """A log row without its event row."""
        where, params = event_filter(logged, P)
        execute(logged, f"DELETE FROM stored_events WHERE {where}", params)
        position, message = fault_of(logged)
        assert position == P
        assert "no event row" in message

    def test_only_the_log_row_deleted(self, logged: Office) -> None:
        """An event row without its log row: a gap at that position."""
        execute(logged, "DELETE FROM office_log WHERE position = ?", (P,))
        assert fault_of(logged)[0] == P

    def test_a_row_deleted_and_the_rest_moved_up(self, logged: Office) -> None:
        """No gap left behind: the next event's leaf hash still names its old position."""
        where, params = event_filter(logged, P)
        execute(logged, f"DELETE FROM stored_events WHERE {where}", params)
        execute(logged, "DELETE FROM office_log WHERE position = ?", (P,))
        shift_positions(logged, P + 1, -1)
        position, message = fault_of(logged)
        assert position == P
        assert "was stored at position" in message


class TestInsertedRows:
    def test_a_forged_event_inserted_in_the_middle(self, logged: Office) -> None:
        """A new event at P with correct hashes of its own, the later rows moved down by one."""
        before = row(logged, P - 1)
        shift_positions(logged, P, 1)
        record = uuid4()
        payload = b'{"forged":true}'
        leaf = leaf_hash_of_event(P, record, 1, "x:Forged", before["recorded_us"], payload)
        execute(logged, "INSERT INTO stored_events (originator_id, originator_version, topic, "
                "state) VALUES (?, 1, 'x:Forged', ?)", (uuid_param(logged, record), payload))
        execute(logged, "INSERT INTO office_log (position, originator_id, originator_version, "
                "recorded_us, leaf_hash, chain_hash) VALUES (?, ?, 1, ?, ?, ?)",
                (P, uuid_param(logged, record), before["recorded_us"], leaf,
                 chain_hash(GENESIS_CHAIN, leaf)))
        position, message = fault_of(logged)
        assert position == P
        assert "inserted" in message

    def test_an_event_row_without_a_log_row(self, logged: Office) -> None:
        """An event row slipped into the event table only is found by the count of rows."""
        r = row(logged, P)
        execute(logged, "INSERT INTO stored_events (originator_id, originator_version, topic, "
                "state) VALUES (?, ?, 'x:Forged', ?)", (r["oid"], 10_000, b"{}"))
        position, message = fault_of(logged)
        assert "has no log row" in message
        assert position == logged.tree.log_size() + 1


class TestSwappedRows:
    def test_two_rows_swapped(self, logged: Office) -> None:
        """Two log rows exchange positions: the first of them is named."""
        execute(logged, "UPDATE office_log SET position = -1 WHERE position = ?", (P,))
        execute(logged, "UPDATE office_log SET position = ? WHERE position = ?", (P, P + 1))
        execute(logged, "UPDATE office_log SET position = ? WHERE position = -1", (P + 1,))
        assert fault_of(logged)[0] == P


class TestTruncation:
    def test_the_tail_cut_below_a_signed_checkpoint(self, logged: Office) -> None:
        """Rows after T < the last checkpoint deleted, the checkpoint records with them and the
        tree rebuilt: the witness file shows the log was longer."""
        keep = logged.checkpoints.history()[-1].tree_size - 5
        execute(logged, "DELETE FROM stored_events WHERE EXISTS (SELECT 1 FROM office_log l "
                "WHERE l.originator_id = stored_events.originator_id AND l.originator_version = "
                "stored_events.originator_version AND l.position > ?)", (keep,))
        execute(logged, "DELETE FROM office_log WHERE position > ?", (keep,))
        logged.tree.rebuild()
        position, message = fault_of(logged)
        assert position == keep + 1
        assert "witness" in message
        assert "truncated" in message

    def test_without_a_witness_a_longer_stored_tree_still_shows_it(self, logged: Office) -> None:
        """If the tree was not rebuilt, the stored subtrees reach past the log's end."""
        keep = logged.checkpoints.history()[-1].tree_size - 5
        execute(logged, "DELETE FROM stored_events WHERE EXISTS (SELECT 1 FROM office_log l "
                "WHERE l.originator_id = stored_events.originator_id AND l.originator_version = "
                "stored_events.originator_version AND l.position > ?)", (keep,))
        execute(logged, "DELETE FROM office_log WHERE position > ?", (keep,))
        position, _ = fault_of(logged, witness=False)
        assert position == keep + 1


class TestCheckpoints:
    def test_a_checkpoint_re_signed_with_another_key(self, logged: Office) -> None:
        """The last checkpoint record's note replaced by one signed with a stranger's key, its
        hashes recomputed: its signature does not verify under the pinned key."""
        with logged.store.db.read() as cur:
            cur.execute("SELECT MAX(position) FROM office_log WHERE originator_id = ?",
                        (uuid_param(logged, CHECKPOINTS_ID),))
            found = cur.fetchone()
        assert found is not None
        position = int(found[0])
        r = row(logged, position)
        data = json.loads(r["state"])
        stranger = Ed25519PrivateKey.generate()
        data["note"] = sign_checkpoint(Checkpoint(logged.settings.ledger_origin,
                                                  data["tree_size"],
                                                  base64.b64decode(data["root_hash"])), stranger)
        forged = json.dumps(data).encode()
        leaf = leaf_hash_of_event(position, r["record"], r["version"], r["topic"],
                                  r["recorded_us"], forged)
        with logged.store.db.read() as cur:
            cur.execute("SELECT chain_hash FROM office_log WHERE originator_id = ? AND "
                        "originator_version = ?", (r["oid"], r["version"] - 1))
            prev = cur.fetchone()
        assert prev is not None
        where, params = event_filter(logged, position)
        execute(logged, f"UPDATE stored_events SET state = ? WHERE {where}", [forged, *params])
        execute(logged, "UPDATE office_log SET leaf_hash = ?, chain_hash = ? WHERE position = ?",
                (leaf, chain_hash(bytes(prev[0]), leaf), position))
        witness_path(logged.settings.data_dir).unlink()
        got, message = fault_of(logged)
        assert got == position
        assert "does not verify under the pinned key" in message

    def test_a_stored_subtree_hash_changed(self, logged: Office) -> None:
        """A changed interior hash is named by the last position it covers."""
        execute(logged, "UPDATE ledger_subtrees SET hash = ? WHERE level = 3 AND idx = 4",
                (bytes(32),))
        position, message = fault_of(logged)
        assert position == 40  # (3, 4) covers positions 33..40
        assert "interior hash over positions 33..40" in message

    def test_a_stored_subtree_row_deleted(self, logged: Office) -> None:
        """A missing interior hash below the stored tree's size is a fault too."""
        execute(logged, "DELETE FROM ledger_subtrees WHERE level = 1 AND idx = 10")
        position, message = fault_of(logged)
        assert position == 22  # (1, 10) covers positions 21..22
        assert "is missing" in message

    def test_a_spanning_subtree_hash_changed(self, logged: Office) -> None:
        """A node above the scanned ranges (ranges of 8, node of 32) is checked by the join."""
        execute(logged, "UPDATE ledger_subtrees SET hash = ? WHERE level = 5 AND idx = 1",
                (bytes(32),))
        position, _ = fault_of(logged, jobs=2, range_bits=3)
        assert position == 64


def run_cli(office: Office, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> tuple[int, str]:
    """Run `socai verify ARGS` against the office's store, configured through the environment."""
    settings = office.settings
    for name in ("DATABASE_URL", "DATA_DIR", "LEDGER_ORIGIN", "KEY_DIR"):
        monkeypatch.delenv(f"SOCAI_{name}", raising=False)
    monkeypatch.setenv("SOCAI_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("SOCAI_LEDGER_ORIGIN", settings.ledger_origin)
    if settings.database_url:
        monkeypatch.setenv("SOCAI_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(app, ["verify", *args])
    return result.exit_code, result.output


class TestCommandLine:
    def test_a_fault_exits_1_with_the_position(
        self, logged: Office, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A changed payload: exit 1 and 'FAILED at position P'."""
        where, params = event_filter(logged, P)
        execute(logged, f"UPDATE stored_events SET state = ? WHERE {where}", [b"{}", *params])
        code, output = run_cli(logged, monkeypatch, [])
        assert code == 1
        assert f"FAILED at position {P}" in output

    def test_another_pinned_key_refuses_every_checkpoint(
        self, logged: Office, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """--key with a key that did not sign: the first checkpoint record is refused."""
        from infra.ledger.note import VerifierKey

        other = VerifierKey.from_public_key(logged.settings.ledger_origin,
                                            Ed25519PrivateKey.generate().public_key())
        key_file = tmp_path / "other.pub"
        key_file.write_text(other.to_text() + "\n")
        code, output = run_cli(logged, monkeypatch, ["--key", str(key_file)])
        first = logged.checkpoints.history()[0].tree_size + 1
        assert code == 1
        assert f"from {key_file} (--key)" in output
        assert f"FAILED at position {first}" in output
