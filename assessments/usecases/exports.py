"""A line in the audit trail for every file that leaves the app: the PDF and the exports."""

from __future__ import annotations

from assessments.domain.model import Actor
from assessments.domain.permissions import Permission
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases.access import audit, member_of_cycle


def record_export(db: Database, actor: Actor | None, cycle_id: int, what: str) -> None:
    """Who took which file of which cycle. `what` names the file kind, never its content."""
    with UnitOfWork(db, writes=True) as uow:
        _, cycle = member_of_cycle(uow, actor, cycle_id, Permission.READ_PLAN)
        audit(uow, actor, "exported", f"{cycle.label}: {what[:100]}", cycle.task_force_id)
        uow.commit()
