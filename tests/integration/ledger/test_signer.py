"""Signed checkpoints: recorded in the log, one signer at a time, never for an inconsistent tree."""

from __future__ import annotations

import threading
import time

import pytest

from api.bootstrap import Office
from domain.ledger.model import CHECKPOINTS_ID
from domain.ledger.service import CheckpointNotGrown
from infra.ledger.encoding import b64encode, leaf_hash_of_event
from infra.ledger.merkle import mth
from infra.ledger.note import open_checkpoint
from infra.ledger.signer import InconsistentTree
from tests.support.office import Clock

from .support import append_events, execute, leaf_hashes, signer_ctx


class TestSigning:
    def test_a_checkpoint_is_signed_recorded_and_witnessed(self, bare_office: Office) -> None:
        """The note commits to the whole log, its record follows it, the witness file holds it."""
        ctx = signer_ctx(bare_office)  # registers the signer user first
        append_events(bare_office, 9)
        head = bare_office.tree.log_size()
        signed = bare_office.signer.sign(ctx)
        assert signed is not None
        assert signed.checkpoint.size == head
        assert signed.position == head + 1
        key = bare_office.signing_key()
        assert open_checkpoint(signed.note, key.verifier).root_hash == mth(leaf_hashes(bare_office)[:head])
        assert bare_office.signer.witness.read_text() == signed.note
        latest = bare_office.checkpoints.latest()
        assert latest is not None
        assert (latest.version, latest.tree_size, latest.note) == (1, head, signed.note)
        assert latest.root_hash == b64encode(signed.checkpoint.root_hash)

    def test_the_record_is_an_event_of_the_ledger_record(self, bare_office: Office) -> None:
        """The checkpoint event sits at the log's next position, under the fixed record id."""
        append_events(bare_office, 2)
        signed = bare_office.signer.sign(signer_ctx(bare_office))
        assert signed is not None
        with bare_office.store.db.read() as cur:
            cur.execute("SELECT originator_id, originator_version FROM office_log WHERE position = ?",
                        (signed.position,))
            row = cur.fetchone()
        assert row is not None
        assert str(row[0]).replace("-", "") == CHECKPOINTS_ID.hex
        assert row[1] == 1

    def test_an_empty_log_gets_no_checkpoint(self, bare_office: Office) -> None:
        """Nothing to commit to: the domain refuses (the log must have grown)."""
        from .support import someone

        with pytest.raises(CheckpointNotGrown):
            bare_office.signer.sign(someone())

    def test_a_smaller_checkpoint_than_the_last_is_refused(self, bare_office: Office) -> None:
        """The domain rule: sizes only grow."""
        append_events(bare_office, 4)
        ctx = signer_ctx(bare_office)
        signed = bare_office.signer.sign(ctx)
        assert signed is not None
        with pytest.raises(CheckpointNotGrown):
            bare_office.checkpoints.record_checkpoint(
                ctx, tree_size=2, root_hash=b64encode(bytes(32)), note="x\n",
                signed_at=ctx.now, key_id="00000000",
            )


class TestInconsistentTree:
    def test_a_changed_subtree_below_the_last_checkpoint_stops_signing(
        self, bare_office: Office
    ) -> None:
        """If the stored tree no longer leads to the signed root, nothing is signed or recorded."""
        ctx = signer_ctx(bare_office)
        append_events(bare_office, 8)
        first = bare_office.signer.sign(ctx)
        assert first is not None
        append_events(bare_office, 3)
        # (3, 0), leaves 1..8, is both in the old root and in the proof from 9 to 13.
        execute(bare_office, "UPDATE ledger_subtrees SET hash = ? WHERE level = 3 AND idx = 0",
                (bytes(32),))
        with pytest.raises(InconsistentTree):
            bare_office.signer.sign(ctx)
        latest = bare_office.checkpoints.latest()
        assert latest is not None
        assert latest.version == 1
        assert bare_office.signer.witness.read_text() == first.note

    def test_a_rewritten_history_with_a_rebuilt_tree_is_not_signed(
        self, bare_office: Office
    ) -> None:
        """An event rewritten with fresh hashes and a rebuilt tree is inconsistent with the
        checkpoint signed before: the signer refuses."""
        ctx = signer_ctx(bare_office)
        append_events(bare_office, 6)
        bare_office.signer.sign(ctx)
        with bare_office.store.db.read() as cur:
            cur.execute("SELECT l.originator_id, l.originator_version, e.topic, l.recorded_us "
                        "FROM office_log l JOIN stored_events e ON e.originator_id = "
                        "l.originator_id AND e.originator_version = l.originator_version "
                        "WHERE l.position = 3")
            row = cur.fetchone()
        assert row is not None
        from uuid import UUID

        record = row[0] if isinstance(row[0], UUID) else UUID(row[0])
        forged = b'{"n":99}'
        leaf = leaf_hash_of_event(3, record, int(row[1]), row[2], int(row[3]), forged)
        execute(bare_office, "UPDATE stored_events SET state = ? WHERE originator_id = ? AND "
                "originator_version = ?", (forged, row[0], row[1]))
        execute(bare_office, "UPDATE office_log SET leaf_hash = ? WHERE position = 3", (leaf,))
        bare_office.tree.rebuild()
        with pytest.raises(InconsistentTree):
            bare_office.signer.sign(ctx)

    def test_a_log_truncated_below_the_witness_is_not_signed(self, bare_office: Office) -> None:
        """With the checkpoint record gone too, the witness file still stops the signer."""
        ctx = signer_ctx(bare_office)
        append_events(bare_office, 10)
        signed = bare_office.signer.sign(ctx)
        assert signed is not None
        execute(bare_office, "DELETE FROM stored_events WHERE EXISTS (SELECT 1 FROM office_log l "
                "WHERE l.originator_id = stored_events.originator_id AND l.originator_version = "
                "stored_events.originator_version AND l.position > 6)")
        execute(bare_office, "DELETE FROM office_log WHERE position > 6")
        bare_office.tree.rebuild()
        append_events(bare_office, 1)
        with pytest.raises(InconsistentTree, match="truncated"):
            bare_office.signer.sign(ctx)


