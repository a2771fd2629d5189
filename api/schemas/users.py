"""Request bodies of the user commands."""

from __future__ import annotations

from pydantic import Field

from api.http import Body, CommandResult
from api.schemas.common import Code, Reason, ShortText
from domain.actors import Role, Secrecy


class UserIn(Body):
    username: Code = Field(examples=["vanthu.lan"])
    display_name: ShortText = Field(examples=["Nguyễn Thị Lan"])
    role: Role
    unit: Code = Field(examples=["VP"])
    clearance: Secrecy = Secrecy.NONE


class UserChange(Body):
    role: Role | None = None
    unit: Code | None = None
    clearance: Secrecy | None = None
    display_name: ShortText | None = None


class TokenIn(Body):
    label: str = Field(default="", max_length=100)


class DeactivateIn(Body):
    reason: Reason


class TokenOut(CommandResult):
    """A minted token: shown in this answer once (Cache-Control: no-store), stored only hashed."""

    token_id: str = Field(description="the token's id, for revoking it")
    token: str = Field(description="the bearer token itself")
