"""The offline bundle verifier: conditions 1–5 of docs/verifying.md §7."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from infra.ledger.bundle import build_bundle, dump_bundle
from infra.ledger.encoding import b64decode, b64encode, leaf_hash_of_event
from infra.ledger.note import Checkpoint, VerifierKey, sign_note
from infra.ledger.verifier import BundleRejected, verify_bundle

from .synthetic import ORIGIN, OTHERS, RECORD, SyntheticLog, synthetic_log

RECORD_POSITIONS = {3, 8, 9, 17, 30}  # versions 1..5 of RECORD in a log of 37 events


@pytest.fixture(scope="module")
def office_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def pinned(office_key: Ed25519PrivateKey) -> VerifierKey:
    return VerifierKey.from_public_key(ORIGIN, office_key.public_key())


@pytest.fixture(scope="module")
def log() -> SyntheticLog:
    return synthetic_log(37, RECORD_POSITIONS)


@pytest.fixture
def bundle(log: SyntheticLog, office_key: Ed25519PrivateKey) -> dict[str, Any]:
    return log.bundle(office_key)


def refused(bundle: dict[str, Any], pinned: VerifierKey | None) -> BundleRejected:
    with pytest.raises(BundleRejected) as caught:
        verify_bundle(bundle, pinned)
    return caught.value


class TestCleanBundle:
    def test_verifies_under_the_pinned_key(
        self, bundle: dict[str, Any], pinned: VerifierKey
    ) -> None:
        """A bundle exported from the log verifies and reports what it covers."""
        report = verify_bundle(bundle, pinned)
        assert report.positions == (3, 8, 9, 17, 30)
        assert report.versions == 5
        assert report.record_id == RECORD
        assert report.tree_size == 37
        assert report.key_pinned
        assert report.embedded_key_matches

    def test_the_json_file_verifies_too(self, bundle: dict[str, Any], pinned: VerifierKey) -> None:
        """The UTF-8 JSON written by dump_bundle verifies as bytes."""
        assert verify_bundle(dump_bundle(bundle), pinned).positions == (3, 8, 9, 17, 30)

    def test_verifies_against_a_checkpoint_smaller_than_the_log(
        self, log: SyntheticLog, office_key: Ed25519PrivateKey, pinned: VerifierKey
    ) -> None:
        """Against a checkpoint of size 16, only versions 1..3 are in the bundle, and verify."""
        report = verify_bundle(log.bundle(office_key, tree_size=16), pinned)
        assert report.positions == (3, 8, 9)

    def test_without_a_pinned_key_says_so(self, bundle: dict[str, Any]) -> None:
        """With no pinned key the embedded key is used and the report warns it was not pinned."""
        report = verify_bundle(bundle, None)
        assert not report.key_pinned
        assert any("NOT pinned" in line for line in report.lines())

    def test_an_unpinned_check_cannot_catch_a_forger_who_re_signs(
        self, log: SyntheticLog, pinned: VerifierKey
    ) -> None:
        """A bundle re-signed by a forger's key passes unpinned but is refused under the pin."""
        forged = log.bundle(Ed25519PrivateKey.generate())
        assert not verify_bundle(forged, None).key_pinned
        assert "no signature by key" in str(refused(forged, pinned))

    def test_a_different_embedded_key_is_ignored_when_pinned(
        self, bundle: dict[str, Any], pinned: VerifierKey
    ) -> None:
        """The key inside the bundle is not trusted when a key is pinned; the report notes it."""
        bundle["public_key"] = VerifierKey.from_public_key(
            ORIGIN, Ed25519PrivateKey.generate().public_key()
        ).to_text()
        report = verify_bundle(bundle, pinned)
        assert not report.embedded_key_matches


