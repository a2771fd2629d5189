"""Private files for backups: directories 0700, files 0600, written whole and synced, hashed."""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
from pathlib import Path
from typing import Final

FILE_MODE: Final = 0o600
DIR_MODE: Final = 0o700
CHUNK: Final = 1 << 20


def private_dir(path: Path) -> Path:
    """Create ``path`` and its missing parents, each 0700 (existing folders are left as they are)."""
    missing = []
    folder = path
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        created.mkdir(mode=DIR_MODE, exist_ok=True)
        created.chmod(DIR_MODE)  # the umask may have narrowed the mode given to mkdir
    return path


def sync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can fsync a directory
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def write_private(path: Path, data: bytes, *, replace: bool = False) -> None:
    """Write ``data`` to ``path`` (0600) through a synced temporary file renamed into place;
    refuse to replace an existing file unless ``replace``."""
    tmp = _temporary(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        tmp.chmod(FILE_MODE)
        if replace:
            tmp.replace(path)
        else:
            os.link(tmp, path)  # fails if the name exists
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    sync_dir(path.parent)


def copy_private(source: Path, target: Path) -> str:
    """Copy ``source`` to a new file ``target`` (0600, synced); return the SHA-256 of what was
    written, computed from the bytes as they were copied."""
    digest = hashlib.sha256()
    tmp = _temporary(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        tmp.chmod(FILE_MODE)
        tmp.replace(target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return digest.hexdigest()


def sha256_file(path: Path) -> tuple[str, int]:
    """The SHA-256 (lowercase hex) and size of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def empty_or_missing(path: Path) -> bool:
    """Whether ``path`` does not exist or is an empty directory."""
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
