"""The store counts answers in SQL, the same on SQLite and PostgreSQL, in a constant number of
statements however many cycles it counts; the results use cases score from those counts with
a handful of statements per page, not a handful per cycle."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
from sqlalchemy import event

from assessments.domain import cycle_choice, rotation
from assessments.domain.model import Answer, Discipline, NotAllowed, Role
from assessments.domain.scoring import score_cycle
from assessments.domain.stage_counts import NO_ANSWERS, counts_of
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import cycles, results
from reports import tables
from tests.conftest import make_member, make_task_force

WHEN = datetime(2026, 1, 1)
DISCIPLINES = [Discipline.LAW_ENFORCEMENT, Discipline.VICTIM_SERVICES, Discipline.PROSECUTION]


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """Every SQL statement the engine sends while the block runs."""
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _generated(db: Database, framework, name: str, quarters: int, seed: int = 3, unanswered_last: bool = True):
    """A task force of seven members (one a funder without a discipline who answered once, as a
    member made funder keeps their answers) with random answers in ``quarters`` closed cycles, the
    last one left unanswered unless told. Returns the task force, the lead, the members and the cycles."""
    rng = random.Random(seed)
    task_force = make_task_force(db, framework, name)
    team = [make_member(db, task_force, f"{name} lead", DISCIPLINES[0], Role.LEAD)]
    team += [make_member(db, task_force, f"{name} {i}", DISCIPLINES[i % 3]) for i in range(5)]
    team.append(make_member(db, task_force, f"{name} funder", None, Role.FUNDER))
    made = []
    for q in range(quarters):
        cycle = cycles.open_cycle_unchecked(db, task_force.id, f"{2023 + q // 4}-Q{q % 4 + 1}")
        if q < quarters - 1 or not unanswered_last:
            answerers = team[:-1] + ([team[-1]] if q == 0 else [])
            with UnitOfWork(db, writes=True) as uow:
                uow.cycles.add_answers(
                    Answer(cycle_id=cycle.id, member_id=m.id, element_id=e.id,
                           stage=rng.choice([None, 1, 2, 3, 4, 5]), updated_at=WHEN)
                    for m in answerers for e in framework.elements if rng.random() < 0.8
                )
                if q == 1:
                    uow.cycles.put_consensus(cycle.id, "IF-1", 5, "agreed", team[0].id)
                uow.changed(cycle.task_force_id)
                uow.commit()
        made.append(cycles.close_cycle_unchecked(db, cycle.id))
    return task_force, team[0], team, made


def test_the_counts_of_several_cycles_come_in_two_statements_and_equal_counting_the_answers(any_db, framework):
    task_force, _, team, made = _generated(any_db, framework, "Counted", 4)
    ids = [c.id for c in made]
    with UnitOfWork(any_db) as uow:
        expected = {c: counts_of(uow.cycles.cycle_answers(c), team) for c in ids}
        with statements(any_db) as sent:
            counted = uow.cycles.stage_counts(ids)
    assert len(sent) == 2
    assert all("GROUP BY" in s for s in sent)
    assert counted == expected
    # The funder answered only the first quarter: their answers count, under no discipline.
    assert None in counted[ids[0]].respondents and None not in counted[ids[1]].respondents
    assert counted[ids[-1]] == NO_ANSWERS


def test_the_counts_are_the_same_on_sqlite_and_postgresql(db, postgres_url, framework):
    from tests.conftest import _install

    other = _install(Database(postgres_url), framework)
    try:
        counted = []
        for database in (db, other):
            _, _, _, made = _generated(database, framework, "Twin", 3, seed=11)
            with UnitOfWork(database) as uow:
                by_position = uow.cycles.stage_counts(c.id for c in made)
            counted.append([by_position[c.id] for c in made])
        assert counted[0] == counted[1]
        assert any(c.elements for c in counted[0])
    finally:
        other.dispose()


def test_the_history_of_twelve_cycles_is_scored_with_a_constant_number_of_statements(any_db, framework):
    task_force, lead, team, made = _generated(any_db, framework, "Twelve", 12)
    results.scores_by_cycle(any_db, lead.actor, task_force.id)
    with statements(any_db) as sent:
        history = results.scores_by_cycle(any_db, lead.actor, task_force.id)
    # membership, task force, cycles, two counts, consensus, one framework version (and a BEGIN on some drivers)
    assert len(sent) <= 8, sent
    assert [c.id for c, _, _ in history] == [c.id for c in made]
    with UnitOfWork(any_db) as uow:
        for cycle, _, scores in history:
            counts = counts_of(uow.cycles.cycle_answers(cycle.id), team)
            agreed = {c.element_id: c.stage for c in uow.cycles.consensus_for(cycle.id)}
            assert scores == score_cycle(framework, counts, agreed, task_force.reporting_threshold)
    assert history[1][2].element("IF-1").score == 5.0
    with statements(any_db) as sent:
        choice = results.starting_cycle(any_db, lead.actor, task_force.id)
    assert len(sent) <= 8
    assert choice == cycle_choice.choose([(c, s) for c, _, s in history])


def test_every_cycles_results_are_read_with_a_constant_number_of_statements(any_db, framework):
    """The whole export (task_force_data) reads all its cycles' results at once, consensus records included."""
    task_force, _, _, made = _generated(any_db, framework, "Export", 12)
    with UnitOfWork(any_db) as uow:
        task_force = uow.task_forces.get_task_force(task_force.id)
        cycles_of_task_force = uow.cycles.list_cycles(task_force.id)
        results.results_in(uow, task_force, cycles_of_task_force)
        with statements(any_db) as sent:
            read = results.results_in(uow, task_force, cycles_of_task_force)
        expected_consensus = [tuple(uow.cycles.consensus_for(c.id)) for c in made]
    # two counts and the consensus records; the framework version is known by then
    assert len(sent) <= 4, sent
    assert [r.cycle.id for r in read] == [c.id for c in made]
    assert [r.consensus for r in read] == expected_consensus
    assert [c.element_id for c in read[1].consensus] == ["IF-1"]


