"""Key backups: the petition keys, or (separately) the signing key, in a file that expires.

The keys are never in a database backup. `socai keys backup` writes them to a file of their own,
encrypted under a passphrase, that carries an expiry; `socai keys restore` refuses it once expired,
and never writes back the key of a petition that was shredded (the shred journal, the journal copy
inside the backup, and the store's own record of shreds).

The file is JSON (docs/operations.md, "Key custody"):

    {"format": "socai-key-backup/1", "kind": "petition-keys" | "signing-key", "origin": "…",
     "created_at": "…", "expires_at": "…", "counts": {…},
     "kdf": {"name": "scrypt", "salt": "…", "n": 32768, "r": 8, "p": 1},
     "cipher": "AES-256-GCM", "nonce": "…", "ciphertext": "…"}

Everything but ``ciphertext`` is the header; it is bound to the ciphertext as AES-GCM associated
data, so changing the expiry (or anything else in it) makes the file undecryptable. The plaintext is
JSON: the petition keys (id → base64), the matching secret and the shred journal's lines; or the
signing key's PEM and its verifier key line.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final, Literal
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from infra.backup.files import private_dir, write_private
from infra.keystore.files import KEY_BYTES, SECRET_BYTES, FileKeyStore
from infra.keystore.journal import Shred
from infra.ledger.keys import PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, ensure_key, load_key
from infra.ledger.note import KeyFormatError, VerifierKey, load_private_key_pem

FORMAT: Final = "socai-key-backup/1"
SCRYPT_N: Final = 2**15
SCRYPT_R: Final = 8
SCRYPT_P: Final = 1
MIN_PASSPHRASE: Final = 12

Kind = Literal["petition-keys", "signing-key"]


class KeyBackupRefused(Exception):
    """A key backup cannot be written or used as asked."""


class KeyBackupExpired(KeyBackupRefused):
    """The key backup's expiry has passed: it is not restored (make fresh ones regularly)."""


