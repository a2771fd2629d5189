"""The legal calendar's commands: override facts and deadline rules, with their effective dates."""

from __future__ import annotations

from api.commands.spec import CommandSpec
from api.schemas.petitions import RecordOverride, RecordRule

C = ("calendar",)

COMMANDS = (
    CommandSpec(
        name="calendar.record_override", permission="calendar.change", path="/calendar/overrides",
        summary="Ghi nhận ngày nghỉ, ngày làm bù, hoặc đính chính", tags=C, body=RecordOverride,
        creates=True, location="/calendar/overrides",
        run=lambda c: c.office.legal_calendar.record_override(c.ctx, **c.body.model_dump())),
    CommandSpec(
        name="calendar.record_rule", permission="calendar.change", path="/calendar/rules",
        summary="Ghi nhận phiên bản mới của một quy tắc thời hạn", tags=C, body=RecordRule,
        creates=True, location="/calendar/rules",
        run=lambda c: c.office.legal_calendar.record_rule(c.ctx, **c.body.model_dump())),
)
