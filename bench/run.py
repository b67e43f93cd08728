"""How fast Waypoint is, against a floor measured in the same run: one row per figure with its
value, the floor, the ratio, the target and whether it is met (issue 17's Targets).

    python bench/run.py                  # every row, full sizes (about 5-10 minutes on 2 cores)
    python bench/run.py --quick          # every row on small data: a smoke run
    python bench/run.py --only scoring   # rows whose name starts so (page, scoring, PDF, save, browser)
    python bench/run.py --strict         # exit 1 when a target is not met

A report, not a gate: it exits 0 unless the script itself broke (2), or with --strict a target
is not met (1). It makes its own data in SQLite files in a temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from figures import HEADER, Row, format_row  # noqa: E402
from world import Size, Worlds  # noqa: E402


@dataclass(frozen=True)
class Settings:
    one: Size
    state: Size
    national: Size
    repeat: int           # repetitions behind each median
    saves: int            # saves behind p50/p95
    national_limit: float  # seconds before the national scoring is stopped and extrapolated


FULL = Settings(Size(1, 12, 25), Size(20, 20, 25, open_last=False), Size(200, 20, 25, open_last=False),
                repeat=5, saves=200, national_limit=240)
QUICK = Settings(Size(1, 6, 10), Size(4, 6, 10, open_last=False), Size(10, 8, 10, open_last=False),
                 repeat=2, saves=30, national_limit=60)


def page_family(worlds: Worlds, settings: Settings, folder: Path) -> list[Row]:
    from page_rows import page_rows
    return page_rows(worlds.get(settings.one), settings.repeat)


def scoring_family(worlds: Worlds, settings: Settings, folder: Path) -> list[Row]:
    from scoring_rows import program_rows, task_force_rows
    rows = task_force_rows(worlds.get(settings.one), settings.repeat)
    rows += program_rows(worlds.get(settings.state), "state program", settings.repeat, settings.national_limit, False)
    rows += program_rows(worlds.get(settings.national), "national program", 3, settings.national_limit, True)
    return rows


def pdf_family(worlds: Worlds, settings: Settings, folder: Path) -> list[Row]:
    from pdf_rows import pdf_rows
    return pdf_rows(worlds.get(settings.one), worlds.demo(), max(3, settings.repeat - 2))


def save_family(worlds: Worlds, settings: Settings, folder: Path) -> list[Row]:
    from save_rows import save_rows
    return save_rows(worlds.get(settings.one), settings.saves)


def browser_family(worlds: Worlds, settings: Settings, folder: Path) -> list[Row]:
    from browser_rows import browser_rows
    return browser_rows(worlds.get(settings.one), folder, max(2, settings.repeat - 2))


FAMILIES: list[tuple[str, Callable[[Worlds, Settings, Path], list[Row]]]] = [
    ("page", page_family), ("scoring", scoring_family), ("PDF", pdf_family), ("save", save_family),
    ("browser", browser_family),
]


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    return (f"machine: {os.cpu_count()} CPUs, {model}; Python {platform.python_version()}; "
            f"SQLite {sqlite3.sqlite_version}; code at {commit.strip() or 'unknown commit'}")


def wanted(name: str, only: list[str]) -> bool:
    return not only or any(name.lower().startswith(o.lower()) or o.lower().startswith(name.lower()) for o in only)


def quiet_streamlit() -> None:
    # AppTest outside a server logs "missing ScriptRunContext" for every page; the table is what matters.
    from streamlit.runtime.scriptrunner_utils import script_run_context

    # A filter, not a level: Streamlit sets its loggers' levels again when AppTest loads its config.
    script_run_context._LOGGER.addFilter(lambda record: "missing ScriptRunContext" not in record.getMessage())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small data and few repetitions: a smoke run")
    parser.add_argument("--only", action="append", default=[], metavar="ROW-PREFIX",
                        help="run only rows whose name starts with this (page, scoring, PDF, save, browser); repeatable")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is not met")
    args = parser.parse_args()
    settings = QUICK if args.quick else FULL
    started = time.perf_counter()
    print(machine())
    print(f"sizes: one task force {settings.one}; state {settings.state}; national {settings.national}; "
          f"medians of {settings.repeat}")
    broken = False
    rows: list[Row] = []
    quiet_streamlit()
    with tempfile.TemporaryDirectory(prefix="waypoint-bench-") as folder:
        worlds = Worlds(Path(folder))
        print(HEADER)
        for name, family in FAMILIES:
            if not wanted(name, args.only):
                continue
            try:
                found = family(worlds, settings, Path(folder))
            except Exception as error:  # one family broken still leaves the others' rows
                traceback.print_exc()
                broken, found = True, [Row(f"{name}: could not be measured", None, "", note=repr(error)[:100])]
            for row in found:
                if wanted(row.name, args.only):
                    rows.append(row)
                    print(format_row(row), flush=True)
        for made in worlds.made():
            print(f"data: {made.size} = {made.answer_count:,} answers, generated in {made.seconds:.1f} s")
    judged = [r for r in rows if r.met is not None]
    met = sum(bool(r.met) for r in judged)
    print(f"{met} of {len(judged)} targets met; run took {time.perf_counter() - started:.0f} s")
    if broken:
        return 2
    return 1 if args.strict and met < len(judged) else 0


if __name__ == "__main__":
    sys.exit(main())
