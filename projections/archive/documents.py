"""The incoming register (with its follow-up columns), the outgoing register (archive documents
and directives alike), and the blob reference counts that `socai fixity` walks."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from domain.archive.content import BlobUse
from domain.archive.incoming import IncomingDocument, IncomingStatus, incoming_status_after
from domain.archive.outgoing import OutgoingDocument, OutgoingStatus, outgoing_status_after
from domain.directives.model import Directive, DirectiveStatus
from projections.archive.tables import BLOBS, DIRECTIVE_DRAFTS, INCOMING, OUTGOING
from projections.collation import sort_key
from projections.runner import Batch, LoggedEvent, Projection


def iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


class DocumentRegisters(Projection):
    name = "archive_documents"
    tables: ClassVar = (INCOMING, OUTGOING, DIRECTIVE_DRAFTS, BLOBS)
    event_types = (
        IncomingDocument.Registered, IncomingDocument.PassedOn, IncomingDocument.ProgressRecorded,
        IncomingDocument.Replied, IncomingDocument.Attached, IncomingDocument.Filed,
        IncomingDocument.Destroyed,
        OutgoingDocument.Registered, OutgoingDocument.Dispatched, OutgoingDocument.CorrectedBy,
        OutgoingDocument.ReplacedBy, OutgoingDocument.Recalled, OutgoingDocument.Attached,
        OutgoingDocument.Filed, OutgoingDocument.Destroyed,
        Directive.Drafted, Directive.Revised, Directive.Issued, Directive.Imported,
        Directive.Superseded, Directive.Revoked,
        BlobUse.Referenced, BlobUse.Released,
    )

    def apply(self, batch: Batch, e: LoggedEvent) -> None:
        ev = e.event
        if isinstance(ev, (BlobUse.Referenced, BlobUse.Released)):
            self._blob(batch, e)
        elif type(ev).__qualname__.startswith("IncomingDocument."):
            self._incoming(batch, e)
        elif type(ev).__qualname__.startswith("OutgoingDocument."):
            self._outgoing(batch, e)
        else:
            self._directive(batch, e)

    @staticmethod
    def _blob(batch: Batch, e: LoggedEvent) -> None:
        ev = e.event
        table = batch.table(BLOBS)
        key = (ev.sha256,)
        row = table.get(key) or {"size": getattr(ev, "size", 0), "refs": 0}
        row["refs"] += 1 if isinstance(ev, BlobUse.Referenced) else -1
        table.put(key, row, e.position)

    def _incoming(self, batch: Batch, e: LoggedEvent) -> None:
        ev = e.event
        table = batch.table(INCOMING)
        key = (str(e.record_id),)
        if isinstance(ev, IncomingDocument.Registered):
            table.put(key, {
                "year": ev.year, "number": ev.number, "received_on": iso(ev.received_on),
                "author": ev.author, "author_sort": sort_key(ev.author),
                "number_symbol": ev.number_symbol, "document_date": iso(ev.document_date),
                "document_type": ev.document_type, "summary": ev.summary,
                "summary_sort": sort_key(ev.summary), "urgency": ev.urgency.value,
                "secrecy": ev.secrecy.value, "status": incoming_status_after(None, ev).value,
                "progress_count": 0, "note": ev.note, "attachments": 0,
                "duplicate_of": ",".join(str(d) for d in ev.duplicates) or None,
            }, e.position)
            return
        row = table.get(key)
        if row is None:
            return
        row["status"] = incoming_status_after(IncomingStatus(row["status"]), ev).value
        if isinstance(ev, IncomingDocument.PassedOn):
            row.update(to_unit=ev.to_unit,
                       to_person=ev.to_person, passed_on=iso(ev.passed_on),
                       deadline=iso(ev.deadline), received_by=ev.received_by)
        elif isinstance(ev, IncomingDocument.ProgressRecorded):
            row.update(progress=ev.note, progress_count=row["progress_count"] + 1)
        elif isinstance(ev, IncomingDocument.Replied):
            row.update(replied_on=iso(ev.replied_on), reply_number_symbol=ev.reply_number_symbol)
        elif isinstance(ev, IncomingDocument.Attached):
            row["attachments"] += 1
        elif isinstance(ev, IncomingDocument.Filed):
            row["file_id"] = str(ev.file_id)
        elif isinstance(ev, IncomingDocument.Destroyed):
            row["note"] = _append(row["note"], f"Đã hủy theo quyết định {ev.decision_number}")
        table.put(key, row, e.position)

    def _outgoing(self, batch: Batch, e: LoggedEvent) -> None:
        ev = e.event
        table = batch.table(OUTGOING)
        key = (str(e.record_id),)
        if isinstance(ev, OutgoingDocument.Registered):
            note = ev.note
            if ev.corrects is not None:
                note = _append(note, "Đính chính văn bản trước")
            if ev.replaces is not None:
                note = _append(note, "Thay thế văn bản trước")
            table.put(key, {
                "source": "archive", "document_type": ev.document_type, "issuer": ev.issuer,
                "number": ev.number, "number_symbol": ev.number_symbol,
                "issued_on": iso(ev.issued_on), "summary": ev.summary,
                "summary_sort": sort_key(ev.summary), "signer": ev.signer,
                "signer_title": ev.signer_title, "recipients": "; ".join(ev.recipients),
                "file_copy_unit": ev.file_copy_unit, "copies": ev.copies,
                "status": outgoing_status_after(None, ev).value, "secrecy": ev.secrecy.value,
                "urgency": ev.urgency.value, "note": note, "attachments": 0,
            }, e.position)
            return
        row = table.get(key)
        if row is None:
            return
        row["status"] = outgoing_status_after(OutgoingStatus(row["status"]), ev).value
        if isinstance(ev, OutgoingDocument.Dispatched):
            row.update(sent_on=iso(ev.sent_on), received_by=ev.received_by)
        elif isinstance(ev, OutgoingDocument.CorrectedBy):
            row["note"] = _append(row["note"], f"Đính chính bởi {ev.letter_number_symbol}")
        elif isinstance(ev, OutgoingDocument.ReplacedBy):
            row["note"] = _append(row["note"], f"Thay thế bởi {ev.successor_number_symbol}")
        elif isinstance(ev, OutgoingDocument.Recalled):
            row["note"] = _append(row["note"], f"Thu hồi ngày {ev.recalled_on:%d/%m/%Y}")
        elif isinstance(ev, OutgoingDocument.Attached):
            row["attachments"] += 1
        elif isinstance(ev, OutgoingDocument.Filed):
            row["file_id"] = str(ev.file_id)
        elif isinstance(ev, OutgoingDocument.Destroyed):
            row["note"] = _append(row["note"], f"Đã hủy theo quyết định {ev.decision_number}")
        table.put(key, row, e.position)

    def _directive(self, batch: Batch, e: LoggedEvent) -> None:
        """Directives' numbers appear in the outgoing register too (one register, ND 30 App. IV)."""
        ev = e.event
        key = (str(e.record_id),)
        drafts = batch.table(DIRECTIVE_DRAFTS)
        if isinstance(ev, Directive.Drafted):
            drafts.put(key, {"document_type": ev.document_type, "title": ev.title,
                             "issuer": ev.issuer, "secrecy": ev.secrecy.value,
                             "drafting_unit": ev.drafting_unit}, e.position)
            return
        if isinstance(ev, Directive.Revised):
            drafts.update(key, e.position, title=ev.title, secrecy=ev.secrecy.value)
            return
        table = batch.table(OUTGOING)
        if isinstance(ev, (Directive.Issued, Directive.Imported)):
            draft: dict[str, Any] = (
                {"document_type": ev.document_type, "title": ev.title, "issuer": ev.issuer,
                 "secrecy": ev.secrecy.value, "drafting_unit": ev.drafting_unit}
                if isinstance(ev, Directive.Imported) else drafts.get(key) or {}
            )
            title = draft.get("title") or ""
            table.put(key, {
                "source": "directive", "document_type": draft.get("document_type"),
                "issuer": draft.get("issuer"),
                "number": ev.number, "number_symbol": ev.number_symbol,
                "issued_on": iso(ev.issued_on), "summary": title,
                "summary_sort": sort_key(title), "signer": ev.signer,
                "signer_title": ev.signer_title, "recipients": None,
                "file_copy_unit": draft.get("drafting_unit"), "copies": None,
                "status": OutgoingStatus.ISSUED.value, "secrecy": draft.get("secrecy", "none"),
                "urgency": "normal",
                "note": "Văn bản chỉ đạo (nhập từ sổ cũ)" if isinstance(ev, Directive.Imported)
                else "Văn bản chỉ đạo",
                "attachments": 0,
            }, e.position)
        elif isinstance(ev, Directive.Superseded):
            row = table.get(key)
            if row is not None:
                table.update(key, e.position, status=DirectiveStatus.SUPERSEDED.value,
                             note=_append(row["note"], f"Bị thay thế bởi {ev.successor_number_symbol}"))
        elif isinstance(ev, Directive.Revoked):
            row = table.get(key)
            if row is not None:
                table.update(key, e.position, status=DirectiveStatus.REVOKED.value,
                             note=_append(row["note"], f"Bãi bỏ ngày {ev.revoked_on:%d/%m/%Y}"))


def _append(note: str | None, text: str) -> str:
    return f"{note}; {text}" if note else text
