"""Everyone who handles a petition is cleared for its secrecy, and a reveal always needs the
clearance (findings 3 of issue 10), through the real app."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from api.actors import resolve_actor
from api.bootstrap import Office
from domain.actors import Secrecy
from domain.records import Context
from tests.e2e.conftest import Api
from tests.e2e.test_clearance_http import IDENTITY, post, problem
from tests.support.office import Clock
from tests.support.petitions import PLAINTEXT_NAME, on_day


class TestHandlers:
    def accepted(self, api: Api, clock: Clock, handler: str) -> tuple[str, int]:
        on_day(clock, date(2026, 6, 1))
        p = post(api, "clerk", "/petitions", {
            "channel": "citizen_reception", "received_on": "2026-06-01",
            "summary": "Tố cáo cán bộ xã", "identity": IDENTITY}, status=201)
        url = f"/petitions/{p['id']}"
        v = post(api, "clerk", f"{url}/register", version=p["version"])["version"]
        v = post(api, "leader", f"{url}/classify", {
            "petition_class": "denunciation", "eligible": True, "anonymity": "named"},
            version=v)["version"]
        v = post(api, "leader", f"{url}/accept", {
            "accepted_on": "2026-06-01", "handling_unit": "UBKT"}, version=v)["version"]
        v = post(api, "leader", f"{url}/assign", {"handlers": [handler]}, version=v)["version"]
        return url, v

    def test_an_uncleared_handler_is_not_assigned(self, api: Api, office: Office,
                                                  clock: Clock) -> None:
        """A Tối mật case: assigning the Mật specialist is 409 naming them; nothing written."""
        url, v = self.accepted(api, clock, "inspector")
        v = post(api, "leader", f"{url}/raise-secrecy", {"secrecy": "toi_mat", "reason": "Mật"},
                 version=v)["version"]
        before = office.petitions.get(UUID(url.rsplit("/", 1)[1])).version
        body = problem(api.post("leader", f"{url}/assign", {"handlers": ["specialist"]},
                                version=v), 409)
        assert body["type"] == "/problems/handler-not-cleared"
        assert [h["username"] for h in body["handlers"]] == ["specialist"]
        assert office.petitions.get(UUID(url.rsplit("/", 1)[1])).version == before

    def test_the_secrecy_is_not_raised_above_a_handler(self, api: Api, office: Office,
                                                       clock: Clock) -> None:
        """Raising a Mật case handled by the Mật specialist to Tối mật is 409 naming the
        specialist; after reassigning to the inspector it is raised."""
        url, v = self.accepted(api, clock, "specialist")
        body = problem(api.post("leader", f"{url}/raise-secrecy", {
            "secrecy": "toi_mat", "reason": "Mật"}, version=v), 409)
        assert (body["type"], body["secrecy"]) == ("/problems/handler-not-cleared", "toi_mat")
        assert body["handlers"] == [{"user_id": str(office.users.by_username("specialist").id),
                                     "username": "specialist"}]
        v = post(api, "leader", f"{url}/assign", {"handlers": ["inspector"]}, version=v)["version"]
        post(api, "leader", f"{url}/raise-secrecy", {"secrecy": "toi_mat", "reason": "Mật"},
             version=v)
        assert office.petitions.get(UUID(url.rsplit("/", 1)[1])).secrecy is Secrecy.TOI_MAT

    def test_a_handler_below_the_case_cannot_reveal_and_the_refusal_is_recorded(
            self, api: Api, office: Office, clock: Clock) -> None:
        """Finding 3: the Mật case's handler whose clearance was lowered is refused (403
        reveal-needs-clearance, no identity) and a RevealRefused event is written."""
        url, _ = self.accepted(api, clock, "specialist")
        operator = Context(resolve_actor(office, office.settings.system_actor), office.clock())
        office.users.change(operator, "specialist", clearance=Secrecy.NONE)
        office.projections.catch_up()
        refused = api.post("specialist", f"{url}/reveal", {"reason": "Xác minh"})
        body = problem(refused, 403)
        log = office.petitions.access_log(UUID(url.rsplit("/", 1)[1]))
        assert body["type"] == "/problems/reveal-needs-clearance"
        assert PLAINTEXT_NAME not in refused.text
        assert log is not None
        assert (log.refusals, log.reveals) == (1, 0)

