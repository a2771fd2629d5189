"""Values the archive context shares: urgency, item kinds, attachments, retention arithmetic.

Retention counts from 1 January of the year after the work ended (Thông tư 10/2022/TT-BNV): a file
whose work ended on 12/06/2020 and is kept 5 years expires on 01/01/2026, the first day it may be
destroyed. ``None`` years means permanent (vĩnh viễn), which never expires.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from uuid import UUID


class Urgency(enum.StrEnum):
    """Độ khẩn: urgent documents are registered and passed on at once (ND 30, Art 4)."""

    NORMAL = "normal"  # thường
    KHAN = "khan"  # khẩn
    THUONG_KHAN = "thuong_khan"  # thượng khẩn
    HOA_TOC = "hoa_toc"  # hỏa tốc

    @property
    def label(self) -> str:
        return URGENCY_LABELS[self]

    @property
    def urgent(self) -> bool:
        return self is not Urgency.NORMAL


URGENCY_LABELS = {
    Urgency.NORMAL: "Thường",
    Urgency.KHAN: "Khẩn",
    Urgency.THUONG_KHAN: "Thượng khẩn",
    Urgency.HOA_TOC: "Hỏa tốc",
}


class ItemKind(enum.StrEnum):
    """What an archive command or a loan acts on."""

    INCOMING = "incoming"  # văn bản đến
    OUTGOING = "outgoing"  # văn bản đi
    DIRECTIVE = "directive"  # văn bản chỉ đạo (directives context)
    FILE = "file"  # hồ sơ

    @property
    def label(self) -> str:
        return {"incoming": "Văn bản đến", "outgoing": "Văn bản đi",
                "directive": "Văn bản chỉ đạo", "file": "Hồ sơ"}[self.value]


@dataclass(frozen=True)
class Attachment:
    """A file attached to a document: its content lives in the blob store under ``sha256``."""

    sha256: str  # lowercase hex of the content's SHA-256
    size: int
    media_type: str
    filename: str


@dataclass(frozen=True)
class RetentionClass:
    """A row of the retention table: ``years`` is ``None`` for permanent (vĩnh viễn)."""

    code: str
    name: str
    years: int | None
    active: bool = True

    @property
    def label(self) -> str:
        return retention_label(self.years)


def retention_label(years: int | None) -> str:
    return "Vĩnh viễn" if years is None else f"{years} năm"


def longest(periods: list[int | None]) -> int | None:
    """The longest of some retention periods: permanent (``None``) beats any number of years."""
    if not periods or any(p is None for p in periods):
        return None
    return max(p for p in periods if p is not None)


def retention_expires_on(ended_on: date, years: int | None) -> date | None:
    """The first day a record may be destroyed: 1 January of (year after the work ended + N)."""
    if years is None:
        return None
    return date(ended_on.year + 1 + years, 1, 1)


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


#: Handover to the office archive is due within 1 year after the work ended (ND 30 Art 30–31).
HANDOVER_YEARS = 1
#: A unit may keep a file back at most 2 more years, with the head's written approval.
KEEP_BACK_YEARS = 2
#: Only files kept 5 years or more are handed over to the office archive.
MIN_YEARS_FOR_ARCHIVE = 5
#: Transfer to the historical archive is due within 5 years of entering the office archive.
TRANSFER_YEARS = 5
#: Destruction happens within 15 days of the competent head's decision (TT 06/2025/TT-BNV).
DESTRUCTION_WINDOW_DAYS = 15


def handover_due(ended_on: date, kept_back_until: date | None) -> date:
    """The last day to hand a closed file over to the office archive."""
    due = add_years(ended_on, HANDOVER_YEARS)
    return max(due, kept_back_until) if kept_back_until else due


@dataclass(frozen=True)
class DestroyedDocument:
    """One document of a destroyed file, as the tombstone remembers it."""

    document_id: UUID
    kind: ItemKind
    label: str
    content_hashes: tuple[str, ...]


@dataclass(frozen=True)
class Tombstone:
    """What stays of a destroyed file: what it was, under which decision, by whom, and the hashes
    that prove which content was destroyed."""

    disposal_id: UUID
    decision_number: str
    decided_on: date
    decided_by: str
    council: tuple[str, ...]
    destroyed_on: date
    minutes_number: str
    executed_by: str
    documents: tuple[DestroyedDocument, ...]
    content_hashes: tuple[str, ...]
