"""Signed checkpoints: C2SP signed notes with Ed25519 keys (docs/verifying.md §5–§6).

- https://c2sp.org/signed-note: a text ending in a newline, a blank line, and signature lines
  ``— <key name> base64(key ID || signature)``; key ID = SHA-256(name || 0x0A || 0x01 || key)[:4].
- https://c2sp.org/tlog-checkpoint: a note text of origin, tree size and root hash (the Merkle tree
  head of RFC 9162 §2.1.1), one per line. Socai writes no extension lines and accepts none.
- The verifier key text ``<name>+<8 hex>+<base64(0x01 || public key)>`` is the trust anchor (§6).

Ed25519 is RFC 8032. Every refusal is a `ValueError` subclass naming what is wrong.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Final

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from infra.ledger.encoding import HASH_SIZE, b64decode, b64encode

ED25519_TYPE: Final = b"\x01"
"""The signed-note signature type byte of Ed25519."""

SIGNATURE_PREFIX: Final = "\u2014 "
"""A signature line starts with U+2014 EM DASH and a space."""

MAX_SIGNATURES: Final = 100
"""Notes with more signature lines are refused (C2SP asks verifiers to accept at least 16)."""

_KEY_ID_HEX = re.compile(r"[0-9a-f]{8}")
_TREE_SIZE = re.compile(r"0|[1-9][0-9]*")
_MAX_TREE_SIZE: Final = 2**64 - 1


class KeyFormatError(ValueError):
    """A key name, verifier key text or private key file is not acceptable."""


class NoteError(ValueError):
    """A signed note is refused."""


class MalformedNoteError(NoteError):
    """The note breaks the signed-note syntax (encoding, control characters, blank line, lines)."""


class UnverifiedNoteError(NoteError):
    """The note carries no signature by the expected key (name and key ID)."""


class InvalidSignatureError(NoteError):
    """A signature by the expected key does not verify: the whole note is refused."""


class CheckpointFormatError(NoteError):
    """A checkpoint body breaks the tlog-checkpoint format, or its origin is not the key's name."""


def _control_character(text: str) -> str | None:
    """Return the first control character (Unicode category Cc) of ``text``, if any."""
    return next((c for c in text if unicodedata.category(c) == "Cc"), None)


def check_key_name(name: str) -> None:
    """Refuse a key name C2SP forbids: empty, with a space, a '+' or a control character."""
    if not name or "+" in name or any(c.isspace() for c in name) or _control_character(name):
        raise KeyFormatError(f"invalid key name {name!r}: non-empty, no spaces, '+' or controls")


def key_id(name: str, public_key: bytes) -> bytes:
    """Return the 4-byte key ID: SHA-256(name || 0x0A || 0x01 || public key)[:4] (signed-note)."""
    return hashlib.sha256(name.encode() + b"\n" + ED25519_TYPE + public_key).digest()[:4]