@dataclass(frozen=True)
class KeyBackup:
    """An opened key backup."""

    header: dict[str, Any]
    payload: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.header["kind"])

    @property
    def expires_at(self) -> datetime:
        return datetime.fromisoformat(self.header["expires_at"])


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _associated(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seal(kind: Kind, payload: dict[str, Any], *, origin: str, passphrase: str, now: datetime,
         days: int, counts: dict[str, int]) -> bytes:
    """The key backup file's bytes."""
    if len(passphrase) < MIN_PASSPHRASE:
        msg = (f"cụm mật khẩu quá ngắn (the passphrase must have at least {MIN_PASSPHRASE} "
               "characters)")
        raise KeyBackupRefused(msg)
    if days < 1:
        raise KeyBackupRefused("thời hạn phải ít nhất 1 ngày (the expiry is at least one day)")
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    header = {
        "format": FORMAT, "kind": kind, "origin": origin, "created_at": now.isoformat(),
        "expires_at": (now + timedelta(days=days)).isoformat(), "counts": counts,
        "kdf": {"name": "scrypt", "salt": _b64(salt), "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P},
        "cipher": "AES-256-GCM", "nonce": _b64(nonce),
    }
    key = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    plaintext = json.dumps(payload, sort_keys=True).encode("utf-8")
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, _associated(header))
    return (json.dumps({**header, "ciphertext": _b64(ciphertext)}, indent=1, sort_keys=True,
                       ensure_ascii=False) + "\n").encode("utf-8")


def open_backup(data: bytes, passphrase: str, now: datetime) -> KeyBackup:
    """Decrypt a key backup; refuse it if malformed, altered, under another passphrase, or
    expired (`KeyBackupExpired`)."""
    try:
        document = json.loads(data)
        header = {k: v for k, v in document.items() if k != "ciphertext"}
        if header.get("format") != FORMAT or header.get("kind") not in ("petition-keys",
                                                                        "signing-key"):
            raise ValueError("not a Sổ Cái key backup")
        kdf = header["kdf"]
        if kdf.get("name") != "scrypt":
            raise ValueError("unknown key derivation")
        expires = datetime.fromisoformat(header["expires_at"])
        key = _derive(passphrase, _unb64(kdf["salt"]), int(kdf["n"]), int(kdf["r"]), int(kdf["p"]))
        ciphertext, nonce = _unb64(document["ciphertext"]), _unb64(header["nonce"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyBackupRefused(f"tệp sao lưu khóa không đọc được (unreadable key backup: {exc})"
                               ) from None
    try:
        plaintext = AESGCM(key).decrypt(nonce, ciphertext, _associated(header))
    except InvalidTag:
        msg = ("sai cụm mật khẩu, hoặc tệp đã bị sửa (wrong passphrase, or the file was altered: "
               "its expiry and every other header field are bound to the ciphertext)")
        raise KeyBackupRefused(msg) from None
    if expires.tzinfo is None or now >= expires:
        msg = (f"bản sao lưu khóa đã hết hạn từ {expires.isoformat()} (the key backup expired; "
               "key backups are not restored after their expiry: use a fresh one)")
        raise KeyBackupExpired(msg)
    return KeyBackup(header, json.loads(plaintext))


# The petition keys ---------------------------------------------------------------------------------


def export_petition_keys(key_dir: Path, *, origin: str, passphrase: str, now: datetime,
                         days: int) -> bytes:
    """Every petition key, the matching secret and the shred journal, sealed."""
    store = FileKeyStore(key_dir)
    keys = {}
    if store.keys_dir.is_dir():
        for path in sorted(store.keys_dir.glob("*.key")):
            data = path.read_bytes()
            if len(data) == KEY_BYTES:
                keys[str(UUID(path.stem))] = _b64(data)
    secret = store.secret_path.read_bytes() if store.secret_path.is_file() else None
    journal = [s.line() for s in store.journal.read()]
    payload = {"petition_keys": keys, "match_secret": _b64(secret) if secret else None,
               "shred_journal": journal}
    counts = {"petition_keys": len(keys), "shreds": len(journal)}
    return seal("petition-keys", payload, origin=origin, passphrase=passphrase, now=now,
                days=days, counts=counts)


@dataclass
class RestoredKeys:
    """What `restore_petition_keys` did."""

    written: int = 0
    present: int = 0
    shredded: list[UUID] = field(default_factory=list)
    journal_added: int = 0
    secret_written: bool = False


def restore_petition_keys(backup: KeyBackup, key_dir: Path, *, origin: str,
                          shredded: set[UUID]) -> RestoredKeys:
    """Write back the keys the key directory lacks, except those of shredded petitions (the
    journal, the backup's journal copy, and ``shredded``: those the store records)."""
    if backup.kind != "petition-keys":
        raise KeyBackupRefused("tệp này không chứa khóa đơn thư (this file holds the signing key; "
                               "use --signing-key)")
    _same_origin(backup, origin)
    store = FileKeyStore(key_dir)
    result = RestoredKeys()
    copied = [s for s in map(Shred.parse, backup.payload.get("shred_journal", [])) if s]
    result.journal_added = store.journal.merge(copied)  # first: the journal only ever grows
    gone = store.journal.petitions() | shredded
    secret = backup.payload.get("match_secret")
    if secret is not None:
        raw = _unb64(secret)
        if len(raw) != SECRET_BYTES:
            raise KeyBackupRefused("the backup's matching secret is damaged")
        if store.secret_path.exists():
            if store.secret_path.read_bytes() != raw:
                msg = (f"{store.secret_path} khác với bản sao lưu (differs from the backup's: if it "
                       "was created after the loss, move it aside and restore again)")
                raise KeyBackupRefused(msg)
        else:
            private_dir(key_dir)
            write_private(store.secret_path, raw)
            result.secret_written = True
    private_dir(store.keys_dir)
    for text_id, encoded in sorted(backup.payload.get("petition_keys", {}).items()):
        petition_id = UUID(text_id)
        if petition_id in gone:
            result.shredded.append(petition_id)
            continue
        if store.has_key(petition_id):
            result.present += 1
            continue
        raw = _unb64(encoded)
        if len(raw) != KEY_BYTES:
            raise KeyBackupRefused(f"the backup's key of petition {petition_id} is damaged")
        write_private(store.keys_dir / f"{petition_id}.key", raw)
        result.written += 1
    return result


# The signing key -----------------------------------------------------------------------------------


def export_signing_key(key_dir: Path, *, origin: str, passphrase: str, now: datetime,
                       days: int) -> bytes:
    """The office's private signing key and its verifier key line, sealed."""
    try:
        key = load_key(key_dir, origin)
    except FileNotFoundError:
        raise KeyBackupRefused(f"chưa có khóa ký trong {key_dir} (no signing key)") from None
    except KeyFormatError as exc:
        raise KeyBackupRefused(f"khóa ký hỏng (bad signing key): {exc}") from None
    pem = (key_dir / PRIVATE_KEY_FILE).read_text("ascii")
    payload = {"signing_key_pem": pem, "verifier_key": key.verifier.to_text()}
    return seal("signing-key", payload, origin=origin, passphrase=passphrase, now=now, days=days,
                counts={"signing_keys": 1})


def restore_signing_key(backup: KeyBackup, key_dir: Path, *, origin: str) -> tuple[VerifierKey, bool]:
    """Write the signing key back if the key directory has none; return its verifier key and
    whether it was written. A different key already there is never replaced."""
    if backup.kind != "signing-key":
        raise KeyBackupRefused("tệp này không chứa khóa ký (this file holds petition keys)")
    _same_origin(backup, origin)
    pem = str(backup.payload["signing_key_pem"]).encode("ascii")
    private_key = load_private_key_pem(pem)
    verifier = VerifierKey.from_public_key(origin, private_key.public_key())
    if verifier.to_text() != backup.payload.get("verifier_key"):
        raise KeyBackupRefused("the backup's verifier key is not its private key's")
    existing = key_dir / PRIVATE_KEY_FILE
    if existing.exists():
        current = load_private_key_pem(existing.read_bytes())
        if VerifierKey.from_public_key(origin, current.public_key()).to_text() != verifier.to_text():
            msg = (f"{existing} là một khóa khác (holds another key: it is not replaced; if it was "
                   "made by mistake after the loss, move it aside and restore again)")
            raise KeyBackupRefused(msg)
        return verifier, False
    public = key_dir / PUBLIC_KEY_FILE
    if public.exists() and public.read_text("utf-8").strip() != verifier.to_text():
        msg = f"{public} holds another verifier key than the backup's signing key"
        raise KeyBackupRefused(msg)
    private_dir(key_dir)
    write_private(existing, pem)
    ensure_key(key_dir, origin)  # writes the .pub line if it is missing, and checks the pair
    return verifier, True


def _same_origin(backup: KeyBackup, origin: str) -> None:
    if backup.header.get("origin") != origin:
        msg = (f"bản sao lưu của nhật ký {backup.header.get('origin')!r}, không phải {origin!r} "
               "(the key backup belongs to another log origin)")
        raise KeyBackupRefused(msg)
