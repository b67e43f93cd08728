"""How long scoring and reading a cycle take for a large task force.

Targets (a lead waits on these when a page opens): scoring one cycle of 200
members in under 50 ms in memory, and reading plus scoring it from SQLite in
under 500 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessments.domain.model import Actor, Answer, Discipline, Role  # noqa: E402
from assessments.domain.scoring import score_cycle  # noqa: E402
from assessments.domain.stage_counts import counts_of  # noqa: E402
from assessments.store.database import Database  # noqa: E402
from assessments.store.unit_of_work import UnitOfWork  # noqa: E402
from assessments.usecases import cycles, frameworks, results, task_forces  # noqa: E402

TARGET_SCORE_MS = 50
TARGET_READ_AND_SCORE_MS = 500


def build(db: Database, member_count: int, cycle_count: int) -> tuple[list[int], Actor]:
    """The cycles' ids, and the first member (a lead), whose rights the reads are timed with."""
    frameworks.install_bundled_frameworks(db)
    framework = frameworks.default_framework()
    task_force = task_forces.create_task_force(db, "Bench Task Force", "Bench County", framework)
    rng = random.Random(7)
    disciplines = list(Discipline)
    now = datetime(2026, 1, 1)
    with UnitOfWork(db, writes=True) as uow:
        team = [
            uow.task_forces.add_member(
                task_force.id, uow.accounts.add_account(None, f"Member {i}", now).id, f"Member {i}",
                disciplines[i % len(disciplines)], Role.LEAD if i == 0 else Role.MEMBER,
            )
            for i in range(member_count)
        ]
        uow.changed(task_force.id)
        uow.commit()
    member_ids = [m.id for m in team]
    cycle_ids = []
    for c in range(cycle_count):
        cycle = cycles.open_cycle_unchecked(db, task_force.id, f"{2020 + c // 4}-Q{c % 4 + 1}")
        with UnitOfWork(db, writes=True) as uow:
            uow.cycles.add_answers(
                Answer(cycle_id=cycle.id, member_id=m, element_id=e.id,
                       stage=None if rng.random() < 0.1 else rng.randint(1, 5), updated_at=datetime(2026, 1, 1))
                for m in member_ids for e in framework.elements
            )
            uow.changed(task_force.id)
            uow.commit()
        cycles.close_cycle_unchecked(db, cycle.id)
        cycle_ids.append(cycle.id)
    return cycle_ids, team[0].actor


def timed(function, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--cycles", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
        start = time.perf_counter()
        cycle_ids, lead = build(db, args.members, args.cycles)
        print(f"built {args.members} members x {args.cycles} cycles in {time.perf_counter() - start:.1f} s")
        framework = frameworks.default_framework()
        with UnitOfWork(db) as uow:
            answers = uow.cycles.cycle_answers(cycle_ids[-1])
            members = uow.task_forces.list_members(uow.cycles.get_cycle(cycle_ids[-1]).task_force_id)
        checks = [
            ("score one cycle in memory", timed(lambda: score_cycle(framework, counts_of(answers, members)), args.repeat), TARGET_SCORE_MS),
            ("read and score one cycle", timed(lambda: results.cycle_scores(db, lead, cycle_ids[-1]), args.repeat), TARGET_READ_AND_SCORE_MS),
        ]
        print(f"{len(answers)} answers in the last cycle")
        missed = 0
        for name, ms, target in checks:
            verdict = "ok" if ms <= target else "MISSED"
            missed += verdict == "MISSED"
            print(f"{name:32s} {ms:8.1f} ms  (target {target} ms) {verdict}")
        with UnitOfWork(db) as uow:
            task_force_id = uow.cycles.get_cycle(cycle_ids[0]).task_force_id
        all_ms = timed(lambda: results.scores_by_cycle(db, lead, task_force_id), 1)
        print(f"{'every cycle (trend page)':32s} {all_ms:8.1f} ms  (no target; {len(cycle_ids)} cycles)")
        db.dispose()
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
