"""What backups and restores ask the read models: attachments referred to at a position, and the
petitions whose identity was shredded. Both read temporal tables, so the caller catches the
projections up to the position first."""

from __future__ import annotations

from uuid import UUID

from infra.db import Database
from projections.archive.tables import BLOBS
from projections.petitions.register import PETITIONS
from projections.tables import as_of


def blobs_at(db: Database, position: int) -> list[str]:
    """The SHA-256 of every attachment some item referred to at ``position``."""
    where, params = as_of(position)
    with db.read() as cur:
        cur.execute(f"SELECT sha256 FROM {BLOBS.name} WHERE {where} AND refs > 0 ORDER BY sha256",
                    params)
        return [str(r[0]) for r in cur.fetchall()]


def shredded_petitions(db: Database) -> set[UUID]:
    """Every petition whose identity key the log says was shredded."""
    where, params = as_of(None)
    with db.read() as cur:
        cur.execute(f"SELECT petition_id FROM {PETITIONS.name} WHERE {where} "
                    "AND shredded_on IS NOT NULL", params)
        return {UUID(str(r[0])) for r in cur.fetchall()}