@dataclass(frozen=True)
class VerifierKey:
    """A named Ed25519 public key: the trust anchor of docs/verifying.md §6."""

    name: str
    public_key: bytes
    key_id: bytes = field(init=False)
    _key: Ed25519PublicKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Validate the name and the 32-byte key; derive the key ID."""
        check_key_name(self.name)
        if len(self.public_key) != 32:
            raise KeyFormatError(f"an Ed25519 public key is 32 bytes, not {len(self.public_key)}")
        try:
            key = Ed25519PublicKey.from_public_bytes(self.public_key)
        except ValueError as exc:
            raise KeyFormatError(f"not an Ed25519 public key: {exc}") from None
        object.__setattr__(self, "key_id", key_id(self.name, self.public_key))
        object.__setattr__(self, "_key", key)

    @classmethod
    def from_public_key(cls, name: str, public_key: Ed25519PublicKey) -> VerifierKey:
        """Name a `cryptography` Ed25519 public key."""
        return cls(name, public_key.public_bytes_raw())

    @classmethod
    def parse(cls, text: str) -> VerifierKey:
        """Read ``<name>+<8 lowercase hex>+<base64(0x01 || key)>``, checking the key ID."""
        parts = text.split("+", 2)
        if len(parts) != 3:
            raise KeyFormatError("a verifier key is <name>+<key id>+<base64 key>")
        name, hex_id, encoded = parts
        check_key_name(name)
        if not _KEY_ID_HEX.fullmatch(hex_id):
            raise KeyFormatError(f"key ID {hex_id!r} is not 8 lowercase hex digits")
        try:
            typed = b64decode(encoded)
        except ValueError as exc:
            raise KeyFormatError(f"verifier key: {exc}") from None
        if typed[:1] != ED25519_TYPE:
            raise KeyFormatError("verifier key is not of type 0x01 (Ed25519)")
        key = cls(name, typed[1:])
        if key.key_id.hex() != hex_id:
            raise KeyFormatError(
                f"key ID {hex_id} does not match the key (expected {key.key_id.hex()})"
            )
        return key

    def to_text(self) -> str:
        """Return the verifier key text of §6."""
        return f"{self.name}+{self.key_id.hex()}+{b64encode(ED25519_TYPE + self.public_key)}"

    def verify(self, signature: bytes, message: bytes) -> bool:
        """Return whether ``signature`` is this key's Ed25519 signature of ``message``."""
        try:
            self._key.verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class NoteSignature:
    """One signature line: key name, key ID and the signature bytes."""

    name: str
    key_id: bytes
    signature: bytes


