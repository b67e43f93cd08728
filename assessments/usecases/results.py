"""A cycle's scores, read one way for every screen, the PDF and the exports.

Only aggregates leave here; no function returns another member's individual answers.
Reading them needs Permission.READ_RESULTS in the cycle's task force: its members, leads and funders.
"""

from __future__ import annotations

from assessments.domain.model import Actor, Cycle, Member
from assessments.domain.permissions import Permission
from assessments.domain.scoring import CycleScores, GroupMedian, discipline_breakdown, score_cycle
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import access, frameworks
from roadmap.model import Framework


def cycle_scores(db: Database, actor: Actor | None, cycle_id: int) -> CycleScores:
    """The scores of one cycle: consensus where recorded, else the median of answers."""
    with UnitOfWork(db) as uow:
        _, cycle = access.member_of_cycle(uow, actor, cycle_id, Permission.READ_RESULTS)
        return _scores(db, uow, cycle)


def cycle_breakdown(db: Database, actor: Actor | None, cycle_id: int) -> list[GroupMedian]:
    """Each element's median per discipline; groups under the threshold carry no median."""
    with UnitOfWork(db) as uow:
        _, cycle = access.member_of_cycle(uow, actor, cycle_id, Permission.READ_RESULTS)
        answers = uow.cycles.cycle_answers(cycle_id)
        members = uow.task_forces.members_with_answers_counted(cycle.task_force_id)
    return discipline_breakdown(frameworks.framework_of_cycle(db, cycle), answers, members)


def scores_by_cycle(db: Database, actor: Actor | None, task_force_id: int) -> list[tuple[Cycle, Framework, CycleScores]]:
    """Every cycle of a task force, oldest first, with the framework it was scored on."""
    with UnitOfWork(db) as uow:
        access.member_of(uow, actor, task_force_id, Permission.READ_RESULTS)
        return [
            (cycle, frameworks.framework_of_cycle(db, cycle), _scores(db, uow, cycle))
            for cycle in uow.cycles.list_cycles(task_force_id)
        ]


def respondents_by_discipline(db: Database, actor: Actor | None, cycle_id: int) -> dict[str, int]:
    """How many members answered at least one element, per discipline label."""
    with UnitOfWork(db) as uow:
        _, cycle = access.member_of_cycle(uow, actor, cycle_id, Permission.READ_RESULTS)
        answered = {a.member_id for a in uow.cycles.cycle_answers(cycle_id)}
        members: list[Member] = uow.task_forces.members_with_answers_counted(cycle.task_force_id)
    counts: dict[str, int] = {}
    for member in members:
        # Funders have no discipline and never answer.
        if member.id in answered and member.discipline is not None:
            counts[member.discipline.label] = counts.get(member.discipline.label, 0) + 1
    return dict(sorted(counts.items()))


def _scores(db: Database, uow: UnitOfWork, cycle: Cycle) -> CycleScores:
    """Score a cycle the caller was already allowed to read."""
    answers = uow.cycles.cycle_answers(cycle.id)
    members = uow.task_forces.members_with_answers_counted(cycle.task_force_id)
    consensus = {c.element_id: c.stage for c in uow.cycles.consensus_for(cycle.id)}
    return score_cycle(frameworks.framework_of_cycle(db, cycle), answers, members, consensus)