def test_a_cycle_report_is_read_in_one_unit_of_work_and_agrees_with_the_single_reads(any_db, framework):
    task_force, lead, _, made = _generated(any_db, framework, "Report", 3)
    cycle_id = made[1].id
    tables.cycle_report(any_db, lead.actor, cycle_id)
    with statements(any_db) as sent:
        report = tables.cycle_report(any_db, lead.actor, cycle_id)
    assert len(sent) <= 8, sent
    assert report.scores == results.cycle_scores(any_db, lead.actor, cycle_id)
    assert list(report.breakdown) == results.cycle_breakdown(any_db, lead.actor, cycle_id)
    assert report.respondents_by_discipline == results.respondents_by_discipline(any_db, lead.actor, cycle_id)[0]
    assert [c.element_id for c in report.consensus] == ["IF-1"]
    assert (report.cycle, report.task_force.id, report.framework.id) == (made[1], task_force.id, framework.id)


def test_a_rotated_cycle_carries_scores_from_the_cycle_that_assessed_them(db, framework):
    task_force, lead, _, made = _generated(db, framework, "Rotated", 2, unanswered_last=False)
    rotated = cycles.open_cycle_unchecked(db, task_force.id, "2024-Q1", functions=["IF", "CO"])
    scores = results.cycle_scores(db, lead.actor, rotated.id)
    history = {c.id: s for c, _, s in results.scores_by_cycle(db, lead.actor, task_force.id)}
    report = tables.cycle_report(db, lead.actor, rotated.id)
    assert scores == history[rotated.id] == report.scores
    assert {f.function_id for f in scores.carried_functions} == {"DR", "PE"}
    source = history[made[-1].id]
    assert scores.function("DR") == source.function("DR").model_copy(update={"carried_from": made[-1].label})
    assert scores.function("DR").score is not None
    assert rotation.overall_note(scores) or scores.overall is None


def test_many_task_forces_are_scored_from_one_grouped_read(db, framework):
    worlds = [_generated(db, framework, f"Program {i}", 3, seed=i) for i in range(3)]
    # One account in every task force: the first one's lead is added to the others as a funder.
    reader = worlds[0][1]
    with UnitOfWork(db, writes=True) as uow:
        for task_force, _, _, _ in worlds[1:]:
            uow.task_forces.add_member(task_force.id, reader.account_id, reader.name, None, Role.FUNDER)
            uow.changed(task_force.id)
        uow.commit()
    ids = [w[0].id for w in worlds]
    with statements(db) as sent:
        program = results.histories(db, reader.actor, ids)
    assert sum("GROUP BY" in s for s in sent) == 2
    assert len(sent) <= 8, sent
    for task_force_id in ids:
        assert program[task_force_id] == results.scores_by_cycle(db, reader.actor, task_force_id)
    outsider = worlds[1][1]
    with pytest.raises(NotAllowed):
        results.histories(db, outsider.actor, ids)
    with pytest.raises(NotAllowed):
        results.histories(db, None, ids)
