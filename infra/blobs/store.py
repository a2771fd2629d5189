"""Attachments stored by the SHA-256 of their content, outside the event store.

Layout under the root (``SOCAI_DATA_DIR/blobs`` by default): ``ab/cd/abcd…`` for content whose hash
starts ``abcd``, and ``tmp/`` for uploads in progress. An upload is streamed into a temporary file
(hashed and counted as it comes, refused past the size limit), flushed to disk, and renamed into place
only after the command that refers to it is stored; a refused upload leaves nothing behind. Renames
and removals take a file lock on the store, so removing a blob no live item uses never races with a
new upload of the same content.
"""

from __future__ import annotations

import contextlib
import enum
import fcntl
import hashlib
import os
import stat
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from domain.errors import DomainError, InvalidValue
from infra.blobs.sniff import HEAD_BYTES, sniff

READ_CHUNK = 1 << 20


class UnsafeFileName(InvalidValue):
    """An attachment's name is a plain file name: no path, no separator, no control character."""


class UploadTooLarge(DomainError):
    """An attachment is at most the configured size (``SOCAI_MAX_ATTACHMENT_BYTES``)."""

    status = 413
    title = "Tệp đính kèm quá lớn"


class UploadTruncated(DomainError):
    """The upload ended before the length it announced: nothing is kept of a partial file."""

    status = 400
    title = "Tệp tải lên không trọn vẹn"


def safe_filename(name: str) -> str:
    """The name, NFC-normalised, or :class:`UnsafeFileName` if it looks like a path."""
    text = unicodedata.normalize("NFC", name or "").strip()
    bad = (
        not text
        or text in (".", "..")
        or any(sep in text for sep in ("/", "\\", ":"))
        or any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in text)
        or len(text.encode("utf-8")) > 255
    )
    if bad:
        msg = ("filename: tên tệp không hợp lệ (a plain file name is required, without '/', '\\', "
               "':', control characters or a path)")
        raise UnsafeFileName(msg, field="filename")
    return text


@dataclass(frozen=True)
class PendingBlob:
    """Content received and on disk in the temporary area, not yet in the store."""

    temp: Path
    sha256: str
    size: int
    media_type: str
    filename: str


class FixityResult(enum.StrEnum):
    OK = "ok"
    MISMATCH = "mismatch"
    MISSING = "missing"


class BlobWriter:
    """One upload in progress: ``write`` chunks, then ``finish`` (or ``abort``)."""

    def __init__(self, store: BlobStore, filename: str, declared_size: int | None) -> None:
        self.filename = safe_filename(filename)
        if declared_size is not None and declared_size > store.max_bytes:
            raise store.too_large()
        self.store = store
        self.declared_size = declared_size
        self.temp = store.tmp_dir / f"{uuid.uuid4().hex}.part"
        fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._file: BinaryIO | None = os.fdopen(fd, "wb")
        self._hash = hashlib.sha256()
        self._head = b""
        self.size = 0

    def write(self, chunk: bytes) -> None:
        if self._file is None:
            msg = "the upload is already finished"
            raise RuntimeError(msg)
        self.size += len(chunk)
        if self.size > self.store.max_bytes:
            self.abort()
            raise self.store.too_large()
        if len(self._head) < HEAD_BYTES:
            self._head += chunk[: HEAD_BYTES - len(self._head)]
        self._hash.update(chunk)
        self._file.write(chunk)

    def finish(self) -> PendingBlob:
        """Flush the content to disk; refuse (keeping nothing) if it is shorter than announced."""
        if self._file is None:
            msg = "the upload is already finished"
            raise RuntimeError(msg)
        if self.declared_size is not None and self.size != self.declared_size:
            self.abort()
            msg = (f"nhận {self.size} trong {self.declared_size} byte đã báo; tệp không được lưu "
                   "(the upload was cut short; nothing was stored)")
            raise UploadTruncated(msg, received=self.size, expected=self.declared_size)
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        self._file = None
        return PendingBlob(self.temp, self._hash.hexdigest(), self.size,
                           sniff(self._head, self.temp), self.filename)

    def abort(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self.temp.unlink(missing_ok=True)


class BlobStore:
    """Content by SHA-256 under ``root``; see the module docstring for the guarantees."""

    def __init__(self, root: Path, *, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.tmp_dir = root / "tmp"
        self.tmp_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        root.chmod(stat.S_IMODE(root.stat().st_mode) & 0o700)  # private (docs/security.md)
        self._lock_path = root / ".lock"

    def too_large(self) -> UploadTooLarge:
        msg = (f"tệp đính kèm vượt quá {self.max_bytes} byte; không được lưu "
               f"(attachments are limited to {self.max_bytes} bytes)")
        return UploadTooLarge(msg, limit=self.max_bytes)

    # Receiving -----------------------------------------------------------------------------------

    def writer(self, filename: str, declared_size: int | None = None) -> BlobWriter:
        return BlobWriter(self, filename, declared_size)

    def receive(self, chunks: Iterable[bytes], *, filename: str,
                declared_size: int | None = None) -> PendingBlob:
        """Stream ``chunks`` into a pending blob (see :class:`BlobWriter`)."""
        w = self.writer(filename, declared_size)
        try:
            for chunk in chunks:
                w.write(chunk)
        except BaseException:
            w.abort()
            raise
        return w.finish()

    def keep(self, pending: PendingBlob) -> Path:
        """Move pending content into the store (once the command referring to it is stored)."""
        target = self.path(pending.sha256)
        with self._locked():
            if target.exists():
                pending.temp.unlink(missing_ok=True)
                return target
            for folder in (target.parent.parent, target.parent):  # 0700, each level
                folder.mkdir(mode=0o700, exist_ok=True)
            pending.temp.replace(target)
            _fsync_dir(target.parent)
        return target

    def discard(self, pending: PendingBlob) -> None:
        pending.temp.unlink(missing_ok=True)

    # Reading -------------------------------------------------------------------------------------

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            msg = "not a SHA-256 in lowercase hex"
            raise ValueError(msg)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def stream(self, sha256: str, chunk_size: int = READ_CHUNK) -> Iterator[bytes]:
        with open(self.path(sha256), "rb") as f:
            while chunk := f.read(chunk_size):
                yield chunk

    def verify(self, sha256: str) -> tuple[FixityResult, int]:
        """Re-hash one blob: OK, MISMATCH (content changed) or MISSING; and the bytes read."""
        digest = hashlib.sha256()
        size = 0
        try:
            for chunk in self.stream(sha256):
                digest.update(chunk)
                size += len(chunk)
        except FileNotFoundError:
            return FixityResult.MISSING, 0
        return (FixityResult.OK if digest.hexdigest() == sha256 else FixityResult.MISMATCH), size

    # Removing ------------------------------------------------------------------------------------

    def remove(self, sha256: str, unused: Callable[[], bool]) -> bool:
        """Delete the blob if ``unused()`` (asked under the lock) still says no item refers to it."""
        target = self.path(sha256)
        with self._locked():
            if not unused():
                return False
            try:
                target.unlink()
            except FileNotFoundError:
                return False
            _fsync_dir(target.parent)
        return True

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