class TestPolicy:
    def test_due_after_enough_events(self, bare_office: Office) -> None:
        """The first checkpoint is due as soon as there are events; the next after N more."""
        ctx = signer_ctx(bare_office)
        bare_office.signer.every_events = 5
        assert bare_office.signer.due()  # the signer's own registration is an event
        bare_office.signer.sign(ctx, only_if_due=True)
        assert not bare_office.signer.due()
        append_events(bare_office, 4)
        assert not bare_office.signer.due()
        assert bare_office.signer.sign(ctx, only_if_due=True) is None
        append_events(bare_office, 1)
        assert bare_office.signer.due()

    def test_due_after_time_with_growth(self, bare_office: Office, clock: Clock) -> None:
        """After the interval, one new event is enough; without one, nothing is due."""
        ctx = signer_ctx(bare_office)
        bare_office.signer.every_seconds = 60
        bare_office.signer.sign(ctx)
        clock.advance(seconds=61)
        assert not bare_office.signer.due()  # only the checkpoint's own record is new
        append_events(bare_office, 1)
        assert bare_office.signer.due()


class TestOneSignerAtATime:
    def test_concurrent_signers_record_growing_checkpoints(self, bare_office: Office) -> None:
        """Four signers at once: each waits its turn; sizes strictly grow, versions have no gap."""
        ctx = signer_ctx(bare_office)
        append_events(bare_office, 5)
        errors: list[BaseException] = []

        def sign() -> None:
            try:
                bare_office.signer.sign(ctx)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=sign) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        history = bare_office.checkpoints.history()
        assert [e.originator_version for e in history] == [1, 2, 3, 4]
        sizes = [e.tree_size for e in history]
        assert sizes == sorted(set(sizes))
        assert bare_office.signer.witness.read_text() == history[-1].note


class TestCommandAndServer:
    def test_socai_checkpoint_signs_and_prints_the_note(
        self, bare_office: Office, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`socai checkpoint` signs as ledger-signer and prints the signed note."""
        from typer.testing import CliRunner

        from api.cli.main import app

        append_events(bare_office, 3)
        settings = bare_office.settings
        monkeypatch.setenv("SOCAI_DATA_DIR", str(settings.data_dir))
        monkeypatch.setenv("SOCAI_LEDGER_ORIGIN", settings.ledger_origin)
        monkeypatch.delenv("SOCAI_DATABASE_URL", raising=False)
        if settings.database_url:
            monkeypatch.setenv("SOCAI_DATABASE_URL", settings.database_url)
        result = CliRunner().invoke(app, ["checkpoint"])
        assert result.exit_code == 0, result.output
        latest = bare_office.checkpoints.latest()
        assert latest is not None
        assert latest.note in result.output
        (event,) = bare_office.checkpoints.history()
        assert event.actor.username == "ledger-signer"

    def test_the_server_signs_when_the_policy_says_so(self, office: Office) -> None:
        """`socai serve`'s background signer records a checkpoint of a grown log by itself
        (the office's reference data are its first events)."""
        from fastapi.testclient import TestClient

        from api.app import create_app

        head = office.tree.log_size()
        with TestClient(create_app(office=office, background=True)):
            deadline = time.monotonic() + 20
            while office.checkpoints.latest() is None and time.monotonic() < deadline:
                time.sleep(0.1)
        latest = office.checkpoints.latest()
        assert latest is not None
        assert latest.tree_size >= head
