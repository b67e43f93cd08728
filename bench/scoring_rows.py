"""Rows 2: scoring through the results use cases, as a ratio to one SQL GROUP BY over the same answers.

One cycle (results.cycle_scores) and one history (results.scores_by_cycle) in this process,
medians of repetitions. A program (many task forces) is scored in a child process, which
reports its time and its peak resident memory above what it held once imported and
connected; it uses results.histories when the code has it (one grouped read for many task
forces), else loops results.scores_by_cycle per task force. A child that runs past its time
limit is stopped, and its time is estimated from the task forces it had scored.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from figures import Row, median_ms
from sqlalchemy import text
from world import World

from assessments.store.database import Database
from tests.ui.conftest import db_member

ROOT = Path(__file__).resolve().parent.parent
NATIONAL_RATIO, NATIONAL_SECONDS, NATIONAL_MB = 2, 5, 500
GROUP_BY = ("SELECT cycle_id, element_id, stage, COUNT(*) FROM answers {where} "
            "GROUP BY cycle_id, element_id, stage")

# The child: argv = root, url, reader account id, progress file, task force ids (JSON).
CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
def peak_mb():  # VmHWM starts again at exec; ru_maxrss would carry the parent's peak over fork
    status = open("/proc/self/status").read().splitlines()
    return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM:"))
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import results
db = Database(sys.argv[2], run_migrations=False)
with UnitOfWork(db) as uow:
    reader = uow.accounts.get_account(int(sys.argv[3])).actor
ids = json.loads(sys.argv[5])
progress = open(sys.argv[4], "w", buffering=1)
histories = getattr(results, "histories", None)
baseline = peak_mb()
progress.write(f"baseline {baseline}\n")
start = time.perf_counter()
held = None
if histories is not None:
    try:
        path, held = "results.histories (one grouped read)", histories(db, reader, ids)
    except TypeError as error:  # a helper of that name, called differently: say so and loop instead
        path, start = f"results.histories refused (db, actor, ids): {error}; looped", time.perf_counter()
if held is None:
    path = path if histories is not None else "results.scores_by_cycle per task force"
    held = []
    for done, task_force_id in enumerate(ids, 1):
        held.append(results.scores_by_cycle(db, reader, task_force_id))
        progress.write(f"{done} {time.perf_counter() - start}\n")
seconds = time.perf_counter() - start
peak = peak_mb()
print(json.dumps({"path": path, "seconds": seconds, "peak_mb": peak - baseline, "baseline_mb": baseline}))
"""


def group_by_ms(db: Database, where: str, params: dict, repeat: int) -> float:
    statement = text(GROUP_BY.format(where=where))

    def run() -> None:
        with db.engine.connect() as connection:
            connection.execute(statement, params).all()

    return median_ms(run, repeat)


def task_force_rows(world: World, repeat: int) -> list[Row]:
    """One cycle and one history of the one-task-force data, as its lead reads them."""
    from assessments.usecases import results

    db = Database(world.url, run_migrations=False)
    lead = db_member(db, world.lead_member_id).actor
    cycle_id, task_force_id = world.cycle_ids[-2], world.task_force_ids[0]  # the newest closed cycle
    one = median_ms(lambda: results.cycle_scores(db, lead, cycle_id), repeat)
    one_floor = group_by_ms(db, "WHERE cycle_id = :cycle", {"cycle": cycle_id}, repeat)
    history = median_ms(lambda: results.scores_by_cycle(db, lead, task_force_id), repeat)
    history_floor = group_by_ms(db, "WHERE cycle_id IN (SELECT id FROM cycles WHERE task_force_id = :tf)",
                                {"tf": task_force_id}, repeat)
    db.dispose()
    size = f"{world.size.members} members x 29 elements"
    return [
        Row("scoring: one cycle (cycle_scores)", one, "ms", one_floor, note=size),
        Row("scoring: one history (scores_by_cycle)", history, "ms", history_floor,
            note=f"{len(world.cycle_ids)} cycles"),
    ]


def program_rows(world: World, name: str, repeat: int, time_limit: float, with_targets: bool) -> list[Row]:
    """A whole program scored in a child process: time and peak memory."""
    db = Database(world.url, run_migrations=False)
    floor_ms = group_by_ms(db, "", {}, repeat)
    db.dispose()
    outcome = _score_in_child(world, time_limit)
    note = f"{world.answer_count:,} answers; {outcome['path']}"
    if outcome.get("estimated"):
        note += f"; stopped after {time_limit:.0f} s at {outcome['done']}/{len(world.task_force_ids)} TF, time extrapolated"
    seconds = outcome["seconds"]
    return [
        Row(f"scoring: {name} ({world.size.task_forces} TF x {world.size.cycles} cycles)",
            None if seconds is None else seconds * 1000, "ms", floor_ms,
            max_ratio=NATIONAL_RATIO if with_targets else None,
            max_value=NATIONAL_SECONDS * 1000 if with_targets else None, note=note),
        Row(f"scoring: {name} peak memory", outcome["peak_mb"], "MB",
            max_value=NATIONAL_MB if with_targets else None,
            note="above the child's baseline" + (" (until stopped)" if outcome.get("estimated") else "")),
    ]


def _score_in_child(world: World, time_limit: float) -> dict:
    with tempfile.NamedTemporaryFile("r", suffix=".progress") as progress:
        command = [sys.executable, "-c", CHILD, str(ROOT), world.url, str(world.reader_account_id), progress.name,
                   json.dumps(world.task_force_ids)]
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            out, err = child.communicate(timeout=time_limit)
        except subprocess.TimeoutExpired:
            peak_mb = _peak_mb(child.pid)  # read before it is gone
            child.kill()
            child.communicate()
            return _estimate(Path(progress.name).read_text(), len(world.task_force_ids), peak_mb)
    if child.returncode != 0 or not out.strip():
        last = (err.strip().splitlines() or ["no output"])[-1]
        return {"path": f"the child failed: {last[:80]}", "seconds": None, "peak_mb": None}
    return json.loads(out)


def _peak_mb(pid: int) -> float | None:
    """A running process's peak resident memory (Linux)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), None)


def _estimate(progress: str, total: int, peak_mb: float | None) -> dict:
    """A stopped child's time, extrapolated from the task forces it had scored, and its peak so far."""
    lines = [line.split() for line in progress.splitlines() if line.strip()]
    baseline = float(lines[0][1]) if lines and lines[0][0] == "baseline" else None
    scored = [line for line in lines if line[0] != "baseline"]
    if not scored:
        return {"path": "stopped before one task force was scored", "seconds": None, "peak_mb": None}
    done, seconds = int(scored[-1][0]), float(scored[-1][1])
    peak = None if peak_mb is None or baseline is None else peak_mb - baseline
    return {"path": "results.scores_by_cycle per task force", "seconds": seconds * total / done, "peak_mb": peak,
            "estimated": True, "done": done}
