"""The manifest of a backup directory (``manifest.json``; docs/operations.md, "Backup").

It says what the backup holds and where the log stood when it was taken, and gives the SHA-256 of
every other file in the directory, so that a copy can be checked anywhere before it is trusted:

    {"format": "socai-backup/1", "store": "sqlite" | "postgresql", "created_at": "…Z",
     "origin": "…", "log": {"position": N, "head_leaf_hash": "…", "root_hash": "…",
     "recorded_at": "…"}, "counts": {"events": N, "checkpoints": K, "blobs": B, "blob_bytes": S},
     "database": {"file": "socai.sqlite" | "socai.pgdump", "schema": "…"},
     "missing_blobs": [...], "files": {"relative/path": {"sha256": "…", "size": n}, …}}

Hashes of the log are standard base64 (as in checkpoints); file hashes lowercase hex.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, Final

from infra.backup.files import write_private

FORMAT: Final = "socai-backup/1"
MANIFEST: Final = "manifest.json"
SQLITE_FILE: Final = "socai.sqlite"
PG_DUMP_FILE: Final = "socai.pgdump"
BLOB_DIR: Final = "blobs"
PUBLIC_KEY_DIR: Final = "keys"


class BackupUnreadable(Exception):
    """The backup directory has no readable manifest, or the manifest is malformed."""


@dataclass(frozen=True)
class LogState:
    """Where the log stood in the backup."""

    position: int
    head_leaf_hash: str | None
    root_hash: str
    recorded_at: str | None


@dataclass(frozen=True)
class FileEntry:
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    store: str
    created_at: str
    origin: str
    log: LogState
    counts: dict[str, int]
    database: dict[str, str]
    files: dict[str, FileEntry] = field(default_factory=dict)
    missing_blobs: list[str] = field(default_factory=list)
    format: str = FORMAT

    @property
    def created(self) -> datetime:
        return datetime.fromisoformat(self.created_at)

    def to_json(self) -> bytes:
        data = asdict(self)
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()

    def write(self, directory: Path) -> None:
        write_private(directory / MANIFEST, self.to_json())

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / MANIFEST
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            raise BackupUnreadable(f"không có {MANIFEST} trong {directory} "
                                   f"(no {MANIFEST}: not a backup directory)") from None
        except (OSError, ValueError) as exc:
            raise BackupUnreadable(f"{path} không đọc được (unreadable): {exc}") from None
        try:
            return cls._from_dict(data)
        except (KeyError, TypeError, ValueError) as exc:
            raise BackupUnreadable(f"{path} sai định dạng (malformed manifest): {exc}") from None

    @classmethod
    def _from_dict(cls, data: Any) -> Manifest:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            msg = f"format is not {FORMAT}"
            raise ValueError(msg)
        log = data["log"]
        files = {}
        for name, entry in dict(data["files"]).items():
            _safe_relative(name)
            files[name] = FileEntry(str(entry["sha256"]), int(entry["size"]))
        manifest = cls(
            store=str(data["store"]), created_at=str(data["created_at"]),
            origin=str(data["origin"]),
            log=LogState(int(log["position"]), log.get("head_leaf_hash"), str(log["root_hash"]),
                         log.get("recorded_at")),
            counts={str(k): int(v) for k, v in dict(data["counts"]).items()},
            database={str(k): str(v) for k, v in dict(data["database"]).items()},
            files=files, missing_blobs=[str(b) for b in data.get("missing_blobs", [])],
        )
        if manifest.store not in ("sqlite", "postgresql"):
            msg = f"unknown store kind {manifest.store!r}"
            raise ValueError(msg)
        manifest.created.isoformat()  # a malformed time is refused here
        return manifest


def _safe_relative(name: str) -> None:
    """A file named in a manifest stays inside the backup directory."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name:
        msg = f"file name {name!r} leaves the backup directory"
        raise ValueError(msg)
