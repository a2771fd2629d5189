"""Personal data of a petitioner: what it is, how it is normalised, and the key store's protocol.

The domain never holds a key. It hands the plaintext to a :class:`KeyStore` (``infra/keystore``),
which seals it with the petition's own key (AES-256-GCM) and gives back a nonce and a ciphertext;
events hold those and a keyed pseudonym (HMAC-SHA256 of the normalised identity with an office
secret), so repeats are matched without anyone reading a name.
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

from domain.text import clean, clean_optional


@dataclass(frozen=True)
class Scan:
    """A handwriting scan (or a reference to one in the blob store)."""

    media_type: str
    data: bytes = b""
    blob_ref: str | None = None


@dataclass(frozen=True)
class Identity:
    """Who wrote the petition. Never stored or shown in the clear."""

    name: str
    address: str | None = None
    id_number: str | None = None
    phone: str | None = None
    scans: tuple[Scan, ...] = field(default_factory=tuple)

    def cleaned(self) -> Identity:
        return Identity(
            name=clean(self.name, "identity.name", max_length=300),
            address=clean_optional(self.address, "identity.address", max_length=500),
            id_number=clean_optional(self.id_number, "identity.id_number", max_length=40),
            phone=clean_optional(self.phone, "identity.phone", max_length=40),
            scans=self.scans,
        )

    def present_fields(self) -> tuple[str, ...]:
        """Which fields are filled (safe to show: no values)."""
        names = [n for n in ("name", "address", "id_number", "phone") if getattr(self, n)]
        if self.scans:
            names.append("scans")
        return tuple(names)

    def to_bytes(self) -> bytes:
        body = {
            "name": self.name, "address": self.address, "id_number": self.id_number,
            "phone": self.phone,
            "scans": [{"media_type": s.media_type, "data": base64.b64encode(s.data).decode(),
                       "blob_ref": s.blob_ref} for s in self.scans],
        }
        return json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> Identity:
        body = json.loads(raw.decode("utf-8"))
        scans = tuple(Scan(s["media_type"], base64.b64decode(s["data"]), s.get("blob_ref"))
                      for s in body.get("scans", []))
        return cls(body["name"], body.get("address"), body.get("id_number"), body.get("phone"),
                   scans)


_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


def normalised_identity(identity: Identity) -> str:
    """The text a person's petitions are matched on: the ID number when given, else name and
    address; NFC, case-folded, spaces collapsed. Input to the keyed hash only, never stored."""
    if identity.id_number:
        digits = re.sub(r"[^0-9A-Za-z]", "", identity.id_number)
        return "id:" + _norm(digits)
    return "na:" + _norm(identity.name) + "|" + _norm(identity.address or "")


@dataclass(frozen=True)
class SealedIdentity:
    """What the events hold: ciphertext, nonce, the keyed pseudonym and which fields exist."""

    nonce: bytes
    ciphertext: bytes
    pseudonym: str
    fields: tuple[str, ...]


def pseudonym_label(pseudonym: str | None) -> str:
    """What registers, statistics and uncleared readers see instead of a name."""
    if not pseudonym:
        return "Ẩn danh"
    return f"Người gửi #{pseudonym[:8].upper()}"


def associated_data(petition_id: UUID) -> bytes:
    """Binds a ciphertext to its petition: moved to another record, it does not decrypt."""
    return b"socai-petition-identity-v1|" + petition_id.bytes


class KeyUnavailable(Exception):
    """Raised by a key store when a petition's key does not exist (never created, or destroyed)."""


class KeyStore(Protocol):
    """One key per petition, kept apart from the event store, and the office's matching secret."""

    def create_key(self, petition_id: UUID) -> None:
        """Make the petition's key if it has none (idempotent)."""
        ...

    def seal(self, petition_id: UUID, plaintext: bytes, associated: bytes) -> tuple[bytes, bytes]:
        """Encrypt with the petition's key; return (nonce, ciphertext)."""
        ...

    def open(self, petition_id: UUID, nonce: bytes, ciphertext: bytes, associated: bytes) -> bytes:
        """Decrypt, or raise :class:`KeyUnavailable`."""
        ...

    def destroy_key(self, petition_id: UUID, shredded_at: int | None = None) -> bool:
        """Destroy the petition's key; True if there was one. ``shredded_at`` is the log position
        of the petition's ``IdentityShredded`` event (None if not known here), kept in the key
        store's shred journal so that a restore destroys a restored key again."""
        ...

    def has_key(self, petition_id: UUID) -> bool: ...

    def pseudonym(self, normalised: str) -> str:
        """HMAC-SHA256 of the normalised identity with the office secret, as hex."""
        ...
