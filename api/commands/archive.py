"""The archive's commands: incoming and outgoing documents, attachments, files and the retention
table, access requests, disposals, fixity runs."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from api.bootstrap import Office
from api.commands.spec import CommandSpec, Done, Intake, Run, Upload
from api.http import Body
from api.kinds import ACCESS_REQUEST, DISPOSAL, DOCUMENT, FILE, INCOMING, OUTGOING
from api.schemas.archive import (
    AddDocument,
    ApproveAccess,
    CancelDisposal,
    CloseFile,
    Correct,
    DecideDisposal,
    Declassify,
    Destroy,
    Dispatch,
    HandOut,
    HandOver,
    KeepBack,
    OpenFile,
    PassOn,
    PlaceHold,
    ProposeDisposal,
    Recall,
    RecordProgress,
    RecordReply,
    RefuseAccess,
    RegisterIncoming,
    RegisterOutgoing,
    ReleaseHold,
    Replace,
    RequestAccess,
    RetentionClassIn,
    ReturnItem,
    Transfer,
)
from domain.actors import Secrecy
from domain.application import Receipt
from domain.archive.values import Attachment, ItemKind

T = ("archive",)
DocumentKind = Literal["incoming", "outgoing"]
ON_INCOMING = "/archive/incoming/{document_id}"
ON_OUTGOING = "/archive/outgoing/{document_id}"
ON_FILE = "/archive/files/{file_id}"
ON_REQUEST = "/archive/access-requests/{request_id}"
ON_DISPOSAL = "/archive/disposals/{disposal_id}"


class FixityRun(Body):
    """What one fixity run found (``socai fixity``, acting as ``fixity-checker``)."""

    started_at: datetime
    checked: int
    bytes_checked: int
    mismatched: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def _register_incoming(c: Run[RegisterIncoming]) -> Done:
    reg = c.office.archive.register_incoming(c.ctx, **c.body.model_dump())
    warnings = [{"code": "duplicate-number-symbol", "earlier": str(d),
                 "detail": "trùng số, ký hiệu và tác giả với văn bản đã vào sổ"}
                for d in reg.duplicates]
    return Done(reg.receipt, extra={"year": reg.year, "number": reg.number, "warnings": warnings})


def _with_number(office: Office, receipt: Receipt) -> Done:
    """A new outgoing document's answer says the number it took."""
    doc = office.archive.get_outgoing(receipt.record_id) if receipt.record_id else None
    return Done(receipt, extra={"number_symbol": doc.number_symbol if doc else None})


def _attach(c: Run[Upload]) -> Done:
    u = c.body
    receipt = c.office.archive.attach(
        c.ctx, ItemKind(c.params["kind"]), c.target_id, c.expected,
        Attachment(u.sha256, u.size, u.media_type, u.filename))
    return Done(receipt, extra={"sha256": u.sha256, "size": u.size, "media_type": u.media_type})


def _item_level(office: Office, body: RequestAccess) -> tuple[Secrecy]:
    *_, secrecy = office.archive.item_facts(body.item_kind, body.item_id)
    return (secrecy,)


def _files_levels(office: Office, body: ProposeDisposal) -> tuple[Secrecy, ...]:
    return tuple(office.archive.get_file(f).secrecy for f in body.file_ids)



