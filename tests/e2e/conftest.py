"""HTTP fixtures: the real app over a real store, and a bearer token per role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.actors import resolve_actor
from api.app import create_app
from api.bootstrap import Office
from domain.actors import Role, Secrecy
from domain.records import Context

ROLE_CLEARANCE = {
    Role.CLERK: Secrecy.MAT,
    Role.SPECIALIST: Secrecy.MAT,
    Role.LEADER: Secrecy.TOI_MAT,
    Role.INSPECTOR: Secrecy.TOI_MAT,
    Role.AUDITOR: Secrecy.MAT,
    Role.ADMIN: Secrecy.NONE,
}


class Api:
    """A test client that speaks as one role or another."""

    def __init__(self, client: TestClient, tokens: dict[str, str]) -> None:
        self.client = client
        self.tokens = tokens

    def headers(self, role: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}", **extra}

    def get(self, role: str, url: str, **kw: Any) -> Any:
        return self.client.get(url, headers=self.headers(role, **kw.pop("headers", {})), **kw)

    def post(self, role: str, url: str, json: Any = None, *, version: int | None = None,
             **kw: Any) -> Any:
        headers = self.headers(role, **kw.pop("headers", {}))
        if version is not None:
            headers["If-Match"] = f'"{version}"'
        return self.client.post(url, json=json, headers=headers, **kw)


def add_user(office: Office, username: str, role: Role, clearance: Secrecy, unit: str = "VP"
             ) -> str:
    ctx = Context(resolve_actor(office, office.settings.system_actor), office.clock())
    office.users.register(ctx, username=username, display_name=f"Người dùng {username}",
                          role=role, unit=unit, clearance=clearance)
    return office.users.issue_token(ctx, username, label="test").token


def role_tokens(office: Office) -> dict[str, str]:
    """A user and a token per role (ROLE_CLEARANCE), and a leader cleared for nothing."""
    out = {role.value: add_user(office, role.value, role, clearance)
           for role, clearance in ROLE_CLEARANCE.items()}
    out["uncleared_leader"] = add_user(office, "leader-none", Role.LEADER, Secrecy.NONE)
    office.projections.catch_up()
    return out


@pytest.fixture
def tokens(office: Office) -> dict[str, str]:
    return role_tokens(office)


@pytest.fixture
def client(office: Office) -> Iterator[TestClient]:
    with TestClient(create_app(office=office, background=False)) as c:
        yield c


@pytest.fixture
def api(client: TestClient, tokens: dict[str, str]) -> Api:
    return Api(client, tokens)
