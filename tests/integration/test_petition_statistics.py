"""Statistics and the periodic report recomputed by brute force from the events equal the
projection's; rebuilding the read model gives the same rows."""

from __future__ import annotations

from collections import Counter
from datetime import date
from uuid import UUID

import pytest

from api.bootstrap import Office
from domain.petitions.model import Complexity, Petition, PetitionClass
from projections.petitions.queries import load_cases, statistics
from projections.petitions.register import DEADLINES, PETITIONS
from projections.petitions.report import period, periodic_report
from projections.tables import dump
from tests.support.office import Clock, ctx_for
from tests.support.petitions import LEADER, SPECIALIST, accepted, classified, on_day, receive, v

ALL = ["none", "mat", "toi_mat", "tuyet_mat"]
ON = date(2026, 9, 15)


def build(office: Office, clock: Clock) -> list[UUID]:
    """A dozen petitions in varied states: met, missed, overdue, open, suspended, none."""
    p = office.petitions
    ids = []
    met = accepted(office, clock, date(2026, 6, 1), PetitionClass.DENUNCIATION, handler=SPECIALIST)
    on_day(clock, date(2026, 6, 20))
    p.conclude(ctx_for(office, LEADER), met, v(office, met), concluded_on=date(2026, 6, 20),
               conclusion="Đúng")
    ids.append(met)
    late = accepted(office, clock, date(2026, 6, 22), PetitionClass.COMPLAINT, handler=SPECIALIST)
    on_day(clock, date(2026, 8, 10))
    p.conclude(ctx_for(office, LEADER), late, v(office, late), concluded_on=date(2026, 8, 10),
               conclusion="Sai")
    ids.append(late)
    ids.append(accepted(office, clock, date(2026, 8, 11), PetitionClass.DENUNCIATION,
                        complexity=Complexity.COMPLEX))  # overdue on 15/9 (due 10/9)
    ids.append(accepted(office, clock, date(2026, 9, 1), PetitionClass.COMPLAINT))  # open
    paused = accepted(office, clock, date(2026, 9, 2), PetitionClass.DENUNCIATION)
    p.suspend(ctx_for(office, LEADER, reason="Chờ"), paused, v(office, paused),
              suspended_on=date(2026, 9, 2))
    ids.append(paused)
    referred = classified(office, clock, date(2026, 9, 3), PetitionClass.DENUNCIATION)
    p.refer(ctx_for(office, LEADER), referred, v(office, referred), to_body="Thanh tra",
            referred_on=date(2026, 9, 3))
    ids.append(referred)
    ids.append(classified(office, clock, date(2026, 9, 4), PetitionClass.RECOMMENDATION))
    ids.append(receive(office, clock, date(2026, 9, 7), identity=None))
    guided = classified(office, clock, date(2026, 7, 1), PetitionClass.SEVERAL)
    on_day(clock, date(2026, 9, 8))
    p.guide(ctx_for(office, LEADER), guided, v(office, guided), guided_to="Tòa án",
            guided_on=date(2026, 9, 8))
    ids.append(guided)
    office.projections.catch_up()
    return ids


def main_state(p: Petition, on: date) -> str:
    """Independent of the projection: the main deadline and its state, from the folded record."""
    dues = {d.key: d for d in p.dues}
    main = next((dues[k] for k in ("resolve", "accept", "notify") if k in dues), None)
    if main is None:
        return "none"
    if main.done_on is not None and main.done_on <= on:
        return "met" if main.due is None or main.done_on <= main.due else "missed"
    if main.due is None:
        return "suspended"
    return "overdue" if on > main.due else "open"


class TestBruteForce:
    @pytest.mark.parametrize("group_by", ["class", "channel", "handling"])
    def test_statistics_equal_a_recount_from_the_events(self, office: Office, clock: Clock,
                                                        group_by: str) -> None:
        """Counts per group and state, and the on-time rate, from folded records equal the
        projection's."""
        ids = build(office, clock)
        rows = statistics(load_cases(office.store.db, readable=ALL, at_position=None), on=ON,
                          group_by=group_by, calendar=office.legal_calendar.working_calendar())
        mine = {r["group"]: (r["total"], r["met"], r["missed"], r["overdue"], r["open"],
                             r["suspended"], r["on_time_rate"]) for r in rows}
        expected: dict[str, Counter[str]] = {}
        for pid in ids:
            p = office.petitions.get(pid)
            key = {
                "class": p.petition_class.value if p.petition_class else "unclassified",
                "channel": p.channel.value,
                "handling": p.handling.value if p.handling else (
                    "linked" if p.repeat_of else "undecided"),
            }[group_by]
            expected.setdefault(key, Counter())[main_state(p, ON)] += 1
        brute = {}
        for key, c in expected.items():
            rated = c["met"] + c["missed"] + c["overdue"]
            brute[key] = (sum(c.values()), c["met"], c["missed"], c["overdue"], c["open"],
                          c["suspended"], round(c["met"] / rated, 4) if rated else None)
        assert mine == brute

    def test_the_periodic_report_totals_equal_a_recount(self, office: Office, clock: Clock
                                                        ) -> None:
        """Quarter III/2026: received, accepted and backlog at 30/9 from folded records."""
        ids = build(office, clock)
        q3 = period("quarter", 2026, 3)
        report = periodic_report(load_cases(office.store.db, readable=ALL, at_position=None), q3)
        total = report["rows"][-1]
        folded = [office.petitions.get(pid) for pid in ids]
        received = sum(q3.start <= p.received_on <= q3.end for p in folded)
        accepted_in = sum(p.accepted_on is not None and q3.start <= p.accepted_on <= q3.end
                          for p in folded)
        backlog = sum(main_state(p, q3.end) in ("open", "overdue", "suspended") for p in folded)
        assert (total["received"], total["accepted"], total["backlog_end"]) == (
            received, accepted_in, backlog)


class TestRebuild:
    def test_rebuilt_tables_equal_incremental_ones(self, office: Office, clock: Clock) -> None:
        """Drop and rebuild every read model: the petition tables are identical row for row."""
        build(office, clock)
        with office.store.db.read() as cur:
            before = [dump(cur, t) for t in (PETITIONS, DEADLINES)]
        office.projections.rebuild()
        with office.store.db.read() as cur:
            after = [dump(cur, t) for t in (PETITIONS, DEADLINES)]
        assert after == before
