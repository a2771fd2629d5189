"""The clearance rule in the queries (``projections.visibility``), on both stores: a record is
shown only if the reader is cleared for it then and now; a record without a secrecy of its own
takes its parent's; an event naming a record the reader may not see is withheld."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from api.bootstrap import Office
from domain.actors import Role, Secrecy
from domain.petitions.model import Complexity, PetitionClass, access_log_id
from infra.ledger.topics import event_type
from projections.archive.queries import RegisterFilter as ArchiveFilter
from projections.archive.queries import list_register
from projections.directives.queries import DirectiveFilter, directive_statistics, list_directives
from projections.feed import read_feed
from projections.history import withheld_positions
from projections.inspection import Window, clock_changes
from projections.petitions.identity_access import identity_access
from projections.petitions.queries import RegisterFilter, list_petitions, load_cases
from projections.visibility import SecrecyIndex, row_visible, visible_records
from tests.support.archive import LEADER as ARCHIVIST
from tests.support.archive import open_file, seed_retention
from tests.support.office import Clock, actor, ctx_for, issued_directive
from tests.support.petitions import LEADER, accepted, classified, registered, v

ORDINARY = ("none",)
MAT = ("none", "mat")
EVERYONE = ("none", "mat", "toi_mat", "tuyet_mat")
AUTHOR = actor(Role.LEADER, clearance=Secrecy.TUYET_MAT, name="tacgia")


def head(office: Office) -> int:
    office.projections.catch_up()
    return office.projections.position()


def directive_ids(office: Office, readable: tuple[str, ...], at: int | None) -> list[str]:
    page = list_directives(office.store.db, DirectiveFilter(), readable=readable, sort="drafted",
                           cursor=None, limit=100, at_position=at)
    return [i["directive_id"] for i in page.items]


class TestThenAndNow:
    def test_a_directive_raised_after_n_is_not_listed_as_of_n(self, office: Office) -> None:
        """Drafted ordinary at N, revised to Tối mật later: absent as of N for a Mật reader,
        present for a Tối mật one."""
        receipt = office.directives.draft(ctx_for(office, AUTHOR), document_type="NQ",
                                          title="Về công tác cán bộ", issuer="TU",
                                          drafting_unit="VP")
        assert receipt.record_id is not None
        n = head(office)
        office.directives.revise(ctx_for(office, AUTHOR), receipt.record_id, 1,
                                 secrecy=Secrecy.TOI_MAT)
        head(office)
        rid = str(receipt.record_id)
        assert (directive_ids(office, MAT, n), directive_ids(office, EVERYONE, n)) == ([], [rid])
        assert directive_statistics(office.store.db, group_by="type", readable=MAT,
                                    at_position=n) == []

    def test_a_file_declassified_later_is_not_listed_as_of_when_it_was_secret(
            self, office: Office) -> None:
        """Opened Mật, declassified: an ordinary reader sees it now, not as of when it was
        secret."""
        seed_retention(office)
        file_id = open_file(office, secrecy=Secrecy.MAT)
        n = head(office)
        office.archive.declassify(ctx_for(office, ARCHIVIST, "Hết thời hạn bảo vệ bí mật"),
                                  file_id, 1, secrecy=Secrecy.NONE, decision_reference="01/QĐ",
                                  declassified_on=date(2026, 3, 2))
        head(office)

        def listed(at: int | None) -> list[str]:
            page = list_register(office.store.db, "files", ArchiveFilter(), on=date(2026, 3, 2),
                                 readable=ORDINARY, sort="code", cursor=None, limit=100,
                                 at_position=at)
            return [i["file_id"] for i in page.items]

        assert (listed(n), listed(None)) == ([], [str(file_id)])

    def test_statistics_count_what_the_reader_may_see(self, office: Office, clock: Clock
                                                      ) -> None:
        """A petition raised to Tối mật after N is not a case of the Mật reader's statistics
        as of N."""
        pid = classified(office, clock, date(2026, 6, 1), PetitionClass.COMPLAINT)
        n = head(office)
        office.petitions.raise_secrecy(ctx_for(office, LEADER, "Có tình tiết mật"), pid,
                                       v(office, pid), secrecy=Secrecy.TOI_MAT)
        head(office)
        seen = load_cases(office.store.db, readable=MAT, at_position=n)
        control = load_cases(office.store.db, readable=EVERYONE, at_position=n)
        assert ([c.petition_id for c in seen], [c.petition_id for c in control]) == ([], [str(pid)])


class TestParents:
    def test_the_access_log_takes_the_petitions_secrecy_then_and_now(
            self, office: Office, clock: Clock) -> None:
        """Finding 5: the log is opened while the petition is ordinary (its own secrecy stays
        none); once the petition is Tối mật, so is the log, and not before."""
        pid = accepted(office, clock, date(2026, 6, 1), PetitionClass.COMPLAINT,
                       handler=registered(office, LEADER))
        office.petitions.reveal(ctx_for(office, LEADER, "Xác minh"), pid)
        before = head(office)
        office.petitions.raise_secrecy(ctx_for(office, LEADER, "Có tình tiết mật"), pid,
                                       v(office, pid), secrecy=Secrecy.TOI_MAT)
        head(office)
        log = str(access_log_id(pid))
        index = SecrecyIndex.load(office.store.db, [log])
        assert (index.level(log, before), index.level(log, None)) == (
            Secrecy.NONE, Secrecy.TOI_MAT)
        assert identity_access(office.store.db, readable=MAT) == []
        assert len(identity_access(office.store.db, readable=EVERYONE)) == 1

    def test_the_parents_secrecy_is_taken_at_the_position(self, bare_office: Office) -> None:
        """A child row with no secrecy of its own, whose parent was Mật until position 5: an
        ordinary reader does not get it as of 3, does as of 6 and live (the same rows as a
        future declassified directive with its assignments would leave)."""
        db = bare_office.store.db
        with db.write() as cur:
            cur.executemany(
                "INSERT INTO records (record_id, kind, label, secrecy, parent_id, valid_from, "
                "valid_to) VALUES (?, ?, NULL, ?, ?, ?, ?)",
                [("parent", "Directive", "mat", None, 1, 5),
                 ("parent", "Directive", "none", None, 5, None),
                 ("child", "Assignment", "none", "parent", 2, None)])

        def seen(at: int | None) -> list[str]:
            clause, params = row_visible("r.record_id", ORDINARY, at)
            with db.read() as cur:
                cur.execute("SELECT r.record_id FROM records r WHERE r.valid_to IS NULL AND "
                            f"r.record_id = 'child' AND {clause}", params)
                return [str(row[0]) for row in cur.fetchall()]

        index = SecrecyIndex.load(db, ["child"])
        assert (seen(3), seen(6), seen(None)) == ([], ["child"], ["child"])
        assert (index.visible("child", ORDINARY, 3), index.visible("child", ORDINARY, 6)) == (
            False, True)

    def test_an_unknown_record_is_hidden_except_from_a_reader_cleared_for_everything(
            self, office: Office) -> None:
        index = SecrecyIndex.load(office.store.db, ["00000000-0000-0000-0000-000000000000"])
        assert (index.visible("00000000-0000-0000-0000-000000000000", MAT, None),
                index.visible("00000000-0000-0000-0000-000000000000", EVERYONE, None)) == (
            False, True)


class TestNamedRecords:
    def test_the_feed_withholds_the_number_allocated_to_a_secret_directive(
            self, office: Office) -> None:
        """Finding 7, in the query: the series' NumberAllocated is a placeholder for the Mật
        reader, in full (naming the directive) for a reader cleared for everything."""
        did = issued_directive(office, AUTHOR, title="Về phòng, chống tham nhũng",
                               secrecy=Secrecy.TOI_MAT)
        at = head(office)
        seen = read_feed(office.store.db, after=0, head=at, limit=1000, readable=MAT)
        full = read_feed(office.store.db, after=0, head=at, limit=1000, readable=EVERYONE)
        allocated = next(e for e in full
                         if e.topic and event_type(e.topic) == "number_series.number_allocated")
        assert allocated.data is not None
        assert allocated.data["document_id"] == str(did)
        assert [e.position for e in seen] == [e.position for e in full]
        assert seen[allocated.position - 1].withheld
        assert {e.record_id for e in seen} & {did, allocated.record_id} == {allocated.record_id}
        issued = next(e for e in full if e.topic and event_type(e.topic) == "directive.issued")
        assert seen[issued.position - 1].withheld

    def test_a_petition_naming_a_secret_one_is_left_out_whole(self, office: Office,
                                                              clock: Clock) -> None:
        """B was classified as having the same content as the Mật denunciation A: an ordinary
        reader's case file leaves B out, and B's history withholds that line."""
        a = classified(office, clock, date(2026, 6, 1), PetitionClass.DENUNCIATION)
        b = classified(office, clock, date(2026, 6, 2), PetitionClass.COMPLAINT,
                       same_content_as=a)
        at = head(office)
        assert visible_records(office.store.db, [str(b)], ORDINARY, at) == []
        assert visible_records(office.store.db, [str(b)], MAT, at) == [str(b)]
        assert len(withheld_positions(office.store.db, b, ORDINARY)) == 1
        assert withheld_positions(office.store.db, b, MAT) == frozenset()

    def test_a_numbering_series_is_not_labelled_with_a_documents_number(
            self, office: Office) -> None:
        """The series' label would otherwise be the last number it gave (a secret one)."""
        did = issued_directive(office, AUTHOR, secrecy=Secrecy.TOI_MAT)
        head(office)
        series = office.directives.get(did).series_id
        with office.store.db.read() as cur:
            cur.execute("SELECT label FROM records WHERE record_id = ? AND valid_to IS NULL",
                        (str(series),))
            row = cur.fetchone()
        assert row is not None
        assert row[0] is None


