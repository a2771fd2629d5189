"""Offline verifier of a record bundle (docs/verifying.md §7): standard library and `cryptography`.

A bundle verifies when (1) its checkpoint's signature verifies under the pinned key, named for the
bundle's origin; (2) the checkpoint's tree size is ``tree_size`` and no event lies beyond it; (3)
every leaf hash is recomputed from the event's fields (§2–§3) and ``leaf_index = position − 1``;
(4) every inclusion proof leads from the leaf hash to the signed root (RFC 9162 §2.1.3.2); (5) the
events all belong to ``record_id``, are listed by version ``1..k`` with no gap, positions increase,
and every chain hash is recomputed from the previous one (§3).

Usage: ``python -m infra.ledger.verifier BUNDLE.json [--key OFFICE.pub]`` (also a case file,
§7.1); exit 0 verified, 1 refused, 2 usage error (unreadable file, malformed key file).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from infra.ledger.bundle import FORMAT, LoggedEvent
from infra.ledger.encoding import HASH_SIZE, b64decode, b64encode, chain_hash, leaf_hash_of_event
from infra.ledger.merkle import ProofError, verify_inclusion
from infra.ledger.note import KeyFormatError, NoteError, VerifierKey, open_checkpoint

_T = TypeVar("_T")

_BUNDLE_FIELDS = frozenset(
    {"format", "origin", "public_key", "record_id", "checkpoint", "tree_size", "events"}
)
_EVENT_FIELDS = frozenset(
    {
        "position",
        "leaf_index",
        "record_id",
        "version",
        "topic",
        "recorded_time_us",
        "payload",
        "leaf_hash",
        "chain_hash",
        "inclusion_proof",
    }
)


class BundleRejected(Exception):
    """The bundle does not verify; ``reason`` says what is wrong, ``position`` at which event."""

    def __init__(self, reason: str, position: int | None = None) -> None:
        super().__init__(reason if position is None else f"event at position {position}: {reason}")
        self.reason = reason
        self.position = position


@dataclass(frozen=True)
class BundleReport:
    """What a verified bundle proves, and under which key."""

    origin: str
    record_id: UUID
    tree_size: int
    root_hash: bytes
    positions: tuple[int, ...]
    key: VerifierKey
    key_pinned: bool
    embedded_key_matches: bool

    @property
    def versions(self) -> int:
        """k: the record's versions 1..k are in the bundle."""
        return len(self.positions)

    def lines(self) -> list[str]:
        """Return a short human summary."""
        out = [
            f"verified: record {self.record_id}, versions 1..{self.versions} "
            f"at positions {', '.join(map(str, self.positions))}",
            f"included in the log {self.origin} of size {self.tree_size}, "
            f"root {b64encode(self.root_hash)}",
            f"checkpoint signed by {self.key.to_text()}",
        ]
        if not self.key_pinned:
            out.append(
                "WARNING: the key was NOT pinned: it came inside the bundle, so this shows only "
                "that the bundle is self-consistent. Pass the office's key with --key."
            )
        elif not self.embedded_key_matches:
            out.append("note: the key inside the bundle differs from the pinned key (ignored)")
        out.append(
            f"not shown: that the record has no version after {self.versions} "
            f"below size {self.tree_size}"
        )
        return out


