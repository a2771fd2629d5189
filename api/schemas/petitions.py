"""Request bodies of the petition and legal-calendar commands, with OpenAPI examples."""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field, field_validator

from api.http import Body
from api.schemas.common import Code, OptionalText, Reason, ShortText, Text
from domain.actors import Secrecy
from domain.calendar import DayType, OverrideKind, StartEvent
from domain.petitions.identity import Identity, Scan
from domain.petitions.model import Anonymity, Channel, Complexity, Instance, PetitionClass


class ScanIn(Body):
    media_type: ShortText = Field(examples=["image/png"])
    data_base64: str = Field(default="", max_length=700_000, description="the scan, base64")
    blob_ref: ShortText | None = Field(default=None, description="or a blob-store reference")

    @field_validator("data_base64")
    @classmethod
    def _base64(cls, value: str) -> str:
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            msg = "data_base64 must be base64"
            raise ValueError(msg) from exc
        return value


class IdentityIn(Body):
    """Personal data: encrypted at once with the petition's key, never stored in the clear."""

    name: ShortText = Field(examples=["Nguyễn Thị Hạnh"])
    address: ShortText | None = Field(default=None, examples=["Thôn 3, xã Hòa Phú"])
    id_number: ShortText | None = Field(default=None, examples=["001190012345"])
    phone: ShortText | None = Field(default=None, examples=["0912345678"])
    scans: list[ScanIn] = Field(default_factory=list, max_length=10)

    def to_identity(self) -> Identity:
        return Identity(self.name, self.address, self.id_number, self.phone, tuple(
            Scan(s.media_type, base64.b64decode(s.data_base64), s.blob_ref) for s in self.scans))


class ReceivePetition(Body):
    channel: Channel = Field(examples=["post"])
    received_on: date = Field(description="business date of receipt (may precede entry)")
    summary: Text = Field(examples=["Tố cáo cán bộ địa chính xã thu tiền trái quy định"],
                          description="trích yếu nội dung; never the writer's identity")
    identity: IdentityIn | None = Field(default=None, description="null: anonymous")
    postmark_on: date | None = Field(default=None, description="ngày dấu bưu điện (post only)")
    forwarded_by: ShortText | None = Field(default=None, examples=["Ban Tiếp công dân tỉnh"])
    secrecy: Secrecy = Secrecy.NONE


class ClassifyPetition(Body):
    petition_class: PetitionClass
    eligible: bool
    anonymity: Anonymity = Anonymity.NAMED
    contents: list[PetitionClass] = Field(default_factory=list, max_length=3)
    ineligibility_reason: OptionalText | None = None
    verifiable: bool = Field(default=False, description="anonymous denunciation with concrete, "
                                                        "verifiable evidence (Luật Tố cáo Art 25)")
    about_party_member: bool = False
    same_content_as: UUID | None = None


class LinkRepeat(Body):
    earlier_id: UUID
    linked_on: date


class AcceptPetition(Body):
    accepted_on: date
    handling_unit: Code = Field(examples=["UBKT"])
    complexity: Complexity = Complexity.NORMAL
    remote: bool = False
    instance: Instance = Instance.FIRST


class ReferPetition(Body):
    to_body: ShortText = Field(examples=["Thanh tra tỉnh"])
    referred_on: date


class GuidePetition(Body):
    guided_to: ShortText = Field(examples=["Tòa án nhân dân khu vực 1"])
    guided_on: date


class FilePetition(Body):
    filed_on: date


class NotifyPetitioner(Body):
    notified_on: date
    means: ShortText = Field(examples=["Phiếu báo gửi qua bưu điện"])


class AssignHandlers(Body):
    handlers: list[Code] = Field(min_length=1, max_length=20, examples=[["chuyenvien"]],
                                 description="usernames")
    handling_unit: Code | None = None


class ExtendPetition(Body):
    granted_on: date
    length: int | None = Field(default=None, ge=1, le=366, description="default: the rule's")
    reason: Reason


class RaisePetitionSecrecy(Body):
    secrecy: Secrecy = Field(examples=["toi_mat"],
                             description="a level above the current one; every handler must be "
                                         "cleared for it")
    reason: Reason


class SuspendPetition(Body):
    suspended_on: date
    reason: Reason


class ResumePetition(Body):
    resumed_on: date
    reason: Reason


class WithdrawPetition(Body):
    withdrawn_on: date
    reason: Reason


class ConcludePetition(Body):
    concluded_on: date
    conclusion: Text


class ClosePetition(Body):
    closed_on: date


class ReopenPetition(Body):
    reopened_on: date
    reason: Reason


class UrgeReferral(Body):
    urged_on: date
    note: Text


class ReferralReply(Body):
    replied_on: date
    summary: Text


class RevealIdentity(Body):
    reason: Reason


class RecomputeDeadlines(Body):
    reason: Reason


class RecordOverride(Body):
    day: date
    kind: OverrideKind
    label: ShortText = Field(examples=["Nghỉ bù Quốc khánh"])
    legal_source: Text = Field(examples=["Văn bản 12729/VPCP-KGVX ngày 25/12/2025"])
    effective_from: date


class RecordRule(Body):
    code: ShortText = Field(examples=["denunciation.resolve"])
    name_vi: ShortText
    legal_source: Text
    length: int = Field(ge=1, le=3650)
    day_type: DayType
    start_event: StartEvent
    effective_from: date
    effective_to: date | None = None
    max_extensions: int = Field(default=0, ge=0, le=10)
    extension_length: int = Field(default=0, ge=0, le=3650)
    extension_day_type: DayType | None = None


class ShredKey(Body):
    """Destroying a petition's identity key (``socai shred``)."""

    reason: Reason


class RevealOut(BaseModel):
    """The answer of a reveal: the identity in the clear, once (Cache-Control: no-store)."""

    petition_id: UUID
    identity: dict[str, Any] = Field(description=(
        "name, address, id_number, phone, scans (media_type, data_base64, blob_ref)"))
