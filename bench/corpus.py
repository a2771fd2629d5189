"""Realistic directive events, built with the domain's own classes, for the benchmarks.

A *lifecycle* is one directive's life as the commands would write it, one list of events per command:
drafted, appraised, issued (with its number series), disseminated, tasks assigned to units, unit
reports, urgings, a deadline extension, completions, inspection, reviews, and for most directives
the close. :func:`interleaved` runs many lifecycles side by side, as an office does, so that a log
holds the events of different records mixed in time. Numbers follow the demo reference data
(``api/demo/reference.py``) and the numbering rules: one series per (issuer, symbol, period).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

from api.demo.reference import DOCUMENT_TYPES, ISSUERS, TERMS, UNITS
from domain.actors import Actor, Role, Secrecy
from domain.directives.model import Amendment, Assignment, Directive, ReportKind
from domain.events import Event
from domain.numbering.model import NumberSeries, SeriesKey, format_number
from domain.records import Context
from domain.reference.model import NumberingSystem
from domain.users.model import user_id_for

Command = list[Event]
MakeContext = Callable[..., Context]

TITLES = [
    "Về đẩy mạnh chuyển đổi số trong cơ quan Đảng, Mặt trận Tổ quốc và các đoàn thể đến năm 2030",
    "Về tăng cường công tác phòng, chống tham nhũng, tiêu cực trong giai đoạn mới",
    "Về lãnh đạo thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2026",
    "Về nâng cao chất lượng sinh hoạt chi bộ ở các đảng bộ trực thuộc",
    "Về công tác chuẩn bị và tổ chức đại hội đảng bộ các cấp nhiệm kỳ 2025–2030",
    "Về bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái",
]
TASKS = [
    "Xây dựng kế hoạch triển khai thực hiện, báo cáo kết quả hằng quý về Thường trực Tỉnh ủy",
    "Tổ chức quán triệt đến toàn thể cán bộ, đảng viên; sơ kết 6 tháng, tổng kết hằng năm",
    "Rà soát, đề xuất sửa đổi các quy định không còn phù hợp; hoàn thành trong quý III",
    "Chủ trì phối hợp các sở, ngành kiểm tra việc thực hiện tại cơ sở, kiến nghị xử lý vi phạm",
]
SIGNERS = [("Trần Thị Hoa", "Bí thư Tỉnh ủy"), ("Nguyễn Văn Thành", "Phó Bí thư Thường trực")]
UNIT_CODES = [code for code, _ in UNITS]
DIRECTIVE_TYPES = [(code, symbols) for code, _, directive, symbols in DOCUMENT_TYPES if directive]


def bench_actor(role: Role, username: str | None = None, unit: str = "VP") -> Actor:
    name = username or f"bench-{role.value}"
    return Actor(user_id_for(name), name, role, unit, Secrecy.TUYET_MAT)


def series_of(issuer: str, doc_type: str, on: date) -> tuple[SeriesKey, NumberingSystem, str]:
    """The series a directive of ``doc_type`` issued by ``issuer`` on ``on`` takes its number in."""
    system, abbreviation = next((s, a) for c, _, s, a in ISSUERS if c == issuer)
    symbols = next(s for c, s in DIRECTIVE_TYPES if c == doc_type)
    symbol = max((r for r in symbols if r[0] is system and r[2] <= on), key=lambda r: r[2])[1]
    if system is NumberingSystem.PARTY:
        period = next(code for code, _, start, end in TERMS if start <= on <= end)
    else:
        period = str(on.year)
    return SeriesKey(issuer, symbol, period, secret=False), system, abbreviation


@dataclass
class Numbers:
    """The number series of the demo issuers, kept in memory (what the numbering service stores)."""

    versions: dict[UUID, int] = field(default_factory=dict)
    last: dict[UUID, int] = field(default_factory=dict)

    def allocate(self, ctx: Context, issuer: str, doc_type: str, on: date, document_id: UUID
                 ) -> tuple[Command, NumberingSystem, int, str, UUID]:
        key, system, abbreviation = series_of(issuer, doc_type, on)
        symbol = key.symbol
        sid = key.record_id
        events: Command = []
        version = self.versions.get(sid, 0)
        if version == 0:
            version = 1
            events.append(ctx.event(NumberSeries.Opened, sid, 1, key=key, system=system))
        number = self.last.get(sid, 0) + 1
        text = format_number(system, number, symbol, abbreviation)
        events.append(ctx.event(NumberSeries.NumberAllocated, sid, version + 1, number=number,
                                document_id=document_id, number_symbol=text))
        self.versions[sid] = version + 1
        self.last[sid] = number
        return events, system, number, text, sid


def issuable() -> list[tuple[str, str]]:
    """Every (issuer, directive type) pair that has a symbol: issues are spread over their series."""
    pairs = []
    for issuer, _, system, _ in ISSUERS:
        for code, symbols in DIRECTIVE_TYPES:
            if any(s is system for s, _, _ in symbols):
                pairs.append((issuer, code))
    return pairs


class Clock:
    """Simulated office time: each command a few minutes after the previous one."""

    def __init__(self, start: datetime, step: tuple[int, int] = (30, 600)) -> None:
        self.now = start
        self.step = step

    def tick(self, rng: random.Random) -> datetime:
        self.now += timedelta(seconds=rng.randint(*self.step))
        return self.now


def lifecycle(i: int, numbers: Numbers, clock: Clock, rng: random.Random) -> Iterator[Command]:
    """The commands of directive number ``i``: its events, one list per command."""
    specialist = bench_actor(Role.SPECIALIST)
    leader = bench_actor(Role.LEADER)
    pairs = issuable()
    issuer, doc_type = pairs[i % len(pairs)]

    def ctx(who: Actor = specialist, reason: str | None = None) -> Context:
        return Context(who, clock.tick(rng), reason=reason)

    did = uuid4()
    title = f"{TITLES[i % len(TITLES)]} (số {i})"
    yield [ctx().event(Directive.Drafted, did, 1, document_type=doc_type, title=title,
                       summary="Trích yếu: " + title, issuer=issuer, drafting_unit="VP",
                       secrecy=Secrecy.NONE)]
    yield [ctx(leader).event(Directive.Appraised, did, 2, passed=True, comments=None)]
    c = ctx(leader)
    issued_on = c.now.date()
    series, system, number, text, sid = numbers.allocate(c, issuer, doc_type, issued_on, did)
    signer, signer_title = SIGNERS[i % len(SIGNERS)]
    yield [*series, c.event(Directive.Issued, did, 3, system=system, number=number,
                            number_symbol=text, series_id=sid, issued_on=issued_on,
                            signer=signer, signer_title=signer_title)]
    yield [ctx().event(Directive.Disseminated, did, 4, disseminated_on=issued_on,
                       form="Hội nghị trực tuyến toàn tỉnh", participants=rng.randint(50, 900),
                       note=None)]
    version = 4
    assignments: list[tuple[UUID, date]] = []
    for k in range(rng.randint(2, 4)):
        aid = uuid4()
        units = rng.sample(UNIT_CODES[1:], 4)
        deadline = issued_on + timedelta(days=rng.randint(30, 180))
        version += 1
        c = ctx()
        yield [
            c.event(Directive.TaskAssigned, did, version, assignment_id=aid, lead_unit=units[0],
                    deadline=deadline),
            c.event(Assignment.Assigned, aid, 1, directive_id=did, directive_number_symbol=text,
                    task=TASKS[(i + k) % len(TASKS)], lead_unit=units[0],
                    cooperating_units=tuple(units[1:3]), monitoring_units=(units[3],),
                    assigned_on=issued_on, deadline=deadline),
        ]
        assignments.append((aid, deadline))
    for aid, deadline in assignments:
        yield from _assignment_life(aid, deadline, issued_on, ctx, leader, rng)
    if rng.random() < 0.3:
        version += 1
        yield [ctx(leader).event(Directive.Amended, did, version, amendment=Amendment(
            f"{number + 100:02d}-QĐ/TU", "Bổ sung chỉ tiêu định lượng cho năm 2027", issued_on))]
    for cls, kw in ((Directive.Inspected, {"inspected_on": issued_on, "inspecting_unit": "UBKT",
                                           "findings": "Các đơn vị triển khai đúng tiến độ"}),
                    (Directive.PreliminaryReviewed, {"reviewed_on": issued_on,
                                                     "summary": "Sơ kết: đạt 80% chỉ tiêu"}),
                    (Directive.FinalReviewed, {"reviewed_on": issued_on,
                                               "summary": "Tổng kết: hoàn thành"}),
                    (Directive.Closed, {"closed_on": issued_on})):
        if cls is Directive.Closed and rng.random() < 0.3:
            return  # some directives stay open
        version += 1
        yield [ctx(leader).event(cls, did, version, **kw)]


def _assignment_life(aid: UUID, deadline: date, assigned_on: date, make: MakeContext,
                     leader: Actor, rng: random.Random) -> Iterator[Command]:
    version = 1
    for q in range(rng.randint(1, 3)):
        version += 1
        yield [make().event(Assignment.Reported, aid, version, kind=ReportKind.PERIODIC,
                            reported_on=assigned_on + timedelta(days=30 * (q + 1)),
                            period=f"Quý {q + 1}/2026",
                            summary="Đơn vị đã triển khai; kết quả bước đầu khả quan")]
    if rng.random() < 0.3:
        version += 1
        yield [make(leader).event(Assignment.Urged, aid, version, urged_on=assigned_on,
                                  note="Đề nghị khẩn trương báo cáo kết quả")]
    if rng.random() < 0.3:
        version += 1
        yield [make(leader, "Chờ hướng dẫn của Trung ương").event(
            Assignment.DeadlineExtended, aid, version, previous_deadline=deadline,
            new_deadline=deadline + timedelta(days=60))]
    version += 1
    yield [make().event(Assignment.Completed, aid, version, completed_on=assigned_on,
                        result="Hoàn thành đúng hạn")]


def interleaved(directives: int, *, seed: int = 2, window: int = 40,
                start: datetime = datetime(2026, 1, 5, 1, 0, tzinfo=UTC),
                step: tuple[int, int] = (30, 600)) -> Iterator[Command]:
    """The commands of ``directives`` lifecycles, ``window`` of them in progress at a time, each
    command ``step`` seconds (at random within) after the one before."""
    rng = random.Random(seed)
    numbers = Numbers()
    clock = Clock(start, step)
    started = 0
    running: list[Iterator[Command]] = []
    while running or started < directives:
        while len(running) < window and started < directives:
            running.append(lifecycle(started, numbers, clock, rng))
            started += 1
        for life in list(running):
            command = next(life, None)
            if command is None:
                running.remove(life)
            else:
                yield command


def sample_events(count: int, seed: int = 3) -> list[Event]:
    """At least ``count`` events of whole interleaved lifecycles (about 30 events a directive)."""
    out: list[Event] = []
    for command in interleaved(count // 25 + 1, seed=seed):
        out.extend(command)
        if len(out) >= count:
            break
    return out
