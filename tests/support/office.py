"""Building offices for tests: settings per backend, a controllable clock, seeded reference data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from api.actors import resolve_actor
from api.bootstrap import Office
from api.demo.reference import load_reference
from domain.actors import Actor, Role, Secrecy
from domain.records import Context


@dataclass
class Clock:
    """A clock the test moves by hand (aware, UTC)."""

    now: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 2, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def seed_reference(office: Office) -> None:
    """The demo's units, issuers, document types and terms."""
    load_reference(office, Context(resolve_actor(office, office.settings.system_actor),
                                   office.clock()))


def actor(role: Role, unit: str = "VP", clearance: Secrecy = Secrecy.TUYET_MAT,
          name: str | None = None) -> Actor:
    from domain.users.model import user_id_for

    username = name or f"test-{role.value}"
    return Actor(user_id_for(username), username, role, unit, clearance)


def ctx_for(office: Office, who: Actor, reason: str | None = None) -> Context:
    return Context(who, office.clock(), reason=reason)


def event_count(office: Office) -> int:
    with office.store.db.read() as cur:
        cur.execute("SELECT COUNT(*) FROM stored_events")
        row = cur.fetchone()
        assert row is not None
        return int(row[0])


Issuer = Callable[..., UUID]


def issued_directive(office: Office, who: Actor, *, document_type: str = "NQ",
                     issuer: str = "TU", issued_on: date = date(2026, 3, 2),
                     title: str = "Về chuyển đổi số", secrecy: Secrecy = Secrecy.NONE) -> UUID:
    """A directive drafted, appraised and issued; returns its id."""
    d = office.directives
    receipt = d.draft(ctx_for(office, who), document_type=document_type, title=title,
                      issuer=issuer, drafting_unit="VP", secrecy=secrecy)
    assert receipt.record_id is not None
    did = receipt.record_id
    d.appraise(ctx_for(office, who), did, 1, passed=True)
    d.issue(ctx_for(office, who), did, 2, issued_on=issued_on, signer="Nguyễn Văn A",
            signer_title="Bí thư")
    return did
