"""Rules of files (hồ sơ): open, add documents, close, keep back, hand over with an archival code,
declassify, transfer to the historical archive, place and release legal holds.

Files are opened for a piece of work, filled with documents, closed, and handed to the office
archive within 1 year after the work ends; a unit may keep a file back at most 2 more years with
the head's written approval; only files kept 5 years or more are handed over (ND 30 Art 30–31, Luật
Lưu trữ 2024). Transfer to the historical archive is for permanent files, secret ones only after
declassification. A destroyed or transferred file takes no further action here.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar
from uuid import UUID

from domain.actors import Secrecy
from domain.archive.disposal import RetentionTable
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
)
from domain.archive.incoming import IncomingDocument, IncomingStatus
from domain.archive.outgoing import OutgoingDocument, OutgoingStatus
from domain.archive.rules.common import fact_date, not_before
from domain.archive.rules.retention import retention_class as known_class
from domain.archive.values import (
    HANDOVER_YEARS,
    KEEP_BACK_YEARS,
    MIN_YEARS_FOR_ARCHIVE,
    ItemKind,
    add_years,
    retention_label,
)
from domain.directives.model import Directive
from domain.errors import InvalidValue
from domain.events import Event
from domain.records import Context, required
from domain.reference.catalogue import unit as known_unit
from domain.reference.model import Units
from domain.text import clean, clean_code

#: What a file holds: a registered document of the archive, or an issued directive.
Filable = IncomingDocument | OutgoingDocument | Directive
F = TypeVar("F", IncomingDocument, OutgoingDocument, Directive)


def open_file(
    ctx: Context, table: RetentionTable | None, *, today: date, units: Units | None,
    file_id: UUID, reference: str, title: str, unit: str, retention_class: str,
    opened_on: date | None = None, secrecy: Secrecy = Secrecy.NONE,
) -> list[Event]:
    """Open a file of an active unit for a piece of work; its retention class comes from the
    retention table, and the years are kept in the event (a later change extends nothing)."""
    code = known_unit(units, clean_code(unit, "unit")).code
    rc = known_class(table, retention_class)
    return [ctx.event(
        ArchiveFile.Opened, file_id, 1, reference=clean(reference, "reference", max_length=50),
        title=clean(title, "title", max_length=1000), unit=code,
        opened_on=fact_date(today, opened_on, "opened_on"), secrecy=Secrecy(secrecy),
        retention_class=rc.code, retention_years=rc.years,
    )]


def usable(f: ArchiveFile, *allowed: FileStatus) -> ArchiveFile:
    """A file still in this office (not destroyed or transferred), in one of the ``allowed``
    states if any are named."""
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


def _ended_on(f: ArchiveFile) -> date:
    if f.ended_on is None:
        msg = "hồ sơ chưa kết thúc (the file has not been closed)"
        raise FileNotClosed(msg, status=f.status.value)
    return f.ended_on


def _named(document: Filable | None, record_type: type[F], document_id: UUID) -> F:
    """The record ``document_id`` names, of the kind the command says."""
    return required(document if isinstance(document, record_type) else None, record_type,
                    document_id)


def _filed_msg(file_id: UUID) -> str:
    return f"văn bản đã thuộc hồ sơ {file_id} (a document belongs to one file)"


def add_document(
    ctx: Context, f: ArchiveFile, table: RetentionTable | None, *, today: date, kind: ItemKind,
    document_id: UUID, document: Filable | None, filing: DirectiveFiling | None = None,
    retention_class: str | None = None,
) -> list[Event]:
    """Add a registered document (incoming, outgoing, or an issued directive) to an open file.

    A document belongs to one file at most and a destroyed one to none. It keeps the retention
    class given (default: the file's); the file takes the longest of them. ``document`` is the
    record ``document_id`` names (``None``: there is none) and ``filing`` a directive's filing."""
    usable(f, FileStatus.OPEN)
    rc = known_class(table, retention_class or f.retention_class)
    kind = ItemKind(kind)
    events: list[Event] = []
    if kind is ItemKind.DIRECTIVE:
        directive = _named(document, Directive, document_id)
        if directive.number_symbol is None:
            msg = "văn bản chỉ đạo chưa ban hành (only an issued directive is filed)"
            raise InvalidValue(msg, field="document_id")
        if filing is not None:
            raise DocumentAlreadyFiled(_filed_msg(filing.file_id), file_id=str(filing.file_id))
        label = directive.number_symbol
        events.append(ctx.event(DirectiveFiling.Filed, directive_filing_id(document_id), 1,
                                file_id=f.id))
    elif kind in (ItemKind.INCOMING, ItemKind.OUTGOING):
        doc: IncomingDocument | OutgoingDocument = (
            _named(document, IncomingDocument, document_id) if kind is ItemKind.INCOMING
            else _named(document, OutgoingDocument, document_id))
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
    filed = FiledDocument(document_id, kind, label, rc.code, rc.years, today)
    events.append(ctx.follow(f, ArchiveFile.DocumentAdded, document=filed))
    return events


def close_file(
    ctx: Context, f: ArchiveFile, *, today: date, ended_on: date | None = None,
) -> list[Event]:
    """Close an open file with at least one document; ``ended_on`` (the day the work ended, on or
    after the opening) starts the retention clock."""
    usable(f, FileStatus.OPEN)
    if not f.documents:
        msg = "hồ sơ chưa có văn bản nào (a file is closed with at least one document)"
        raise EmptyFileNotClosed(msg)
    day = fact_date(today, ended_on, "ended_on")
    if day < f.opened_on:
        msg = "ended_on: trước ngày mở hồ sơ (the work ends after the file was opened)"
        raise EndBeforeOpening(msg, field="ended_on")
    return [ctx.follow(f, ArchiveFile.Closed, ended_on=day)]


def keep_back(
    ctx: Context, f: ArchiveFile, *, until: date, approval_reference: str,
) -> list[Event]:
    """The unit keeps a closed file back beyond the 1-year handover deadline, at most 2 years
    more, citing the head's written approval."""
    usable(f, FileStatus.CLOSED)
    ended = _ended_on(f)
    normal = add_years(ended, HANDOVER_YEARS)
    latest = add_years(ended, HANDOVER_YEARS + KEEP_BACK_YEARS)
    if until > latest or until <= normal:
        msg = (f"until: phải sau {normal.isoformat()} và không quá {latest.isoformat()} "
               "(at most 2 years beyond the handover deadline)")
        raise KeepBackTooLong(msg, field="until")
    return [ctx.follow(f, ArchiveFile.KeptBack, until=until,
                       approval_reference=clean(approval_reference, "approval_reference",
                                                max_length=200))]


def archival_code(
    f: ArchiveFile, *, fonds: str, inventory: str, box: str, file_number: int,
) -> ArchivalCode:
    """Handing over, first step: a closed file kept 5 years or more may be handed over, and the
    archival code it is to get (phông · mục lục · hộp · hồ sơ số) is well formed."""
    usable(f, FileStatus.CLOSED)
    years = f.retention_years
    if years is not None and years < MIN_YEARS_FOR_ARCHIVE:
        msg = (f"hồ sơ bảo quản {retention_label(years)}: chỉ nộp lưu hồ sơ từ 5 năm trở lên "
               "(only files kept 5 years or more are handed over)")
        raise RetentionTooShortForArchive(msg, retention_years=years)
    if file_number < 1:
        msg = "file_number: phải là số dương (must be positive)"
        raise InvalidValue(msg, field="file_number")
    return ArchivalCode(clean_code(fonds, "fonds"), clean_code(inventory, "inventory"),
                        clean_code(box, "box"), file_number)


def hand_over(
    ctx: Context, f: ArchiveFile, slot: ArchivalCodeSlot | None, *, today: date,
    code: ArchivalCode, received_by: str, handed_over_on: date | None = None,
) -> list[Event]:
    """Handing over, second step: the office archive receives the file (on or after its work
    ended) and gives it ``code`` (from :func:`archival_code`), which must be free: ``slot`` is the
    code's record, ``None`` if no file has it yet."""
    if slot is not None:
        msg = f"mã lưu trữ {code.text} đã dùng cho hồ sơ khác (archival code taken)"
        raise ArchivalCodeTaken(msg, field="file_number", file_id=str(slot.file_id))
    day = not_before(fact_date(today, handed_over_on, "handed_over_on"), _ended_on(f),
                     "handed_over_on")
    return [
        ctx.event(ArchivalCodeSlot.Assigned, code.record_id, 1, code=code, file_id=f.id),
        ctx.follow(f, ArchiveFile.HandedOver, handed_over_on=day, code=code,
                   received_by=clean(received_by, "received_by", max_length=200)),
    ]


def declassify(
    ctx: Context, f: ArchiveFile, *, today: date, secrecy: Secrecy, decision_reference: str,
    declassified_on: date | None = None,
) -> list[Event]:
    """Lower (or lift) a file's secrecy under a decision, with a reason."""
    reason = ctx.required_reason("giải mật hồ sơ")
    usable(f)
    level = Secrecy(secrecy)
    if level.rank >= f.secrecy.rank:
        msg = (f"secrecy: {level.label} không thấp hơn độ mật hiện tại {f.secrecy.label} "
               "(declassification lowers the level)")
        raise NotALowerSecrecy(msg, field="secrecy")
    return [ctx.follow(
        f, ArchiveFile.Declassified, secrecy=level, previous=f.secrecy,
        declassified_on=fact_date(today, declassified_on, "declassified_on"),
        decision_reference=clean(decision_reference, "decision_reference", max_length=200),
        reason=reason,
    )]


def transfer(
    ctx: Context, f: ArchiveFile, *, today: date, receiving_archive: str, reference: str,
    transferred_on: date | None = None,
) -> list[Event]:
    """Transfer an archived, permanent, non-secret file to the historical archive (secret files
    only after declassification), on or after its handover."""
    usable(f, FileStatus.ARCHIVED)
    if f.secrecy is not Secrecy.NONE:
        msg = f"hồ sơ {f.secrecy.label.lower()} phải được giải mật trước (declassify first)"
        raise SecretFileNotTransferred(msg, secrecy=f.secrecy.value)
    if f.retention_years is not None:
        msg = "chỉ hồ sơ bảo quản vĩnh viễn được nộp lưu lịch sử (only permanent files)"
        raise OnlyPermanentFilesTransferred(msg, retention_years=f.retention_years)
    day = not_before(fact_date(today, transferred_on, "transferred_on"),
                     f.handed_over_on or f.opened_on, "transferred_on")
    return [ctx.follow(
        f, ArchiveFile.Transferred, transferred_on=day,
        receiving_archive=clean(receiving_archive, "receiving_archive", max_length=300),
        reference=clean(reference, "reference", max_length=200),
    )]


def place_hold(
    ctx: Context, f: ArchiveFile, *, today: date, hold_id: UUID, reference: str,
    placed_on: date | None = None,
) -> list[Event]:
    """A legal hold (inspection, dispute, case), with a reason: it blocks disposal and extends
    nothing."""
    reason = ctx.required_reason("phong tỏa hồ sơ")
    usable(f)
    hold = Hold(hold_id, clean(reference, "reference", max_length=200),
                fact_date(today, placed_on, "placed_on"), reason)
    return [ctx.follow(f, ArchiveFile.HoldPlaced, hold=hold, reason=reason)]


def release_hold(
    ctx: Context, f: ArchiveFile, *, today: date, hold_id: UUID, released_on: date | None = None,
) -> list[Event]:
    """Release an active hold of the file, with a reason."""
    reason = ctx.required_reason("gỡ phong tỏa hồ sơ")
    usable(f)
    if all(h.hold_id != hold_id for h in f.holds):
        msg = f"hồ sơ không có lệnh phong tỏa {hold_id} (no such active hold)"
        raise UnknownHold(msg, field="hold_id")
    return [ctx.follow(f, ArchiveFile.HoldReleased, hold_id=hold_id,
                       released_on=fact_date(today, released_on, "released_on"), reason=reason)]
