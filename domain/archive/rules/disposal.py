"""Rules of disposal (hủy tài liệu hết giá trị): propose, decide, destroy, cancel.

An appraisal council of at least three members proposes a list of expired files, the competent head
decides, and destruction happens within 15 days of the decision, with minutes (Thông tư
06/2025/TT-BNV). At every step each file must be closed or archived, past its retention (permanent
files never are) and under no legal hold. Destruction leaves a tombstone on every file: what was
destroyed, under which decision, by whom, and the hashes that prove what it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from uuid import UUID

from domain.archive.content import BlobUse
from domain.archive.disposal import Disposal, DisposalStatus
from domain.archive.errors import (
    CouncilRequired,
    DestructionWindowPassed,
    DisposalAlreadyDecided,
    DisposalClosed,
    DisposalDecisionMissing,
    FileNotDisposable,
    LegalHoldBlocksDisposal,
    RetentionNotExpired,
)
from domain.archive.files import ArchiveFile, FileStatus
from domain.archive.incoming import IncomingDocument
from domain.archive.outgoing import OutgoingDocument
from domain.archive.rules.common import fact_date, not_before
from domain.archive.rules.content import blob_events
from domain.archive.values import (
    DESTRUCTION_WINDOW_DAYS,
    DestroyedDocument,
    ItemKind,
    Tombstone,
)
from domain.errors import InvalidValue
from domain.events import Event
from domain.records import Context, required
from domain.text import clean

#: The appraisal council: the chair (the head or a deputy), the archivist, the unit whose records
#: they are.
MIN_COUNCIL = 3


def disposable(files: Iterable[ArchiveFile], day: date) -> list[ArchiveFile]:
    """The files, each closed or archived, past its retention on ``day`` and under no hold."""
    out = []
    for f in files:
        if f.status not in (FileStatus.CLOSED, FileStatus.ARCHIVED):
            msg = f"hồ sơ {f.reference} {f.status.label.lower()}: không thể hủy (not disposable)"
            raise FileNotDisposable(msg, file_id=str(f.id), status=f.status.value)
        if f.on_hold:
            msg = f"hồ sơ {f.reference} đang bị phong tỏa (a legal hold blocks disposal)"
            raise LegalHoldBlocksDisposal(msg, file_id=str(f.id))
        expires = f.expires_on
        if expires is None or day < expires:
            when = "vĩnh viễn" if expires is None else f"đến {expires.isoformat()}"
            msg = f"hồ sơ {f.reference} còn thời hạn bảo quản ({when}) (retention not expired)"
            raise RetentionNotExpired(msg, file_id=str(f.id),
                                      expires_on=expires.isoformat() if expires else "")
        out.append(f)
    return out


def propose_disposal(
    ctx: Context, files: Mapping[UUID, ArchiveFile | None], *, today: date, disposal_id: UUID,
    file_ids: Iterable[UUID], council: Iterable[str], proposal_reference: str,
    proposed_on: date | None = None,
) -> list[Event]:
    """The appraisal council (three members or more) proposes a list of files, each disposable
    on the day of the proposal. ``files`` holds the record of each id (``None``: no such file)."""
    members = tuple(dict.fromkeys(clean(m, "council", max_length=200) for m in council))
    if len(members) < MIN_COUNCIL:
        msg = f"council: hội đồng cần ít nhất {MIN_COUNCIL} thành viên (at least three members)"
        raise CouncilRequired(msg, field="council")
    ids = tuple(dict.fromkeys(file_ids))
    if not ids:
        msg = "file_ids: danh mục đề nghị hủy trống (the list is empty)"
        raise InvalidValue(msg, field="file_ids")
    day = fact_date(today, proposed_on, "proposed_on")
    disposable((required(files.get(i), ArchiveFile, i) for i in ids), day)
    return [ctx.event(Disposal.Proposed, disposal_id, 1, council=members, file_ids=ids,
                      proposed_on=day,
                      proposal_reference=clean(proposal_reference, "proposal_reference",
                                               max_length=200))]


def _open(d: Disposal) -> Disposal:
    """A destroyed or cancelled disposal takes no further action."""
    if d.status in (DisposalStatus.DESTROYED, DisposalStatus.CANCELLED):
        msg = f"đợt hủy đã {d.status.label.lower()} (disposal is closed)"
        raise DisposalClosed(msg, status=d.status.value)
    return d


def decide_disposal(
    ctx: Context, d: Disposal, files: Sequence[ArchiveFile], *, today: date,
    decision_number: str, decided_by: str, decided_on: date | None = None,
) -> list[Event]:
    """The competent head decides, once, on or after the proposal, while every proposed file
    (``files``) is still disposable."""
    _open(d)
    if d.status is not DisposalStatus.PROPOSED:
        msg = f"đợt hủy đã có quyết định {d.decision_number} (already decided)"
        raise DisposalAlreadyDecided(msg)
    day = not_before(fact_date(today, decided_on, "decided_on"), d.proposed_on, "decided_on")
    disposable(files, day)
    return [ctx.follow(d, Disposal.Decided,
                       decision_number=clean(decision_number, "decision_number", max_length=100),
                       decided_on=day,
                       decided_by=clean(decided_by, "decided_by", max_length=200))]


def destroy(
    ctx: Context, d: Disposal, files: Sequence[ArchiveFile],
    documents: Mapping[UUID, IncomingDocument | OutgoingDocument],
    uses: Mapping[str, BlobUse | None], *, today: date, minutes_number: str,
    destroyed_on: date | None = None,
) -> list[Event]:
    """Destroy the decided files, with a reason and minutes, within 15 days of the decision.

    Each file keeps a tombstone; each of its documents (``documents``: the incoming and outgoing
    ones, by id) is marked destroyed with the hashes of its content, and lets its blobs go
    (``uses``: each hash's use record). The disposal's own event lists every hash destroyed."""
    reason = ctx.required_reason("hủy tài liệu hết giá trị")
    _open(d)
    if d.status is not DisposalStatus.DECIDED or d.decided_on is None:
        msg = "chưa có quyết định hủy của người có thẩm quyền (no decision yet)"
        raise DisposalDecisionMissing(msg)
    day = not_before(fact_date(today, destroyed_on, "destroyed_on"), d.decided_on,
                     "destroyed_on")
    if day > d.decided_on + timedelta(days=DESTRUCTION_WINDOW_DAYS):
        msg = (f"quá {DESTRUCTION_WINDOW_DAYS} ngày kể từ quyết định ngày "
               f"{d.decided_on.isoformat()} (destruction window passed; a new decision is needed)")
        raise DestructionWindowPassed(msg, field="destroyed_on")
    kept = disposable(files, day)
    minutes = clean(minutes_number, "minutes_number", max_length=100)
    events: list[Event] = []
    released: list[tuple[str, UUID]] = []
    all_hashes: list[str] = []
    for f in kept:
        destroyed: list[DestroyedDocument] = []
        for filed in f.documents:
            hashes: tuple[str, ...] = ()
            if filed.kind in (ItemKind.INCOMING, ItemKind.OUTGOING):
                doc = documents[filed.document_id]
                hashes = tuple(a.sha256 for a in doc.attachments)
                cls = (IncomingDocument.Destroyed if filed.kind is ItemKind.INCOMING
                       else OutgoingDocument.Destroyed)
                events.append(ctx.follow(doc, cls, disposal_id=d.id,
                                         decision_number=d.decision_number or "",
                                         content_hashes=hashes, reason=reason))
                released += [(h, doc.id) for h in hashes]
            destroyed.append(DestroyedDocument(filed.document_id, filed.kind, filed.label,
                                               hashes))
            all_hashes += hashes
        tombstone = Tombstone(
            disposal_id=d.id, decision_number=d.decision_number or "",
            decided_on=d.decided_on, decided_by=d.decided_by or "", council=d.council,
            destroyed_on=day, minutes_number=minutes, executed_by=ctx.actor.username,
            documents=tuple(destroyed),
            content_hashes=tuple(sorted({h for x in destroyed for h in x.content_hashes})),
        )
        events.append(ctx.follow(f, ArchiveFile.Destroyed, tombstone=tombstone, reason=reason))
    events.append(ctx.follow(d, Disposal.Destroyed, destroyed_on=day, minutes_number=minutes,
                             executed_by=ctx.actor.username,
                             content_hashes=tuple(sorted(set(all_hashes))), reason=reason))
    return events + blob_events(ctx, uses, released=released)


def cancel_disposal(ctx: Context, d: Disposal) -> list[Event]:
    """Cancel a disposal not yet destroyed, with a reason."""
    reason = ctx.required_reason("hủy bỏ đợt hủy tài liệu")
    _open(d)
    return [ctx.follow(d, Disposal.Cancelled, reason=reason)]
