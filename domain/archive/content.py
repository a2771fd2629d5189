"""Who refers to each blob of content, and the fixity runs that re-hash them.

The blob store (``infra/blobs``) keeps content by SHA-256 outside the log. A :class:`BlobUse` record
per hash says which live items refer to it, written in the same transaction as the attachment or the
destruction, so a blob is removed only when no live item refers to it any more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol
from uuid import UUID, uuid5

from domain.archive.incoming import ARCHIVE_NAMESPACE
from domain.events import Event
from domain.records import Fold, Record, new_record


def blob_use_id(sha256: str) -> UUID:
    return uuid5(ARCHIVE_NAMESPACE, f"blob|{sha256}")


class ContentStore(Protocol):
    """What the archive needs of the blob store: removing content no live item refers to."""

    def remove(self, sha256: str, unused: Callable[[], bool]) -> bool:
        """Delete the blob if ``unused()`` still says so (checked under the store's lock)."""
        ...


@dataclass(frozen=True, kw_only=True)
class BlobUse(Record):
    sha256: str
    items: frozenset[UUID] = frozenset()

    @dataclass(frozen=True, kw_only=True)
    class Referenced(Event):
        sha256: str
        item_id: UUID
        size: int

    @dataclass(frozen=True, kw_only=True)
    class Released(Event):
        sha256: str
        item_id: UUID


@dataclass(frozen=True, kw_only=True)
class FixityRun(Record):
    """One run of `socai fixity`: how many blobs were re-hashed and which failed."""

    checked: int
    mismatched: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.mismatched and not self.missing

    @dataclass(frozen=True, kw_only=True)
    class FixityChecked(Event):
        started_at: datetime
        checked: int
        bytes_checked: int
        mismatched: tuple[str, ...]
        missing: tuple[str, ...]


fold_blob_use: Fold[BlobUse] = Fold(BlobUse)
fold_fixity: Fold[FixityRun] = Fold(FixityRun)


@fold_blob_use.on(BlobUse.Referenced)
def _referenced(state: BlobUse | None, e: BlobUse.Referenced) -> BlobUse:
    base = state or new_record(BlobUse, e, sha256=e.sha256)
    return replace(base, items=base.items | {e.item_id})


@fold_blob_use.on(BlobUse.Released)
def _released(b: BlobUse, e: BlobUse.Released) -> BlobUse:
    return replace(b, items=b.items - {e.item_id})


@fold_fixity.on(FixityRun.FixityChecked)
def _checked(_: None, e: FixityRun.FixityChecked) -> FixityRun:
    return new_record(FixityRun, e, checked=e.checked, mismatched=e.mismatched, missing=e.missing)
