"""Archive records for unit tests, built by the archive's own rules and folds (no store).

Each builder runs the rule a command would run and folds the events it returns, so a test starts
from a state the application could really have reached.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cache
from uuid import UUID, uuid4

from domain.actors import Actor, Role, Secrecy
from domain.archive.access import AccessKind, AccessRequest, fold_access
from domain.archive.disposal import Disposal, RetentionTable, fold_disposal, fold_retention
from domain.archive.files import ArchiveFile, fold_file
from domain.archive.incoming import IncomingDocument, fold_incoming
from domain.archive.outgoing import OutgoingDocument, fold_outgoing
from domain.archive.rules import access, disposal, files, incoming, outgoing
from domain.archive.rules.retention import define_retention_class
from domain.archive.values import Attachment, ItemKind
from domain.directives.model import Directive, DirectiveStatus
from domain.events import Event
from domain.numbering.service import Allocation
from domain.records import Context, Fold, R
from domain.reference.model import NumberingSystem
from tests.unit.reference.support import catalogues

#: The office's day in these tests (the clock reads 09:00 in Hà Nội on it).
TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
CLERK = Actor(UUID(int=11), "vanthu", Role.CLERK, "VP", Secrecy.TUYET_MAT)
LEADER = Actor(UUID(int=12), "lanhdao", Role.LEADER, "VP", Secrecy.TUYET_MAT)
ADMIN = Actor(UUID(int=13), "quantri", Role.ADMIN, "VP")

#: code, years (None: permanent), active
RETENTION = (("VV", None, True), ("20N", 20, True), ("10N", 10, True), ("05N", 5, True),
             ("02N", 2, True), ("CU", 10, False))


def ctx(reason: str | None = None, *, who: Actor = CLERK) -> Context:
    return Context(who, NOW, reason=reason)


def after(fold: Fold[R], state: R | None, events: Iterable[Event], record_id: UUID | None = None
          ) -> R:
    """``state`` (or a new record ``record_id``) after its own events among ``events``."""
    rid = record_id if record_id is not None else state.id if state is not None else None
    result = fold(state, [e for e in events if e.originator_id == rid])
    assert result is not None, "no event of that record"
    return result


@cache
def retention_table() -> RetentionTable:
    table: RetentionTable | None = None
    for code, years, active in RETENTION:
        table = fold_retention(table, define_retention_class(
            ctx(who=ADMIN), table, code=code, name=f"Nhóm {code}", years=years, active=active))
    assert table is not None
    return table


# Documents ---------------------------------------------------------------------------------------

def registered_in(**values: object) -> IncomingDocument:
    """An incoming document registered today (number 1 of the year)."""
    fields: dict[str, object] = {"author": "Ban Tổ chức Tỉnh ủy", "number_symbol": "15-CV/BTCTU",
                                 "document_type": "Công văn", "summary": "Về việc nhân sự"}
    fields.update(values)
    entry = incoming.incoming_entry(today=TODAY, **fields)
    document_id = uuid4()
    return after(fold_incoming, None, incoming.register_incoming(
        ctx(), None, None, entry=entry, document_id=document_id), document_id)


def passed_on(d: IncomingDocument | None = None, **values: object) -> IncomingDocument:
    d = d or registered_in()
    return after(fold_incoming, d, incoming.pass_on(
        ctx(), d, today=TODAY, units=catalogues().units, to_unit="BTC", **values))


def allocation(number: int = 5, number_symbol: str = "05-CV/VPTU") -> Allocation:
    """A number as the numbering service would allocate it (no series events: a unit test)."""
    return Allocation(events=[], series_id=UUID(int=99), number=number, symbol="CV",
                      number_symbol=number_symbol, system=NumberingSystem.PARTY,
                      period="2025-2030")


def out_entry(**values: object) -> outgoing.OutgoingEntry:
    fields: dict[str, object] = {
        "document_type": "CV", "issuer": "TU", "issued_on": date(2026, 2, 27),
        "summary": "Về việc báo cáo quý I", "signer": "Nguyễn Văn An",
        "signer_title": "Chánh Văn phòng", "recipients": ["Các ban đảng"], "file_copy_unit": "VP",
    }
    fields.update(values)
    return outgoing.outgoing_entry(types=catalogues().types, units=catalogues().units,
                                   **fields)


def registered_out(**values: object) -> OutgoingDocument:
    document_id = uuid4()
    return after(fold_outgoing, None, outgoing.register_outgoing(
        ctx(), None, entry=out_entry(**values), allocation=allocation(),
        document_id=document_id), document_id)


def attached(d: OutgoingDocument, sha256: str = "a" * 64) -> OutgoingDocument:
    return replace(d, attachments=(*d.attachments, Attachment(sha256, 10, "application/pdf",
                                                              "van-ban.pdf")))


def directive(*, issued: bool = True, secrecy: Secrecy = Secrecy.NONE) -> Directive:
    """A directive record as the directives context folds it (issued: with its number)."""
    return Directive(
        id=uuid4(), version=4, created_at=NOW, modified_at=NOW, document_type="CT",
        title="Chỉ thị về công tác cán bộ", summary="Tóm tắt", issuer="TU", drafting_unit="VP",
        secrecy=secrecy, status=DirectiveStatus.ISSUED if issued else DirectiveStatus.APPRAISED,
        number_symbol="07-CT/TU" if issued else None,
    )


# Files -------------------------------------------------------------------------------------------

def opened(retention_class: str = "10N", *, secrecy: Secrecy = Secrecy.NONE,
           opened_on: date = date(2014, 1, 6)) -> ArchiveFile:
    file_id = uuid4()
    return after(fold_file, None, files.open_file(
        ctx(), retention_table(), today=TODAY, units=catalogues().units, file_id=file_id,
        reference="VP-01", title="Hồ sơ công tác văn phòng", unit="VP",
        retention_class=retention_class, opened_on=opened_on, secrecy=secrecy), file_id)


def with_document(f: ArchiveFile, doc: OutgoingDocument | None = None,
                  retention_class: str | None = None) -> ArchiveFile:
    doc = doc or registered_out()
    return after(fold_file, f, files.add_document(
        ctx(), f, retention_table(), today=TODAY, kind=ItemKind.OUTGOING, document_id=doc.id,
        document=doc, retention_class=retention_class))


def closed(retention_class: str = "10N", *, ended_on: date = date(2014, 12, 30),
           secrecy: Secrecy = Secrecy.NONE, doc: OutgoingDocument | None = None) -> ArchiveFile:
    """A file opened in 2014 with one outgoing document, its work ended on ``ended_on``."""
    f = with_document(opened(retention_class, secrecy=secrecy), doc)
    return after(fold_file, f, files.close_file(ctx(), f, today=TODAY, ended_on=ended_on))


def archived(retention_class: str = "VV", *, secrecy: Secrecy = Secrecy.NONE,
             file_number: int = 1) -> ArchiveFile:
    f = closed(retention_class, secrecy=secrecy)
    code = files.archival_code(f, fonds="VPTU", inventory="01", box="12", file_number=file_number)
    return after(fold_file, f, files.hand_over(ctx(), f, None, today=TODAY, code=code,
                                               received_by="Lưu trữ cơ quan",
                                               handed_over_on=date(2015, 6, 1)))


def held(f: ArchiveFile) -> ArchiveFile:
    return after(fold_file, f, files.place_hold(ctx("Phục vụ kiểm tra", who=LEADER), f,
                                                today=TODAY, hold_id=uuid4(),
                                                reference="UBKT 3/2026"))


# Access and disposal -----------------------------------------------------------------------------

def requested(item: access.Item | None = None, kind: AccessKind = AccessKind.LOAN,
              item_kind: ItemKind = ItemKind.FILE) -> AccessRequest:
    item = item or closed()
    request_id = uuid4()
    return after(fold_access, None, access.request_access(
        ctx(), item, None, today=TODAY, request_id=request_id, kind=kind, item_kind=item_kind,
        item_id=item.id, purpose="Nghiên cứu", requested_on=date(2026, 2, 2)), request_id)


def approved(r: AccessRequest | None = None) -> AccessRequest:
    r = r or requested()
    return after(fold_access, r, access.approve_access(
        ctx(who=LEADER), r, today=TODAY, due_on=date(2026, 3, 31), approved_on=date(2026, 2, 3)))


def proposed(*fs: ArchiveFile, on: date = date(2026, 2, 2)) -> Disposal:
    disposal_id = uuid4()
    return after(fold_disposal, None, disposal.propose_disposal(
        ctx(), {f.id: f for f in fs}, today=TODAY, disposal_id=disposal_id,
        file_ids=[f.id for f in fs], council=["Chủ tịch", "Lưu trữ viên", "Văn phòng"],
        proposal_reference="TTr 3/VP", proposed_on=on), disposal_id)


def decided(d: Disposal, *fs: ArchiveFile, on: date = date(2026, 2, 20)) -> Disposal:
    return after(fold_disposal, d, disposal.decide_disposal(
        ctx(who=LEADER), d, list(fs), today=TODAY, decision_number="12/QĐ-VPTU",
        decided_by="Chánh Văn phòng", decided_on=on))
