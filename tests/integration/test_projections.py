"""Read models: rebuilt equals incremental, time travel by position, Vietnamese text unchanged."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from api.bootstrap import Office
from api.demo.directives import DemoActors, DirectiveDemo
from domain.actors import Role
from projections.directives.queries import (
    AssignmentFilter,
    DirectiveFilter,
    assignment_statistics,
    list_assignments,
    list_directives,
)
from projections.tables import dump
from tests.support.office import actor, ctx_for, issued_directive

ALL = ["none", "mat", "toi_mat", "tuyet_mat"]


def snapshot(office: Office) -> dict[str, list[tuple[Any, ...]]]:
    with office.store.db.read() as cur:
        return {t.name: dump(cur, t) for p in office.projections.projections for t in p.tables}


def demo(office: Office) -> None:
    actors = DemoActors(clerk=actor(Role.CLERK), specialist=actor(Role.SPECIALIST),
                        leader=actor(Role.LEADER), inspector=actor(Role.INSPECTOR))
    DirectiveDemo(office, actors, date(2026, 11, 22)).load()


class TestRebuild:
    def test_rebuilt_tables_equal_incremental_ones(self, office: Office) -> None:
        """Catching up batch by batch during a scenario, then rebuilding from scratch, gives the same
        rows in every table (valid_from / valid_to included)."""
        office.projections.batch_size = 7  # many small batches while the demo is loaded
        demo(office)
        office.projections.catch_up()
        incremental = snapshot(office)
        office.projections.batch_size = 10_000
        office.projections.rebuild()
        assert snapshot(office) == incremental
        assert sum(len(rows) for rows in incremental.values()) > 400

    def test_two_runners_interleaving_give_the_same_rows(self, office: Office) -> None:
        """A runner that keeps rows cached across batches notices another runner's batches in
        between, and the result still equals a rebuild."""
        from projections.runner import ProjectionRunner

        demo(office)
        first = office.projections
        first.batch_size = 40
        other = ProjectionRunner(office.store.db, office.mapper, first.projections, batch_size=2)
        first.catch_up(progress=lambda done, total: other.step())
        interleaved = snapshot(office)
        first.batch_size = 10_000
        first.rebuild()
        assert snapshot(office) == interleaved

    def test_catching_up_twice_applies_nothing_twice(self, office: Office) -> None:
        """A second catch-up finds nothing to do and changes no row."""
        issued_directive(office, actor(Role.LEADER))
        office.projections.catch_up()
        first = snapshot(office)
        office.projections.catch_up()
        assert snapshot(office) == first

    def test_each_projection_tracks_its_own_position(self, office: Office) -> None:
        """After catching up every projection is at the log's head."""
        issued_directive(office, actor(Role.LEADER))
        head = office.projections.catch_up()
        assert set(office.projections.positions().values()) == {head}

    def test_a_long_catch_up_refreshes_the_planner_statistics(self, office: Office) -> None:
        """On PostgreSQL a catch-up that applied many events ANALYZEs the read-model tables, so
        register pages are planned over their live-row indexes, not as if the tables were empty."""
        if office.store.db.dialect.name != "postgresql":
            return
        issued_directive(office, actor(Role.LEADER))
        office.projections.analyze_after = 1
        office.projections.catch_up()
        rows = office.store.db.query(
            "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() "
            "AND last_analyze IS NOT NULL")
        analyzed = {r[0] for r in rows}
        tables = {t.name for p in office.projections.projections for t in p.tables}
        assert tables <= analyzed


