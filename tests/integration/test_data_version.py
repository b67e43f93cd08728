"""The data version: every committed write to a task force's data raises that task force's
number, in the same transaction, and nothing else does. The app's caches key on it."""

from __future__ import annotations

import pytest

from assessments.domain.model import DomainError, NotAllowed, Role
from assessments.store import unit_of_work
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import accounts, consensus, cycles, planning, questionnaire, results, task_forces
from tests.conftest import make_member, make_task_force


def versions(db) -> dict[int, int]:
    with UnitOfWork(db) as uow:
        return {tf.id: tf.data_version for tf in uow.task_forces.list_task_forces()}


@pytest.fixture
def two_task_forces(open_cycle_world, framework):
    world = open_cycle_world
    other = make_task_force(world["db"], framework, "Other Task Force")
    return world, other


def test_a_save_raises_its_own_task_force_version_and_no_other(two_task_forces):
    world, other = two_task_forces
    db, tf = world["db"], world["task_force"]
    before = versions(db)
    questionnaire.save_answer(db, world["member"].actor, world["cycle"].id, "IF-1", 3, "MOU signed")
    after = versions(db)
    assert after[tf.id] == before[tf.id] + 1
    assert after[other.id] == before[other.id]


def test_each_kind_of_write_raises_the_version(two_task_forces):
    world, _ = two_task_forces
    db, tf, lead = world["db"], world["task_force"], world["lead"]
    cycle = world["cycle"]
    writes = [
        lambda: questionnaire.save_answer(db, world["member"].actor, cycle.id, "IF-1", 2),
        lambda: questionnaire.submit_answers(db, world["member"].actor, cycle.id),
        lambda: consensus.record_consensus(db, lead.actor, cycle.id, "IF-1", 3, "agreed at the meeting"),
        lambda: consensus.clear_consensus(db, lead.actor, cycle.id, "IF-1"),
        lambda: task_forces.set_thresholds(db, lead.actor, tf.id, 4),
        lambda: planning.add_action(db, lead.actor, tf.id, "IF-1", "Draft the MOU", "Dana"),
        lambda: cycles.close_cycle(db, lead.actor, cycle.id),
        lambda: cycles.reopen_cycle(db, lead.actor, cycle.id),
        lambda: make_member(db, tf, "Marcus", role=Role.MEMBER),
    ]
    for write in writes:
        before = versions(db)[tf.id]
        write()
        assert versions(db)[tf.id] == before + 1, write


def test_reads_and_refused_writes_leave_every_version(two_task_forces):
    world, _ = two_task_forces
    db, lead, cycle = world["db"], world["lead"], world["cycle"]
    questionnaire.save_answer(db, world["member"].actor, cycle.id, "IF-1", 3)
    before = versions(db)
    results.cycle_scores(db, lead.actor, cycle.id)
    results.scores_by_cycle(db, lead.actor, world["task_force"].id)
    with pytest.raises(DomainError):
        questionnaire.save_answer(db, world["member"].actor, cycle.id, "IF-1", 7)
    with pytest.raises(DomainError):
        consensus.record_consensus(db, lead.actor, cycle.id, "IF-1", 9, "")
    assert versions(db) == before


def test_signing_in_touches_no_task_force_figures(two_task_forces):
    world, _ = two_task_forces
    db = world["db"]
    accounts.create_administrator(db, "admin@county.example", "a long enough passphrase 1", "Admin")
    before = versions(db)
    accounts.sign_in(db, "admin@county.example", "a long enough passphrase 1")
    with pytest.raises(NotAllowed):
        accounts.sign_in(db, "admin@county.example", "wrong")
    assert versions(db) == before


def test_a_write_that_names_no_task_force_raises_every_version_and_is_reported(two_task_forces, monkeypatch):
    world, other = two_task_forces
    db = world["db"]
    reported: list[set[str]] = []
    monkeypatch.setattr(unit_of_work, "unnamed_write", reported.append)
    before = versions(db)
    with UnitOfWork(db, writes=True) as uow:
        uow.cycles.put_answer(world["cycle"].id, world["member"].id, "IF-2", 4, "")
        uow.commit()
    assert reported == [{"answers"}]
    assert versions(db) == {tf_id: version + 1 for tf_id, version in before.items()}