def _check_text(text: str, what: str) -> None:
    """Refuse text a signed note cannot hold: not UTF-8-encodable, or a control other than LF."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise MalformedNoteError(f"{what} is not valid UTF-8") from None
    bad = next((i for i, c in enumerate(text) if c < " " and c != "\n"), None)
    if bad is not None:
        raise MalformedNoteError(f"{what} holds control character U+{ord(text[bad]):04X} at {bad}")


def parse_note(note: str | bytes) -> tuple[str, list[NoteSignature]]:
    """Split a signed note into its text and signature lines (nothing is verified)."""
    if isinstance(note, bytes):
        try:
            note = note.decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedNoteError("the note is not valid UTF-8") from None
    _check_text(note, "the note")
    split = note.rfind("\n\n")
    if split < 0:
        raise MalformedNoteError("the note has no blank line before its signatures")
    text, block = note[: split + 1], note[split + 2 :]
    if not block.endswith("\n"):
        raise MalformedNoteError("the note must end with a signature line and a newline")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise MalformedNoteError(f"the note has more than {MAX_SIGNATURES} signatures")
    signatures = []
    for line in lines:
        if not line.startswith(SIGNATURE_PREFIX):
            raise MalformedNoteError(f"line {line[:80]!r} is not a signature line ('— name sig')")
        name, _, encoded = line[len(SIGNATURE_PREFIX) :].partition(" ")
        try:
            check_key_name(name)
            raw = b64decode(encoded)
        except ValueError:
            raise MalformedNoteError(f"malformed signature line {line[:80]!r}") from None
        if len(raw) < 5:
            raise MalformedNoteError(f"signature line {line[:80]!r} is too short")
        signatures.append(NoteSignature(name, raw[:4], raw[4:]))
    return text, signatures


def sign_note(body: str, name: str, private_key: Ed25519PrivateKey) -> str:
    """Return ``body`` signed by ``private_key`` under key name ``name`` (one signature line)."""
    if not body.endswith("\n"):
        raise MalformedNoteError("a note text must end with a newline")
    _check_text(body, "the note text")
    key = VerifierKey.from_public_key(name, private_key.public_key())
    signature = private_key.sign(body.encode("utf-8"))
    return f"{body}\n{SIGNATURE_PREFIX}{name} {b64encode(key.key_id + signature)}\n"


def open_note(note: str | bytes, verifier: VerifierKey) -> str:
    """Return the text of a note signed by ``verifier``, refusing it otherwise.

    Signatures by other keys (another name or key ID) are ignored; a signature by ``verifier``
    that fails refuses the whole note (`InvalidSignatureError`); none at all is
    `UnverifiedNoteError`; bad syntax is `MalformedNoteError`.
    """
    text, signatures = parse_note(note)
    message = text.encode("utf-8")
    verified = False
    for sig in signatures:
        if sig.name == verifier.name and sig.key_id == verifier.key_id:
            if not verifier.verify(sig.signature, message):
                raise InvalidSignatureError(f"invalid signature by key {_label(verifier)}")
            verified = True
    if not verified:
        raise UnverifiedNoteError(f"the note has no signature by key {_label(verifier)}")
    return text


def _label(key: VerifierKey) -> str:
    return f"{key.name}+{key.key_id.hex()}"


@dataclass(frozen=True)
class Checkpoint:
    """A tlog-checkpoint: the log's origin, its tree size and its RFC 9162 root hash."""

    origin: str
    size: int
    root_hash: bytes

    def __post_init__(self) -> None:
        """Refuse an empty origin or one with control characters, a size out of u64, a bad hash."""
        if not self.origin or _control_character(self.origin):
            raise CheckpointFormatError(f"invalid origin {self.origin!r}")
        if not 0 <= self.size <= _MAX_TREE_SIZE:
            raise CheckpointFormatError(f"tree size {self.size} is out of range")
        if len(self.root_hash) != HASH_SIZE:
            raise CheckpointFormatError(f"a root hash is {HASH_SIZE} bytes")

    def body(self) -> str:
        """Return the note text: origin, decimal size and base64 root, each ending in a newline."""
        return f"{self.origin}\n{self.size}\n{b64encode(self.root_hash)}\n"

    @classmethod
    def parse(cls, body: str) -> Checkpoint:
        """Read a checkpoint body of exactly three lines (no extension lines)."""
        lines = body.split("\n")
        if len(lines) != 4 or lines[3] != "":
            raise CheckpointFormatError(
                "a checkpoint is three lines (origin, tree size, root hash), each ending in LF"
            )
        origin, size, root = lines[:3]
        if not _TREE_SIZE.fullmatch(size):
            raise CheckpointFormatError(f"tree size {size[:30]!r} is not decimal without leading 0")
        try:
            root_hash = b64decode(root, length=HASH_SIZE)
        except ValueError as exc:
            raise CheckpointFormatError(f"root hash: {exc}") from None
        return cls(origin, int(size), root_hash)


def sign_checkpoint(checkpoint: Checkpoint, private_key: Ed25519PrivateKey) -> str:
    """Return the checkpoint as a signed note, under key name = origin (§5)."""
    return sign_note(checkpoint.body(), checkpoint.origin, private_key)


def open_checkpoint(note: str | bytes, verifier: VerifierKey) -> Checkpoint:
    """Verify a signed checkpoint and return it; its origin must be the verifier key's name."""
    checkpoint = Checkpoint.parse(open_note(note, verifier))
    if checkpoint.origin != verifier.name:
        raise CheckpointFormatError(
            f"checkpoint origin {checkpoint.origin!r} is not the key name {verifier.name!r}"
        )
    return checkpoint


def generate_private_key() -> Ed25519PrivateKey:
    """Return a new Ed25519 private key."""
    return Ed25519PrivateKey.generate()


def private_key_to_pem(private_key: Ed25519PrivateKey) -> bytes:
    """Return the key as unencrypted PKCS#8 PEM (the file is protected by mode 0600, §6)."""
    return private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_private_key_pem(data: bytes) -> Ed25519PrivateKey:
    """Read an unencrypted PKCS#8 PEM Ed25519 private key; refuse anything else."""
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise KeyFormatError(f"not an unencrypted PEM private key: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFormatError(f"the private key is {type(key).__name__}, not Ed25519")
    return key
