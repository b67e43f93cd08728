"""Start-up on a shared database: several app processes at once, an upgrade of a populated
database from the first schema, and a demo load that is killed half way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select, text

from assessments.store.database import Database, alembic_config, make_engine
from assessments.store.rows import CycleRow, FrameworkRow, TaskForceRow
from assessments.usecases import demo
from roadmap.load import bundled_frameworks

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 3, 1, 9, 0)

# What an app process does when it starts (ui/state.py): migrate, store the bundled
# frameworks, and load the demo into an empty database. Each waits for the same moment.
START = """
import sys, time
from assessments.store.database import Database
from assessments.usecases import demo, frameworks
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
db = Database(sys.argv[1])
frameworks.install_bundled_frameworks(db)
demo.ensure_demo(db)
print("up")
"""


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request) -> str:
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _count(db: Database, column) -> int:
    with db.engine.connect() as connection:
        return connection.scalar(select(func.count(column)))


def test_three_processes_starting_at_once_on_an_empty_database_all_come_up(empty_url):
    at = str(time.time() + 3)
    processes = [
        subprocess.Popen([sys.executable, "-c", START, empty_url, at], cwd=ROOT, env=_env(),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    outcomes = [process.communicate(timeout=240) for process in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], [err[-2000:] for _, err in outcomes]
    assert [out.strip() for out, _ in outcomes] == ["up"] * 3
    db = Database(empty_url)
    try:
        assert _count(db, FrameworkRow.id) == len(bundled_frameworks())
        assert _count(db, TaskForceRow.id) == 1  # one demo, not three
        assert _count(db, CycleRow.id) == 6
    finally:
        db.dispose()


def test_a_populated_first_schema_database_upgrades_to_head_keeping_every_row(empty_url):
    engine = make_engine(empty_url)
    command.upgrade(alembic_config(engine), "0001")
    rows = {
        "frameworks": "INSERT INTO frameworks (id, framework_id, version, title, source, added_at) "
                      "VALUES (1, 'small', '1.0', 'Small', 'id: small', :now)",
        "task_forces": "INSERT INTO task_forces (id, name, jurisdiction, framework_id, framework_version, is_demo, created_at) "
                       "VALUES (1, 'First Task Force', 'First County', 'small', '1.0', false, :now)",
        "cycles": "INSERT INTO cycles (id, task_force_id, label, framework_id, framework_version, status, opened_at, closed_at) "
                  "VALUES (1, 1, '2025-Q1', 'small', '1.0', 'closed', :now, :now)",
        "function_relevance": "INSERT INTO function_relevance (id, task_force_id, discipline, function_id, relevant) "
                              "VALUES (1, 1, 'labor', 'PE', false)",
        "members": "INSERT INTO members (id, task_force_id, name, discipline, role, organisation, access_code_hash) "
                   "VALUES (1, 1, 'Lena Lead', 'labor', 'lead', 'State DOL', 'scrypt$c2FsdA==$ZGlnZXN0')",
        "actions": "INSERT INTO actions (id, task_force_id, element_id, title, owner, due_date, status, note, pinned, "
                   "created_in_cycle_id, created_at, updated_at, completed_at, version) VALUES "
                   "(1, 1, 'A.1', 'Write the MOU', 'Lena', '2025-06-30', 'planned', 'draft', false, 1, :now, :now, NULL, 1)",
        "answers": "INSERT INTO answers (id, cycle_id, member_id, element_id, stage, note, note_in_report, updated_at) "
                   "VALUES (1, 1, 1, 'A.1', 2, 'a note', true, :now)",
        "consensus": "INSERT INTO consensus (id, cycle_id, element_id, stage, rationale, recorded_by, recorded_at) "
                     "VALUES (1, 1, 'A.1', 2, 'agreed', 1, :now)",
        "function_outcomes": "INSERT INTO function_outcomes (id, task_force_id, function_id, text, updated_by, updated_at) "
                             "VALUES (1, 1, 'A', 'Fewer missed referrals', 1, :now)",
        "submissions": "INSERT INTO submissions (id, cycle_id, member_id, submitted_at) VALUES (1, 1, 1, :now)",
        "targets": "INSERT INTO targets (id, task_force_id, element_id, target_stage, by_cycle_label, set_by, set_at) "
                   "VALUES (1, 1, 'A.1', 3, '2025-Q2', 1, :now)",
        "action_changes": "INSERT INTO action_changes (id, action_id, changed_at, changed_by, field, old_value, new_value) "
                          "VALUES (1, 1, :now, 1, 'created', '', 'Write the MOU')",
    }
    with engine.begin() as connection:
        for statement in rows.values():
            connection.execute(text(statement), {"now": NOW})
    engine.dispose()

    db = Database(empty_url)  # migrates to head, as the app does when it starts
    try:
        with db.engine.connect() as connection:
            for table in rows:
                assert connection.scalar(text(f"SELECT count(*) FROM {table}")) == 1, table
            assert connection.scalar(text("SELECT note FROM answers")) == "a note"
            assert connection.scalar(text("SELECT rationale FROM consensus")) == "agreed"
            assert connection.scalar(text("SELECT reporting_threshold FROM task_forces")) == 3
            assert connection.scalar(text("SELECT count(*) FROM accounts")) == 1  # the member became an account
    finally:
        db.dispose()


def test_a_demo_load_killed_half_way_leaves_nothing_and_the_next_load_completes(sqlite_url):
    Database(sqlite_url).dispose()  # schema first, so the kill lands inside the demo's transaction
    process = subprocess.Popen(
        [sys.executable, "-m", "assessments", "--db", sqlite_url, "demo"], cwd=ROOT, env=_env(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    for line in process.stderr:
        if "[ 52%]" in line:  # three quarters of answers written, three to go
            break
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL

    db = Database(sqlite_url)
    try:
        assert _count(db, TaskForceRow.id) == 0
        assert _count(db, CycleRow.id) == 0
        loaded = demo.ensure_demo(db)
        assert loaded is not None and loaded.name == demo.DEMO_TASK_FORCE
        assert _count(db, CycleRow.id) == 6
    finally:
        db.dispose()
