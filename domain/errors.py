"""Errors named for the rule they protect.

Every refusal in the domain is a :class:`DomainError`. Its class says which rule was broken; the API
maps each family to one HTTP status and each class to one problem type (``/problems/<code>``). The
message says what was wrong in words a clerk can act on, and never contains personal data.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


class DomainError(Exception):
    """A command refused by a rule; nothing was written."""

    status: ClassVar[int] = 422
    title: ClassVar[str] = "Yêu cầu không hợp lệ"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    @classmethod
    def code(cls) -> str:
        return _kebab(cls.__name__)


class InvalidValue(DomainError):
    """A value given to a command breaks a rule about values (empty, too long, wrong form)."""

    status = 422
    title = "Giá trị không hợp lệ"


class RecordNotFound(DomainError):
    """No record of that kind has that id."""

    status = 404
    title = "Không tìm thấy hồ sơ"


class TransitionRefused(DomainError):
    """The record's state does not allow this command now (e.g. reviewing a draft)."""

    status = 409
    title = "Không thể thực hiện ở trạng thái hiện tại"


class RuleViolation(DomainError):
    """A business rule other than the state machine refuses the command."""

    status = 409
    title = "Vi phạm quy tắc nghiệp vụ"


class ConcurrentChange(DomainError):
    """Another command changed the record between reading and writing; retry with fresh state."""

    status = 409
    title = "Hồ sơ vừa được thay đổi bởi thao tác khác"


class VersionMismatch(DomainError):
    """The caller's If-Match names a version that is no longer the record's."""

    status = 412
    title = "Phiên bản không khớp"


class NotPermitted(DomainError):
    """The actor's role, unit or clearance does not allow this (checked by the domain)."""

    status = 403
    title = "Không có quyền"


class ClearanceTooLow(NotPermitted):
    """A reader sees a record only if their clearance covers its secrecy then and now."""

    title = "Không đủ thẩm quyền tiếp cận"


class ReasonRequired(InvalidValue):
    """The rules ask for a reason for this command (revocation, extension, reveal, …)."""
