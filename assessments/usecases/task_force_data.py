"""Everything a task force's data export holds, read once: every cycle's scores as the
reporting threshold lets them show, and the whole plan with its history.

For the installation administrator or a lead of the task force. The scores come from the
one scoring path (assessments/domain/scoring.py, as results.py calls it), so only
aggregates leave: no individual answer, no evidence note, no withheld figure."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.domain.model import (
    Action,
    ActionChange,
    Actor,
    FunctionOutcome,
    Target,
    TargetChange,
    TaskForce,
)
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import frameworks, results
from assessments.usecases.access import administrator_or_lead, audit
from assessments.usecases.backups import EXPORT_REFUSAL
from assessments.usecases.results import CycleResults
from roadmap.model import Framework


@dataclass(frozen=True)
class TaskForceData:
    task_force: TaskForce
    framework: Framework
    """The framework the next cycle opens with: names the plan's elements and functions."""
    cycles: tuple[CycleResults, ...]
    """Every cycle as the Results page shows it (results.results_in): carried scores marked."""
    targets: tuple[Target, ...]
    target_history: tuple[TargetChange, ...]
    actions: tuple[Action, ...]
    action_history: tuple[ActionChange, ...]
    outcomes: tuple[FunctionOutcome, ...]
    people: dict[int, str]
    """Member id -> name, for who changed the plan (never who answered what)."""


def task_force_data(db: Database, actor: Actor | None, task_force_id: int, what: str = "") -> TaskForceData:
    """The export's content; ``what`` (the file kind) goes to the audit log when given."""
    with UnitOfWork(db, writes=bool(what)) as uow:
        administrator_or_lead(uow, actor, task_force_id, EXPORT_REFUSAL)
        task_force = uow.task_forces.get_task_force(task_force_id)
        members = uow.task_forces.members_with_answers_counted(task_force_id)
        cycles = results.results_in(uow, task_force, uow.cycles.list_cycles(task_force_id))
        actions = tuple(uow.plans.list_actions(task_force_id))
        data = TaskForceData(
            task_force=task_force, framework=frameworks.framework_of_task_force(db, task_force), cycles=tuple(cycles),
            targets=tuple(uow.plans.list_targets(task_force_id)),
            target_history=tuple(uow.plans.target_changes(task_force_id)),
            actions=actions, action_history=tuple(uow.plans.action_changes(a.id for a in actions)),
            outcomes=tuple(uow.plans.list_outcomes(task_force_id)),
            people={m.id: m.name for m in members},
        )
        if what:
            audit(uow, actor, "exported", f"all of the task force's data: {what[:100]}", task_force_id)
            uow.commit()
    return data
