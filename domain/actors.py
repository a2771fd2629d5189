"""Who acts: users with a role, a unit and a secrecy clearance."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from uuid import UUID


class Role(enum.StrEnum):
    CLERK = "clerk"  # văn thư
    SPECIALIST = "specialist"  # chuyên viên
    LEADER = "leader"  # lãnh đạo văn phòng
    INSPECTOR = "inspector"  # cán bộ Ủy ban kiểm tra
    AUDITOR = "auditor"  # kiểm toán, chỉ đọc
    ADMIN = "admin"  # quản trị hệ thống
    SYSTEM = "system"  # background work and the command line's default actor

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.CLERK: "Văn thư",
    Role.SPECIALIST: "Chuyên viên",
    Role.LEADER: "Lãnh đạo",
    Role.INSPECTOR: "Cán bộ kiểm tra",
    Role.AUDITOR: "Kiểm toán viên",
    Role.ADMIN: "Quản trị",
    Role.SYSTEM: "Hệ thống",
}


class Secrecy(enum.StrEnum):
    """State-secret level of a record, and the clearance of a user (same scale)."""

    NONE = "none"  # thường
    MAT = "mat"  # mật
    TOI_MAT = "toi_mat"  # tối mật
    TUYET_MAT = "tuyet_mat"  # tuyệt mật

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def label(self) -> str:
        return SECRECY_LABELS[self]

    def covers(self, level: Secrecy) -> bool:
        """A clearance covers a secrecy level at or below it."""
        return self.rank >= level.rank


_RANK = {Secrecy.NONE: 0, Secrecy.MAT: 1, Secrecy.TOI_MAT: 2, Secrecy.TUYET_MAT: 3}
SECRECY_LABELS = {
    Secrecy.NONE: "Thường",
    Secrecy.MAT: "Mật",
    Secrecy.TOI_MAT: "Tối mật",
    Secrecy.TUYET_MAT: "Tuyệt mật",
}


@dataclass(frozen=True)
class Actor:
    """The who of every event: recorded as it was when the event happened."""

    user_id: UUID
    username: str
    role: Role
    unit: str
    clearance: Secrecy = Secrecy.NONE
