"""The user commands: add, change, tokens, deactivate."""

from __future__ import annotations

from api.commands.spec import CommandSpec, Done, Replay, Run
from api.kinds import USER
from api.schemas.users import DeactivateIn, TokenIn, TokenOut, UserChange, UserIn

U = ("users",)
ON = "/users/{username}"


def _mint(c: Run[TokenIn]) -> Done:
    """The token is in this answer and nowhere else (only its SHA-256 is stored)."""
    issued = c.office.users.issue_token(c.ctx, c.target_id, label=c.body.label,
                                        expected=c.expected)
    return Done(issued.receipt, extra={"token_id": issued.token_id, "token": issued.token},
                secret=True)


COMMANDS = (
    CommandSpec(
        name="user.add", permission="user.manage", path="/users", summary="Tạo người dùng",
        tags=U, body=UserIn, creates=True, location="/users/{body.username}",
        run=lambda c: c.office.users.register(c.ctx, **c.body.model_dump())),
    CommandSpec(
        name="user.change", permission="user.manage", path=f"{ON}/change",
        summary="Đổi vai trò, đơn vị, độ mật", tags=U, target=USER, body=UserChange,
        run=lambda c: c.office.users.change(c.ctx, c.target_id, expected=c.expected,
                                            **c.body.model_dump())),
    CommandSpec(
        name="user.token", permission="user.manage", path=f"{ON}/tokens",
        summary="Cấp mã truy cập (chỉ hiện một lần)", tags=U, target=USER, body=TokenIn,
        creates=True, replay=Replay.REFUSED, answer_model=TokenOut, run=_mint),
    CommandSpec[None](
        name="user.revoke_token", permission="user.manage",
        path=f"{ON}/tokens/{{token_id}}/revoke", summary="Thu hồi mã truy cập", tags=U,
        target=USER, params={"token_id": str},
        run=lambda c: c.office.users.revoke_token(c.ctx, c.target_id, c.params["token_id"],
                                                  expected=c.expected)),
    CommandSpec(
        name="user.deactivate", permission="user.manage", path=f"{ON}/deactivate",
        summary="Vô hiệu hóa người dùng", tags=U, target=USER, body=DeactivateIn,
        run=lambda c: c.office.users.deactivate(c.because(c.body.reason), c.target_id,
                                                expected=c.expected)),
)
