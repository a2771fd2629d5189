"""Leases of the background work: one holder at a time, taken over after expiry with a higher
fence, and a holder that lost its lease writes nothing (projections, the signer); locks and
notifications are per office."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from api.background import Follower, Worker
from api.bootstrap import Office, open_office
from domain.actors import Role
from infra.leases import HOUSEKEEPING, SIGNER, Leases, projection_lease
from infra.settings import Settings
from infra.store.notify import Listener
from projections.runner import ProjectionRunner
from tests.integration.test_projections import demo, snapshot
from tests.support.office import Clock, actor, ctx_for, issued_directive, seed_reference

NAMES = [projection_lease("directives"), SIGNER, HOUSEKEEPING]


class FakeTime:
    """Microseconds that a test moves by hand (the expiry clock of the leases)."""

    def __init__(self) -> None:
        self.us = 1_000_000_000

    def __call__(self) -> int:
        return self.us

    def pass_seconds(self, seconds: float) -> None:
        self.us += int(seconds * 1_000_000)


@pytest.fixture
def time_() -> FakeTime:
    return FakeTime()


def leases(office: Office, clock: FakeTime, holder: str) -> Leases:
    return Leases(office.store.db, holder=holder, seconds=10, clock_us=clock)


def runner_with(office: Office, held: Leases) -> ProjectionRunner:
    runner = ProjectionRunner(office.store.db, office.mapper, office.projections.projections)
    runner.leases = held
    return runner


def positions(office: Office) -> dict[str, int]:
    return office.projections.positions()


class TestOneHolderAtATime:
    def test_the_first_takes_every_free_lease_and_the_second_none(
        self, bare_office: Office, time_: FakeTime,
    ) -> None:
        """Two holders ask for the same leases: the first holds them all, the second nothing."""
        first, second = leases(bare_office, time_, "a"), leases(bare_office, time_, "b")
        assert first.acquire(NAMES) == frozenset(NAMES)
        assert second.acquire(NAMES) == frozenset()
        assert {lease.holder for lease in first.rows()} == {"a"}

    def test_renewing_keeps_the_fence(self, bare_office: Office, time_: FakeTime) -> None:
        """A holder that renews in time keeps its leases and their fences."""
        first = leases(bare_office, time_, "a")
        first.acquire(NAMES)
        time_.pass_seconds(8)
        first.acquire(NAMES)
        time_.pass_seconds(8)
        assert leases(bare_office, time_, "b").acquire(NAMES) == frozenset()
        assert {lease.fence for lease in first.rows()} == {1}

    def test_an_expired_lease_is_taken_over_with_a_higher_fence(
        self, bare_office: Office, time_: FakeTime,
    ) -> None:
        """A holder that stopped renewing (killed) is replaced once its lease has expired; the
        new holder's fence is one higher."""
        leases(bare_office, time_, "a").acquire(NAMES)
        time_.pass_seconds(11)
        second = leases(bare_office, time_, "b")
        assert second.acquire(NAMES) == frozenset(NAMES)
        assert {(lease.holder, lease.fence) for lease in second.rows()} == {("b", 2)}

    def test_a_released_lease_is_taken_at_once(self, bare_office: Office,
                                               time_: FakeTime) -> None:
        """A worker that stops cleanly releases its leases: a standby takes them without waiting
        for them to expire."""
        first = leases(bare_office, time_, "a")
        first.acquire(NAMES)
        first.release()
        assert leases(bare_office, time_, "b").acquire(NAMES) == frozenset(NAMES)


