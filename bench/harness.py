"""The small harness every benchmark module uses: timing, results, and the table printed at the end.

A benchmark module in ``bench/`` exposes ``run(options: Options) -> list[Result]``; each ``Result``
holds a measured rate (or latency) and the floor it is compared with, measured in the same run.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Options:
    scale: float = 1.0  # 1.0: the sizes the issues ask for; smaller for a quick look
    postgres_url: str | None = None  # a database the benchmarks may create schemas in
    workdir: Path = Path("var/bench")
    only: tuple[str, ...] = ()


@dataclass
class Result:
    name: str
    value: float
    unit: str  # "events/s", "commands/s", "ms", "MiB"
    floor_name: str = ""
    floor_value: float | None = None
    target: str = ""
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if not self.floor_value:
            return None
        return self.value / self.floor_value


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    start = time.perf_counter()
    elapsed: list[float] = []
    yield lambda: elapsed[0] if elapsed else time.perf_counter() - start
    elapsed.append(time.perf_counter() - start)


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (MiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024


def scaled(n: int, options: Options) -> int:
    return max(1, int(n * options.scale))


def cpu_count() -> int:
    return os.cpu_count() or 1
