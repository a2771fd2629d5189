"""Authentication comes first, before routing and before any body is read; then the role; then the
target; then the body."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi.testclient import TestClient

from api.authn import PUBLIC
from api.bootstrap import Office
from tests.e2e.conftest import Api
from tests.support.office import event_count

NOWHERE = "00000000-0000-0000-0000-0000000000aa"


class CountingBody:
    """A request body handed to the app one chunk per ``receive()``, counting what was taken."""

    def __init__(self, chunks: int, size: int = 1 << 20) -> None:
        self.left = chunks
        self.chunk = b"x" * size
        self.taken = 0

    async def receive(self) -> dict[str, Any]:
        if self.left == 0:
            await asyncio.sleep(3600)  # a client that never finishes
        self.left -= 1
        self.taken += len(self.chunk)
        return {"type": "http.request", "body": self.chunk, "more_body": self.left > 0}


def call_asgi(client: TestClient, path: str, headers: list[tuple[bytes, bytes]],
              body: CountingBody) -> tuple[int, bytes]:
    """POST straight into the ASGI app (the test client would buffer the body first)."""
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    path, _, query = path.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"},
             "http_version": "1.1", "method": "POST", "scheme": "http", "path": path,
             "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
             "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"),
                         *headers], "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
             "state": {}}
    client.portal.call(client.app, scope, body.receive, send)  # type: ignore[union-attr, arg-type]
    start = next(m for m in sent if m["type"] == "http.response.start")
    content = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return int(start["status"]), content


class TestAuthenticationBeforeTheBody:
    def test_an_unauthenticated_upload_is_401_and_its_body_is_never_read(
            self, client: TestClient, office: Office) -> None:
        """150 chunks of 1 MiB offered lazily: 401 problem+json, not one byte taken."""
        body = CountingBody(150)
        status, content = call_asgi(client, f"/archive/uploads/incoming/{NOWHERE}?filename=a.pdf",
                                    [(b"content-length", str(150 << 20).encode())], body)
        assert (status, body.taken) == (401, 0)
        assert b"/problems/unauthenticated" in content

    def test_an_unknown_token_on_a_json_command_is_401_without_reading(
            self, client: TestClient) -> None:
        """A bearer token that names nobody: 401 before the body."""
        body = CountingBody(3)
        status, _ = call_asgi(client, "/directives", [(b"authorization", b"Bearer socai_nope")],
                              body)
        assert (status, body.taken) == (401, 0)

    def test_a_known_token_gets_the_body_read(self, client: TestClient, api: Api) -> None:
        """The control: an authenticated (clerk) upload is read (and refused later for its
        missing target)."""
        body = CountingBody(2, size=1024)
        token = api.tokens["clerk"].encode()
        status, _ = call_asgi(client, f"/archive/uploads/incoming/{NOWHERE}?filename=a.pdf",
                              [(b"authorization", b"Bearer " + token)], body)
        assert status == 404  # the target is checked before the body is streamed
        assert body.taken == 0

    def test_every_route_but_the_public_ones_needs_a_token(self, client: TestClient) -> None:
        """401 with WWW-Authenticate on a sample of reads and commands; the public list is
        data (api.authn.PUBLIC)."""
        for method, path in (("GET", "/directives"), ("GET", f"/petitions/{NOWHERE}"),
                             ("POST", "/directives"), ("GET", "/users/me"),
                             ("GET", "/no/such/route")):
            r = client.request(method, path, json={})
            assert (r.status_code, r.json()["type"]) == (401, "/problems/unauthenticated"), path
            assert r.headers["www-authenticate"].startswith("Bearer")
        assert client.get("/healthz").status_code == 200
        assert client.get("/openapi.json").status_code == 200
        assert "/healthz" in PUBLIC
        assert "/directives" not in PUBLIC

    def test_the_principal_reaches_the_routes(self, api: Api) -> None:
        """/users/me answers the caller the authentication step found."""
        assert api.get("clerk", "/users/me").json()["username"] == "clerk"


class TestTheOrderOfTheChecks:
    def test_a_refused_role_is_403_before_the_target_and_the_body(self, api: Api,
                                                                   office: Office) -> None:
        """A clerk appraising a directive that does not exist, with an empty body: 403."""
        before = event_count(office)
        r = api.post("clerk", f"/directives/{NOWHERE}/appraise", {}, version=1)
        assert (r.status_code, r.json()["type"]) == (403, "/problems/forbidden")
        assert event_count(office) == before

    def test_a_missing_target_is_404_before_the_body(self, api: Api) -> None:
        """A leader, same request: the target is checked before the body is validated."""
        r = api.post("leader", f"/directives/{NOWHERE}/appraise", {}, version=1)
        assert (r.status_code, r.json()["type"]) == (404, "/problems/record-not-found")

    def test_a_secret_target_is_403_before_the_body(self, api: Api) -> None:
        """A directive above the caller's clearance: 403 clearance-too-low, body unread."""
        created = api.post("leader", "/directives", {
            "document_type": "CT", "title": "Mật", "issuer": "TU", "drafting_unit": "VP",
            "secrecy": "toi_mat"}).json()
        r = api.post("specialist", f"/directives/{created['id']}/revise", {"colour": 1},
                     version=1)
        assert (r.status_code, r.json()["type"]) == (403, "/problems/clearance-too-low")

    def test_then_the_body(self, api: Api) -> None:
        """The leader's own draft with a bad body: 422 validation-failed."""
        created = api.post("leader", "/directives", {
            "document_type": "CT", "title": "Thường", "issuer": "TU",
            "drafting_unit": "VP"}).json()
        r = api.post("leader", f"/directives/{created['id']}/revise", {"colour": 1}, version=1)
        assert (r.status_code, r.json()["type"]) == (422, "/problems/validation-failed")