class TestFencing:
    def test_a_worker_that_lost_its_leases_applies_nothing(
        self, office: Office, time_: FakeTime,
    ) -> None:
        """Worker A holds the projections, is paused past its lease, and B takes over. A's next
        batch writes no row and no position (its fence is no longer the lease's); B applies
        everything, exactly once: the read models equal a rebuild."""
        names = [projection_lease(p.name) for p in office.projections.projections]
        a_leases, b_leases = leases(office, time_, "a"), leases(office, time_, "b")
        a_leases.acquire(names)
        runner_a, runner_b = runner_with(office, a_leases), runner_with(office, b_leases)
        demo(office)
        before = (positions(office), snapshot(office))
        time_.pass_seconds(11)
        assert b_leases.acquire(names) == frozenset(names)
        assert a_leases.held() == frozenset(names)  # A does not know yet
        runner_a.step()
        assert (positions(office), snapshot(office)) == before
        assert a_leases.held() == frozenset()  # now it does, and stops
        head = runner_b.catch_up()
        assert set(positions(office).values()) == {head}
        incremental = snapshot(office)
        office.projections.rebuild()
        assert snapshot(office) == incremental

    def test_a_runner_applies_only_the_projections_it_holds(
        self, office: Office, time_: FakeTime,
    ) -> None:
        """Leases are per projection: a worker holding one projection moves only that one."""
        held = leases(office, time_, "a")
        held.acquire([projection_lease("directives")])
        issued_directive(office, actor(Role.LEADER))
        runner_with(office, held).catch_up()
        moved = {name for name, position in positions(office).items() if position > 0}
        assert moved == {"directives"}

    def test_a_signer_that_lost_its_lease_signs_nothing(
        self, office: Office, time_: FakeTime,
    ) -> None:
        """The signer's checkpoint append confirms its fence in the signing transaction: a
        signer whose lease was taken over records no checkpoint."""
        held = leases(office, time_, "a")
        held.acquire([SIGNER])
        time_.pass_seconds(11)
        leases(office, time_, "b").acquire([SIGNER])
        ctx = ctx_for(office, actor(Role.LEADER))
        assert office.signer.sign(ctx, leases=held) is None
        assert office.checkpoints.latest() is None
        assert office.signer.sign(ctx) is not None  # on demand, without a lease: signed


class TestTheEmbeddedWorker:
    def test_the_worker_applies_and_a_reader_waits_for_it(self, office: Office) -> None:
        """With the worker's threads running, a read-your-writes wait returns once the worker
        applied the position (the request path never applies projections itself)."""
        worker = Worker(office).start()
        try:
            receipt = issued_directive_receipt(office)
            assert office.projections.wait_for(receipt, timeout=30)
            assert office.projections.follows
        finally:
            worker.stop()
        assert not any(lease.expires_us > 0 for lease in worker.leases.rows())  # released

    def test_a_second_worker_stands_by(self, office: Office) -> None:
        """Two workers on one office: every lease has one holder; the second holds none until
        the first stops, then takes them all."""
        first = Worker(office, holder="first").start()
        twin = open_office(office.settings, clock=office.clock)
        try:
            second = Worker(twin, holder="second")
            assert second.keep_leases_once() == frozenset()
            first.stop()
            assert second.keep_leases_once() == frozenset(second.names)
            second.leases.release()
        finally:
            first.stop()
            twin.close()


def issued_directive_receipt(office: Office) -> int:
    issued_directive(office, actor(Role.LEADER))
    return office.projections.head()


# PostgreSQL: locks and channels per office ------------------------------------------------------


@pytest.fixture
def two_offices(pg_url: str, tmp_path: Path) -> Iterator[tuple[Office, Office]]:
    made = []
    for i in (1, 2):
        settings = Settings(database_url=f"{pg_url}?schema=o{i}_{uuid.uuid4().hex[:8]}",
                            data_dir=tmp_path / f"d{i}", ledger_origin=f"test.socai.local/o{i}",
                            pdf_renderer="off")  # type: ignore[call-arg]
        made.append(open_office(settings, clock=Clock()))
        seed_reference(made[-1])
    try:
        yield made[0], made[1]
    finally:
        for o in made:
            o.close()


