"""Load the demo office into an empty store and mint a token per demo user."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from api.actors import resolve_actor, system_actor
from api.bootstrap import Office
from api.demo.archive import ArchiveDemo
from api.demo.directives import DemoActors, DirectiveDemo
from api.demo.petitions import PetitionDemo
from api.demo.reference import USERS, load_reference
from domain.actors import Actor
from domain.records import Context


@dataclass
class DemoResult:
    loaded: bool
    tokens: dict[str, tuple[str, str]] = field(default_factory=dict)  # username → (role, token)
    events: int = 0


def load_demo(office: Office, today: date) -> DemoResult:
    """Idempotent: does nothing once the office has reference data (the demo's first step). The
    calendar years and rules every start-up adopts do not count (`api.startup`)."""
    if office.reference.units() is not None:
        return DemoResult(loaded=False)
    system = system_actor(office, "demo-loader")
    ctx = Context(system, office.clock())
    load_reference(office, ctx)
    result = DemoResult(loaded=True)
    actors: dict[str, Actor] = {}
    for username, display_name, role, unit, clearance in USERS:
        office.users.register(ctx, username=username, display_name=display_name, role=role,
                              unit=unit, clearance=clearance)
        issued = office.users.issue_token(ctx, username, label="demo")
        result.tokens[username] = (role.value, issued.token)
        actors[role.value] = resolve_actor(office, username)
    demo = DirectiveDemo(office, DemoActors(
        clerk=actors["clerk"], specialist=actors["specialist"], leader=actors["leader"],
        inspector=actors["inspector"],
    ), today)
    demo.load()
    ArchiveDemo(office, actors, today).load()
    PetitionDemo(office, actors, today).load()
    result.events = office.projections.catch_up()
    return result
