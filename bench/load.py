"""Many members saving at once, from separate processes, as several app instances would.

    python bench/load.py --members 50                       # a temporary SQLite file
    python bench/load.py --members 50 --db postgresql+psycopg://postgres@127.0.0.1:5432/postgres

With a PostgreSQL URL the script creates a scratch database on that server and drops it
afterwards. Each member process answers every element of one open cycle through the
real use case (questionnaire.save_answer):
- paced: about one save a second each, with jitter, as people answer;
- burst: every element again, with no pause at all.
Then it reads the table back and prints, per mode: saves, answers lost (the last value a
member saved is not what is stored), doubled (more than one row for one answer),
errors, and save latency p50/p95/p99. Targets: 0 lost, 0 doubled, 0 errors, paced
p95 under 100 ms. A missed target prints MISSED and the script exits 1.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessments.domain.model import Discipline, Role  # noqa: E402
from assessments.store.database import Database  # noqa: E402
from assessments.store.rows import AnswerRow  # noqa: E402
from assessments.usecases import cycles, frameworks, members, questionnaire, task_forces  # noqa: E402

P95_TARGET_MS = 100.0
DISCIPLINES = [d for d in Discipline]


def _set_up(url: str, count: int) -> tuple[int, list[int], list[str]]:
    db = Database(url)
    frameworks.install_bundled_frameworks(db)
    task_force = task_forces.create_task_force(db, "Load Test Task Force", "Benchmark County")
    people = [
        members.add_member(db, task_force.id, f"Member {i}", DISCIPLINES[i % len(DISCIPLINES)],
                           Role.LEAD if i == 0 else Role.MEMBER, email=f"member{i}@load.example")
        for i in range(count)
    ]
    cycle = cycles.open_cycle_unchecked(db, task_force.id, "2026-Q4")
    elements = [e.id for e in frameworks.default_framework().elements]
    db.dispose()
    return cycle.id, [p.account_id for p in people], elements


def _member(url: str, cycle_id: int, account_id: int, elements: list[str], pace: float, ready, start,
            results) -> None:
    """One person at one browser: save each element once, in their own order."""
    from assessments.domain.model import Actor

    db = Database(url, run_migrations=False)
    actor = Actor(account_id=account_id)
    rng = random.Random(account_id * 7919 + int(pace * 1000))
    order = elements[:]
    rng.shuffle(order)
    latencies, errors, last = [], [], {}
    # As in the app, a member's page is open before they save: the framework is read and parsed.
    # The clock starts when every process is there.
    questionnaire.member_sheet(db, actor, cycle_id)
    ready.release()
    start.wait()
    for element_id in order:
        if pace:
            time.sleep(rng.uniform(0.5, 1.5) * pace)
        stage = rng.choice([1, 2, 3, 4, 5, None])
        note = rng.choice(["", "", "Seen in two cases this quarter.", f"note {uuid.uuid4().hex[:8]}"])
        began = time.perf_counter()
        try:
            questionnaire.save_answer(db, actor, cycle_id, element_id, stage, note)
        except Exception as error:  # noqa: BLE001 - every failure a member would see is counted
            errors.append(f"{type(error).__name__}: {error}"[:200])
        else:
            last[element_id] = (stage, note)
        latencies.append((time.perf_counter() - began) * 1000)
    db.dispose()
    results.put((account_id, latencies, errors, last))


def _run(url: str, cycle_id: int, account_ids: list[int], elements: list[str], pace: float) -> dict:
    context = multiprocessing.get_context("spawn")
    results, ready, start = context.Queue(), context.Semaphore(0), context.Event()
    processes = [
        context.Process(target=_member, args=(url, cycle_id, account_id, elements, pace, ready, start, results))
        for account_id in account_ids
    ]
    for process in processes:
        process.start()
    for _ in processes:  # every process imported and connected before anyone saves
        ready.acquire(timeout=600)
    began = time.perf_counter()
    start.set()
    outcomes = [results.get(timeout=600) for _ in processes]
    took = time.perf_counter() - began
    for process in processes:
        process.join()
    return took, {account_id: (latencies, errors, last) for account_id, latencies, errors, last in outcomes}


def _check(url: str, cycle_id: int, outcomes: dict, member_ids: dict[int, int]) -> tuple[int, int]:
    """Answers lost (stored value differs from the member's last successful save) and doubled."""
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(AnswerRow.member_id, AnswerRow.element_id, AnswerRow.stage, AnswerRow.note)
            .where(AnswerRow.cycle_id == cycle_id)).all()
        doubled = connection.scalar(
            select(func.count()).select_from(
                select(AnswerRow.member_id, AnswerRow.element_id).where(AnswerRow.cycle_id == cycle_id)
                .group_by(AnswerRow.member_id, AnswerRow.element_id).having(func.count() > 1).subquery()))
    engine.dispose()
    stored = {(m, e): (s, n) for m, e, s, n in rows}
    lost = sum(
        1
        for account_id, (_, _, last) in outcomes.items()
        for element_id, value in last.items()
        if stored.get((member_ids[account_id], element_id)) != value
    )
    return lost, doubled


def _percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1] if len(values) > 1 else values[0]


def _scratch_postgres(url: str) -> tuple[str, callable]:
    name = f"waypoint_load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return f"{url.rpartition('/')[0]}/{name}", drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--db", default=None, help="a PostgreSQL server URL (default: a temporary SQLite file)")
    parser.add_argument("--pace", type=float, default=1.0, help="seconds between one member's saves, on average")
    args = parser.parse_args()

    if args.db and not args.db.startswith("sqlite"):
        url, clean_up = _scratch_postgres(args.db)
        backend = "PostgreSQL"
    else:
        url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'load.db'}"
        backend, clean_up = "SQLite", (lambda: None)
    missed = False
    try:
        cycle_id, account_ids, elements = _set_up(url, args.members)
        engine = create_engine(url)
        with engine.connect() as connection:
            from assessments.store.rows import MemberRow

            member_ids = dict(connection.execute(select(MemberRow.account_id, MemberRow.id)).all())
        engine.dispose()
        print(f"{backend}: {args.members} member processes x {len(elements)} elements, one open cycle")
        print(f"{'mode':<8}{'saves':>7}{'lost':>6}{'doubled':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'saves/s':>9}")
        for mode, pace in (("paced", args.pace), ("burst", 0.0)):
            took, outcomes = _run(url, cycle_id, account_ids, elements, pace)
            lost, doubled = _check(url, cycle_id, outcomes, member_ids)
            latencies = [ms for lat, _, _ in outcomes.values() for ms in lat]
            errors = [e for _, errs, _ in outcomes.values() for e in errs]
            p95 = _percentile(latencies, 0.95)
            print(f"{mode:<8}{len(latencies):>7}{lost:>6}{doubled:>9}{len(errors):>8}"
                  f"{_percentile(latencies, 0.50):>9.1f}{p95:>9.1f}{_percentile(latencies, 0.99):>9.1f}"
                  f"{len(latencies) / took:>9.1f}")
            for error in sorted(set(errors))[:5]:
                print(f"    error: {error}")
            if lost or doubled or errors or (mode == "paced" and p95 >= P95_TARGET_MS):
                missed = True
    finally:
        clean_up()
    print(f"targets: 0 lost, 0 doubled, 0 errors, paced p95 < {P95_TARGET_MS:.0f} ms: {'MISSED' if missed else 'met'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
