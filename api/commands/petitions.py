"""The petition commands: reception to closure, the identity's reveal and shredding."""

from __future__ import annotations

from api.commands.spec import CommandSpec, Done, Replay, Run
from api.kinds import PETITION
from api.permissions import allowed
from api.petition_views import identity_view
from api.schemas.petitions import (
    AcceptPetition,
    AssignHandlers,
    ClassifyPetition,
    ClosePetition,
    ConcludePetition,
    ExtendPetition,
    FilePetition,
    GuidePetition,
    LinkRepeat,
    NotifyPetitioner,
    RaisePetitionSecrecy,
    ReceivePetition,
    RecomputeDeadlines,
    ReferPetition,
    ReferralReply,
    ReopenPetition,
    ResumePetition,
    RevealIdentity,
    RevealOut,
    ShredKey,
    SuspendPetition,
    UrgeReferral,
    WithdrawPetition,
)
from domain.application import Receipt
from domain.errors import InvalidValue, RecordNotFound
from domain.petitions.model import Handler

P = ("petitions",)
ON = "/petitions/{petition_id}"


def _receive(c: Run[ReceivePetition]) -> Receipt:
    fields = c.body.model_dump(exclude={"identity"})
    identity = c.body.identity.to_identity() if c.body.identity else None
    return c.office.petitions.receive(c.ctx, identity=identity, **fields)


def _assign(c: Run[AssignHandlers]) -> Receipt:
    handlers = []
    for username in c.body.handlers:
        try:
            user = c.office.users.by_username(username)
        except RecordNotFound as exc:
            msg = f"handlers: không có người dùng {username!r} (unknown user)"
            raise InvalidValue(msg, field="handlers") from exc
        handlers.append(Handler(user.id, user.username))
    return c.office.petitions.assign_handlers(c.ctx, c.target_id, c.expected, handlers=handlers,
                                              handling_unit=c.body.handling_unit)


def _reveal(c: Run[RevealIdentity]) -> Done:
    """No role gate before the domain: a refused attempt is recorded, then answered 403."""
    identity = c.office.petitions.reveal(
        c.because(c.body.reason), c.target_id,
        role_allows=allowed(c.principal.role, "petition.reveal"))
    return Done(body={"petition_id": c.target_id, "identity": identity_view(identity)},
                secret=True)


