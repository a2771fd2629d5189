"""The demo office's archive: files in every state, an overdue loan, a hold, a disposal done."""

from __future__ import annotations

from api.bootstrap import Office
from api.demo.loader import load_demo
from domain.actors import Secrecy
from projections.archive.queries import RegisterFilter, register_rows

ALL = [s.value for s in Secrecy]


class TestDemoArchive:
    def test_every_state_is_shown(self, bare_office: Office) -> None:
        """`socai demo` fills the registers: every file state, an overdue loan and follow-up,
        a held file, a destroyed one, an urgent document not yet passed on."""
        today = bare_office.clock().astimezone(bare_office.settings.zone).date()
        assert load_demo(bare_office, today).loaded
        db = bare_office.store.db

        def rows(name: str, sort: str) -> list[dict[str, object]]:
            return register_rows(db, name, RegisterFilter(), on=today, readable=ALL, sort=sort)

        files = rows("files", "code")
        assert {f["status"] for f in files} == {"open", "closed", "archived", "transferred",
                                                "destroyed"}
        assert any(f["handover_overdue"] for f in files)
        assert any(f["kept_back_until"] for f in files)
        assert any(f["on_hold"] for f in files)
        assert any(loan["overdue"] for loan in rows("loans", "date"))
        assert any(d["overdue"] for d in rows("follow-up", "deadline"))
        assert any(i["urgent_pending"] for i in rows("incoming", "number"))
        assert {o["status"] for o in rows("outgoing", "issued")} >= {"sent", "replaced",
                                                                     "recalled", "issued"}
        assert any(d["disposal_status"] == "destroyed" for d in rows("disposal", "expiry"))