class TestTamperedEvents:
    def test_a_changed_payload(self, bundle: dict[str, Any], pinned: VerifierKey) -> None:
        """A changed payload no longer matches its leaf hash; the event's position is named."""
        bundle["events"][1]["payload"] = b64encode(b'{"tr\xc3\xadch_y\xe1\xba\xbfu":"kh\xc3\xa1c"}')
        error = refused(bundle, pinned)
        assert error.position == 8
        assert "leaf_hash does not match" in error.reason

    def test_a_changed_payload_with_a_recomputed_leaf_hash(
        self, bundle: dict[str, Any], pinned: VerifierKey
    ) -> None:
        """A forger who also recomputes the leaf hash is caught by the inclusion proof."""
        event = bundle["events"][1]
        event["payload"] = b64encode(b'{"x":1}')
        event["leaf_hash"] = b64encode(
            leaf_hash_of_event(8, RECORD, 2, event["topic"], event["recorded_time_us"], b'{"x":1}')
        )
        error = refused(bundle, pinned)
        assert (error.position, error.reason.startswith("inclusion proof")) == (8, True)

    def test_a_dropped_middle_event(self, bundle: dict[str, Any], pinned: VerifierKey) -> None:
        """Removing version 2 leaves a gap: version 3 where 2 was expected."""
        del bundle["events"][1]
        error = refused(bundle, pinned)
        assert error.position == 9
        assert "version 3 where 2 was expected" in error.reason

    def test_a_reordered_pair_of_events(self, bundle: dict[str, Any], pinned: VerifierKey) -> None:
        """Swapping two events in the list breaks the version order."""
        events = bundle["events"]
        events[2], events[3] = events[3], events[2]
        error = refused(bundle, pinned)
        assert error.position == 17
        assert "version 4 where 3 was expected" in error.reason

    def test_swapped_positions_of_two_events(
        self, bundle: dict[str, Any], pinned: VerifierKey
    ) -> None:
        """Exchanging the positions of two versions is refused (positions must increase)."""
        first, second = bundle["events"][0], bundle["events"][1]
        first["position"], second["position"] = second["position"], first["position"]
        first["leaf_index"], second["leaf_index"] = second["leaf_index"], first["leaf_index"]
        error = refused(bundle, pinned)
        assert error.position == 8
        assert "leaf_hash does not match" in error.reason

    def test_a_proof_from_another_tree(
        self, bundle: dict[str, Any], office_key: Ed25519PrivateKey, pinned: VerifierKey
    ) -> None:
        """An inclusion proof from a different log of the same size does not lead to the root."""
        other = synthetic_log(37, RECORD_POSITIONS, salt="-khác").bundle(office_key)
        bundle["events"][2]["inclusion_proof"] = other["events"][2]["inclusion_proof"]
        error = refused(bundle, pinned)
        assert error.position == 9
        assert "inclusion proof" in error.reason

    def test_a_changed_chain_hash(self, bundle: dict[str, Any], pinned: VerifierKey) -> None:
        """A chain hash that does not follow from the previous version's is refused."""
        bundle["events"][3]["chain_hash"] = bundle["events"][2]["chain_hash"]
        error = refused(bundle, pinned)
        assert error.position == 17
        assert "chain_hash" in error.reason

    def test_an_event_of_another_record(
        self,
        log: SyntheticLog,
        bundle: dict[str, Any],
        office_key: Ed25519PrivateKey,
        pinned: VerifierKey,
    ) -> None:
        """An event of another record, even correctly hashed and proven, is refused."""
        stranger = log.bundle(office_key, record=OTHERS[1])["events"][0]
        bundle["events"].insert(1, stranger)
        error = refused(bundle, pinned)
        assert "belongs to record" in error.reason

    def test_a_wrong_leaf_index(self, bundle: dict[str, Any], pinned: VerifierKey) -> None:
        """leaf_index must be position − 1."""
        bundle["events"][0]["leaf_index"] = 3
        assert "leaf_index" in refused(bundle, pinned).reason


