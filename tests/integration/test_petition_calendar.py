"""The legal calendar as recorded data, through the real store: corrections recorded later,
rules recorded later, base years frozen on first use, seeding once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from api.bootstrap import Office
from domain.actors import Role
from domain.calendar import DayType, OverrideKind, StartEvent
from domain.calendar.initial_rules import RuleCode
from domain.petitions.legal_calendar import HolidayBase, base_year_id, fold_base
from domain.petitions.model import PetitionClass
from tests.support.office import Clock, actor, ctx_for
from tests.support.petitions import accepted, on_day

ADMIN = actor(Role.ADMIN, name="quantri-test")
DEN = PetitionClass.DENUNCIATION


def notify_acceptance(office: Office, pid: object, position: int | None = None) -> date | None:
    _, reports = office.petitions.deadlines(pid, at_position=position)  # type: ignore[arg-type]
    report = next(r for r in reports if r.key == "notify_acceptance")
    assert report.explanation is not None
    return report.explanation.due


def head(office: Office) -> int:
    return office.projections.head()


class TestCorrectionRecordedLater:
    def test_does_not_move_the_deadline_as_known_before(self, office: Office, clock: Clock
                                                        ) -> None:
        """Accepted Fri 20/11/2026: notify within 5 working days, Fri 27/11 (24/11 is a working
        day by the seeded correction). A later 'day off' for 24/11 moves today's deadline to
        Mon 30/11 and leaves the one as known before it at Fri 27/11."""
        pid = accepted(office, clock, date(2026, 11, 20), DEN)
        before = head(office)
        office.legal_calendar.record_override(
            ctx_for(office, ADMIN), day=date(2026, 11, 24), kind=OverrideKind.DAY_OFF,
            label="Ngày Văn hóa Việt Nam", legal_source="Bộ luật Lao động sửa đổi (giả định)",
            effective_from=date(2026, 11, 1))
        assert notify_acceptance(office, pid, before) == date(2026, 11, 27)
        assert notify_acceptance(office, pid) == date(2026, 11, 30)

    def test_the_stored_deadline_moves_only_when_recomputed(self, office: Office, clock: Clock
                                                            ) -> None:
        """The board keeps the date computed at the last command until it is recomputed, with
        a reason."""
        pid = accepted(office, clock, date(2026, 11, 20), DEN)
        office.legal_calendar.record_override(
            ctx_for(office, ADMIN), day=date(2026, 11, 24), kind=OverrideKind.DAY_OFF,
            label="Ngày Văn hóa Việt Nam", legal_source="Luật (giả định)",
            effective_from=date(2026, 11, 1))
        stored = next(d.due for d in office.petitions.get(pid).dues if d.key == "notify_acceptance")
        office.petitions.recompute_deadlines(ctx_for(office, ADMIN, reason="Lịch mới"), pid, None)
        again = next(d.due for d in office.petitions.get(pid).dues if d.key == "notify_acceptance")
        assert (stored, again) == (date(2026, 11, 27), date(2026, 11, 30))


class TestRuleRecordedLater:
    def test_a_new_rule_version_applies_today_not_as_known_before(self, office: Office,
                                                                   clock: Clock) -> None:
        """A 20-day version of denunciation.resolve effective 1/1/2026, recorded after the
        case: today 20 days (Sun 21/6 → Mon 22/6), as known before 30 days (Wed 1/7)."""
        pid = accepted(office, clock, date(2026, 6, 1), DEN)
        before = head(office)
        office.legal_calendar.record_rule(
            ctx_for(office, ADMIN), code=RuleCode.DENUNCIATION_RESOLVE, name_vi="Giải quyết tố cáo",
            legal_source="Luật sửa đổi (giả định)", length=20, day_type=DayType.CALENDAR,
            start_event=StartEvent.ACCEPTED, effective_from=date(2026, 1, 1))

        def resolve(position: int | None) -> date | None:
            _, reports = office.petitions.deadlines(pid, at_position=position)
            explanation = next(r for r in reports if r.key == "resolve").explanation
            assert explanation is not None
            return explanation.due

        assert (resolve(before), resolve(None)) == (date(2026, 7, 1), date(2026, 6, 22))


class _ChangedPackage:
    """A holiday package 'upgrade' that suddenly lists Mon 1/6/2026 as a holiday."""

    description = "holidays 99.0 VN (vi)"

    def holidays_for(self, year: int) -> Mapping[date, str]:
        return {date(2026, 6, 1): "Ngày giả định"} if year == 2026 else {}


class TestBaseYear:
    def test_a_year_is_recorded_once_from_the_package(self, office: Office, clock: Clock) -> None:
        """The first petition of 2026 records the package's 2026 holidays with its version."""
        accepted(office, clock, date(2026, 6, 1), DEN)
        base = office.legal_calendar.find(base_year_id(2026), fold_base)
        assert isinstance(base, HolidayBase)
        assert base.source.startswith("holidays ")
        assert date(2026, 2, 17) in {d.day for d in base.days}  # Tết

    def test_a_package_upgrade_does_not_move_a_past_finding(self, office: Office, clock: Clock
                                                            ) -> None:
        """After 2026 is recorded, a package that changes 2026 is never asked again."""
        pid = accepted(office, clock, date(2026, 5, 29), DEN)
        office.legal_calendar.package = _ChangedPackage()
        office.legal_calendar._base_years.clear()  # a new process: nothing cached
        assert notify_acceptance(office, pid) == date(2026, 6, 5)


class TestSeeding:
    def test_the_initial_data_is_seeded_once(self, office: Office, clock: Clock) -> None:
        """Two offices over one store seed the rules once: no duplicate versions."""
        office.legal_calendar.ensure_seeded()
        office.legal_calendar._seeded = False
        office.legal_calendar.ensure_seeded()
        book = office.legal_calendar.rule_book()
        assert len(book.versions(RuleCode.DENUNCIATION_RESOLVE)) == 1

    def test_nothing_is_known_before_the_seed(self, office: Office, clock: Clock) -> None:
        """As known at position 1, there is no rule and no override."""
        on_day(clock, date(2026, 3, 2))
        office.legal_calendar.ensure_seeded()
        assert office.legal_calendar.rule_book(at_position=1).codes() == ()
        assert office.legal_calendar.overrides(at_position=1) == ()
