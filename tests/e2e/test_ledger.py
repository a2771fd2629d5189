"""The ledger over HTTP: checkpoints, the public key, and proofs a client checks on its own."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.bootstrap import Office
from infra.ledger.encoding import b64decode
from infra.ledger.merkle import verify_consistency, verify_inclusion
from infra.ledger.note import Checkpoint, VerifierKey, open_checkpoint
from tests.e2e.conftest import Api


def served_key(api: Api) -> VerifierKey:
    response = api.get("auditor", "/ledger/public-key")
    assert response.status_code == 200
    return VerifierKey.parse(response.json()["verifier_key"])


def signed(api: Api) -> Checkpoint:
    """Sign a checkpoint as the admin; the checkpoint, verified under the served key."""
    response = api.post("admin", "/ledger/checkpoints")
    assert response.status_code == 201, response.text
    return open_checkpoint(response.json()["note"], served_key(api))


class TestPublicKey:
    def test_every_role_reads_the_office_key(self, api: Api, office: Office) -> None:
        """The verifier key line and the PEM of the office's key, to any role."""
        for role in ("clerk", "specialist", "leader", "inspector", "auditor", "admin"):
            body = api.get(role, "/ledger/public-key").json()
            assert body["verifier_key"] == office.signing_key().verifier.to_text()
            assert body["pem"].startswith("-----BEGIN PUBLIC KEY-----")
            assert body["origin"] == office.settings.ledger_origin


class TestSigningOnDemand:
    def test_an_admin_signs_a_checkpoint_of_the_whole_log(self, api: Api, office: Office) -> None:
        """201, the note commits to every event before the checkpoint's own record."""
        response = api.post("admin", "/ledger/checkpoints")
        assert response.status_code == 201
        body = response.json()
        assert body["tree_size"] == body["position"] - 1 == office.tree.log_size() - 1
        assert body["signed_by"] == "admin"
        assert response.headers["X-Log-Position"] == str(body["position"])

    def test_other_roles_may_not_sign(self, api: Api, office: Office) -> None:
        """403 for a clerk, and nothing is written."""
        before = office.tree.log_size()
        response = api.post("clerk", "/ledger/checkpoints")
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"
        assert office.tree.log_size() == before


class TestListing:
    def test_latest_is_404_before_the_first_checkpoint(self, api: Api) -> None:
        """No checkpoint yet: a problem, not an empty body."""
        response = api.get("auditor", "/ledger/checkpoints/latest")
        assert response.status_code == 404
        assert response.json()["type"] == "/problems/no-checkpoint"

    def test_checkpoints_are_listed_in_order_with_a_cursor(self, api: Api) -> None:
        """Three signed checkpoints, two per page; latest is the third."""
        for _ in range(3):
            signed(api)
        page = api.get("auditor", "/ledger/checkpoints?limit=2").json()
        assert [c["version"] for c in page["items"]] == [1, 2]
        rest = api.get("auditor", f"/ledger/checkpoints?after={page['next_after']}").json()
        assert [c["version"] for c in rest["items"]] == [3]
        latest = api.get("clerk", "/ledger/checkpoints/latest").json()
        assert latest["version"] == 3
        assert latest["tree_size"] > page["items"][1]["tree_size"]


class TestProofs:
    def test_inclusion_proofs_verify_against_the_served_checkpoint(self, api: Api) -> None:
        """For every event, the served proof leads from its leaf hash to the signed root."""
        checkpoint = signed(api)
        for position in range(1, checkpoint.size + 1):
            body = api.get("auditor", f"/ledger/proofs/inclusion?position={position}"
                           f"&tree_size={checkpoint.size}").json()
            assert body["leaf_index"] == position - 1
            assert b64decode(body["root_hash"]) == checkpoint.root_hash
            verify_inclusion(position - 1, checkpoint.size, b64decode(body["leaf_hash"]),
                             [b64decode(h) for h in body["proof"]], checkpoint.root_hash)

    def test_the_default_tree_is_the_latest_checkpoint(self, api: Api) -> None:
        """Without tree_size the proof is against the latest signed checkpoint."""
        checkpoint = signed(api)
        body = api.get("auditor", "/ledger/proofs/inclusion?position=1").json()
        assert body["tree_size"] == checkpoint.size

    def test_consistency_proofs_verify_between_signed_checkpoints(self, api: Api) -> None:
        """Two checkpoints: the served proof shows the second extends the first."""
        first = signed(api)
        second = signed(api)
        body = api.get("auditor", f"/ledger/proofs/consistency?first={first.size}"
                       f"&second={second.size}").json()
        assert b64decode(body["first_root_hash"]) == first.root_hash
        assert b64decode(body["second_root_hash"]) == second.root_hash
        verify_consistency(first.size, second.size, first.root_hash, second.root_hash,
                           [b64decode(h) for h in body["proof"]])

    def test_history_leaf_hashes_are_the_proven_ones(
        self, api: Api, client: TestClient, office: Office
    ) -> None:
        """A record's history gives each event's leaf hash, the one its inclusion proof uses."""
        from domain.users.model import user_id_for

        signed(api)
        office.projections.catch_up()
        history = api.get("admin", f"/records/{user_id_for('clerk')}/history").json()
        for event in history["events"]:
            proof = api.get("admin", f"/ledger/proofs/inclusion?position={event['position']}")
            assert proof.json()["leaf_hash"] == event["leaf_hash"]


class TestOutOfRange:
    def test_arguments_outside_the_tree_are_problems(self, api: Api, office: Office) -> None:
        """422 problem+json for a leaf past the tree, a tree past the log, first > second."""
        head = office.tree.log_size()
        for url in (f"/ledger/proofs/inclusion?position={head}&tree_size={head - 1}",
                    f"/ledger/proofs/inclusion?position=1&tree_size={head + 1}",
                    f"/ledger/proofs/consistency?first={head}&second={head - 1}",
                    f"/ledger/proofs/consistency?first=1&second={head + 5}",
                    "/ledger/proofs/consistency?first=0&second=1"):
            response = api.get("auditor", url)
            assert response.status_code == 422, url
            assert response.headers["content-type"] == "application/problem+json"
