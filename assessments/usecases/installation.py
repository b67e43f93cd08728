"""The installation administrator's work: task forces, their first lead, and links for
anyone who lost their password. The administrator never sees a task force's answers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from assessments.domain.accounts import LinkKind, check_display_name, normalise_email
from assessments.domain.model import Actor, Discipline, DomainError, NotFound, Role, TaskForce, utc_now
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import frameworks, task_forces
from assessments.usecases.access import administrator, audit, host_only
from assessments.usecases.members import checked_role_and_discipline
from assessments.usecases.team import IssuedLink, issue_link


class TaskForceSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    task_force: TaskForce
    leads: tuple[str, ...]
    members: int


class NewTaskForce(BaseModel):
    model_config = ConfigDict(frozen=True)

    task_force: TaskForce
    lead_link: IssuedLink | None


def list_task_forces(db: Database, actor: Actor | None) -> list[TaskForceSummary]:
    with UnitOfWork(db) as uow:
        administrator(uow, actor)
        out = []
        for task_force in uow.task_forces.list_task_forces():
            team = uow.task_forces.list_members(task_force.id)
            out.append(TaskForceSummary(
                task_force=task_force, leads=tuple(m.name for m in team if m.is_lead), members=len(team),
            ))
    return out


def create_task_force(
    db: Database, actor: Actor | None, name: str, jurisdiction: str, lead_email: str, lead_name: str,
    lead_discipline: Discipline | str, now: datetime | None = None,
) -> NewTaskForce:
    """A task force on the default framework and its first lead, who gets an invite link
    (none if their account already has a password: they see the task force at once)."""
    return _create_task_force(db, actor, name, jurisdiction, lead_email, lead_name, lead_discipline, now, by_host=False)


@host_only("`python -m assessments task-force create`: the host already holds the database")
def create_task_force_from_command_line(
    db: Database, name: str, jurisdiction: str, lead_email: str, lead_name: str,
    lead_discipline: Discipline | str, now: datetime | None = None,
) -> NewTaskForce:
    return _create_task_force(db, None, name, jurisdiction, lead_email, lead_name, lead_discipline, now, by_host=True)


def _create_task_force(db: Database, actor: Actor | None, name: str, jurisdiction: str, lead_email: str,
                       lead_name: str, lead_discipline: Discipline | str, now: datetime | None, *,
                       by_host: bool) -> NewTaskForce:
    now = now or utc_now()
    name, jurisdiction = task_forces.checked_name_and_jurisdiction(name, jurisdiction)
    lead_email, lead_name = normalise_email(lead_email), check_display_name(lead_name)
    _, discipline = checked_role_and_discipline(Role.LEAD, lead_discipline)
    framework = frameworks.default_framework()
    with UnitOfWork(db, writes=True) as uow:
        if not by_host:
            administrator(uow, actor)
        if uow.frameworks.get_framework(framework.id, framework.version) is None:
            raise NotFound("The default framework is not installed; restart the app to install it.")
        if uow.task_forces.find_task_force(name):
            raise DomainError(f"A task force named {name!r} already exists; choose another name.")
        task_force = uow.task_forces.add_task_force(name, jurisdiction, framework.id, framework.version)
        account = uow.accounts.find_account(lead_email) or uow.accounts.add_account(lead_email, lead_name, now)
        uow.task_forces.add_member(task_force.id, account.id, lead_name, discipline, Role.LEAD)
        uow.changed(task_force.id)
        audit(uow, actor, "task force created", f"{name}; first lead {lead_email}", task_force.id, at=now)
        link = None
        if not account.has_password:
            link = issue_link(uow, actor, LinkKind.INVITE, account.id, lead_email, lead_name, now, task_force.id, Role.LEAD)
        uow.commit()
    return NewTaskForce(task_force=task_force, lead_link=link)


def reset_link(db: Database, actor: Actor | None, email: str, now: datetime | None = None) -> IssuedLink:
    """A new link for any account, for example a lead who lost their password."""
    now = now or utc_now()
    email = normalise_email(email)
    with UnitOfWork(db, writes=True) as uow:
        administrator(uow, actor)
        account = uow.accounts.find_account(email)
        if account is None:
            raise NotFound(f"No account has the email {email}.")
        uow.accounts.revoke_links_of(account.id, now)
        kind = LinkKind.RESET if account.has_password else LinkKind.INVITE
        issued = issue_link(uow, actor, kind, account.id, email, account.display_name, now)
        audit(uow, actor, f"{kind.value} link issued", email, at=now)
        uow.commit()
    return issued
