"""Our orjson mapper against the library's default JSON mapper, on realistic directive events.

The library's ``JSONTranscoder`` comes with UUID, Decimal and datetime transcodings; our events also
hold dates and nested frozen dataclasses (the actor, an amendment, a series key), so the library side
registers one transcoding for each, as its documentation shows. Enums and tuples need none to be
*written* (JSON strings and arrays) but come back as ``str`` and ``list``: the share of events that
round-trip equal is printed beside the rates. Best of three passes over the same events. Our decode is
also timed on the same payloads stored under the module-path topics of events stored before names
(their aliases), which must cost no more than names.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    StoredEvent,
    Transcoding,
    UUIDAsHex,
)

from bench.corpus import sample_events
from bench.harness import Options, Result, rate, scaled
from domain.actors import Actor
from domain.directives.model import Amendment
from domain.event_names import EVENT_NAMES
from domain.numbering.model import SeriesKey
from infra.transcoding import OfficeMapper


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class DataclassAsDict(Transcoding):
    """A frozen dataclass as a dict of its fields (nested values go through the transcoder)."""

    def __init__(self, cls: type) -> None:
        self.type = cls
        self.name = cls.__qualname__

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)


def library_mapper() -> Mapper[UUID]:
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO(),
                        DataclassAsDict(Actor), DataclassAsDict(Amendment),
                        DataclassAsDict(SeriesKey)):
        transcoder.register(transcoding)
    return Mapper(transcoder=transcoder)


def _best(passes: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(passes):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def measure(mapper: Mapper[UUID], events: Sequence[Any]) -> tuple[float, float, float, int]:
    """(encode s, decode s, share equal after a round trip, mean stored bytes)."""
    stored: list[StoredEvent] = [mapper.to_stored_event(e) for e in events]
    t_encode = _best(3, lambda: [mapper.to_stored_event(e) for e in events])
    t_decode = _best(3, lambda: [mapper.to_domain_event(s) for s in stored])
    decoded = [mapper.to_domain_event(s) for s in stored]
    equal = sum(1 for a, b in zip(events, decoded, strict=True) if a == b) / len(events)
    return t_encode, t_decode, equal, sum(len(s.state) for s in stored) // len(stored)


def decode_aliases(mapper: OfficeMapper, events: Sequence[Any]) -> float:
    """Seconds to decode the events stored under their aliases (the topics before names)."""
    alias = {e.topic(): e.aliases[0] for e in EVENT_NAMES if e.aliases}
    stored = [mapper.to_stored_event(e) for e in events]
    old = [StoredEvent(s.originator_id, s.originator_version, alias[s.topic], s.state)
           for s in stored]
    return _best(3, lambda: [mapper.to_domain_event(s) for s in old])


def run(options: Options) -> list[Result]:
    events = sample_events(scaled(20_000, options))
    n = len(events)
    ours = measure(OfficeMapper(), events)
    aliases = decode_aliases(OfficeMapper(), events)
    lib = measure(library_mapper(), events)
    results = []
    for i, what in enumerate(("encode", "decode")):
        notes = {"µs/event (ours / library)": f"{ours[i] / n * 1e6:.2f} / {lib[i] / n * 1e6:.2f}"}
        if what == "decode":
            notes["round-trip equal (ours / library)"] = f"{ours[2]:.0%} / {lib[2]:.0%}"
            notes["µs/event, ours, stored under names / under old module paths"] = (
                f"{ours[1] / n * 1e6:.2f} / {aliases / n * 1e6:.2f}")
            notes["stored bytes/event (ours / library)"] = f"{ours[3]} / {lib[3]}"
            notes["events"] = f"{n} (whole directive lifecycles)"
        results.append(Result(f"transcoding {what}: OfficeMapper vs library JSON", rate(n, ours[i]),
                              "events/s", "library JSONTranscoder mapper", rate(n, lib[i]),
                              target="≥ 1 (faster)", notes=notes))
    return results
