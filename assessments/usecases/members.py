"""Members: add one, sign in, the lead check every lead-only use case starts with,
and the lead's team page."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from assessments.domain.access_codes import MIN_CODE_LENGTH, access_code_matches, hash_access_code, new_access_code
from assessments.domain.model import Cycle, Discipline, DomainError, Member, NotAllowed, NotFound, Role
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork


class MemberStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    member: Member
    submitted_at: datetime | None


class TeamStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    open_cycle: Cycle | None
    members: tuple[MemberStatus, ...]


def add_member(
    db: Database, task_force_id: int, name: str, discipline: Discipline | str, role: Role | str,
    access_code: str, organisation: str = "",
) -> Member:
    name = name.strip()
    if not name:
        raise DomainError("Give the member a name.")
    try:
        discipline, role = Discipline(discipline), Role(role)
    except ValueError as error:
        raise DomainError(f"{error}. Choose one of the listed disciplines and roles.") from None
    if len(access_code) < MIN_CODE_LENGTH:
        raise DomainError(f"The access code must have at least {MIN_CODE_LENGTH} characters.")
    with UnitOfWork(db) as uow:
        uow.task_forces.get_task_force(task_force_id)
        if any(m.name == name for m in uow.task_forces.list_members(task_force_id)):
            raise DomainError(f"{name!r} is already a member of this task force.")
        member = uow.task_forces.add_member(task_force_id, name, discipline, role, organisation.strip(), hash_access_code(access_code))
        uow.commit()
    return member


def list_members(db: Database, task_force_id: int) -> list[Member]:
    with UnitOfWork(db) as uow:
        return uow.task_forces.list_members(task_force_id)


def get_member(db: Database, member_id: int) -> Member:
    with UnitOfWork(db) as uow:
        return uow.task_forces.get_member(member_id)


def sign_in(db: Database, member_id: int, access_code: str) -> Member:
    with UnitOfWork(db) as uow:
        try:
            member = uow.task_forces.get_member(member_id)
            stored = uow.task_forces.access_code_hash(member_id)
        except NotFound:
            raise NotAllowed("That name and access code do not match.") from None
    if not access_code_matches(access_code, stored):
        raise NotAllowed("That name and access code do not match. Ask your task force lead for your code.")
    return member


def current_lead(db: Database, member_id: int, task_force_id: int | None = None) -> Member:
    """The member as stored now, if they lead the task force (their own by default)."""
    with UnitOfWork(db) as uow:
        return uow.task_forces.current_lead(member_id, task_force_id)


# the lead's team page --------------------------------------------------------------


def team_status(db: Database, lead_id: int) -> TeamStatus:
    """Members, and whether each submitted in the open cycle. Never their answers."""
    with UnitOfWork(db) as uow:
        lead = uow.task_forces.current_lead(lead_id)
        cycle = uow.cycles.open_cycle(lead.task_force_id)
        members = uow.task_forces.list_members(lead.task_force_id)
        submitted = {m.id: uow.cycles.submitted_at(cycle.id, m.id) for m in members} if cycle else {}
    return TeamStatus(
        open_cycle=cycle, members=tuple(MemberStatus(member=m, submitted_at=submitted.get(m.id)) for m in members),
    )


def add_team_member(
    db: Database, lead_id: int, name: str, discipline: Discipline | str, role: Role | str = Role.MEMBER,
    organisation: str = "",
) -> tuple[Member, str]:
    """Add a member with a freshly generated access code, returned once and stored only as a hash."""
    lead = current_lead(db, lead_id)
    code = new_access_code()
    member = add_member(db, lead.task_force_id, name, discipline, role, code, organisation)
    return member, code
