"""Files are private: what the store writes on disk is readable by its owner only.

The SQLite file and its WAL/SHM, blobs, keys, exports, case files, bundles and the witness file may
hold personal or secret data. At start-up the process umask is set to ``0o077`` (files 0600,
directories 0700), and files made before (by an older release, or under a looser umask) are
corrected: :func:`make_private` takes group and other permissions away under the data, key and blob
directories. Only counts are logged, never names (a file name could be personal).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from infra.settings import Settings

PRIVATE_UMASK = 0o077
"""Files 0600 and directories 0700 when created under it."""

_OPEN_TO_OTHERS = stat.S_IRWXG | stat.S_IRWXO


def set_private_umask() -> int:
    """Set the process umask to :data:`PRIVATE_UMASK`; return the one it replaces."""
    return os.umask(PRIVATE_UMASK)


def make_private(roots: Iterable[Path]) -> int:
    """Take group and other permissions from every file and directory under ``roots`` (and the
    roots themselves); return how many were changed. Symbolic links are not followed."""
    seen: set[Path] = set()
    changed = 0
    for root in roots:
        if not root.exists() or root.is_symlink():
            continue
        resolved = root.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        changed += _restrict(root)
        for folder, dirs, files in os.walk(root):
            base = Path(folder)
            for name in (*dirs, *files):
                path = base / name
                if path.is_symlink():
                    continue
                changed += _restrict(path)
    return changed


def _restrict(path: Path) -> int:
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:  # removed meanwhile (a temporary file)
        return 0
    if not mode & _OPEN_TO_OTHERS:
        return 0
    try:
        path.chmod(stat.S_IMODE(mode) & ~_OPEN_TO_OTHERS)
    except OSError:  # a read-only filesystem: corrected at the next start that can write
        return 0
    return 1


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) as 0700 directories; return it."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def store_paths(settings: Settings) -> tuple[list[Path], list[Path]]:
    """The directories the store owns (walked) and its single files (the SQLite file and its
    companions, which may live in a directory that is not ours)."""
    folders = [settings.data_dir, settings.keys_path, settings.blobs_path]
    files: list[Path] = []
    if not settings.is_postgres:
        db = settings.sqlite_path
        files = [db, *(db.with_name(db.name + suffix) for suffix in ("-wal", "-shm", "-journal"))]
    return folders, files


def protect_store_files(settings: Settings) -> int:
    """Correct the modes of everything the store keeps on disk; return how many were changed."""
    folders, files = store_paths(settings)
    changed = make_private(folders)
    for path in files:
        if path.exists() and not path.is_symlink():
            changed += _restrict(path)
    return changed
