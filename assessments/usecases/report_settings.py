"""The lead's settings of the funder PDF: for now, the paper it is laid out on."""

from __future__ import annotations

from assessments.domain.model import Actor, TaskForce
from assessments.domain.paper import Paper, check_paper
from assessments.domain.permissions import Permission
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases.access import audit, member_of


def set_paper(db: Database, actor: Actor | None, task_force_id: int, paper: Paper | str) -> TaskForce:
    """US Letter or A4 for the task force's PDF. Lead only; every change is in the audit log."""
    with UnitOfWork(db, writes=True) as uow:
        member_of(uow, actor, task_force_id, Permission.LEAD)
        paper = check_paper(paper)
        before = uow.task_forces.get_task_force(task_force_id)
        if before.paper is paper:
            return before
        task_force = uow.task_forces.set_paper(task_force_id, paper)
        uow.changed(task_force_id)
        audit(uow, actor, "report paper size changed", f"{before.paper.value} -> {paper.value}", task_force_id)
        uow.commit()
    return task_force
