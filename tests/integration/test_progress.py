"""Trends and comparisons read the one scoring path: they match results.cycle_scores cycle by cycle."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from assessments.domain import progress_rules
from assessments.domain.model import Discipline, NotAllowed, Role
from assessments.domain.progress_rules import OVERALL, Direction, TargetStatus
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import cycles, demo, frameworks, planning, progress, questionnaire, results, task_forces
from tests.conftest import answer_closed_quarters, make_member, make_task_force


@pytest.fixture(scope="module")
def demo_history(tmp_path_factory):
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('progress') / 'demo.db'}")
    task_force = demo.load_demo(db, today=date(2026, 11, 23))
    yield db, task_force, progress.history(db, _demo_lead(db, task_force).actor, task_force.id)
    db.dispose()


def _demo_lead(db, task_force):
    with UnitOfWork(db) as uow:
        return next(m for m in uow.task_forces.list_members(task_force.id) if m.is_lead)


def test_the_trend_series_of_the_demo_match_scores_recomputed_cycle_by_cycle(demo_history):
    db, task_force, scored = demo_history
    lead = _demo_lead(db, task_force)
    task_force_cycles = cycles.list_cycles(db, lead.actor, task_force.id)
    series = {t.key: t for t in progress_rules.trends(scored)}
    assert [p.cycle_label for p in series[OVERALL].points] == [c.label for c in task_force_cycles]
    for index, cycle in enumerate(task_force_cycles):
        expected = results.cycle_scores(db, lead.actor, cycle.id)
        overall = series[OVERALL].points[index]
        assert (overall.score, overall.count) == (expected.overall, expected.respondents)
        for function in expected.functions:
            point = series[function.function_id].points[index]
            assert (point.score, point.scored_elements, point.elements) == (
                function.score, function.scored_elements, function.elements)
            shown = [e.answers for e in expected.elements
                     if e.function_id == function.function_id and e.answers is not None]
            assert point.count == (sum(shown) if shown else None)


def test_every_element_trend_of_the_demo_matches_the_recomputed_scores(demo_history):
    db, task_force, scored = demo_history
    lead = _demo_lead(db, task_force)
    expected = [results.cycle_scores(db, lead.actor, cycle.id) for cycle in cycles.list_cycles(db, lead.actor, task_force.id)]
    for element_id, _ in progress_rules.elements(scored):
        points = progress_rules.element_trend(scored, element_id).points
        assert [p.score for p in points] == [scores.element(element_id) for scores in expected]


def test_comparing_the_demo_cycles_shows_the_regression_as_a_loss_since_its_peak(demo_history):
    db, task_force, scored = demo_history
    lead = _demo_lead(db, task_force)
    framework = frameworks.framework_of_task_force(db, task_force)
    regressing = demo.regressing_element(framework)
    comparison = progress_rules.compare_cycles(scored[2], scored[4])
    change = next(c for c in comparison.changes if c.element_id == regressing)
    assert change.direction is Direction.DOWN
    assert change.change == (results.cycle_scores(db, lead.actor, scored[4][0].id).element(regressing).score
                             - results.cycle_scores(db, lead.actor, scored[2][0].id).element(regressing).score)
    assert sum(comparison.count(d) for d in Direction) == len(framework.elements)


def test_progress_against_targets_reads_the_targets_the_lead_set(any_db, framework):
    task_force = make_task_force(any_db, framework)
    lead = make_member(any_db, task_force, "Lead", Discipline.LAW_ENFORCEMENT, Role.LEAD)
    members = [make_member(any_db, task_force, f"Member {i}", Discipline.NGO) for i in range(3)]
    first = cycles.open_cycle_unchecked(any_db, task_force.id, "2026-Q1", opened_at=datetime(2026, 1, 5))
    for member in members:
        questionnaire.record_answer(any_db, member.actor, first.id, "IF-1", 2)
    cycles.close_cycle_unchecked(any_db, first.id)
    planning.set_target(any_db, lead.actor, task_force.id, first.id, "IF-1", target_stage=4, at=datetime(2026, 2, 1))
    second = cycles.open_cycle_unchecked(any_db, task_force.id, "2026-Q2", opened_at=datetime(2026, 4, 5))
    for member in members:
        questionnaire.record_answer(any_db, member.actor, second.id, "IF-1", 3)
    # A member (not only the lead) sees how far the lead's targets have moved.
    reader = members[0].actor
    (result,) = progress_rules.target_progress(progress.history(any_db, reader, task_force.id),
                                               progress.targets(any_db, reader, task_force.id))
    assert (result.baseline_cycle, result.baseline, result.latest, result.status) == (
        "2026-Q1", 2.0, 3.0, TargetStatus.MOVING)
    assert result.share_of_way == 0.5


@pytest.mark.parametrize("who", ["outsider", "signed out"])
def test_progress_is_refused_outside_the_task_force(any_db, framework, who):
    task_force = make_task_force(any_db, framework)
    make_member(any_db, task_force, "Lead", Discipline.LAW_ENFORCEMENT, Role.LEAD)
    cycles.open_cycle_unchecked(any_db, task_force.id, "2026-Q1")
    other = make_task_force(any_db, framework, "Other Task Force")
    actor = None if who == "signed out" else make_member(any_db, other, "Other Lead", Discipline.NGO, Role.LEAD).actor
    with pytest.raises(NotAllowed):
        progress.history(any_db, actor, task_force.id)
    with pytest.raises(NotAllowed):
        progress.targets(any_db, actor, task_force.id)


def test_a_funder_reads_progress(any_db, framework):
    task_force = make_task_force(any_db, framework)
    funder = make_member(any_db, task_force, "Fay Funder", None, Role.FUNDER)
    cycles.open_cycle_unchecked(any_db, task_force.id, "2026-Q1")
    assert [cycle.label for cycle, _, _ in progress.history(any_db, funder.actor, task_force.id)] == ["2026-Q1"]
    assert progress.targets(any_db, funder.actor, task_force.id) == []


def test_under_the_task_forces_threshold_an_element_is_not_comparable_and_the_count_is_withheld(any_db, framework):
    """k = 5, set by the lead: four answers to IF-1 in 2026-Q3 are withheld, so its rise is not a gain."""
    task_force = make_task_force(any_db, framework)
    lead = make_member(any_db, task_force, "Lead", Discipline.LAW_ENFORCEMENT, Role.LEAD)
    task_forces.set_thresholds(any_db, lead.actor, task_force.id, 5)
    members = [lead] + [make_member(any_db, task_force, f"Member {i}", Discipline.NGO) for i in range(4)]
    answered = {"2026-Q2": {"IF-2": members[:2]},
                "2026-Q3": {"IF-1": members[:4], "IF-2": members},
                "2026-Q4": {"IF-1": members, "IF-2": members}}
    answer_closed_quarters(any_db, task_force.id, answered, [datetime(2026, month, 5) for month in (1, 4, 7)],
                           lambda label: 2 if label < "2026-Q4" else 4)
    scored = progress.history(any_db, members[1].actor, task_force.id)
    overall = next(t for t in progress_rules.trends(scored) if t.key == OVERALL)
    assert [p.count for p in overall.points] == [None, 5, 5]
    assert overall.points[0].withheld_text == "fewer than 5 answers"
    assert [c.label for c, _, _ in progress_rules.with_scores(scored)] == ["2026-Q3", "2026-Q4"]
    comparison = progress_rules.compare_cycles(scored[1], scored[2])
    by_id = {c.element_id: c for c in comparison.changes}
    assert (by_id["IF-1"].direction, by_id["IF-1"].reason) == (
        Direction.NOT_COMPARABLE, "fewer than 5 answers in 2026-Q3")
    assert [c.element_id for c in comparison.gains()] == ["IF-2"]
