"""Building archive records for tests: the retention table, documents, files in any state."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from api.bootstrap import Office
from domain.actors import Role, Secrecy
from domain.archive.service import IncomingRegistration
from domain.archive.values import ItemKind
from tests.support.office import actor, ctx_for

#: code, name, years (None: permanent)
RETENTION = [
    ("VV", "Nghị quyết, chỉ thị, báo cáo tổng kết: vĩnh viễn", None),
    ("20N", "Hồ sơ hội nghị chuyên đề: 20 năm", 20),
    ("10N", "Công văn trao đổi công tác: 10 năm", 10),
    ("05N", "Giấy mời, thông báo lịch: 5 năm", 5),
    ("02N", "Sổ theo dõi nội bộ: 2 năm", 2),
]

CLERK = actor(Role.CLERK, clearance=Secrecy.TUYET_MAT, name="test-clerk")
LEADER = actor(Role.LEADER, clearance=Secrecy.TUYET_MAT, name="test-leader")
ADMIN = actor(Role.ADMIN, name="test-admin")


def seed_retention(office: Office) -> None:
    for code, name, years in RETENTION:
        office.archive.define_retention_class(ctx_for(office, ADMIN), code=code, name=name,
                                              years=years)


def register_in(office: Office, **overrides: Any) -> IncomingRegistration:
    fields: dict[str, Any] = {
        "author": "Ban Tổ chức Trung ương", "number_symbol": "123-CV/BTCTW",
        "document_type": "Công văn", "summary": "Về việc chuẩn bị nhân sự đại hội",
        "document_date": date(2026, 2, 25),
    }
    fields.update(overrides)
    return office.archive.register_incoming(ctx_for(office, CLERK), **fields)


def register_out(office: Office, **overrides: Any) -> UUID:
    fields: dict[str, Any] = {
        "document_type": "CV", "issuer": "VPTU", "issued_on": date(2026, 3, 2),
        "summary": "Về việc báo cáo kết quả công tác quý I", "signer": "Nguyễn Văn An",
        "signer_title": "Chánh Văn phòng", "recipients": ["Các ban đảng Tỉnh ủy"],
        "file_copy_unit": "VP",
    }
    fields.update(overrides)
    receipt = office.archive.register_outgoing(ctx_for(office, CLERK), **fields)
    assert receipt.record_id is not None
    return receipt.record_id


def open_file(office: Office, retention_class: str = "10N", *, opened_on: date = date(2014, 1, 6),
              secrecy: Secrecy = Secrecy.NONE, reference: str = "VP-01",
              title: str = "Hồ sơ công tác văn phòng") -> UUID:
    receipt = office.archive.open_file(ctx_for(office, CLERK), reference=reference, title=title,
                                       unit="VP", retention_class=retention_class,
                                       opened_on=opened_on, secrecy=secrecy)
    assert receipt.record_id is not None
    return receipt.record_id


def add(office: Office, file_id: UUID, document_id: UUID, kind: ItemKind = ItemKind.OUTGOING,
        retention_class: str | None = None) -> None:
    f = office.archive.get_file(file_id)
    office.archive.add_document(ctx_for(office, CLERK), file_id, f.version, kind=kind,
                                document_id=document_id, retention_class=retention_class)


def closed_file(office: Office, retention_class: str = "10N", *,
                ended_on: date = date(2014, 12, 30), doc_classes: tuple[str | None, ...] = (None,),
                **kw: Any) -> UUID:
    """A file opened in 2014 with one outgoing document per entry of ``doc_classes``, closed."""
    file_id = open_file(office, retention_class, **kw)
    for doc_class in doc_classes:
        add(office, file_id, register_out(office), retention_class=doc_class)
    f = office.archive.get_file(file_id)
    office.archive.close_file(ctx_for(office, CLERK), file_id, f.version, ended_on=ended_on)
    return file_id


def version(office: Office, record_id: UUID) -> int:
    return office.archive.get_file(record_id).version


def attach_bytes(office: Office, kind: ItemKind, document_id: UUID, content: bytes,
                 filename: str = "van-ban.pdf") -> str:
    """Store ``content`` and attach it to the document; returns its SHA-256."""
    pending = office.blobs.receive([content], filename=filename, declared_size=len(content))
    doc = office.archive.document(kind, document_id)
    from domain.archive.values import Attachment

    office.archive.attach(ctx_for(office, CLERK), kind, document_id, doc.version,
                          Attachment(pending.sha256, pending.size, pending.media_type,
                                     pending.filename))
    office.blobs.keep(pending)
    return pending.sha256
