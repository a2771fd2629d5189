"""Commands on the retention table and on disposals: propose, decide, destroy, cancel.

Destruction writes, in one transaction: the disposal's minutes, a tombstone on every file, a
``Destroyed`` event on every document in them, and the release of their blobs; after it is stored,
the blobs that no live item refers to any more are removed from the blob store.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from uuid import UUID, uuid4

from domain.application import Receipt
from domain.archive.commands.base import ArchiveBase
from domain.archive.disposal import (
    RETENTION_TABLE_ID,
    Disposal,
    DisposalStatus,
    RetentionTable,
    fold_disposal,
    fold_retention,
)
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
from domain.archive.values import (
    DESTRUCTION_WINDOW_DAYS,
    DestroyedDocument,
    ItemKind,
    RetentionClass,
    Tombstone,
)
from domain.errors import InvalidValue
from domain.events import Event
from domain.records import Context, expect_version
from domain.text import clean, clean_code

MIN_COUNCIL = 3  # chair (the head or deputy), the archivist, the unit whose records they are


class DisposalCommands(ArchiveBase):
    # The retention table (admin) ------------------------------------------------------------------

    def define_retention_class(
        self, ctx: Context, *, code: str, name: str, years: int | None, active: bool = True
    ) -> Receipt:
        """Add or change a row of the retention table (``years`` None: permanent). Files already
        holding the class keep the years they were given: nothing is extended silently."""
        if years is not None and not 1 <= years <= 100:
            msg = "years: từ 1 đến 100 năm, hoặc để trống nếu vĩnh viễn (1–100, or permanent)"
            raise InvalidValue(msg, field="years")
        rc = RetentionClass(clean_code(code, "code"), clean(name, "name", max_length=300), years,
                            active)
        table = self.find(RETENTION_TABLE_ID, fold_retention)
        event = ctx.event(RetentionTable.Defined, RETENTION_TABLE_ID,
                          (table.version if table else 0) + 1, retention_class=rc)
        return self.record([event], record_id=RETENTION_TABLE_ID)

    def retention_table(self) -> RetentionTable | None:
        return self.find(RETENTION_TABLE_ID, fold_retention)

    # Disposals ------------------------------------------------------------------------------------

    def get_disposal(self, disposal_id: UUID, *, version: int | None = None) -> Disposal:
        return self.load(disposal_id, fold_disposal, version=version)

    def _disposable(self, file_ids: Iterable[UUID], day: date) -> list[ArchiveFile]:
        """The files, each closed or archived, past its retention on ``day`` and under no hold."""
        files = []
        for file_id in file_ids:
            f = self.get_file(file_id)
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
            files.append(f)
        return files

    def propose_disposal(
        self, ctx: Context, *, file_ids: Iterable[UUID], council: Iterable[str],
        proposal_reference: str, proposed_on: date | None = None,
    ) -> Receipt:
        """The appraisal council proposes a list of expired files for destruction."""
        members = tuple(dict.fromkeys(clean(m, "council", max_length=200) for m in council))
        if len(members) < MIN_COUNCIL:
            msg = f"council: hội đồng cần ít nhất {MIN_COUNCIL} thành viên (at least three members)"
            raise CouncilRequired(msg, field="council")
        ids = tuple(dict.fromkeys(file_ids))
        if not ids:
            msg = "file_ids: danh mục đề nghị hủy trống (the list is empty)"
            raise InvalidValue(msg, field="file_ids")
        day = self._fact_date(ctx, proposed_on, "proposed_on")
        self._disposable(ids, day)
        disposal_id = uuid4()
        event = ctx.event(Disposal.Proposed, disposal_id, 1, council=members, file_ids=ids,
                          proposed_on=day,
                          proposal_reference=clean(proposal_reference, "proposal_reference",
                                                   max_length=200))
        return self.record([event], record_id=disposal_id)

    def _open_disposal(self, disposal_id: UUID, expected: int | None) -> Disposal:
        d = self.get_disposal(disposal_id)
        expect_version(d, expected)
        if d.status in (DisposalStatus.DESTROYED, DisposalStatus.CANCELLED):
            msg = f"đợt hủy đã {d.status.label.lower()} (disposal is closed)"
            raise DisposalClosed(msg, status=d.status.value)
        return d

    def decide_disposal(
        self, ctx: Context, disposal_id: UUID, expected: int | None, *, decision_number: str,
        decided_by: str, decided_on: date | None = None,
    ) -> Receipt:
        """The competent head's decision to destroy the proposed files."""
        d = self._open_disposal(disposal_id, expected)
        if d.status is not DisposalStatus.PROPOSED:
            msg = f"đợt hủy đã có quyết định {d.decision_number} (already decided)"
            raise DisposalAlreadyDecided(msg)
        day = self._not_before(self._fact_date(ctx, decided_on, "decided_on"), d.proposed_on,
                               "decided_on")
        self._disposable(d.file_ids, day)
        event = ctx.follow(d, Disposal.Decided,
                           decision_number=clean(decision_number, "decision_number",
                                                 max_length=100),
                           decided_on=day, decided_by=clean(decided_by, "decided_by",
                                                            max_length=200))
        return self.record([event], record_id=d.id)

    def destroy(
        self, ctx: Context, disposal_id: UUID, expected: int | None, *, minutes_number: str,
        destroyed_on: date | None = None,
    ) -> Receipt:
        """Destroy the decided files within 15 days of the decision, with minutes; each file
        keeps a tombstone and its documents' content leaves the blob store."""
        reason = ctx.required_reason("hủy tài liệu hết giá trị")
        d = self._open_disposal(disposal_id, expected)
        if d.status is not DisposalStatus.DECIDED or d.decided_on is None:
            msg = "chưa có quyết định hủy của người có thẩm quyền (no decision yet)"
            raise DisposalDecisionMissing(msg)
        day = self._not_before(self._fact_date(ctx, destroyed_on, "destroyed_on"), d.decided_on,
                               "destroyed_on")
        if day > d.decided_on + timedelta(days=DESTRUCTION_WINDOW_DAYS):
            msg = (f"quá {DESTRUCTION_WINDOW_DAYS} ngày kể từ quyết định ngày "
                   f"{d.decided_on.isoformat()} (destruction window passed; a new decision is needed)")
            raise DestructionWindowPassed(msg, field="destroyed_on")
        files = self._disposable(d.file_ids, day)
        minutes = clean(minutes_number, "minutes_number", max_length=100)
        events: list[Event] = []
        released: list[tuple[str, UUID]] = []
        all_hashes: list[str] = []
        for f in files:
            destroyed: list[DestroyedDocument] = []
            for filed in f.documents:
                hashes: tuple[str, ...] = ()
                if filed.kind in (ItemKind.INCOMING, ItemKind.OUTGOING):
                    doc = self.document(filed.kind, filed.document_id)
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
            events.append(ctx.follow(f, ArchiveFile.Destroyed, tombstone=tombstone,
                                     reason=reason))
        hashes_all = tuple(sorted(set(all_hashes)))
        events.append(ctx.follow(d, Disposal.Destroyed, destroyed_on=day, minutes_number=minutes,
                                 executed_by=ctx.actor.username, content_hashes=hashes_all,
                                 reason=reason))
        events += self._blob_events(ctx, released=released)
        receipt = self.record(events, record_id=d.id)
        self.erase_unused(hashes_all)
        return receipt

    def cancel_disposal(self, ctx: Context, disposal_id: UUID, expected: int | None) -> Receipt:
        reason = ctx.required_reason("hủy bỏ đợt hủy tài liệu")
        d = self._open_disposal(disposal_id, expected)
        return self.record([ctx.follow(d, Disposal.Cancelled, reason=reason)], record_id=d.id)
