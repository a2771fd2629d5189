"""Per-petition AES-256-GCM keys and the office's matching secret, as files apart from the store.

Why files under ``Settings.keys_path`` and not a table in the database: the key store must live
outside the event store's trust domain. Database dumps, backups, read replicas and the offline
ledger bundles copy every table; a key kept beside its ciphertext would travel with it, and
"destroying" it would leave copies in every backup. A file per key can be destroyed on its own,
backed up (or not) under a different policy, and put on another volume or an HSM-backed mount by
the operator. Each key file and the secret are created with mode 0600 in a 0700 directory.

Key material is never logged, never put in an event and never returned by any method here.
Destroying a key overwrites the file before unlinking it; on copy-on-write or journalled file
systems and SSDs the overwrite is best effort, which is why the directory should sit on a volume
whose backups follow the same destruction (docs/petitions.md, "Shredding").
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.petitions.identity import KeyUnavailable
from infra.keystore.journal import ShredJournal

KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # the GCM standard nonce
SECRET_BYTES = 32
PSEUDONYM_HEX = 32  # 128 bits of the HMAC: enough to never collide in an office's lifetime


def _write_new(path: Path, data: bytes) -> bool:
    """Create ``path`` with mode 0600 holding ``data``; False if it already exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    return True


class FileKeyStore:
    """`domain.petitions.identity.KeyStore` over files in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.keys_dir = directory / "petition-keys"
        self.secret_path = directory / "petition-match.secret"
        self.journal = ShredJournal(directory)

    def _ready(self) -> None:
        for folder in (self.directory, self.keys_dir):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)

    def _path(self, petition_id: UUID) -> Path:
        return self.keys_dir / f"{petition_id}.key"

    def _key(self, petition_id: UUID) -> bytes:
        try:
            key = self._path(petition_id).read_bytes()
        except FileNotFoundError:
            raise KeyUnavailable(str(petition_id)) from None
        if len(key) != KEY_BYTES:
            raise KeyUnavailable(str(petition_id))
        return key

    def create_key(self, petition_id: UUID) -> None:
        self._ready()
        _write_new(self._path(petition_id), secrets.token_bytes(KEY_BYTES))

    def has_key(self, petition_id: UUID) -> bool:
        return self._path(petition_id).exists()

    def seal(self, petition_id: UUID, plaintext: bytes, associated: bytes) -> tuple[bytes, bytes]:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce, AESGCM(self._key(petition_id)).encrypt(nonce, plaintext, associated)

    def open(self, petition_id: UUID, nonce: bytes, ciphertext: bytes, associated: bytes) -> bytes:
        try:
            return AESGCM(self._key(petition_id)).decrypt(nonce, ciphertext, associated)
        except InvalidTag:
            raise KeyUnavailable(str(petition_id)) from None

    def destroy_key(self, petition_id: UUID, shredded_at: int | None = None) -> bool:
        """Record the shred in the journal (unless it is there already), then destroy the key."""
        if petition_id not in self.journal.petitions():
            self._ready()
            self.journal.record(petition_id, shredded_at, datetime.now(UTC))
        return self.erase_key(petition_id)

    def erase_key(self, petition_id: UUID) -> bool:
        """Overwrite and unlink the key file, if there is one (a restore re-applying a shred)."""
        path = self._path(petition_id)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            return False
        with contextlib.suppress(OSError), open(path, "r+b") as handle:
            handle.write(b"\0" * size)
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink(missing_ok=True)
        return True

    def _secret(self) -> bytes:
        self._ready()
        _write_new(self.secret_path, secrets.token_bytes(SECRET_BYTES))
        secret = self.secret_path.read_bytes()
        if len(secret) != SECRET_BYTES:
            msg = f"the matching secret {self.secret_path} is damaged"
            raise RuntimeError(msg)
        return secret

    def pseudonym(self, normalised: str) -> str:
        digest = hmac.new(self._secret(), normalised.encode("utf-8"), hashlib.sha256)
        return digest.hexdigest()[:PSEUDONYM_HEX]