class TestPerOffice:
    def test_advisory_locks_are_per_office(self, two_offices: tuple[Office, Office]) -> None:
        """The signer's lock held in one office does not block another office's signer on the
        same server; within one office it does."""
        one, two = two_offices
        with one.store.db.write() as cur:
            assert one.store.db.try_advisory_lock(cur, "socai-ledger-signer")
            with two.store.db.write() as other:
                assert two.store.db.try_advisory_lock(other, "socai-ledger-signer")
            with one.store.db.write() as same:
                assert not one.store.db.try_advisory_lock(same, "socai-ledger-signer")

    def test_notifications_are_per_office(self, two_offices: tuple[Office, Office]) -> None:
        """A listener of one office hears that office's appends and none of another's (the
        other office appended first, positions past this one's: they would have come first)."""
        one, two = two_offices
        heard: list[str] = []
        arrived = threading.Event()

        def on_log(payload: str) -> None:
            if payload:
                heard.append(payload)
                arrived.set()

        stop = threading.Event()
        listening = Listener(one.settings.postgres, one.settings.postgres.schema_name,
                             {"log": on_log})
        listening.start(stop)
        try:
            assert listening.wait_connected(30)
            before = one.projections.head()
            for _ in range(3):  # the other office's positions run past this one's
                issued_directive(two, actor(Role.LEADER))
            issued_directive(one, actor(Role.LEADER))
            after = one.projections.head()
            assert two.projections.head() > after
            for _ in range(300):
                if str(after) in heard:
                    break
                arrived.wait(0.1)
            assert str(after) in heard
            assert {int(p) for p in heard} <= set(range(before + 1, after + 1))
        finally:
            stop.set()

    def test_a_follower_waits_for_the_worker_of_another_process(
        self, pg_url: str, tmp_path: Path,
    ) -> None:
        """An API process with the worker elsewhere (a second office object on the same
        schema, as another process would be): its read-your-writes wait returns once the
        worker applied the position, woken by NOTIFY; it never applies anything itself."""
        settings = Settings(database_url=f"{pg_url}?schema=f_{uuid.uuid4().hex[:8]}",
                            data_dir=tmp_path / "d", ledger_origin="test.socai.local/f",
                            pdf_renderer="off", embedded_worker=False)  # type: ignore[call-arg]
        api_side, worker_side = open_office(settings), open_office(settings)
        seed_reference(api_side)
        follower = Follower(api_side).start()
        try:
            assert follower.listener is not None
            assert follower.listener.wait_connected(30)
            position = issued_directive_receipt(api_side)
            assert api_side.projections.catch_up() < position  # nobody applies: it waits
            worker = Worker(worker_side).start()
            try:
                assert api_side.projections.wait_for(position, timeout=30)
            finally:
                worker.stop()
        finally:
            follower.stop()
            api_side.close()
            worker_side.close()


def test_a_listener_reconnects_and_hears_again(pg_url: str, office_pg: Office) -> None:
    """A listener whose connection is killed (a server restart) connects again, calls every
    handler once (anything sent meanwhile), and hears the next notifications."""
    calls: list[str] = []
    reconnected = threading.Event()

    def on_log(payload: str) -> None:
        calls.append(payload)
        if payload == "" and len(calls) > 1:
            reconnected.set()

    stop = threading.Event()
    target = office_pg.settings.postgres
    listening = Listener(target, target.schema_name, {"log": on_log}, retry=0.1)
    listening.start(stop)
    try:
        assert listening.wait_connected(30)
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()")
        assert reconnected.wait(30)
        issued_directive(office_pg, actor(Role.LEADER))
        position = str(office_pg.projections.head())
        for _ in range(300):
            if position in calls:
                break
            stop.wait(0.1)
        assert position in calls
    finally:
        stop.set()


@pytest.fixture
def office_pg(pg_url: str, tmp_path: Path) -> Iterator[Office]:
    settings = Settings(database_url=f"{pg_url}?schema=l_{uuid.uuid4().hex[:8]}",
                        data_dir=tmp_path / "d", ledger_origin="test.socai.local/l",
                        pdf_renderer="off")  # type: ignore[call-arg]
    made = open_office(settings, clock=Clock())
    seed_reference(made)
    try:
        yield made
    finally:
        made.close()
