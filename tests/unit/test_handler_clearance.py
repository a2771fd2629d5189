"""Everyone who handles a case is cleared for its secrecy (``domain.petitions.clearance``)."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.actors import Secrecy
from domain.petitions.clearance import require_cleared, uncleared
from domain.petitions.errors import HandlerNotCleared
from domain.petitions.model import Handler

MAT_SPECIALIST = Handler(uuid4(), "chuyenvien")
TOI_MAT_INSPECTOR = Handler(uuid4(), "kiemtra")
STRANGER = Handler(uuid4(), "nguoi-la")


class Users:
    """The port as the users application answers it: clearance now, None if no active user."""

    def __init__(self, clearances: dict[UUID, Secrecy]) -> None:
        self.clearances = clearances

    def clearance_of(self, user_id: UUID) -> Secrecy | None:
        return self.clearances.get(user_id)


USERS = Users({MAT_SPECIALIST.user_id: Secrecy.MAT, TOI_MAT_INSPECTOR.user_id: Secrecy.TOI_MAT})


class TestUncleared:
    def test_a_clearance_covers_its_level_and_those_below(self) -> None:
        handlers = (MAT_SPECIALIST, TOI_MAT_INSPECTOR)
        assert [uncleared(handlers, level, USERS) for level in Secrecy] == [
            (), (), (MAT_SPECIALIST,), (MAT_SPECIALIST, TOI_MAT_INSPECTOR)]

    def test_someone_who_is_not_an_active_user_is_cleared_for_nothing_secret(self) -> None:
        assert (uncleared([STRANGER], Secrecy.NONE, USERS),
                uncleared([STRANGER], Secrecy.MAT, USERS)) == ((), (STRANGER,))


class TestRequireCleared:
    def test_the_refusal_names_the_handlers_to_reassign(self) -> None:
        """By user id and username (never a display name), with the level asked for."""
        with pytest.raises(HandlerNotCleared) as refused:
            require_cleared([TOI_MAT_INSPECTOR, MAT_SPECIALIST], Secrecy.TOI_MAT, USERS)
        assert refused.value.details == {"secrecy": "toi_mat", "handlers": [
            {"user_id": str(MAT_SPECIALIST.user_id), "username": "chuyenvien"}]}
        assert (refused.value.status, refused.value.code()) == (409, "handler-not-cleared")
        assert "chuyenvien" in refused.value.message

    def test_cleared_handlers_pass(self) -> None:
        require_cleared([TOI_MAT_INSPECTOR], Secrecy.TOI_MAT, USERS)
