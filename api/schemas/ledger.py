"""Answers of the ledger routes (docs/verifying.md §4–§6 shapes; hashes in standard base64)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from domain.ledger.model import Ledger


class CheckpointOut(BaseModel):
    version: int = Field(description="the checkpoint's number: 1 for the first one signed")
    position: int | None = Field(description="where the checkpoint's own record sits in the log")
    tree_size: int = Field(description="the checkpoint commits to positions 1..tree_size")
    root_hash: str = Field(description="RFC 9162 root of those events (base64)")
    note: str = Field(description="the C2SP signed note (docs/verifying.md §5)",
                      examples=["socai.local/office-log\n42\nqH0…=\n\n— socai.local/office-log "
                                "AbC…=\n"])
    signed_at: datetime
    key_id: str = Field(description="the signing key's ID (8 hex digits)")
    signed_by: str = Field(description="the user who signed (ledger-signer for the policy)")

    @classmethod
    def of(cls, event: Ledger.CheckpointSigned, position: int | None) -> CheckpointOut:
        return cls(
            version=event.originator_version, position=position, tree_size=event.tree_size,
            root_hash=event.root_hash, note=event.note, signed_at=event.signed_at,
            key_id=event.key_id, signed_by=event.actor.username,
        )
