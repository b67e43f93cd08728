"""Shared fixtures: a small framework, a fresh real database per test, and factories."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from assessments.domain.model import Answer, Discipline, Member, Role, TaskForce
from assessments.store import unit_of_work
from assessments.store.database import Database
from assessments.usecases import frameworks, members, task_forces
from roadmap.load import load_framework
from roadmap.model import Framework

FIXTURES = Path(__file__).parent / "fixtures"
SMALL_FRAMEWORK_FILE = FIXTURES / "small-framework.yaml"
POSTGRES_URL = os.environ.get("WAYPOINT_TEST_POSTGRES_URL")


@pytest.fixture(autouse=True)
def every_write_names_its_task_force(monkeypatch):
    """In production a write that names no task force raises every data version (safe, slower);
    here it fails the test, so a use case that forgets uow.changed() is found where it is."""
    def refuse(tables: set[str]) -> None:
        raise AssertionError(f"a unit of work wrote {sorted(tables)} without uow.changed(task_force_id)")
    monkeypatch.setattr(unit_of_work, "unnamed_write", refuse)


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework(SMALL_FRAMEWORK_FILE)


def _install(db: Database, framework: Framework) -> Database:
    frameworks.add_framework(db, SMALL_FRAMEWORK_FILE.read_bytes(), SMALL_FRAMEWORK_FILE.name)
    return db


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'waypoint.db'}"


@pytest.fixture
def db(sqlite_url: str, framework: Framework) -> Iterator[Database]:
    """A fresh SQLite file with the schema migrated and the small framework stored."""
    database = _install(Database(sqlite_url), framework)
    yield database
    database.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the server .ci/run starts."""
    if not POSTGRES_URL:
        if os.environ.get("CI"):
            pytest.fail("CI runs every test on PostgreSQL too, but WAYPOINT_TEST_POSTGRES_URL is not set (.ci/run sets it)")
        pytest.skip("no PostgreSQL server: set WAYPOINT_TEST_POSTGRES_URL (bash .ci/run starts one)")
    name = f"waypoint_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, _ = POSTGRES_URL.rpartition("/")
    yield f"{base}/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db(request, framework: Framework) -> Iterator[Database]:
    """The same test on a real SQLite file and on a real PostgreSQL server."""
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    database = _install(Database(url), framework)
    yield database
    database.dispose()


@pytest.fixture
def open_cycle_world(any_db: Database, framework: Framework) -> dict:
    """On both backends: a task force on the small framework, cycle 2026-Q4 open, a lead and a member."""
    from assessments.usecases import cycles

    task_force = make_task_force(any_db, framework)
    return {
        "db": any_db, "task_force": task_force,
        "cycle": cycles.open_cycle_unchecked(any_db, task_force.id, "2026-Q4"),
        "lead": make_member(any_db, task_force, "Dana", Discipline.LAW_ENFORCEMENT, Role.LEAD),
        "member": make_member(any_db, task_force, "Aisha", Discipline.VICTIM_SERVICES),
    }


@pytest.fixture
def task_force(db: Database, framework: Framework) -> TaskForce:
    return make_task_force(db, framework)


def make_task_force(db: Database, framework: Framework, name: str = "Test Task Force") -> TaskForce:
    return task_forces.create_task_force(db, name, "Test County", framework)


def make_member(
    db: Database, task_force: TaskForce, name: str, discipline: Discipline | None = Discipline.LAW_ENFORCEMENT,
    role: Role = Role.MEMBER, email: str | None = None,
) -> Member:
    """A membership with its own account; pass ``member.actor`` to a use case to act as them."""
    return members.add_member(db, task_force.id, name, discipline, role, email=email)


def answer_closed_quarters(
    db: Database, task_force_id: int, answered: dict[str, dict[str, list[Member]]], opened: list[datetime],
    stage: Callable[[str], int],
) -> list:
    """Open each quarter (label -> element -> who answers), record those answers at ``stage(label)``,
    and close it; the cycles, oldest first."""
    from assessments.usecases import cycles, questionnaire

    out = []
    for opened_at, (label, by_element) in zip(opened, answered.items(), strict=True):
        cycle = cycles.open_cycle_unchecked(db, task_force_id, label, opened_at=opened_at)
        for element_id, who in by_element.items():
            for member in who:
                questionnaire.record_answer(db, member.actor, cycle.id, element_id, stage(label))
        out.append(cycles.close_cycle_unchecked(db, cycle.id))
    return out


def make_answers(cycle_id: int, element_id: str, stages: list[int | None], first_member_id: int = 1) -> list[Answer]:
    """Answers for one element from consecutive member ids; None is "don't know"."""
    return [
        Answer(cycle_id=cycle_id, member_id=first_member_id + i, element_id=element_id, stage=stage,
               updated_at=datetime(2026, 11, 1))
        for i, stage in enumerate(stages)
    ]


def snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table, to show that a refused use case changed nothing."""
    from assessments.store.rows import Base

    with db.engine.connect() as connection:
        return {
            table.name: sorted(tuple(map(repr, row)) for row in connection.execute(table.select()))
            for table in Base.metadata.sorted_tables
        }
