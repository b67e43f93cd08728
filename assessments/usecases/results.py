"""A cycle's scores, read one way for every screen, the PDF and the exports.

Only aggregates leave here; no function returns another member's individual answers.
"""

from __future__ import annotations

from assessments.domain.model import Cycle, Member
from assessments.domain.scoring import CycleScores, GroupMedian, discipline_breakdown, score_cycle
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import cycles, frameworks
from roadmap.model import Framework


def cycle_scores(db: Database, cycle_id: int) -> CycleScores:
    """The scores of one cycle: consensus where recorded, else the median of answers."""
    with UnitOfWork(db) as uow:
        cycle = uow.cycles.get_cycle(cycle_id)
        answers = uow.cycles.cycle_answers(cycle_id)
        members = uow.task_forces.list_members(cycle.task_force_id)
        consensus = {c.element_id: c.stage for c in uow.cycles.consensus_for(cycle_id)}
    return score_cycle(frameworks.framework_of_cycle(db, cycle), answers, members, consensus)


def cycle_breakdown(db: Database, cycle_id: int) -> list[GroupMedian]:
    """Each element's median per discipline; groups under the threshold carry no median."""
    with UnitOfWork(db) as uow:
        cycle = uow.cycles.get_cycle(cycle_id)
        answers = uow.cycles.cycle_answers(cycle_id)
        members = uow.task_forces.list_members(cycle.task_force_id)
    return discipline_breakdown(frameworks.framework_of_cycle(db, cycle), answers, members)


def scores_by_cycle(db: Database, task_force_id: int) -> list[tuple[Cycle, Framework, CycleScores]]:
    """Every cycle of a task force, oldest first, with the framework it was scored on."""
    return [
        (cycle, frameworks.framework_of_cycle(db, cycle), cycle_scores(db, cycle.id))
        for cycle in cycles.list_cycles(db, task_force_id)
    ]


def respondents_by_discipline(db: Database, cycle_id: int) -> dict[str, int]:
    """How many members answered at least one element, per discipline label."""
    with UnitOfWork(db) as uow:
        cycle = uow.cycles.get_cycle(cycle_id)
        answered = {a.member_id for a in uow.cycles.cycle_answers(cycle_id)}
        members: list[Member] = uow.task_forces.list_members(cycle.task_force_id)
    counts: dict[str, int] = {}
    for member in members:
        if member.id in answered:
            counts[member.discipline.label] = counts.get(member.discipline.label, 0) + 1
    return dict(sorted(counts.items()))
