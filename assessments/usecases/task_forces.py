"""Task forces as the host sees them (create, find, list), one read for its members, and
the lead's reporting thresholds (assessments/domain/confidentiality.py)."""

from __future__ import annotations

from assessments.domain import confidentiality, text
from assessments.domain.model import Actor, DomainError, NotFound, TaskForce
from assessments.domain.permissions import Permission
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import frameworks
from assessments.usecases.access import audit, host_only, member_of
from roadmap.model import Framework


def checked_name_and_jurisdiction(name: str, jurisdiction: str) -> tuple[str, str]:
    return (
        text.required(name, text.TASK_FORCE_NAME, "Give the task force a name."),
        text.required(jurisdiction, text.JURISDICTION, "Say which jurisdiction the task force serves."),
    )


@host_only("the command line and the demo loader; the administrator's page calls installation.create_task_force")
def create_task_force(db: Database, name: str, jurisdiction: str, framework: Framework | None = None, is_demo: bool = False) -> TaskForce:
    name, jurisdiction = checked_name_and_jurisdiction(name, jurisdiction)
    framework = framework or frameworks.default_framework()
    frameworks.get_framework(db, framework.id, framework.version)
    with UnitOfWork(db, writes=True) as uow:
        if uow.task_forces.find_task_force(name):
            raise DomainError(f"A task force named {name!r} already exists; choose another name.")
        task_force = uow.task_forces.add_task_force(name, jurisdiction, framework.id, framework.version, is_demo)
        uow.changed(task_force.id)
        uow.commit()
    return task_force


@host_only("the command line and the demo loader; the administrator's page calls installation.list_task_forces")
def list_task_forces(db: Database) -> list[TaskForce]:
    with UnitOfWork(db) as uow:
        return uow.task_forces.list_task_forces()


def get_task_force(db: Database, actor: Actor | None, task_force_id: int) -> TaskForce:
    with UnitOfWork(db) as uow:
        member_of(uow, actor, task_force_id, Permission.READ_RESULTS)
        return uow.task_forces.get_task_force(task_force_id)


@host_only("the command line names a task force")
def find_task_force(db: Database, name: str) -> TaskForce:
    """The task force of that name, for the host's command lines (which may list every name)."""
    with UnitOfWork(db) as uow:
        task_force = uow.task_forces.find_task_force(name)
        if task_force is None:
            known = ", ".join(repr(tf.name) for tf in uow.task_forces.list_task_forces()) or "none"
            raise NotFound(f"No task force named {name!r}. Task forces in this database: {known}.")
    return task_force


def set_thresholds(db: Database, actor: Actor | None, task_force_id: int, reporting: int, notes: int | None = None) -> TaskForce:
    """Set k (3-10) and k_notes (k-10, None for "same as k"). Lead only; every change is in the audit log."""
    with UnitOfWork(db, writes=True) as uow:
        member_of(uow, actor, task_force_id, Permission.LEAD)
        reporting, notes = confidentiality.check_thresholds(reporting, notes)
        before = uow.task_forces.get_task_force(task_force_id)
        if (before.reporting_threshold, before.notes_threshold) == (reporting, notes):
            return before
        task_force = uow.task_forces.set_thresholds(task_force_id, reporting, notes)
        uow.changed(task_force_id)
        audit(uow, actor, "reporting threshold changed",
              f"answers {before.reporting_threshold} -> {reporting}; "
              f"notes {before.notes_shown_from} -> {task_force.notes_shown_from}", task_force_id)
        uow.commit()
    return task_force
