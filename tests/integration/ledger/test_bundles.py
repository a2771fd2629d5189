"""Offline bundles exported from the store: a fresh one verifies, a doctored one is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from typer.testing import CliRunner

from api.bootstrap import Office
from api.cli.main import app
from domain.actors import Role
from infra.ledger.bundle import dump_bundle
from infra.ledger.encoding import b64decode, b64encode
from infra.ledger.export import export_bundle
from infra.ledger.verifier import BundleRejected, verify_bundle
from tests.support.office import actor, ctx_for, issued_directive

from .support import append_events, sign, signer_ctx


def bundle_of(office: Office, record: UUID) -> dict[str, Any]:
    return export_bundle(
        db=office.store.db, tree=office.tree, checkpoints=office.checkpoints,
        signer=office.signer, sign_as=lambda: signer_ctx(office),
        verifier=office.signing_key().verifier, record_id=record,
    )


@pytest.fixture
def directive(office: Office) -> UUID:
    """A directive issued among other events, amended after a checkpoint."""
    leader = actor(Role.LEADER)
    append_events(office, 5)
    did = issued_directive(office, leader)
    append_events(office, 7)
    sign(office)
    issued_on = office.directives.get(did).issued_on
    assert issued_on is not None
    office.directives.amend(ctx_for(office, leader), did, 3, reference="02-QĐ/TU",
                            summary="Sửa đổi điểm 2", amended_on=issued_on)
    append_events(office, 3)
    return did


class TestExport:
    def test_a_fresh_export_verifies_offline(self, office: Office, directive: UUID) -> None:
        """All four versions, proven against a checkpoint signed for the export."""
        bundle = bundle_of(office, directive)
        report = verify_bundle(dump_bundle(bundle), office.signing_key().verifier)
        assert report.versions == 4
        assert report.key_pinned

    def test_a_checkpoint_is_signed_when_the_latest_is_too_old(
        self, office: Office, directive: UUID
    ) -> None:
        """The amendment came after the last checkpoint: the export signs a new one first."""
        before = office.checkpoints.latest()
        assert before is not None
        bundle = bundle_of(office, directive)
        after = office.checkpoints.latest()
        assert after is not None
        assert after.version == before.version + 1
        assert bundle["tree_size"] == after.tree_size
        again = bundle_of(office, directive)
        assert office.checkpoints.latest() == after  # covered now: no new signature
        assert again["checkpoint"] == bundle["checkpoint"]


class TestRefusals:
    def refused(self, office: Office, bundle: dict[str, Any]) -> BundleRejected:
        with pytest.raises(BundleRejected) as caught:
            verify_bundle(dump_bundle(bundle), office.signing_key().verifier)
        return caught.value

    def test_a_changed_event(self, office: Office, directive: UUID) -> None:
        """Another payload for version 2: its leaf hash no longer matches."""
        bundle = bundle_of(office, directive)
        event = bundle["events"][1]
        event["payload"] = b64encode(b64decode(event["payload"]).replace(b'"', b"'", 1))
        refusal = self.refused(office, bundle)
        assert refusal.position == event["position"]
        assert "leaf_hash" in refusal.reason

    def test_a_dropped_event(self, office: Office, directive: UUID) -> None:
        """Version 2 left out: the versions have a gap."""
        bundle = bundle_of(office, directive)
        del bundle["events"][1]
        assert "version 3 where 2 was expected" in self.refused(office, bundle).reason

    def test_a_proof_from_another_tree(self, office: Office, directive: UUID) -> None:
        """An inclusion proof made for an older tree does not lead to the bundle's root."""
        old = bundle_of(office, directive)
        append_events(office, 9)
        sign(office)
        bundle = bundle_of(office, directive)
        assert bundle["tree_size"] != old["tree_size"]
        bundle["events"][0]["inclusion_proof"] = old["events"][0]["inclusion_proof"]
        assert "inclusion proof" in self.refused(office, bundle).reason

    def test_a_bad_signature(self, office: Office, directive: UUID) -> None:
        """One byte of the checkpoint's signature changed."""
        bundle = bundle_of(office, directive)
        text, _, line = bundle["checkpoint"].rstrip("\n").rpartition("\n")
        prefix, _, sig = line.rpartition(" ")
        raw = bytearray(b64decode(sig))
        raw[-1] ^= 0x01
        bundle["checkpoint"] = f"{text}\n{prefix} {b64encode(bytes(raw))}\n"
        assert "invalid signature" in self.refused(office, bundle).reason


class TestCommandLine:
    def test_export_then_verify_bundle(
        self, office: Office, directive: UUID, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """`socai export-bundle --record ID --out F` then `socai verify-bundle F`: exit 0 with the
        configured key; a doctored file exits 1."""
        settings = office.settings
        monkeypatch.setenv("SOCAI_DATA_DIR", str(settings.data_dir))
        monkeypatch.setenv("SOCAI_LEDGER_ORIGIN", settings.ledger_origin)
        monkeypatch.delenv("SOCAI_DATABASE_URL", raising=False)
        if settings.database_url:
            monkeypatch.setenv("SOCAI_DATABASE_URL", settings.database_url)
        out = tmp_path / "bundle.json"
        exported = CliRunner().invoke(app, ["export-bundle", "--record", str(directive),
                                            "--out", str(out)])
        assert exported.exit_code == 0, exported.output
        checked = CliRunner().invoke(app, ["verify-bundle", str(out)])
        assert checked.exit_code == 0, checked.output
        assert "versions 1..4" in checked.output
        data = json.loads(out.read_text())
        data["events"][0]["version"] = 2
        out.write_text(json.dumps(data))
        refused = CliRunner().invoke(app, ["verify-bundle", str(out)])
        assert refused.exit_code == 1
        assert "REFUSED" in refused.output
