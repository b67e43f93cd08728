"""Progress reads: every cycle of a task force with its scores, and its targets,
for the rules in assessments/domain/progress_rules.py to line up.
Both need Permission.READ_RESULTS: members see how far the targets have moved."""

from __future__ import annotations

from assessments.domain.model import Actor, Target
from assessments.domain.permissions import Permission
from assessments.domain.progress_rules import Scored
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import access, results


def history(db: Database, actor: Actor | None, task_force_id: int) -> list[Scored]:
    """Every cycle of the task force, oldest first, with its framework and scores."""
    return results.scores_by_cycle(db, actor, task_force_id)


def targets(db: Database, actor: Actor | None, task_force_id: int) -> list[Target]:
    """The task force's target per element, for the progress page (read here, not through
    planning, because reading targets for progress needs READ_RESULTS, not READ_PLAN)."""
    with UnitOfWork(db) as uow:
        access.member_of(uow, actor, task_force_id, Permission.READ_RESULTS)
        return uow.plans.list_targets(task_force_id)