COMMANDS = (
    # Incoming documents
    CommandSpec(
        name="archive.incoming.register", permission="archive.incoming.register",
        path="/archive/incoming",
        summary="Vào sổ văn bản đến (số đến theo năm; cảnh báo trùng số, ký hiệu)", tags=T,
        body=RegisterIncoming, body_secrecy="secrecy", creates=True,
        location="/archive/incoming/{id}", run=_register_incoming),
    CommandSpec(
        name="archive.incoming.pass_on", permission="archive.incoming.pass_on",
        path=f"{ON_INCOMING}/pass-on",
        summary="Chuyển văn bản đến cho đơn vị, cá nhân (kèm hạn giải quyết)", tags=T,
        target=INCOMING, body=PassOn,
        run=lambda c: c.office.archive.pass_on(c.ctx, c.target_id, c.expected,
                                               **c.body.model_dump())),
    CommandSpec(
        name="archive.incoming.progress", permission="archive.incoming.follow_up",
        path=f"{ON_INCOMING}/progress", summary="Cập nhật tiến độ", tags=T, target=INCOMING,
        body=RecordProgress,
        run=lambda c: c.office.archive.record_progress(c.ctx, c.target_id, c.expected,
                                                       **c.body.model_dump())),
    CommandSpec(
        name="archive.incoming.reply", permission="archive.incoming.follow_up",
        path=f"{ON_INCOMING}/reply", summary="Ghi số văn bản trả lời (kết thúc theo dõi)",
        tags=T, target=INCOMING, body=RecordReply,
        run=lambda c: c.office.archive.record_reply(c.ctx, c.target_id, c.expected,
                                                    **c.body.model_dump())),
    # Outgoing documents
    CommandSpec(
        name="archive.outgoing.register", permission="archive.outgoing.register",
        path="/archive/outgoing",
        summary="Cấp số văn bản đi (CV, BC, TTr, GM, BB…) theo quy tắc Đảng / Nhà nước", tags=T,
        body=RegisterOutgoing, body_secrecy="secrecy", creates=True,
        location="/archive/outgoing/{id}",
        run=lambda c: _with_number(c.office, c.office.archive.register_outgoing(
            c.ctx, **c.body.model_dump()))),
    CommandSpec(
        name="archive.outgoing.dispatch", permission="archive.outgoing.dispatch",
        path=f"{ON_OUTGOING}/dispatch", summary="Phát hành (ngày chuyển)", tags=T,
        target=OUTGOING, body=Dispatch,
        run=lambda c: c.office.archive.dispatch(c.ctx, c.target_id, c.expected,
                                                **c.body.model_dump())),
    CommandSpec(
        name="archive.outgoing.correct", permission="archive.outgoing.correct",
        path=f"{ON_OUTGOING}/correct",
        summary="Đính chính sai sót thể thức bằng công văn (văn bản mới, liên kết hai chiều)",
        tags=T, target=OUTGOING, body=Correct, creates=True, location="/archive/outgoing/{id}",
        run=lambda c: _with_number(c.office, c.office.archive.correct(
            c.ctx, c.target_id, c.expected, **c.body.model_dump()))),
    CommandSpec(
        name="archive.outgoing.replace", permission="archive.outgoing.replace",
        path=f"{ON_OUTGOING}/replace",
        summary="Thay thế bằng văn bản mới cùng hình thức (sai sót nội dung)", tags=T,
        target=OUTGOING, body=Replace, creates=True, location="/archive/outgoing/{id}",
        run=lambda c: _with_number(c.office, c.office.archive.replace_document(
            c.because(c.body.reason), c.target_id, c.expected,
            **c.body.model_dump(exclude={"reason"})))),
    CommandSpec(
        name="archive.outgoing.recall", permission="archive.outgoing.recall",
        path=f"{ON_OUTGOING}/recall", summary="Thu hồi: khóa bản lưu, thông báo nơi nhận",
        tags=T, target=OUTGOING, body=Recall,
        run=lambda c: c.office.archive.recall(c.because(c.body.reason), c.target_id,
                                              c.expected, recalled_on=c.body.recalled_on)),
    # Attachments: the request body is the file, streamed
    CommandSpec(
        name="archive.attach", permission="archive.attach",
        path="/archive/uploads/{kind}/{document_id}",
        summary="Đính kèm tệp (thân yêu cầu là nội dung tệp; giới hạn "
                "SOCAI_MAX_ATTACHMENT_BYTES)", tags=T, target=DOCUMENT,
        params={"kind": DocumentKind}, body=Upload, intake=Intake.FILE, creates=True,
        location="/archive/{kind}/{document_id}/attachments/{body.sha256}", run=_attach),
    # Files and the retention table
    CommandSpec(
        name="archive.retention.define", permission="archive.retention.change",
        path="/archive/retention-classes",
        summary="Thêm hoặc sửa nhóm thời hạn bảo quản (không kéo dài hồ sơ đã lập)", tags=T,
        body=RetentionClassIn,
        run=lambda c: c.office.archive.define_retention_class(c.ctx, **c.body.model_dump())),
    CommandSpec(
        name="archive.file.open", permission="archive.file.manage", path="/archive/files",
        summary="Mở hồ sơ", tags=T, body=OpenFile, body_secrecy="secrecy", creates=True,
        location="/archive/files/{id}",
        run=lambda c: c.office.archive.open_file(c.ctx, **c.body.model_dump())),
    CommandSpec(
        name="archive.file.add_document", permission="archive.file.manage",
        path=f"{ON_FILE}/documents", summary="Thêm văn bản vào hồ sơ", tags=T, target=FILE,
        body=AddDocument,
        run=lambda c: c.office.archive.add_document(c.ctx, c.target_id, c.expected,
                                                    **c.body.model_dump())),
    CommandSpec(
        name="archive.file.close", permission="archive.file.manage", path=f"{ON_FILE}/close",
        summary="Kết thúc hồ sơ (ngày kết thúc công việc)", tags=T, target=FILE, body=CloseFile,
        run=lambda c: c.office.archive.close_file(c.ctx, c.target_id, c.expected,
                                                  **c.body.model_dump())),
    CommandSpec(
        name="archive.file.keep_back", permission="archive.file.keep_back",
        path=f"{ON_FILE}/keep-back", summary="Giữ lại hồ sơ ở đơn vị (tối đa 2 năm)", tags=T,
        target=FILE, body=KeepBack,
        run=lambda c: c.office.archive.keep_back(c.ctx, c.target_id, c.expected,
                                                 **c.body.model_dump())),
    CommandSpec(
        name="archive.file.hand_over", permission="archive.file.hand_over",
        path=f"{ON_FILE}/hand-over",
        summary="Nộp lưu vào lưu trữ cơ quan, cấp mã lưu trữ", tags=T, target=FILE,
        body=HandOver,
        run=lambda c: c.office.archive.hand_over(c.ctx, c.target_id, c.expected,
                                                 **c.body.model_dump())),
    CommandSpec(
        name="archive.file.declassify", permission="archive.file.declassify",
        path=f"{ON_FILE}/declassify", summary="Giải mật, giảm độ mật (kèm lý do)", tags=T,
        target=FILE, body=Declassify,
        run=lambda c: c.office.archive.declassify(c.because(c.body.reason), c.target_id,
                                                  c.expected,
                                                  **c.body.model_dump(exclude={"reason"}))),
    CommandSpec(
        name="archive.file.transfer", permission="archive.file.transfer",
        path=f"{ON_FILE}/transfer", summary="Nộp lưu vào lưu trữ lịch sử", tags=T, target=FILE,
        body=Transfer,
        run=lambda c: c.office.archive.transfer(c.ctx, c.target_id, c.expected,
                                                **c.body.model_dump())),
    CommandSpec(
        name="archive.hold.place", permission="archive.hold", path=f"{ON_FILE}/holds",
        summary="Phong tỏa hồ sơ (chặn hủy, không kéo dài thời hạn)", tags=T, target=FILE,
        body=PlaceHold,
        run=lambda c: c.office.archive.place_hold(c.because(c.body.reason), c.target_id,
                                                  c.expected,
                                                  **c.body.model_dump(exclude={"reason"}))),
    CommandSpec(
        name="archive.hold.release", permission="archive.hold",
        path=f"{ON_FILE}/holds/{{hold_id}}/release", summary="Gỡ phong tỏa (kèm lý do)", tags=T,
        target=FILE, params={"hold_id": UUID}, body=ReleaseHold,
        run=lambda c: c.office.archive.release_hold(c.because(c.body.reason), c.target_id,
                                                    c.expected, hold_id=c.params["hold_id"],
                                                    released_on=c.body.released_on)),
    # Access requests (reading, loans)
    CommandSpec(
        name="archive.access.request", permission="archive.access.request",
        path="/archive/access-requests", summary="Đề nghị đọc tại chỗ hoặc mượn tài liệu",
        tags=T, body=RequestAccess, named_levels=_item_level, creates=True,
        location="/archive/access-requests/{id}",
        run=lambda c: c.office.archive.request_access(c.ctx, **c.body.model_dump())),
    CommandSpec(
        name="archive.access.approve", permission="archive.access.decide",
        path=f"{ON_REQUEST}/approve", summary="Duyệt (mượn: kèm hạn trả)", tags=T,
        target=ACCESS_REQUEST, body=ApproveAccess,
        run=lambda c: c.office.archive.approve_access(c.ctx, c.target_id, c.expected,
                                                      **c.body.model_dump())),
    CommandSpec(
        name="archive.access.refuse", permission="archive.access.decide",
        path=f"{ON_REQUEST}/refuse", summary="Từ chối (kèm lý do)", tags=T,
        target=ACCESS_REQUEST, body=RefuseAccess,
        run=lambda c: c.office.archive.refuse_access(c.because(c.body.reason), c.target_id,
                                                     c.expected, refused_on=c.body.refused_on)),
    CommandSpec(
        name="archive.access.hand_out", permission="archive.access.lend",
        path=f"{ON_REQUEST}/hand-out", summary="Giao tài liệu", tags=T, target=ACCESS_REQUEST,
        body=HandOut,
        run=lambda c: c.office.archive.hand_out(c.ctx, c.target_id, c.expected,
                                                **c.body.model_dump())),
    CommandSpec(
        name="archive.access.return", permission="archive.access.lend",
        path=f"{ON_REQUEST}/return", summary="Nhận lại tài liệu", tags=T, target=ACCESS_REQUEST,
        body=ReturnItem,
        run=lambda c: c.office.archive.return_item(c.ctx, c.target_id, c.expected,
                                                   **c.body.model_dump())),
    # Disposal
    CommandSpec(
        name="archive.disposal.propose", permission="archive.disposal.propose",
        path="/archive/disposals",
        summary="Hội đồng xác định giá trị tài liệu đề nghị hủy hồ sơ hết hạn", tags=T,
        body=ProposeDisposal, named_levels=_files_levels, creates=True,
        location="/archive/disposals/{id}",
        run=lambda c: c.office.archive.propose_disposal(c.ctx, **c.body.model_dump())),
    CommandSpec(
        name="archive.disposal.decide", permission="archive.disposal.decide",
        path=f"{ON_DISPOSAL}/decide", summary="Quyết định hủy của người có thẩm quyền", tags=T,
        target=DISPOSAL, body=DecideDisposal,
        run=lambda c: c.office.archive.decide_disposal(c.ctx, c.target_id, c.expected,
                                                       **c.body.model_dump())),
    CommandSpec(
        name="archive.disposal.destroy", permission="archive.disposal.destroy",
        path=f"{ON_DISPOSAL}/destroy",
        summary="Hủy trong 15 ngày kể từ quyết định, kèm biên bản (để lại bản ghi hủy)", tags=T,
        target=DISPOSAL, body=Destroy,
        run=lambda c: c.office.archive.destroy(c.because(c.body.reason), c.target_id, c.expected,
                                               **c.body.model_dump(exclude={"reason"}))),
    CommandSpec(
        name="archive.disposal.cancel", permission="archive.disposal.decide",
        path=f"{ON_DISPOSAL}/cancel", summary="Hủy bỏ đợt hủy", tags=T, target=DISPOSAL,
        body=CancelDisposal,
        run=lambda c: c.office.archive.cancel_disposal(c.because(c.body.reason), c.target_id,
                                                       c.expected)),
    # Fixity runs (the command line's `socai fixity`, as the system actor fixity-checker)
    CommandSpec(
        name="archive.fixity", permission="archive.fixity", path="/archive/fixity-runs",
        summary="Ghi nhận một lần kiểm tra toàn vẹn tệp (dòng lệnh)", tags=T, body=FixityRun,
        http=False,
        run=lambda c: c.office.archive.record_fixity(c.ctx, **c.body.model_dump())),
)
