"""A task force's full backup, and restoring one into this installation.

Taking a backup: the installation administrator or a lead of that task force. Restoring:
the administrator alone, since it creates a task force and accounts. A restore goes in
beside the task forces already here (or into an empty installation) and never over one:
a task force of the same name is refused. People whose email already has an account here
keep it (and their password); the others get an account without a password, and each lead
among them gets an invite link, which the restore returns: the leads then invite the rest
again from the Team page.

The file is checked whole before anything is written (assessments/domain/backup.py), and
written in one transaction: a refused or failed restore leaves the database as it was."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import IntegrityError

from assessments.domain import backup as backup_format
from assessments.domain.accounts import LinkKind
from assessments.domain.imports import ImportRefused, Progress, no_progress
from assessments.domain.model import Actor, Role, TaskForce, utc_now
from assessments.store import archive
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases.access import administrator, administrator_or_lead, audit
from assessments.usecases.team import IssuedLink, issue_link


class Restored(BaseModel):
    model_config = ConfigDict(frozen=True)

    task_force: TaskForce
    members: int
    cycles: int
    answers: int
    new_accounts: int
    """Accounts created without a password: their people need a new invite."""
    lead_links: tuple[IssuedLink, ...]


EXPORT_REFUSAL = "Only the installation administrator or a lead of this task force can export all of its data."


def backup_task_force(db: Database, actor: Actor | None, task_force_id: int) -> bytes:
    """The task force's full backup as JSON bytes (domain/backup.py says what it holds)."""
    with UnitOfWork(db, writes=True) as uow:
        administrator_or_lead(uow, actor, task_force_id, EXPORT_REFUSAL)
        document = archive.read_task_force(uow.session, task_force_id)
        audit(uow, actor, "exported", "full backup of the task force (JSON)", task_force_id)
        uow.commit()
    return backup_format.to_bytes(document)


def restore_backup(db: Database, actor: Actor | None, data: bytes, file_name: str = "backup",
                   progress: Progress = no_progress) -> Restored:
    """Restore a backup as a new task force in this installation, all or nothing."""
    with UnitOfWork(db) as uow:
        administrator(uow, actor)  # before the file is even read
    progress(0.0, "Checking the file")
    checked = backup_format.read_backup(data)
    progress(0.05, "Writing")
    now = utc_now()
    try:
        return _restore(db, actor, checked, file_name, now, progress)
    except IntegrityError:
        # Only a second restore of the same task force (or of the same people) at the same moment
        # gets here: the checks inside the transaction saw neither, the unique indexes did.
        raise ImportRefused(backup_format.WHAT, [
            "$.task_force.name: a task force of this name, or one of its people, was added while this file was "
            "restored; look at the task forces, and import the file again if it is still needed"]) from None


def _restore(db: Database, actor: Actor | None, checked: backup_format.CheckedBackup, file_name: str, now: datetime,
             progress: Progress) -> Restored:
    with db.one_transaction() as one, UnitOfWork(one, writes=True) as uow:
        administrator(uow, actor)
        in_the_way = archive.conflicts(uow.session, checked.backup)
        if in_the_way:
            raise ImportRefused(backup_format.WHAT, in_the_way)
        task_force, new_accounts = archive.write_task_force(uow.session, checked, progress)
        uow.changed(task_force.id)
        links = []
        for member in uow.task_forces.list_members(task_force.id):
            account = uow.accounts.get_account(member.account_id)
            if member.role is Role.LEAD and member.account_id in new_accounts and account.email:
                links.append(issue_link(uow, actor, LinkKind.INVITE, account.id, account.email, account.display_name,
                                        now, task_force.id, Role.LEAD))
        backup = checked.backup
        answers = sum(len(c.answers) for c in backup.cycles)
        audit(uow, actor, "task force restored",
              f"from {file_name[:100]}: {len(backup.members)} people, {len(backup.cycles)} cycles, {answers} answers",
              task_force.id, at=now)
        uow.commit()
    progress(1.0, "Restored")
    return Restored(task_force=task_force, members=len(backup.members), cycles=len(backup.cycles), answers=answers,
                    new_accounts=len(new_accounts), lead_links=tuple(links))