class TestReports:
    def test_clock_changes_as_of_n_leave_out_a_case_raised_later(
            self, office: Office, clock: Clock) -> None:
        pid = accepted(office, clock, date(2026, 6, 1), PetitionClass.DENUNCIATION,
                       complexity=Complexity.COMPLEX, handler=LEADER)
        office.petitions.extend(ctx_for(office, LEADER, "Cần xác minh thêm"), pid,
                                v(office, pid), granted_on=date(2026, 6, 1), length=30)
        n = head(office)
        office.petitions.raise_secrecy(ctx_for(office, LEADER, "Có tình tiết mật hơn"), pid,
                                       v(office, pid), secrecy=Secrecy.TOI_MAT)
        head(office)

        def changes(readable: tuple[str, ...]) -> list[str]:
            w = Window(n, date(2026, 6, 1), office.settings.zone, readable)
            return [r["record_id"] for r in clock_changes(office.store.db, w)]

        assert (changes(MAT), changes(EVERYONE)) == ([], [str(pid)])

    def test_the_petition_register_as_of_n(self, office: Office, clock: Clock) -> None:
        pid = classified(office, clock, date(2026, 6, 1), PetitionClass.COMPLAINT)
        n = head(office)
        office.petitions.raise_secrecy(ctx_for(office, LEADER, "Có tình tiết mật"), pid,
                                       v(office, pid), secrecy=Secrecy.MAT)
        head(office)

        def listed(readable: tuple[str, ...]) -> list[UUID]:
            page = list_petitions(office.store.db, RegisterFilter(), readable=readable,
                                  sort="book", cursor=None, limit=50, at_position=n)
            return [UUID(i["petition_id"]) for i in page.items]

        assert (listed(ORDINARY), listed(MAT)) == ([], [pid])