class TestCheckpoint:
    def test_a_bad_checkpoint_signature(self, bundle: dict[str, Any], pinned: VerifierKey) -> None:
        """A corrupted signature by the pinned key refuses the bundle."""
        text, signature = bundle["checkpoint"].rsplit(" ", 1)
        raw = bytearray(b64decode(signature.strip()))
        raw[10] ^= 1
        bundle["checkpoint"] = f"{text} {b64encode(bytes(raw))}\n"
        assert "invalid signature" in str(refused(bundle, pinned))

    def test_a_changed_checkpoint_root(self, bundle: dict[str, Any], pinned: VerifierKey) -> None:
        """Editing the signed root hash breaks the signature."""
        lines = bundle["checkpoint"].split("\n")
        lines[2] = b64encode(bytes(32))
        bundle["checkpoint"] = "\n".join(lines)
        assert "invalid signature" in str(refused(bundle, pinned))

    def test_a_wrong_origin(self, bundle: dict[str, Any], pinned: VerifierKey) -> None:
        """The bundle's origin must be the pinned key's name and the checkpoint's origin."""
        bundle["origin"] = "other-office.example.vn/socai"
        assert "origin" in str(refused(bundle, pinned))

    def test_a_checkpoint_of_another_origin(
        self, bundle: dict[str, Any], office_key: Ed25519PrivateKey, pinned: VerifierKey
    ) -> None:
        """A checkpoint naming another origin, even signed by the office key, is refused."""
        body = Checkpoint("other.example/log", 37, bytes(32)).body()
        bundle["checkpoint"] = sign_note(body, ORIGIN, office_key)
        assert "origin" in str(refused(bundle, pinned))

    def test_tree_size_must_be_the_checkpoint_size(
        self, bundle: dict[str, Any], pinned: VerifierKey
    ) -> None:
        """tree_size is the signed checkpoint's size."""
        bundle["tree_size"] = 36
        assert "checkpoint's size 37" in str(refused(bundle, pinned))

    def test_an_event_beyond_the_checkpoint(
        self, log: SyntheticLog, office_key: Ed25519PrivateKey, pinned: VerifierKey
    ) -> None:
        """An event positioned after the checkpoint's tree size is refused."""
        small = log.bundle(office_key, tree_size=16)
        small["events"].append(log.bundle(office_key)["events"][3])
        error = refused(small, pinned)
        assert error.position == 17
        assert "outside the checkpoint's tree" in error.reason


class TestMalformedBundles:
    @pytest.mark.parametrize(
        ("change", "match"),
        [
            (lambda b: b.update(format="socai-bundle/2"), "format"),
            (lambda b: b.update(extra=1), "unknown field"),
            (lambda b: b.pop("record_id"), "missing field 'record_id'"),
            (lambda b: b.update(tree_size=True), "tree_size"),
            (lambda b: b.update(tree_size=37.0), "tree_size"),
            (lambda b: b.update(record_id=str(RECORD).upper()), "canonical"),
            (lambda b: b.update(events=[]), "no event"),
            (lambda b: b.update(public_key="not a key"), "public_key"),
            (lambda b: b["events"][0].update(version="1"), "version"),
            (lambda b: b["events"][0].update(leaf_hash="AAAA"), "leaf_hash"),
            (lambda b: b["events"][0].update(payload="e30"), "payload"),
            (lambda b: b["events"][0].update(inclusion_proof=[1]), "inclusion_proof"),
            (lambda b: b["events"].append("event"), r"events\[5\]"),
        ],
        ids=[
            "format",
            "unknown-field",
            "missing-field",
            "bool-size",
            "float-size",
            "uppercase-uuid",
            "no-events",
            "bad-embedded-key",
            "string-version",
            "short-hash",
            "unpadded-base64",
            "proof-not-strings",
            "event-not-object",
        ],
    )
    def test_is_refused_with_a_reason(
        self, bundle: dict[str, Any], pinned: VerifierKey, change: Any, match: str
    ) -> None:
        """Each structural fault is a BundleRejected naming the field."""
        broken = copy.deepcopy(bundle)
        change(broken)
        with pytest.raises(BundleRejected, match=match):
            verify_bundle(broken, pinned)

    def test_not_json_and_duplicate_keys(self, bundle: dict[str, Any], pinned: VerifierKey) -> None:
        """Bytes that are not JSON, and JSON repeating a key, are refused."""
        with pytest.raises(BundleRejected, match="JSON"):
            verify_bundle(b"\xff{", pinned)
        text = json.dumps(bundle)
        duplicated = text.replace('"tree_size":', '"tree_size": 1, "tree_size":', 1)
        with pytest.raises(BundleRejected, match="repeats a key"):
            verify_bundle(duplicated.encode(), pinned)

    def test_the_builder_needs_one_proof_per_event(self, log: SyntheticLog) -> None:
        """build_bundle refuses mismatched events and proofs."""
        with pytest.raises(ValueError, match="1 events but 0"):
            build_bundle(
                origin=ORIGIN,
                verifier_key="k",
                record_id=RECORD,
                checkpoint_note="",
                tree_size=1,
                events=log.events[:1],
                proofs=[],
            )