class TestTimeTravel:
    def test_the_register_at_a_position_is_what_it_was_then(self, office: Office) -> None:
        """Answers recorded during a scenario equal the answers at those positions later."""
        leader = actor(Role.LEADER)
        recorded: list[tuple[int, list[dict[str, Any]]]] = []
        for i in range(3):
            did = issued_directive(office, leader, document_type="CT", title=f"Chỉ thị {i}")
            position = office.projections.catch_up()
            page = list_directives(office.store.db, DirectiveFilter(), readable=ALL,
                                   sort="issued", cursor=None, limit=100, at_position=None)
            recorded.append((position, page.items))
            office.directives.revoke(ctx_for(office, leader, reason="Thử"), did,
                                     office.directives.get(did).version,
                                     revoked_on=date(2026, 3, 5))
        office.projections.catch_up()
        for position, items in recorded:
            then = list_directives(office.store.db, DirectiveFilter(), readable=ALL,
                                   sort="issued", cursor=None, limit=100, at_position=position)
            assert then.items == items

    def test_statistics_at_a_position(self, office: Office) -> None:
        """Statistics as of an earlier position do not see later completions."""
        leader = actor(Role.LEADER)
        d = office.directives
        did = issued_directive(office, leader)
        d.disseminate(ctx_for(office, leader), did, 3, disseminated_on=date(2026, 3, 3), form="HN")
        receipt = d.assign(ctx_for(office, leader), did, 4, task="T", lead_unit="BTC",
                           assigned_on=date(2026, 3, 4), deadline=date(2026, 3, 31))
        before = office.projections.catch_up()
        assert receipt.record_id is not None
        d.complete(ctx_for(office, leader), receipt.record_id, 1, completed_on=date(2026, 3, 20),
                   result="Xong")
        office.projections.catch_up()
        on = date(2026, 4, 15)
        now = assignment_statistics(office.store.db, on=on, group_by="unit", readable=ALL,
                                    at_position=None)
        then = assignment_statistics(office.store.db, on=on, group_by="unit", readable=ALL,
                                     at_position=before)
        assert (now[0]["completed_on_time"], now[0]["on_time_rate"]) == (1, 1.0)
        assert (then[0]["overdue"], then[0]["on_time_rate"]) == (1, 0.0)


class TestOverdueIsComputedForADate:
    def test_the_same_row_is_overdue_on_one_date_and_not_another(self, office: Office) -> None:
        """Deadlines are stored; overdue and days late are computed for ?on=."""
        leader = actor(Role.LEADER)
        did = issued_directive(office, leader)
        office.directives.assign(ctx_for(office, leader), did, 3, task="T", lead_unit="BTC",
                                 assigned_on=date(2026, 3, 4), deadline=date(2026, 3, 31))
        office.projections.catch_up()

        def look(on: date) -> dict[str, Any]:
            page = list_assignments(office.store.db, AssignmentFilter(), on=on, readable=ALL,
                                    sort="deadline", cursor=None, limit=10, at_position=None)
            return page.items[0]

        assert (look(date(2026, 3, 31))["overdue"], look(date(2026, 3, 31))["days_late"]) == (False, 0)
        assert (look(date(2026, 4, 10))["overdue"], look(date(2026, 4, 10))["days_late"]) == (True, 10)


class TestVietnameseText:
    def test_text_round_trips_in_nfc_through_store_and_register(self, office: Office) -> None:
        """A decomposed (NFD) title is stored, folded and projected in NFC, unchanged otherwise."""
        title = "Về tăng cường lãnh đạo công tác phòng, chống tham nhũng — Đảng bộ xã Ẳng Nưa"
        nfd = unicodedata.normalize("NFD", title)
        did = issued_directive(office, actor(Role.LEADER), title=nfd)
        office.projections.catch_up()
        assert office.directives.get(did).title == title
        page = list_directives(office.store.db, DirectiveFilter(), readable=ALL, sort="issued",
                               cursor=None, limit=10, at_position=None)
        assert page.items[0]["title"] == title

    def test_the_register_sorts_in_vietnamese_order(self, office: Office) -> None:
        """By title: 'Dân' < 'Đảng' < 'Ổn' < 'Ưu' (d before đ, o before ô, u before ư)."""
        leader = actor(Role.LEADER)
        for title in ("Ưu tiên", "Đảng bộ", "Ổn định", "Dân vận"):
            issued_directive(office, leader, document_type="CT", title=title)
        office.projections.catch_up()
        page = list_directives(office.store.db, DirectiveFilter(), readable=ALL, sort="title",
                               cursor=None, limit=10, at_position=None)
        assert [i["title"] for i in page.items] == ["Dân vận", "Đảng bộ", "Ổn định", "Ưu tiên"]
