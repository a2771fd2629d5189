"""Commands on files (hồ sơ): open, add documents, close, keep back, hand over with an archival
code, declassify, transfer to the historical archive, place and release legal holds."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from domain.actors import Secrecy
from domain.application import Receipt
from domain.archive.commands.base import ArchiveBase
from domain.archive.disposal import RETENTION_TABLE_ID, fold_retention
from domain.archive.errors import (
    ArchivalCodeTaken,
    DocumentAlreadyFiled,
    DocumentDestroyed,
    EmptyFileNotClosed,
    EndBeforeOpening,
    FileGone,
    FileNotClosed,
    FileNotInArchive,
    FileNotOpen,
    KeepBackTooLong,
    NotALowerSecrecy,
    OnlyPermanentFilesTransferred,
    RetentionTooShortForArchive,
    SecretFileNotTransferred,
    UnknownHold,
    UnknownRetentionClass,
)
from domain.archive.files import (
    ArchivalCode,
    ArchivalCodeSlot,
    ArchiveFile,
    DirectiveFiling,
    FiledDocument,
    FileStatus,
    Hold,
    directive_filing_id,
    fold_code_slot,
    fold_directive_filing,
)
from domain.archive.incoming import IncomingDocument, IncomingStatus
from domain.archive.outgoing import OutgoingDocument, OutgoingStatus
from domain.archive.values import (
    HANDOVER_YEARS,
    KEEP_BACK_YEARS,
    MIN_YEARS_FOR_ARCHIVE,
    ItemKind,
    RetentionClass,
    add_years,
    retention_label,
)
from domain.errors import InvalidValue
from domain.events import Event
from domain.records import Context, expect_version
from domain.text import clean, clean_code


class FileCommands(ArchiveBase):
    def retention_class(self, code: str) -> RetentionClass:
        table = self.find(RETENTION_TABLE_ID, fold_retention)
        found = table.classes.get(code) if table else None
        if found is None or not found.active:
            msg = f"không có nhóm thời hạn bảo quản {code!r} (unknown retention class)"
            raise UnknownRetentionClass(msg, field="retention_class", code=code)
        return found

    def open_file(
        self, ctx: Context, *, reference: str, title: str, unit: str, retention_class: str,
        opened_on: date | None = None, secrecy: Secrecy = Secrecy.NONE,
    ) -> Receipt:
        """Open a file for a piece of work; its retention class comes from the retention table."""
        code = clean_code(unit, "unit")
        self.reference.unit(code)
        rc = self.retention_class(retention_class)
        file_id = uuid4()
        event = ctx.event(
            ArchiveFile.Opened, file_id, 1, reference=clean(reference, "reference", max_length=50),
            title=clean(title, "title", max_length=1000), unit=code,
            opened_on=self._fact_date(ctx, opened_on, "opened_on"), secrecy=Secrecy(secrecy),
            retention_class=rc.code, retention_years=rc.years,
        )
        return self.record([event], record_id=file_id)

    def _file(self, file_id: UUID, expected: int | None, *allowed: FileStatus) -> ArchiveFile:
        f = self.get_file(file_id)
        expect_version(f, expected)
        if f.status in (FileStatus.DESTROYED, FileStatus.TRANSFERRED):
            msg = f"hồ sơ {f.status.label.lower()} (the file is no longer here)"
            raise FileGone(msg, status=f.status.value)
        if allowed and f.status not in allowed:
            if FileStatus.OPEN in allowed:
                msg = f"hồ sơ không còn mở (file is {f.status.label.lower()})"
                raise FileNotOpen(msg, status=f.status.value)
            if FileStatus.CLOSED in allowed:
                msg = f"hồ sơ phải đã kết thúc và chưa nộp lưu (file is {f.status.label.lower()})"
                raise FileNotClosed(msg, status=f.status.value)
            msg = f"hồ sơ chưa nộp lưu vào lưu trữ cơ quan (file is {f.status.label.lower()})"
            raise FileNotInArchive(msg, status=f.status.value)
        return f

    def add_document(
        self, ctx: Context, file_id: UUID, expected: int | None, *, kind: ItemKind,
        document_id: UUID, retention_class: str | None = None,
    ) -> Receipt:
        """Add a registered document (incoming, outgoing or a directive) to an open file. The
        document keeps the retention class given (default: the file's); the file takes the
        longest of them."""
        f = self._file(file_id, expected, FileStatus.OPEN)
        rc = self.retention_class(retention_class or f.retention_class)
        kind = ItemKind(kind)
        events: list[Event] = []
        if kind is ItemKind.DIRECTIVE:
            directive = self.get_directive(document_id)
            if directive.number_symbol is None:
                msg = "văn bản chỉ đạo chưa ban hành (only an issued directive is filed)"
                raise InvalidValue(msg, field="document_id")
            filing = self.find(directive_filing_id(document_id), fold_directive_filing)
            if filing is not None:
                raise DocumentAlreadyFiled(_filed_msg(filing.file_id), file_id=str(filing.file_id))
            label = directive.number_symbol
            events.append(ctx.event(DirectiveFiling.Filed, directive_filing_id(document_id), 1,
                                    file_id=f.id))
        elif kind in (ItemKind.INCOMING, ItemKind.OUTGOING):
            doc = self.document(kind, document_id)
            if doc.status in (IncomingStatus.DESTROYED, OutgoingStatus.DESTROYED):
                msg = "văn bản đã bị hủy (the document was destroyed)"
                raise DocumentDestroyed(msg)
            if doc.file_id is not None:
                raise DocumentAlreadyFiled(_filed_msg(doc.file_id), file_id=str(doc.file_id))
            label = doc.label
            cls = IncomingDocument.Filed if kind is ItemKind.INCOMING else OutgoingDocument.Filed
            events.append(ctx.follow(doc, cls, file_id=f.id))
        else:
            msg = "kind: một hồ sơ chỉ chứa văn bản (a file holds documents, not files)"
            raise InvalidValue(msg, field="kind")
        filed = FiledDocument(document_id, kind, label, rc.code, rc.years, self.today(ctx))
        events.append(ctx.follow(f, ArchiveFile.DocumentAdded, document=filed))
        return self.record(events, record_id=f.id)

    def close_file(
        self, ctx: Context, file_id: UUID, expected: int | None, *, ended_on: date | None = None
    ) -> Receipt:
        """Close the file: ``ended_on`` (the day the work ended) starts the retention clock."""
        f = self._file(file_id, expected, FileStatus.OPEN)
        if not f.documents:
            msg = "hồ sơ chưa có văn bản nào (a file is closed with at least one document)"
            raise EmptyFileNotClosed(msg)
        day = self._fact_date(ctx, ended_on, "ended_on")
        if day < f.opened_on:
            msg = "ended_on: trước ngày mở hồ sơ (the work ends after the file was opened)"
            raise EndBeforeOpening(msg, field="ended_on")
        return self.record([ctx.follow(f, ArchiveFile.Closed, ended_on=day)], record_id=f.id)

    def keep_back(
        self, ctx: Context, file_id: UUID, expected: int | None, *, until: date,
        approval_reference: str,
    ) -> Receipt:
        """The unit keeps a closed file back, at most 2 years beyond the handover deadline, with
        the head's written approval."""
        f = self._file(file_id, expected, FileStatus.CLOSED)
        ended = _ended_on(f)
        normal = add_years(ended, HANDOVER_YEARS)
        latest = add_years(ended, HANDOVER_YEARS + KEEP_BACK_YEARS)
        if until > latest or until <= normal:
            msg = (f"until: phải sau {normal.isoformat()} và không quá {latest.isoformat()} "
                   "(at most 2 years beyond the handover deadline)")
            raise KeepBackTooLong(msg, field="until")
        event = ctx.follow(f, ArchiveFile.KeptBack, until=until,
                           approval_reference=clean(approval_reference, "approval_reference",
                                                    max_length=200))
        return self.record([event], record_id=f.id)

    def hand_over(
        self, ctx: Context, file_id: UUID, expected: int | None, *, fonds: str, inventory: str,
        box: str, file_number: int, received_by: str, handed_over_on: date | None = None,
    ) -> Receipt:
        """The office archive receives a closed file kept 5 years or more and gives it its
        archival code (phông · mục lục · hộp · hồ sơ số)."""
        f = self._file(file_id, expected, FileStatus.CLOSED)
        years = f.retention_years
        if years is not None and years < MIN_YEARS_FOR_ARCHIVE:
            msg = (f"hồ sơ bảo quản {retention_label(years)}: chỉ nộp lưu hồ sơ từ 5 năm trở lên "
                   "(only files kept 5 years or more are handed over)")
            raise RetentionTooShortForArchive(msg, retention_years=years)
        if file_number < 1:
            msg = "file_number: phải là số dương (must be positive)"
            raise InvalidValue(msg, field="file_number")
        code = ArchivalCode(clean_code(fonds, "fonds"), clean_code(inventory, "inventory"),
                            clean_code(box, "box"), file_number)
        slot = self.find(code.record_id, fold_code_slot)
        if slot is not None:
            msg = f"mã lưu trữ {code.text} đã dùng cho hồ sơ khác (archival code taken)"
            raise ArchivalCodeTaken(msg, field="file_number", file_id=str(slot.file_id))
        day = self._not_before(self._fact_date(ctx, handed_over_on, "handed_over_on"), _ended_on(f),
                               "handed_over_on")
        events: list[Event] = [
            ctx.event(ArchivalCodeSlot.Assigned, code.record_id, 1, code=code, file_id=f.id),
            ctx.follow(f, ArchiveFile.HandedOver, handed_over_on=day, code=code,
                       received_by=clean(received_by, "received_by", max_length=200)),
        ]
        return self.record(events, record_id=f.id)

    def declassify(
        self, ctx: Context, file_id: UUID, expected: int | None, *, secrecy: Secrecy,
        decision_reference: str, declassified_on: date | None = None,
    ) -> Receipt:
        """Lower (or lift) a file's secrecy under a decision, with a reason."""
        reason = ctx.required_reason("giải mật hồ sơ")
        f = self._file(file_id, expected)
        level = Secrecy(secrecy)
        if level.rank >= f.secrecy.rank:
            msg = (f"secrecy: {level.label} không thấp hơn độ mật hiện tại {f.secrecy.label} "
                   "(declassification lowers the level)")
            raise NotALowerSecrecy(msg, field="secrecy")
        event = ctx.follow(
            f, ArchiveFile.Declassified, secrecy=level, previous=f.secrecy,
            declassified_on=self._fact_date(ctx, declassified_on, "declassified_on"),
            decision_reference=clean(decision_reference, "decision_reference", max_length=200),
            reason=reason,
        )
        return self.record([event], record_id=f.id)

    def transfer(
        self, ctx: Context, file_id: UUID, expected: int | None, *, receiving_archive: str,
        reference: str, transferred_on: date | None = None,
    ) -> Receipt:
        """Transfer a permanent, non-secret archived file to the historical archive."""
        f = self._file(file_id, expected, FileStatus.ARCHIVED)
        if f.secrecy is not Secrecy.NONE:
            msg = f"hồ sơ {f.secrecy.label.lower()} phải được giải mật trước (declassify first)"
            raise SecretFileNotTransferred(msg, secrecy=f.secrecy.value)
        if f.retention_years is not None:
            msg = "chỉ hồ sơ bảo quản vĩnh viễn được nộp lưu lịch sử (only permanent files)"
            raise OnlyPermanentFilesTransferred(msg, retention_years=f.retention_years)
        day = self._not_before(self._fact_date(ctx, transferred_on, "transferred_on"),
                               f.handed_over_on or f.opened_on, "transferred_on")
        event = ctx.follow(
            f, ArchiveFile.Transferred, transferred_on=day,
            receiving_archive=clean(receiving_archive, "receiving_archive", max_length=300),
            reference=clean(reference, "reference", max_length=200),
        )
        return self.record([event], record_id=f.id)

    def place_hold(
        self, ctx: Context, file_id: UUID, expected: int | None, *, reference: str,
        placed_on: date | None = None,
    ) -> Receipt:
        """A legal hold (inspection, dispute, case): blocks disposal and extends nothing."""
        reason = ctx.required_reason("phong tỏa hồ sơ")
        f = self._file(file_id, expected)
        hold = Hold(uuid4(), clean(reference, "reference", max_length=200),
                    self._fact_date(ctx, placed_on, "placed_on"), reason)
        return self.record([ctx.follow(f, ArchiveFile.HoldPlaced, hold=hold, reason=reason)],
                           record_id=f.id)

    def release_hold(
        self, ctx: Context, file_id: UUID, expected: int | None, *, hold_id: UUID,
        released_on: date | None = None,
    ) -> Receipt:
        reason = ctx.required_reason("gỡ phong tỏa hồ sơ")
        f = self._file(file_id, expected)
        if all(h.hold_id != hold_id for h in f.holds):
            msg = f"hồ sơ không có lệnh phong tỏa {hold_id} (no such active hold)"
            raise UnknownHold(msg, field="hold_id")
        event = ctx.follow(f, ArchiveFile.HoldReleased, hold_id=hold_id,
                           released_on=self._fact_date(ctx, released_on, "released_on"),
                           reason=reason)
        return self.record([event], record_id=f.id)


def _ended_on(f: ArchiveFile) -> date:
    if f.ended_on is None:
        msg = "hồ sơ chưa kết thúc (the file has not been closed)"
        raise FileNotClosed(msg, status=f.status.value)
    return f.ended_on


def _filed_msg(file_id: UUID) -> str:
    return f"văn bản đã thuộc hồ sơ {file_id} (a document belongs to one file)"
