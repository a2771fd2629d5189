"""`socai backup`: the office's store backed up with the attachments its log refers to."""

from __future__ import annotations

from pathlib import Path

from api.bootstrap import Office
from infra.backup.take import TakenBackup, take_backup
from projections.custody import blobs_at


def backup_office(office: Office, out: Path) -> TakenBackup:
    """Back the office's store up into ``out`` (docs/operations.md, "Backup")."""

    def referenced(position: int) -> list[str]:
        office.projections.catch_up(until=position)  # the blob table as it stood at the position
        return blobs_at(office.store.db, position)

    return take_backup(office.settings, office.store.db, out, referenced, office.clock())
