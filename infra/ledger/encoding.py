"""Canonical encoding of an event and the hashes stored with it (docs/verifying.md §2–§3).

The leaf hash is the RFC 9162 §2.1.1 leaf hash, ``SHA-256(0x00 || leaf_data)``; the chain hash links
the events of one record. Everything here is pure and imports only the standard library, so that an
independent verifier can be checked against it byte for byte.

Hashes, keys and signatures are written in standard base64 with padding (RFC 4648 §4); `b64decode`
accepts only that canonical spelling, so that a decoded value re-encodes to the very same text.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from typing import Final
from uuid import UUID

HASH_SIZE: Final = 32
"""Length in bytes of every hash in the ledger (SHA-256)."""

GENESIS_CHAIN: Final = bytes(HASH_SIZE)
"""The previous chain hash of a record's version 1 (32 zero bytes, §3)."""

LEAF_PREFIX: Final = b"\x00"
"""RFC 9162 §2.1.1 domain separation byte of a leaf hash."""

_sha256 = hashlib.sha256
# 'x' is a pad byte, always 0x00: the leaf prefix rides in the same pack as the fixed-width head.
# 0x00, u64 position, 16-byte record id, u64 version, u32 len(topic):
_HEAD: Final = struct.Struct(">xQ16sQI")
_MIDDLE: Final = struct.Struct(">qI")  # i64 recorded time, u32 len(payload)


def _pack(
    position: int,
    record_id: UUID,
    version: int,
    topic: str,
    recorded_time_us: int,
    payload: bytes,
) -> bytes:
    """Return ``0x00 || leaf_data``, refusing values the encoding cannot represent."""
    if position < 1 or version < 1:
        raise ValueError(f"position and version start at 1, not {position} and {version}")
    topic_bytes = topic.encode("utf-8")
    try:
        return b"".join(
            (
                _HEAD.pack(position, record_id.bytes, version, len(topic_bytes)),
                topic_bytes,
                _MIDDLE.pack(recorded_time_us, len(payload)),
                payload,
            )
        )
    except struct.error as exc:
        raise ValueError(f"event field out of range for the leaf encoding: {exc}") from None


def leaf_data(
    position: int,
    record_id: UUID,
    version: int,
    topic: str,
    recorded_time_us: int,
    payload: bytes,
) -> bytes:
    """Return the canonical leaf data of an event (docs/verifying.md §2).

    ``u64(position) || record_id (16 bytes) || u64(version) || u32(len(topic)) || topic ||
    i64(recorded_time_us) || u32(len(payload)) || payload``, lengths in bytes, topic in UTF-8.
    Raises `ValueError` for a position or version below 1 or a field that does not fit its width.
    """
    return _pack(position, record_id, version, topic, recorded_time_us, payload)[1:]


def leaf_hash(data: bytes) -> bytes:
    """Return the RFC 9162 §2.1.1 leaf hash ``SHA-256(0x00 || data)`` of some leaf data."""
    return _sha256(LEAF_PREFIX + data).digest()


def leaf_hash_of_event(
    position: int,
    record_id: UUID,
    version: int,
    topic: str,
    recorded_time_us: int,
    payload: bytes,
) -> bytes:
    """Return ``leaf_hash(leaf_data(...))`` with one pack and one SHA-256 call (hot path)."""
    return _sha256(_pack(position, record_id, version, topic, recorded_time_us, payload)).digest()


def chain_hash(previous: bytes | None, leaf: bytes) -> bytes:
    """Return ``SHA-256(previous_chain_hash || leaf_hash)`` (docs/verifying.md §3).

    ``previous`` is the chain hash of the same record's previous version, or None for version 1
    (which chains from `GENESIS_CHAIN`).
    """
    if previous is None:
        previous = GENESIS_CHAIN
    if len(previous) != HASH_SIZE or len(leaf) != HASH_SIZE:
        raise ValueError("chain_hash takes 32-byte hashes")
    return _sha256(previous + leaf).digest()


def b64encode(data: bytes) -> str:
    """Return standard base64 with padding (RFC 4648 §4)."""
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str, *, length: int | None = None) -> bytes:
    """Decode canonical standard base64 with padding (RFC 4648 §4), refusing anything else.

    Refused with `ValueError`: characters outside the alphabet (including whitespace
    and line breaks), missing or extra padding, non-zero trailing bits (any spelling that would not
    re-encode to the same text), and, when ``length`` is given, a decoded length other than it.
    """
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise ValueError(f"malformed base64: {text[:60]!r}") from None
    if base64.b64encode(data).decode("ascii") != text:
        raise ValueError(f"non-canonical base64: {text[:60]!r}")
    if length is not None and len(data) != length:
        raise ValueError(f"base64 value decodes to {len(data)} bytes, expected {length}")
    return data
