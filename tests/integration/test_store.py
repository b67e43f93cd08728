"""Every domain object survives a round trip through a real database file or server."""

from __future__ import annotations

from datetime import datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from assessments.domain.model import Answer, CycleStatus, Discipline, Role, utc_now
from assessments.store.database import Database
from assessments.store.rows import Base
from assessments.store.unit_of_work import UnitOfWork

WHEN = datetime(2026, 10, 5, 14, 30)

NOW = utc_now()


def test_the_migration_creates_exactly_the_schema_the_row_classes_describe(any_db: Database):
    with any_db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    assert set(inspect(any_db.engine).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}


def test_migrating_twice_changes_nothing(any_db: Database):
    from assessments.store.database import migrate

    migrate(any_db.engine)
    with any_db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_every_domain_object_round_trips(any_db: Database, framework):
    with UnitOfWork(any_db, writes=True) as uow:
        stored = uow.frameworks.get_framework(framework.id, framework.version)
        task_force = uow.task_forces.add_task_force("Ρόδος Task Force", "Δήμος Ρόδου", framework.id, framework.version, True)
        olena = uow.accounts.add_account("olena@koalitsiia.example", "Олена Коваленко", NOW)
        mai = uow.accounts.add_account(None, "Nguyễn Thị Mai", NOW)
        lead = uow.task_forces.add_member(task_force.id, olena.id, "Олена Коваленко", Discipline.NGO, Role.LEAD, "Коаліція")
        member = uow.task_forces.add_member(task_force.id, mai.id, "Nguyễn Thị Mai", Discipline.VICTIM_SERVICES, Role.MEMBER)
        cycle = uow.cycles.add_cycle(task_force.id, "2026-Q4", framework.id, framework.version, opened_at=WHEN)
        staged = uow.cycles.put_answer(cycle.id, member.id, "IF-1", 3, "<b>&amp;</b> <script> — Việt", at=WHEN)
        dont_know = uow.cycles.put_answer(cycle.id, member.id, "IF-2", None, "", at=WHEN)
        uow.cycles.add_submission(cycle.id, member.id, at=WHEN)
        uow.changed(task_force.id)
        uow.commit()

    with UnitOfWork(any_db) as uow:
        assert uow.frameworks.get_framework(framework.id, framework.version) == stored
        stored_task_force = uow.task_forces.get_task_force(task_force.id)
        assert stored_task_force.data_version == task_force.data_version + 1  # the commit named it changed
        assert stored_task_force.model_copy(update={'data_version': task_force.data_version}) == task_force
        assert task_force.is_demo and task_force.name == "Ρόδος Task Force"
        assert uow.task_forces.list_members(task_force.id) == sorted([lead, member], key=lambda m: m.name)
        assert uow.task_forces.get_member(lead.id).role is Role.LEAD
        assert uow.cycles.get_cycle(cycle.id) == cycle
        assert cycle.status is CycleStatus.OPEN and cycle.opened_at == WHEN
        assert uow.cycles.member_answers(cycle.id, member.id) == [staged, dont_know]
        assert staged.note == "<b>&amp;</b> <script> — Việt"
        assert dont_know.is_dont_know
        assert uow.cycles.submitted_at(cycle.id, member.id) == WHEN


def test_an_answer_is_updated_in_place_not_duplicated(any_db: Database, framework):
    with UnitOfWork(any_db, writes=True) as uow:
        tf = uow.task_forces.add_task_force("TF", "X", framework.id, framework.version)
        m = uow.task_forces.add_member(tf.id, uow.accounts.add_account(None, "A", NOW).id, "A", Discipline.LABOR, Role.MEMBER)
        c = uow.cycles.add_cycle(tf.id, "2026-Q1", framework.id, framework.version)
        uow.cycles.put_answer(c.id, m.id, "IF-1", 2, "first", at=WHEN)
        uow.cycles.put_answer(c.id, m.id, "IF-1", 4, "second", at=WHEN)
        uow.changed(tf.id)
        uow.commit()
    with UnitOfWork(any_db) as uow:
        (answer,) = uow.cycles.cycle_answers(c.id)
    assert (answer.stage, answer.note) == (4, "second")


def test_a_unit_of_work_that_does_not_commit_leaves_nothing(any_db: Database, framework):
    with UnitOfWork(any_db) as uow:
        uow.task_forces.add_task_force("Never committed", "X", framework.id, framework.version)
    with UnitOfWork(any_db) as uow:
        assert uow.task_forces.find_task_force("Never committed") is None


def test_bulk_answers_round_trip(any_db: Database, framework):
    with UnitOfWork(any_db, writes=True) as uow:
        tf = uow.task_forces.add_task_force("TF", "X", framework.id, framework.version)
        m = uow.task_forces.add_member(tf.id, uow.accounts.add_account(None, "A", NOW).id, "A", Discipline.HEALTH, Role.MEMBER)
        c = uow.cycles.add_cycle(tf.id, "2026-Q1", framework.id, framework.version)
        answers = [
            Answer(cycle_id=c.id, member_id=m.id, element_id=e.id, stage=(i % 5) + 1, updated_at=WHEN, note_in_report=i == 0)
            for i, e in enumerate(framework.elements)
        ]
        uow.cycles.add_answers(answers)
        uow.changed(tf.id)
        uow.commit()
    with UnitOfWork(any_db) as uow:
        assert sorted(uow.cycles.cycle_answers(c.id), key=lambda a: a.element_id) == sorted(answers, key=lambda a: a.element_id)
