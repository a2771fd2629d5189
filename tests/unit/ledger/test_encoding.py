"""The canonical leaf data, leaf and chain hashes, and base64 of docs/verifying.md §2–§3."""

from __future__ import annotations

import hashlib
from uuid import UUID

import pytest

from infra.ledger.encoding import (
    GENESIS_CHAIN,
    b64decode,
    b64encode,
    chain_hash,
    leaf_data,
    leaf_hash,
    leaf_hash_of_event,
)

RECORD = UUID("00000000-0000-0000-0000-000000000001")
EVENT = {
    "position": 17,
    "record_id": UUID("6f1c4c1e-54a4-4c0e-9d36-0d9c0f7a1b2c"),
    "version": 3,
    "topic": "domain.directives.events:Issued",
    "recorded_time_us": 1_763_780_000_000_000,
    "payload": '{"trích_yếu":"Về việc tổ chức hội nghị"}'.encode(),
}


class TestLeafData:
    def test_matches_the_worked_example_of_the_spec(self) -> None:
        """The example of docs/verifying.md §2 encodes to exactly the bytes printed there."""
        expected = bytes.fromhex(
            "0000000000000001 00000000000000000000000000000001 0000000000000001"
            "00000001 74  0000000000000000  00000002 7b7d".replace(" ", "")
        )
        assert leaf_data(1, RECORD, 1, "t", 0, b"{}") == expected

    def test_topic_length_counts_utf8_bytes(self) -> None:
        """The topic's length prefix counts UTF-8 bytes, not characters."""
        data = leaf_data(1, RECORD, 1, "sổ", 0, b"")
        assert data[32:36] == (4).to_bytes(4, "big")
        assert data[36:40] == "sổ".encode()

    def test_negative_recorded_time_is_twos_complement(self) -> None:
        """recorded_time_us is a signed i64 (a time before 1970 still encodes)."""
        data = leaf_data(1, RECORD, 1, "t", -1, b"")
        assert data[-12:-4] == b"\xff" * 8

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("position", 0),
            ("version", 0),
            ("position", 2**64),
            ("version", 2**64),
            ("recorded_time_us", 2**63),
            ("recorded_time_us", -(2**63) - 1),
        ],
    )
    def test_refuses_values_outside_the_encoding(self, field: str, value: int) -> None:
        """A position or version below 1, or a field too wide for its width, is a ValueError."""
        with pytest.raises(ValueError, match=r"position|range"):
            leaf_data(**{**EVENT, field: value})


class TestLeafHash:
    def test_is_the_rfc9162_leaf_hash_of_the_leaf_data(self) -> None:
        """leaf_hash = SHA-256(0x00 || leaf_data) (RFC 9162 §2.1.1)."""
        data = leaf_data(**EVENT)
        assert leaf_hash(data) == hashlib.sha256(b"\x00" + data).digest()

    def test_fast_path_equals_the_two_step_computation(self) -> None:
        """leaf_hash_of_event gives the same bytes as leaf_hash(leaf_data(...))."""
        expected = leaf_hash(leaf_data(**EVENT))
        assert leaf_hash_of_event(**EVENT) == expected

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("position", 18),
            ("record_id", UUID(int=1)),
            ("version", 4),
            ("topic", "domain.directives.events:Revoked"),
            ("recorded_time_us", 1_763_780_000_000_001),
            ("payload", b'{"a":1} '),
        ],
    )
    def test_every_field_changes_the_hash(self, field: str, value: object) -> None:
        """A change to any one field of an event changes its leaf hash."""
        original = leaf_hash_of_event(**EVENT)
        assert leaf_hash_of_event(**{**EVENT, field: value}) != original

    def test_moving_bytes_between_topic_and_payload_changes_the_hash(self) -> None:
        """Length prefixes keep field boundaries: ("ab", "c") and ("a", "bc") differ."""
        a = leaf_hash_of_event(1, RECORD, 1, "ab", 0, b"c")
        b = leaf_hash_of_event(1, RECORD, 1, "a", 0, b"bc")
        assert a != b


class TestChainHash:
    def test_version_one_chains_from_32_zero_bytes(self) -> None:
        """chain_hash(None, h) = SHA-256(0^32 || h)."""
        h = hashlib.sha256(b"leaf").digest()
        assert bytes(32) == GENESIS_CHAIN
        assert chain_hash(None, h) == hashlib.sha256(bytes(32) + h).digest()

    def test_later_versions_chain_from_the_previous_chain_hash(self) -> None:
        """chain_hash(prev, h) = SHA-256(prev || h)."""
        prev, h = hashlib.sha256(b"p").digest(), hashlib.sha256(b"h").digest()
        assert chain_hash(prev, h) == hashlib.sha256(prev + h).digest()

    def test_refuses_hashes_of_the_wrong_length(self) -> None:
        """Both inputs must be 32 bytes."""
        with pytest.raises(ValueError, match="32-byte"):
            chain_hash(b"short", bytes(32))


class TestBase64:
    def test_round_trip_is_standard_padded_base64(self) -> None:
        """Encoding uses the standard alphabet with padding, and decodes back."""
        data = bytes([0xFB, 0xFF, 0xBF])
        assert b64encode(data) == "+/+/"
        assert b64encode(b"ab") == "YWI="
        assert b64decode("YWI=") == b"ab"

    @pytest.mark.parametrize(
        "text",
        ["YWI", "YWI==", "YW I=", "YWI=\n", "-_-_", "YWJ=", "ÿÿÿÿ", "YW\u00a0="],
        ids=[
            "no-padding",
            "extra-padding",
            "space",
            "newline",
            "urlsafe",
            "trailing-bits",
            "non-ascii",
            "nbsp",
        ],
    )
    def test_refuses_any_other_spelling(self, text: str) -> None:
        """Only the canonical spelling is accepted, so decoded values re-encode byte for byte."""
        with pytest.raises(ValueError, match="base64"):
            b64decode(text)

    def test_refuses_an_unexpected_length(self) -> None:
        """With length=32 a 2-byte value is refused."""
        with pytest.raises(ValueError, match="expected 32"):
            b64decode("YWI=", length=32)
