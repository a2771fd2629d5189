"""The office's Ed25519 signing key, kept in files outside the database (docs/verifying.md §6).

In the key directory (``SOCAI_KEY_DIR``, default ``SOCAI_DATA_DIR/keys``):

- ``ledger-ed25519.pem``: the private key, unencrypted PKCS#8 PEM, mode 0600;
- ``ledger-ed25519.pub``: the C2SP verifier key line (key name = the log's origin) and a newline.

The key is created once (`ensure_key`: ``socai keys init`` or the first start). Two processes may
start at once: each writes a complete key to a temporary file of its own (``O_CREAT | O_EXCL``,
mode 0600, synced) and links it to the final name, which fails if the name exists; the loser
deletes its temporary file and reads the winner's key. So the final file, once it exists, is whole.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from infra.ledger.note import (
    KeyFormatError,
    VerifierKey,
    generate_private_key,
    load_private_key_pem,
    private_key_to_pem,
)

PRIVATE_KEY_FILE: Final = "ledger-ed25519.pem"
PUBLIC_KEY_FILE: Final = "ledger-ed25519.pub"


@dataclass(frozen=True)
class SigningKey:
    """The office's private key and its verifier key (named for the log's origin)."""

    private_key: Ed25519PrivateKey
    verifier: VerifierKey
    directory: Path

    @property
    def private_path(self) -> Path:
        """The PEM file."""
        return self.directory / PRIVATE_KEY_FILE

    @property
    def public_path(self) -> Path:
        """The verifier key file."""
        return self.directory / PUBLIC_KEY_FILE

    def public_pem(self) -> str:
        """The public key as SubjectPublicKeyInfo PEM (for tools that do not read C2SP keys)."""
        return (
            self.private_key.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode("ascii")
        )


def _write_new(path: Path, data: bytes, mode: int) -> bool:
    """Create ``path`` holding ``data`` unless it exists; return whether this call created it.

    The data goes to a private temporary file first, is synced, then linked to ``path``: the link
    fails if another process got there first, so ``path`` is never seen half-written.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        tmp.chmod(mode)  # the umask may have narrowed the mode given to os.open
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _sync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can fsync a directory
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def load_key(directory: Path, origin: str) -> SigningKey:
    """Read the key pair; refuse a public key file that does not match the private key and origin.

    Raises `FileNotFoundError` if there is no private key, `KeyFormatError` if a file is damaged
    or names another origin.
    """
    private_key = load_private_key_pem((directory / PRIVATE_KEY_FILE).read_bytes())
    verifier = VerifierKey.from_public_key(origin, private_key.public_key())
    public_path = directory / PUBLIC_KEY_FILE
    if public_path.exists():
        found = public_path.read_text("utf-8").strip()
        if found != verifier.to_text():
            raise KeyFormatError(
                f"{public_path} holds {found[:80]!r}, which is not the verifier key of "
                f"{PRIVATE_KEY_FILE} under the origin {origin!r} ({verifier.to_text()})"
            )
    return SigningKey(private_key, verifier, directory)


def ensure_key(directory: Path, origin: str) -> tuple[SigningKey, bool]:
    """Return the key pair in ``directory``, creating it if there is none; and whether it was made.

    Safe if several processes call it at once: exactly one key is created and all return it.
    """
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    private_path = directory / PRIVATE_KEY_FILE
    created = False
    if not private_path.exists():
        created = _write_new(private_path, private_key_to_pem(generate_private_key()), 0o600)
        _sync_directory(directory)
    private_key = load_private_key_pem(private_path.read_bytes())
    verifier = VerifierKey.from_public_key(origin, private_key.public_key())
    public_path = directory / PUBLIC_KEY_FILE
    if not public_path.exists():
        _write_new(public_path, f"{verifier.to_text()}\n".encode("ascii"), 0o600)
        _sync_directory(directory)
    return load_key(directory, origin), created


def read_verifier_key(path: Path) -> VerifierKey:
    """Read a verifier key file (one line, §6); raise `KeyFormatError` or `OSError`."""
    return VerifierKey.parse(path.read_text("utf-8").strip())
