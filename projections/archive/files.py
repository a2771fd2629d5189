"""The file catalogue (mục lục hồ sơ), the loan register and the disposals behind the disposal list.

Expiry and handover dates are facts of the file (from the day its work ended and its retention), so
they are stored; whether a file is overdue, expired or a loan late depends on an evaluation date and
is computed by the queries.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from domain.archive.access import AccessRequest, AccessStatus, access_status_after
from domain.archive.disposal import Disposal, DisposalStatus, disposal_status_after
from domain.archive.files import ArchiveFile, FileStatus, file_status_after
from domain.archive.values import handover_due, retention_expires_on
from projections.archive.documents import iso
from projections.archive.tables import DISPOSALS, FILES, LOANS
from projections.collation import sort_key
from projections.runner import Batch, LoggedEvent, Projection


def _years(row: dict[str, Any]) -> int | None:
    return None if row["permanent"] else row["retention_years"]


class FileRegisters(Projection):
    name = "archive_files"
    tables: ClassVar = (FILES, LOANS, DISPOSALS)
    event_types = (
        ArchiveFile.Opened, ArchiveFile.DocumentAdded, ArchiveFile.Closed, ArchiveFile.KeptBack,
        ArchiveFile.HandedOver, ArchiveFile.Declassified, ArchiveFile.Transferred,
        ArchiveFile.HoldPlaced, ArchiveFile.HoldReleased, ArchiveFile.Destroyed,
        AccessRequest.Requested, AccessRequest.Approved, AccessRequest.Refused,
        AccessRequest.HandedOut, AccessRequest.Returned,
        Disposal.Proposed, Disposal.Decided, Disposal.Destroyed, Disposal.Cancelled,
    )

    def apply(self, batch: Batch, e: LoggedEvent) -> None:
        kind = type(e.event).__qualname__.split(".")[0]
        if kind == "ArchiveFile":
            self._file(batch, e)
        elif kind == "AccessRequest":
            self._loan(batch, e)
        else:
            self._disposal(batch, e)

    def _file(self, batch: Batch, e: LoggedEvent) -> None:
        ev = e.event
        table = batch.table(FILES)
        key = (str(e.record_id),)
        if isinstance(ev, ArchiveFile.Opened):
            table.put(key, {
                "reference": ev.reference, "title": ev.title, "title_sort": sort_key(ev.title),
                "unit": ev.unit, "opened_on": iso(ev.opened_on),
                "status": file_status_after(None, ev).value,
                "secrecy": ev.secrecy.value, "retention_class": ev.retention_class,
                "permanent": int(ev.retention_years is None),
                "retention_years": ev.retention_years, "documents": 0, "holds": 0,
            }, e.position)
            return
        row = table.get(key)
        if row is None:
            return
        row["status"] = file_status_after(FileStatus(row["status"]), ev).value
        if isinstance(ev, ArchiveFile.DocumentAdded):
            years = ev.document.retention_years
            row["documents"] += 1
            if years is None:
                row["permanent"] = 1
            elif not row["permanent"]:
                row["retention_years"] = max(row["retention_years"] or 0, years)
        elif isinstance(ev, ArchiveFile.Closed):
            row.update(ended_on=iso(ev.ended_on),
                       handover_due=iso(handover_due(ev.ended_on, None)),
                       expires_on=iso(retention_expires_on(ev.ended_on, _years(row))))
        elif isinstance(ev, ArchiveFile.KeptBack):
            ended = date.fromisoformat(row["ended_on"])
            row.update(kept_back_until=iso(ev.until), handover_due=iso(handover_due(ended, ev.until)))
        elif isinstance(ev, ArchiveFile.HandedOver):
            c = ev.code
            row.update(handed_over_on=iso(ev.handed_over_on),
                       fonds=c.fonds, inventory=c.inventory, box=c.box, file_number=c.file_number,
                       archival_code=c.text)
        elif isinstance(ev, ArchiveFile.Declassified):
            row["secrecy"] = ev.secrecy.value
        elif isinstance(ev, ArchiveFile.Transferred):
            row.update(transferred_on=iso(ev.transferred_on), receiving_archive=ev.receiving_archive)
        elif isinstance(ev, ArchiveFile.HoldPlaced):
            row["holds"] += 1
        elif isinstance(ev, ArchiveFile.HoldReleased):
            row["holds"] -= 1
        elif isinstance(ev, ArchiveFile.Destroyed):
            t = ev.tombstone
            row.update(destroyed_on=iso(t.destroyed_on),
                       disposal_id=str(t.disposal_id), decision_number=t.decision_number,
                       disposal_status=DisposalStatus.DESTROYED.value)
        table.put(key, row, e.position)

    def _loan(self, batch: Batch, e: LoggedEvent) -> None:
        ev = e.event
        table = batch.table(LOANS)
        key = (str(e.record_id),)
        if isinstance(ev, AccessRequest.Requested):
            table.put(key, {
                "kind": ev.kind.value, "item_kind": ev.item_kind.value,
                "item_id": str(ev.item_id), "item_label": ev.item_label,
                "item_summary": ev.item_summary, "file_code": ev.file_code,
                "secrecy": ev.secrecy.value, "borrower": ev.borrower,
                "borrower_sort": sort_key(ev.borrower), "borrower_unit": ev.borrower_unit,
                "purpose": ev.purpose, "requested_on": iso(ev.requested_on),
                "status": access_status_after(None, ev).value,
            }, e.position)
            return
        row = table.get(key)
        if row is None:
            return
        row["status"] = access_status_after(AccessStatus(row["status"]), ev).value
        if isinstance(ev, AccessRequest.Approved):
            row.update(approved_by=ev.approved_by, approved_on=iso(ev.approved_on),
                       due_on=iso(ev.due_on))
        elif isinstance(ev, AccessRequest.Refused):
            row["note"] = ev.reason
        elif isinstance(ev, AccessRequest.HandedOut):
            row["handed_out_on"] = iso(ev.handed_out_on)
        elif isinstance(ev, AccessRequest.Returned):
            row.update(returned_on=iso(ev.returned_on), note=ev.reason)
        table.put(key, row, e.position)

    def _disposal(self, batch: Batch, e: LoggedEvent) -> None:
        ev = e.event
        table = batch.table(DISPOSALS)
        key = (str(e.record_id),)
        files = batch.table(FILES)
        if isinstance(ev, Disposal.Proposed):
            status = disposal_status_after(None, ev).value
            table.put(key, {
                "status": status, "proposed_on": iso(ev.proposed_on),
                "proposal_reference": ev.proposal_reference, "council": "; ".join(ev.council),
                "file_ids": ",".join(str(f) for f in ev.file_ids),
            }, e.position)
            for file_id in ev.file_ids:
                files.update((str(file_id),), e.position, disposal_id=key[0],
                             disposal_status=status)
            return
        row = table.get(key)
        if row is None:
            return
        row["status"] = disposal_status_after(DisposalStatus(row["status"]), ev).value
        file_status: str | None = None
        if isinstance(ev, Disposal.Decided):
            row.update(decision_number=ev.decision_number, decided_on=iso(ev.decided_on),
                       decided_by=ev.decided_by)
            file_status = row["status"]
        elif isinstance(ev, Disposal.Destroyed):
            row.update(destroyed_on=iso(ev.destroyed_on),
                       minutes_number=ev.minutes_number, executed_by=ev.executed_by,
                       content_hashes=len(ev.content_hashes))
        elif isinstance(ev, Disposal.Cancelled):
            for file_id in filter(None, row["file_ids"].split(",")):
                found = files.get((file_id,))
                if found is not None and found["disposal_id"] == key[0]:
                    files.update((file_id,), e.position, disposal_id=None, disposal_status=None,
                                 decision_number=None)
        table.put(key, row, e.position)
        if file_status is not None:
            for file_id in filter(None, row["file_ids"].split(",")):
                files.update((file_id,), e.position, disposal_status=file_status,
                             decision_number=row["decision_number"])
