"""A cycle's scores, read one way for every screen, the PDF and the exports.

Only aggregates leave here, and only those the task force's reporting threshold lets
show (assessments/domain/confidentiality.py): the threshold is applied while scoring,
so no caller can get a figure the rule withholds. No function returns another member's
individual answers. Reading needs Permission.READ_RESULTS in the cycle's task force:
its members, leads and funders.
"""

from __future__ import annotations

from assessments.domain import cycle_choice, rotation, scoring
from assessments.domain.cycle_choice import CycleChoice
from assessments.domain.model import Actor, Cycle, TaskForce
from assessments.domain.permissions import Permission
from assessments.domain.scoring import CycleScores, GroupMedian
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import access, frameworks
from roadmap.model import Framework


def cycle_scores(db: Database, actor: Actor | None, cycle_id: int) -> CycleScores:
    """The scores of one cycle: consensus where recorded, else the median of answers."""
    with UnitOfWork(db) as uow:
        _, cycle = access.member_of_cycle(uow, actor, cycle_id, Permission.READ_RESULTS)
        return _scores(db, uow, cycle, uow.task_forces.get_task_force(cycle.task_force_id))


def cycle_breakdown(db: Database, actor: Actor | None, cycle_id: int) -> list[GroupMedian]:
    """Each element's median per discipline, for the disciplines the threshold lets show."""
    with UnitOfWork(db) as uow:
        _, cycle = access.member_of_cycle(uow, actor, cycle_id, Permission.READ_RESULTS)
        task_force = uow.task_forces.get_task_force(cycle.task_force_id)
        answers = uow.cycles.cycle_answers(cycle_id)
        members = uow.task_forces.members_with_answers_counted(cycle.task_force_id)
    framework = frameworks.framework_of_cycle(db, cycle)
    return scoring.discipline_breakdown(framework, answers, members, task_force.reporting_threshold)


def scores_by_cycle(db: Database, actor: Actor | None, task_force_id: int) -> list[tuple[Cycle, Framework, CycleScores]]:
    """Every cycle of a task force, oldest first, with the framework it was scored on.
    Every cycle is scored with today's threshold, so a raised threshold also covers the past."""
    with UnitOfWork(db) as uow:
        access.member_of(uow, actor, task_force_id, Permission.READ_RESULTS)
        task_force = uow.task_forces.get_task_force(task_force_id)
        fresh = [
            (cycle, frameworks.framework_of_cycle(db, cycle), _fresh_scores(db, uow, cycle, task_force))
            for cycle in uow.cycles.list_cycles(task_force_id)
        ]
    # Carried from the fresh scores only: a source cycle assessed the function it lends.
    return [(cycle, framework, rotation.carry_forward(cycle, scores, fresh)) for cycle, framework, scores in fresh]


def starting_cycle(db: Database, actor: Actor | None, task_force_id: int) -> CycleChoice | None:
    """The cycle Results, Progress and the plan start from, with why (domain/cycle_choice.py);
    None when the task force has no cycle."""
    with UnitOfWork(db) as uow:
        access.member_of(uow, actor, task_force_id, Permission.READ_RESULTS)
        task_force = uow.task_forces.get_task_force(task_force_id)
        newest_first = []
        # Score newest first and stop at the first ready cycle: older ones cannot change the choice,
        # and a page rerun need not score every quarter the task force ever had.
        for cycle in reversed(uow.cycles.list_cycles(task_force_id)):
            newest_first.append((cycle, _scores(db, uow, cycle, task_force)))
            if cycle_choice.is_ready(newest_first[-1][1]):
                break
    return cycle_choice.choose(newest_first[::-1])


def respondents_by_discipline(db: Database, actor: Actor | None, cycle_id: int) -> tuple[dict[str, int], int | None]:
    """How many members answered at least one element, per discipline label, with disciplines
    under the threshold pooled; and the total, None when it is under the threshold."""
    with UnitOfWork(db) as uow:
        _, cycle = access.member_of_cycle(uow, actor, cycle_id, Permission.READ_RESULTS)
        task_force = uow.task_forces.get_task_force(cycle.task_force_id)
        answers = uow.cycles.cycle_answers(cycle_id)
        members = uow.task_forces.members_with_answers_counted(cycle.task_force_id)
    return scoring.respondents_by_discipline(answers, members, task_force.reporting_threshold)


def _scores(db: Database, uow: UnitOfWork, cycle: Cycle, task_force: TaskForce) -> CycleScores:
    """Score a cycle the caller was already allowed to read, with the functions it does not
    assess carried from earlier cycles (assessments/domain/rotation.py)."""
    fresh = _fresh_scores(db, uow, cycle, task_force)
    if cycle.functions is None:
        return fresh
    earlier = [
        (c, frameworks.framework_of_cycle(db, c), _fresh_scores(db, uow, c, task_force))
        for c in uow.cycles.list_cycles(cycle.task_force_id)
        if c.label < cycle.label and (c.framework_id, c.framework_version) == (cycle.framework_id, cycle.framework_version)
    ]
    return rotation.carry_forward(cycle, fresh, earlier)


def _fresh_scores(db: Database, uow: UnitOfWork, cycle: Cycle, task_force: TaskForce) -> CycleScores:
    """A cycle's scores from its own answers and consensus only."""
    answers = uow.cycles.cycle_answers(cycle.id)
    members = uow.task_forces.members_with_answers_counted(cycle.task_force_id)
    consensus = {c.element_id: c.stage for c in uow.cycles.consensus_for(cycle.id)}
    return scoring.score_cycle(
        frameworks.framework_of_cycle(db, cycle), answers, members, consensus, task_force.reporting_threshold,
    )
