"""`make bench`: run every benchmark module and print each figure beside its floor.

Usage: ``python -m bench [--scale 0.1] [--only ledger,commands] [--postgres URL]``.
Without ``--postgres`` the PostgreSQL half uses the same server the tests use (``SOCAI_TEST_DATABASE_URL``,
else 127.0.0.1:5432, else a throwaway cluster).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

import bench
from bench.harness import Options, Result


def _modules(only: tuple[str, ...]) -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_"))
    if only:
        names = [n for n in names if n.removeprefix("bench_") in only]
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", default="")
    parser.add_argument("--postgres", default=None)
    parser.add_argument("--workdir", default="var/bench")
    args = parser.parse_args(argv)
    console = Console(width=max(Console().width, 150))  # the table stays readable in a log file
    only = tuple(x.strip() for x in args.only.split(",") if x.strip())
    results: list[Result] = []
    from tests.support import postgres

    with postgres.server() as srv, postgres.run_database(srv) as url:
        options = Options(scale=args.scale, postgres_url=args.postgres or url,
                          workdir=Path(args.workdir), only=only)
        options.workdir.mkdir(parents=True, exist_ok=True)
        for name in _modules(only):
            console.rule(name)
            module = importlib.import_module(f"bench.{name}")
            got = module.run(options)
            for r in got:
                console.print(f"  {r.name}: {r.value:,.1f} {r.unit}"
                              + (f"  (floor {r.floor_name}: {r.floor_value:,.1f})"
                                 if r.floor_value else ""))
                for key, value in r.notes.items():
                    console.print(f"      {key}: {value}")
            results.extend(got)
    table = Table("benchmark", "value", "unit", "floor", "floor value", "ratio", "target",
                  title="Sổ Cái benchmarks")
    for r in results:
        table.add_row(r.name, f"{r.value:,.1f}", r.unit, r.floor_name,
                      f"{r.floor_value:,.1f}" if r.floor_value else "",
                      f"{r.ratio:.2f}" if r.ratio is not None else "", r.target)
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
