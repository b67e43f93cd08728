"""Memberships as the host makes them: the command line, the demo and the tests'
set-up. A lead adds people through invites (usecases/team.py)."""

from __future__ import annotations

from assessments.domain import text
from assessments.domain.accounts import check_display_name, normalise_email
from assessments.domain.model import Discipline, DomainError, Member, Role, utc_now
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases.access import host_only


def checked_role_and_discipline(role: Role | str, discipline: Discipline | str | None) -> tuple[Role, Discipline | None]:
    """A role, and the discipline it needs: leads and members answer, so they need one; funders never do."""
    try:
        role = Role(role)
        discipline = Discipline(discipline) if discipline else None
    except ValueError as error:
        raise DomainError(f"{error}. Choose one of the listed disciplines and roles.") from None
    if role is Role.FUNDER:
        return role, None
    if discipline is None:
        raise DomainError("Choose the discipline this person answers for.")
    return role, discipline


@host_only("the command line, the demo loader and test set-up add people directly")
def add_member(
    db: Database, task_force_id: int, name: str, discipline: Discipline | str | None, role: Role | str,
    organisation: str = "", email: str | None = None,
) -> Member:
    """An account (new, or the one with this email) and its membership of the task force."""
    name = check_display_name(name)
    role, discipline = checked_role_and_discipline(role, discipline)
    email = normalise_email(email) if email else None
    now = utc_now()
    with UnitOfWork(db, writes=True) as uow:
        uow.task_forces.get_task_force(task_force_id)
        account = uow.accounts.find_account(email) if email else None
        if account is None:
            account = uow.accounts.add_account(email, name, now)
        elif uow.task_forces.membership(account.id, task_force_id):
            raise DomainError(f"{email} is already a member of this task force.")
        member = uow.task_forces.add_member(task_force_id, account.id, name, discipline, role, text.clean(organisation, text.ORGANISATION))
        uow.changed(task_force_id)
        uow.commit()
    return member