COMMANDS = (
    CommandSpec(
        name="petition.receive", permission="petition.receive", path="/petitions",
        summary="Tiếp nhận đơn", tags=P, body=ReceivePetition, body_secrecy="secrecy",
        creates=True, location="/petitions/{id}", run=_receive),
    CommandSpec[None](
        name="petition.register", permission="petition.register", path=f"{ON}/register",
        summary="Vào sổ tiếp nhận đơn (số theo năm)", tags=P, target=PETITION,
        run=lambda c: c.office.petitions.register(c.ctx, c.target_id, c.expected)),
    CommandSpec(
        name="petition.classify", permission="petition.classify", path=f"{ON}/classify",
        summary="Phân loại đơn theo nội dung", tags=P, target=PETITION, body=ClassifyPetition,
        run=lambda c: c.office.petitions.classify(c.ctx, c.target_id, c.expected,
                                                  **c.body.model_dump())),
    CommandSpec(
        name="petition.link_repeat", permission="petition.classify", path=f"{ON}/link-repeat",
        summary="Gộp đơn trùng nội dung, không có tình tiết mới", tags=P, target=PETITION,
        body=LinkRepeat,
        run=lambda c: c.office.petitions.link_repeat(c.ctx, c.target_id, c.expected,
                                                     **c.body.model_dump())),
    CommandSpec(
        name="petition.accept", permission="petition.decide", path=f"{ON}/accept",
        summary="Thụ lý giải quyết", tags=P, target=PETITION, body=AcceptPetition,
        run=lambda c: c.office.petitions.accept(c.ctx, c.target_id, c.expected,
                                                **c.body.model_dump())),
    CommandSpec(
        name="petition.refer", permission="petition.decide", path=f"{ON}/refer",
        summary="Chuyển đơn đến cơ quan có thẩm quyền", tags=P, target=PETITION,
        body=ReferPetition,
        run=lambda c: c.office.petitions.refer(c.ctx, c.target_id, c.expected,
                                               **c.body.model_dump())),
    CommandSpec(
        name="petition.guide", permission="petition.decide", path=f"{ON}/guide",
        summary="Hướng dẫn người gửi đơn", tags=P, target=PETITION, body=GuidePetition,
        run=lambda c: c.office.petitions.guide(c.ctx, c.target_id, c.expected,
                                               **c.body.model_dump())),
    CommandSpec(
        name="petition.keep_on_file", permission="petition.decide", path=f"{ON}/file",
        summary="Lưu đơn", tags=P, target=PETITION, body=FilePetition,
        run=lambda c: c.office.petitions.keep_on_file(c.ctx, c.target_id, c.expected,
                                                      **c.body.model_dump())),
    CommandSpec(
        name="petition.notify", permission="petition.notify", path=f"{ON}/notify",
        summary="Thông báo cho người gửi đơn", tags=P, target=PETITION, body=NotifyPetitioner,
        run=lambda c: c.office.petitions.notify_petitioner(c.ctx, c.target_id, c.expected,
                                                           **c.body.model_dump())),
    CommandSpec(
        name="petition.raise_secrecy", permission="petition.secrecy", path=f"{ON}/raise-secrecy",
        summary="Nâng độ mật của vụ việc (kèm lý do; mọi người giải quyết phải được tiếp cận độ "
                "mật mới)", tags=P, target=PETITION, body=RaisePetitionSecrecy,
        body_secrecy="secrecy",
        run=lambda c: c.office.petitions.raise_secrecy(c.because(c.body.reason), c.target_id,
                                                       c.expected, secrecy=c.body.secrecy)),
    CommandSpec(
        name="petition.assign", permission="petition.assign", path=f"{ON}/assign",
        summary="Phân công người giải quyết (mỗi người phải được tiếp cận độ mật của vụ việc)",
        tags=P, target=PETITION, body=AssignHandlers, run=_assign),
    CommandSpec(
        name="petition.extend", permission="petition.clock", path=f"{ON}/extend",
        summary="Gia hạn giải quyết (kèm lý do, theo quy tắc)", tags=P, target=PETITION,
        body=ExtendPetition,
        run=lambda c: c.office.petitions.extend(c.because(c.body.reason), c.target_id,
                                                c.expected, granted_on=c.body.granted_on,
                                                length=c.body.length)),
    CommandSpec(
        name="petition.suspend", permission="petition.clock", path=f"{ON}/suspend",
        summary="Tạm đình chỉ (kèm lý do)", tags=P, target=PETITION, body=SuspendPetition,
        run=lambda c: c.office.petitions.suspend(c.because(c.body.reason), c.target_id,
                                                 c.expected, suspended_on=c.body.suspended_on)),
    CommandSpec(
        name="petition.resume", permission="petition.clock", path=f"{ON}/resume",
        summary="Tiếp tục giải quyết (kèm lý do)", tags=P, target=PETITION, body=ResumePetition,
        run=lambda c: c.office.petitions.resume(c.because(c.body.reason), c.target_id,
                                                c.expected, resumed_on=c.body.resumed_on)),
    CommandSpec(
        name="petition.withdraw", permission="petition.withdraw", path=f"{ON}/withdraw",
        summary="Rút đơn (kèm lý do)", tags=P, target=PETITION, body=WithdrawPetition,
        run=lambda c: c.office.petitions.withdraw(c.because(c.body.reason), c.target_id,
                                                  c.expected, withdrawn_on=c.body.withdrawn_on)),
    CommandSpec(
        name="petition.conclude", permission="petition.conclude", path=f"{ON}/conclude",
        summary="Kết luận giải quyết", tags=P, target=PETITION, body=ConcludePetition,
        run=lambda c: c.office.petitions.conclude(c.ctx, c.target_id, c.expected,
                                                  **c.body.model_dump())),
    CommandSpec(
        name="petition.close", permission="petition.close", path=f"{ON}/close",
        summary="Kết thúc vụ việc", tags=P, target=PETITION, body=ClosePetition,
        run=lambda c: c.office.petitions.close_case(c.ctx, c.target_id, c.expected,
                                                    **c.body.model_dump())),
    CommandSpec(
        name="petition.reopen", permission="petition.reopen", path=f"{ON}/reopen",
        summary="Mở lại khi có tố cáo tiếp (kèm lý do)", tags=P, target=PETITION,
        body=ReopenPetition,
        run=lambda c: c.office.petitions.reopen(c.because(c.body.reason), c.target_id,
                                                c.expected, reopened_on=c.body.reopened_on)),
    CommandSpec(
        name="petition.urge_referral", permission="petition.follow_up",
        path=f"{ON}/referral/urge", summary="Đôn đốc cơ quan nhận đơn chuyển", tags=P,
        target=PETITION, body=UrgeReferral,
        run=lambda c: c.office.petitions.urge_referral(c.ctx, c.target_id, c.expected,
                                                       **c.body.model_dump())),
    CommandSpec(
        name="petition.referral_reply", permission="petition.follow_up",
        path=f"{ON}/referral/reply",
        summary="Ghi nhận trả lời của cơ quan nhận đơn chuyển", tags=P, target=PETITION,
        body=ReferralReply,
        run=lambda c: c.office.petitions.record_referral_reply(c.ctx, c.target_id, c.expected,
                                                               **c.body.model_dump())),
    CommandSpec(
        name="petition.recompute", permission="petition.clock", path=f"{ON}/recompute",
        summary="Tính lại thời hạn sau khi điều chỉnh lịch, quy tắc", tags=P, target=PETITION,
        body=RecomputeDeadlines,
        run=lambda c: c.office.petitions.recompute_deadlines(c.because(c.body.reason),
                                                             c.target_id, c.expected)),
    CommandSpec(
        name="petition.reveal", permission="petition.reveal", path=f"{ON}/reveal",
        summary="Xem thông tin người gửi đơn (kèm lý do; mọi lần xem và lần bị từ chối đều "
                "được ghi lại)", tags=P, target=PETITION, body=RevealIdentity, if_match=False,
        refusal_recorded=True, replay=Replay.RUNS_AGAIN, answer_model=RevealOut, run=_reveal),
    CommandSpec(
        name="petition.shred", permission="petition.shred", path=f"{ON}/shred",
        summary="Hủy khóa giải mã thông tin người gửi sau thời hạn lưu (dòng lệnh)", tags=P,
        target=PETITION, body=ShredKey, http=False,
        run=lambda c: c.office.petitions.shred(c.because(c.body.reason), c.target_id)),
)
