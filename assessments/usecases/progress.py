"""Progress reads: every cycle of a task force with its scores, and its targets,
for the rules in assessments/domain/progress_rules.py to line up."""

from __future__ import annotations

from assessments.domain.model import Target
from assessments.domain.progress_rules import Scored
from assessments.store.database import Database
from assessments.usecases import planning, results


def history(db: Database, task_force_id: int) -> list[Scored]:
    """Every cycle of the task force, oldest first, with its framework and scores."""
    return results.scores_by_cycle(db, task_force_id)


def targets(db: Database, task_force_id: int) -> list[Target]:
    return planning.list_targets(db, task_force_id)
