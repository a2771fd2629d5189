"""Run `socai verify` in this process (configured by the environment) and write what it cost.

Usage: ``python -m bench.verify_child OUT.json [verify options]``. The JSON holds the exit code,
the wall time, and the peak resident memory of this process (its own: VmHWM, which a fork from
the big benchmark process does not inflate) and of its largest worker process.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def peak_rss_mib() -> float:
    """This process's peak resident set (VmHWM), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux


def main() -> None:
    out = Path(sys.argv[1])
    from api.cli.main import app

    started = time.perf_counter()
    try:
        code = int(app(["verify", *sys.argv[2:]], standalone_mode=False) or 0)
    except SystemExit as exc:
        code = int(exc.code or 0)
    seconds = time.perf_counter() - started
    out.write_text(json.dumps({
        "exit": code,
        "seconds": seconds,
        "rss_main_mib": peak_rss_mib(),
        "rss_worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