def _get(obj: Mapping[str, Any], name: str, kind: type[_T], where: str) -> _T:
    """Return ``obj[name]`` if it is of JSON type ``kind`` (an int is never a bool)."""
    if name not in obj:
        raise BundleRejected(f"{where}: missing field {name!r}")
    value = obj[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise BundleRejected(f"{where}: field {name!r} must be of type {kind.__name__}")
    return value


def _check_fields(obj: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise BundleRejected(f"{where}: unknown field(s) {unknown}")


def _uuid(text: str, where: str) -> UUID:
    try:
        value = UUID(text)
    except ValueError:
        raise BundleRejected(f"{where}: {text!r} is not a UUID") from None
    if str(value) != text:
        raise BundleRejected(f"{where}: UUID {text!r} is not in canonical lowercase form")
    return value


def _b64(text: str, where: str, length: int | None = None) -> bytes:
    try:
        return b64decode(text, length=length)
    except ValueError as exc:
        raise BundleRejected(f"{where}: {exc}") from None


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise BundleRejected("the JSON repeats a key inside one object")
    return obj


def _load(bundle: Mapping[str, Any] | bytes) -> Mapping[str, Any]:
    if isinstance(bundle, bytes):
        try:
            bundle = json.loads(bundle.decode("utf-8"), object_pairs_hook=_reject_duplicate_keys)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BundleRejected(f"not a UTF-8 JSON document: {exc}") from None
    if not isinstance(bundle, Mapping):
        raise BundleRejected("a bundle is a JSON object")
    if _get(bundle, "format", str, "bundle") != FORMAT:
        raise BundleRejected(f"bundle: format is not {FORMAT!r}")
    _check_fields(bundle, _BUNDLE_FIELDS, "bundle")
    return bundle


def _event(raw: object, i: int) -> tuple[LoggedEvent, list[bytes]]:
    """Parse events[i] into a `LoggedEvent` and its inclusion proof (types only, no checks)."""
    where = f"events[{i}]"
    if not isinstance(raw, Mapping):
        raise BundleRejected(f"{where} is not an object")
    _check_fields(raw, _EVENT_FIELDS, where)
    position = _get(raw, "position", int, where)
    where = f"event at position {position}"
    if _get(raw, "leaf_index", int, where) != position - 1:
        raise BundleRejected("leaf_index is not position − 1", position)
    proof = _get(raw, "inclusion_proof", list, where)
    if not all(isinstance(h, str) for h in proof):
        raise BundleRejected("inclusion_proof must be a list of base64 strings", position)
    event = LoggedEvent(
        position=position,
        record_id=_uuid(_get(raw, "record_id", str, where), where),
        version=_get(raw, "version", int, where),
        topic=_get(raw, "topic", str, where),
        recorded_time_us=_get(raw, "recorded_time_us", int, where),
        payload=_b64(_get(raw, "payload", str, where), f"{where}: payload"),
        leaf_hash=_b64(_get(raw, "leaf_hash", str, where), f"{where}: leaf_hash", HASH_SIZE),
        chain_hash=_b64(_get(raw, "chain_hash", str, where), f"{where}: chain_hash", HASH_SIZE),
    )
    return event, [_b64(h, f"{where}: inclusion_proof", HASH_SIZE) for h in proof]


def _recomputed_leaf_hash(event: LoggedEvent) -> bytes:
    try:
        return leaf_hash_of_event(
            event.position,
            event.record_id,
            event.version,
            event.topic,
            event.recorded_time_us,
            event.payload,
        )
    except ValueError as exc:
        raise BundleRejected(f"cannot encode the event: {exc}", event.position) from None


def verify_bundle(
    bundle: Mapping[str, Any] | bytes, pinned_key: VerifierKey | None
) -> BundleReport:
    """Check conditions 1–5 of docs/verifying.md §7; raise `BundleRejected` naming the fault.

    ``bundle`` is the parsed JSON object or the file's bytes. Without ``pinned_key`` the key inside
    the bundle is used, and the report says so (``key_pinned`` is False).
    """
    obj = _load(bundle)
    origin = _get(obj, "origin", str, "bundle")
    record_id = _uuid(_get(obj, "record_id", str, "bundle"), "bundle: record_id")
    tree_size = _get(obj, "tree_size", int, "bundle")
    raw_events = _get(obj, "events", list, "bundle")
    try:
        embedded = VerifierKey.parse(_get(obj, "public_key", str, "bundle"))
    except KeyFormatError as exc:
        raise BundleRejected(f"bundle: public_key: {exc}") from None
    key = pinned_key if pinned_key is not None else embedded

    # 1. The checkpoint is signed by the key, whose name is the bundle's origin.
    if key.name != origin:
        raise BundleRejected(f"the bundle's origin {origin!r} is not the key's name {key.name!r}")
    try:
        checkpoint = open_checkpoint(_get(obj, "checkpoint", str, "bundle"), key)
    except NoteError as exc:
        raise BundleRejected(f"checkpoint: {exc}") from None
    # 2. The checkpoint covers tree_size.
    if checkpoint.size != tree_size:
        raise BundleRejected(
            f"tree_size {tree_size} is not the checkpoint's size {checkpoint.size}"
        )
    if not raw_events:
        raise BundleRejected("the bundle holds no event")

    positions: list[int] = []
    previous_chain: bytes | None = None
    for i, raw in enumerate(raw_events):
        event, proof = _event(raw, i)
        _check_event(event, proof, record_id, i + 1, positions, checkpoint.root_hash, tree_size)
        # 5. The chain hash follows from the previous version's.
        if chain_hash(previous_chain, event.leaf_hash) != event.chain_hash:
            raise BundleRejected(
                "chain_hash does not follow from the previous version", event.position
            )
        previous_chain = event.chain_hash
        positions.append(event.position)

    return BundleReport(
        origin=origin,
        record_id=record_id,
        tree_size=tree_size,
        root_hash=checkpoint.root_hash,
        positions=tuple(positions),
        key=key,
        key_pinned=pinned_key is not None,
        embedded_key_matches=embedded == key,
    )


def _check_event(
    event: LoggedEvent,
    proof: Sequence[bytes],
    record_id: UUID,
    version: int,
    earlier: Sequence[int],
    root_hash: bytes,
    tree_size: int,
) -> None:
    """Conditions 2–5 for one event (the chain hash aside), in that order of cheapness."""
    position = event.position
    if event.record_id != record_id:
        raise BundleRejected(f"belongs to record {event.record_id}, not {record_id}", position)
    if event.version != version:
        raise BundleRejected(
            f"version {event.version} where {version} was expected (versions run 1..k, in order)",
            position,
        )
    if earlier and position <= earlier[-1]:
        raise BundleRejected(
            f"position is not after version {version - 1}'s {earlier[-1]}", position
        )
    if not 1 <= position <= tree_size:
        raise BundleRejected(
            f"position is outside the checkpoint's tree of size {tree_size}", position
        )
    if _recomputed_leaf_hash(event) != event.leaf_hash:
        raise BundleRejected("leaf_hash does not match the event's fields (§2–§3)", position)
    try:
        verify_inclusion(position - 1, tree_size, event.leaf_hash, proof, root_hash)
    except ProofError as exc:
        raise BundleRejected(f"inclusion proof: {exc.reason}", position) from None


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """Verify a bundle file; print what it proves. Exit 0 verified, 1 refused, 2 usage error."""
    parser = argparse.ArgumentParser(
        prog=prog, description="Verify a Sổ Cái record bundle offline (docs/verifying.md §7)."
    )
    parser.add_argument("bundle", type=Path, help="the bundle JSON file")
    parser.add_argument(
        "--key",
        type=Path,
        help="file holding the office's verifier key line (§6), obtained out of band; without "
        "it the key inside the bundle is used, which proves only self-consistency",
    )
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    try:
        data = args.bundle.read_bytes()
        key = VerifierKey.parse(args.key.read_text("utf-8").strip()) if args.key else None
    except (OSError, UnicodeDecodeError, KeyFormatError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    # A case file (§7.1) holds bundles: its module imports this one, so it is imported here.
    from infra.ledger.casefile import CaseFileRejected, is_case_file, verify_case_file

    try:
        if is_case_file(data):
            lines = verify_case_file(data, key).lines()
        else:
            lines = verify_bundle(data, key).lines()
    except (BundleRejected, CaseFileRejected) as exc:
        sys.stderr.write(f"REFUSED: {exc}\n")
        return 1
    sys.stdout.write("".join(f"{line}\n" for line in lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
