"""Attachments in a backup: content-addressed copies, checked by their names.

The blob store (``infra/blobs``) keeps content under ``ab/cd/<sha256>``, renamed into place just
after the command that refers to it is stored. A backup copies the blobs that the log refers to at
its position (a blob whose command committed just before the snapshot may still be on its way into
place: it is waited for briefly), into the same layout, hashing while copying.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from infra.backup.files import copy_private, private_dir, sha256_file

SETTLE_SECONDS: Final = 5.0


def blob_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256[2:4] / sha256


def is_sha256(name: str) -> bool:
    return len(name) == 64 and all(c in "0123456789abcdef" for c in name)


@dataclass
class BlobCopy:
    """What was copied: hash → size; and what could not be (missing, or content not its name)."""

    copied: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(self.copied.values())


def copy_blobs(source_root: Path, target_root: Path, hashes: Iterable[str], *,
               settle: float = SETTLE_SECONDS) -> BlobCopy:
    """Copy each blob from the live store into the backup, checking its content against its name.

    A blob not there yet is waited for up to ``settle`` seconds in all (its command may have
    committed a moment before the snapshot); one still absent is reported missing.
    """
    result = BlobCopy()
    waiting: list[str] = []
    for sha in sorted(set(hashes)):
        if not _copy_one(source_root, target_root, sha, result):
            waiting.append(sha)
    deadline = time.monotonic() + settle
    while waiting and time.monotonic() < deadline:
        time.sleep(0.1)
        waiting = [sha for sha in waiting if not _copy_one(source_root, target_root, sha, result)]
    result.missing.extend(waiting)
    return result


def _copy_one(source_root: Path, target_root: Path, sha: str, result: BlobCopy) -> bool:
    """Copy one blob; False if it is not in the store (yet)."""
    source = blob_path(source_root, sha)
    if not source.is_file():
        return False
    target = blob_path(target_root, sha)
    private_dir(target.parent)
    digest = copy_private(source, target)
    if digest != sha:
        target.unlink(missing_ok=True)
        result.damaged.append(sha)
    else:
        result.copied[sha] = target.stat().st_size
    return True


def restore_blobs(backup_root: Path, store_root: Path, hashes: Iterable[str]) -> int:
    """Copy the backup's blobs into the live store where they are not already (content-addressed:
    a blob that exists with the right content is kept); return how many were copied."""
    copied = 0
    for sha in sorted(set(hashes)):
        target = blob_path(store_root, sha)
        if target.is_file() and sha256_file(target)[0] == sha:
            continue
        private_dir(target.parent)
        if copy_private(blob_path(backup_root, sha), target) != sha:
            target.unlink(missing_ok=True)
            msg = f"the backup's blob {sha} does not hold the content its name says"
            raise ValueError(msg)
        copied += 1
    return copied
