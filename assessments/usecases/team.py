"""The lead's team: who is in the task force, invites, resets, roles and removals.

A link's token is returned once, to be handed over (or emailed); only its hash is kept."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from assessments.domain import text
from assessments.domain.accounts import (
    LINK_LIFETIME,
    AccessLink,
    AuditEvent,
    LinkKind,
    check_display_name,
    normalise_email,
)
from assessments.domain.model import Actor, Cycle, Discipline, DomainError, Member, NotAllowed, Role, utc_now
from assessments.domain.permissions import Permission
from assessments.domain.tokens import new_token, token_hash
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases.access import administrator, audit, member_of
from assessments.usecases.accounts import lock_of
from assessments.usecases.members import checked_role_and_discipline


class IssuedLink(BaseModel):
    """A fresh invite or reset link's token, shown once."""

    model_config = ConfigDict(frozen=True)

    kind: LinkKind
    email: str
    display_name: str
    token: str
    expires_at: datetime


class MemberStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    member: Member
    email: str | None
    has_password: bool
    last_sign_in_at: datetime | None
    submitted_at: datetime | None
    locked_until: datetime | None


class PendingInvite(BaseModel):
    model_config = ConfigDict(frozen=True)

    link: AccessLink
    email: str | None
    display_name: str


class TeamStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    open_cycle: Cycle | None
    members: tuple[MemberStatus, ...]
    pending: tuple[PendingInvite, ...]


def team_status(db: Database, actor: Actor | None, task_force_id: int, now: datetime | None = None) -> TeamStatus:
    """Members with role, last sign-in, lockout and whether they submitted. Never their answers."""
    now = now or utc_now()
    with UnitOfWork(db) as uow:
        member_of(uow, actor, task_force_id, Permission.LEAD)
        cycle = uow.cycles.open_cycle(task_force_id)
        rows = []
        for member in uow.task_forces.list_members(task_force_id):
            account = uow.accounts.get_account(member.account_id)
            rows.append(MemberStatus(
                member=member, email=account.email, has_password=account.has_password,
                last_sign_in_at=account.last_sign_in_at,
                submitted_at=uow.cycles.submitted_at(cycle.id, member.id) if cycle else None,
                locked_until=lock_of(uow, account.email, now) if account.email else None,
            ))
        pending = tuple(
            PendingInvite(link=link, email=account.email, display_name=account.display_name)
            for link in uow.accounts.pending_links(task_force_id, now)
            for account in [uow.accounts.get_account(link.account_id)]
        )
    return TeamStatus(open_cycle=cycle, members=tuple(rows), pending=pending)


def list_members(db: Database, actor: Actor | None, task_force_id: int) -> list[Member]:
    """Current members by name, for the lead (for example to pick an action's owner)."""
    with UnitOfWork(db) as uow:
        member_of(uow, actor, task_force_id, Permission.LEAD)
        return uow.task_forces.list_members(task_force_id)


def invite(
    db: Database, actor: Actor | None, task_force_id: int, email: str, name: str, role: Role | str,
    discipline: Discipline | str | None = None, organisation: str = "", now: datetime | None = None,
) -> IssuedLink | None:
    """Add a person by email with a role. A new account gets a 7-day single-use link to set its
    password; an account that has one already just gains the task force (None is returned)."""
    now = now or utc_now()
    email, name = normalise_email(email), check_display_name(name)
    role, discipline = checked_role_and_discipline(role, discipline)
    with UnitOfWork(db, writes=True) as uow:
        member_of(uow, actor, task_force_id, Permission.LEAD)
        account = uow.accounts.find_account(email)
        if account is not None and uow.task_forces.get_task_force(task_force_id).is_demo:
            # Anyone may explore the demo as its lead: it must not reach a real account.
            raise NotAllowed("The demo task force cannot include an existing account. Invite a new address.")
        if account is None:
            account = uow.accounts.add_account(email, name, now)
        elif uow.task_forces.membership(account.id, task_force_id):
            raise DomainError(f"{email} is already in this task force. Change their role in the list instead.")
        uow.task_forces.add_member(task_force_id, account.id, name, discipline, role, text.clean(organisation, text.ORGANISATION))
        uow.changed(task_force_id)
        audit(uow, actor, "invited", f"{email} as {role.value}", task_force_id, at=now)
        issued = None
        if not account.has_password:
            issued = issue_link(uow, actor, LinkKind.INVITE, account.id, email, name, now, task_force_id, role)
        uow.commit()
    return issued


def new_link(db: Database, actor: Actor | None, task_force_id: int, member_id: int, email: str | None = None,
             now: datetime | None = None) -> IssuedLink:
    """A password-reset link for a member (an invite, if they never set one). Earlier unused
    links of theirs stop working. A member carried over without an email needs one now."""
    now = now or utc_now()
    with UnitOfWork(db, writes=True) as uow:
        member_of(uow, actor, task_force_id, Permission.LEAD)
        member = _member_in(uow, member_id, task_force_id)
        account = uow.accounts.get_account(member.account_id)
        if email:
            email = normalise_email(email)
            if email != account.email:
                if account.email and account.has_password:
                    raise DomainError("This person already signs in with another email; only they can change it.")
                if uow.accounts.find_account(email):
                    raise DomainError(f"{email} belongs to another account.")
                uow.accounts.set_email(account.id, email)
        elif not account.email:
            raise DomainError(f"Give {member.name}'s email address: the link is for them alone.")
        account = uow.accounts.get_account(account.id)
        uow.accounts.revoke_links_of(account.id, now)
        kind = LinkKind.RESET if account.has_password else LinkKind.INVITE
        issued = issue_link(uow, actor, kind, account.id, account.email, account.display_name, now, task_force_id, member.role)
        audit(uow, actor, f"{kind.value} link issued", account.email, task_force_id, at=now)
        uow.commit()
    return issued


def revoke_invite(db: Database, actor: Actor | None, task_force_id: int, link_id: int, now: datetime | None = None) -> None:
    """Withdraw a pending link. An invitee who never set a password leaves the task force too."""
    now = now or utc_now()
    with UnitOfWork(db, writes=True) as uow:
        member_of(uow, actor, task_force_id, Permission.LEAD)
        link = uow.accounts.get_link(link_id)
        if link.task_force_id != task_force_id:
            raise NotAllowed("That invite is not one of this task force's.")
        account = uow.accounts.get_account(link.account_id)
        uow.accounts.revoke_link(link.id, now)
        membership = uow.task_forces.membership(account.id, task_force_id)
        if link.kind is LinkKind.INVITE and not account.has_password and membership:
            uow.task_forces.remove_member(membership.id, now)
            uow.changed(task_force_id)
        audit(uow, actor, "invite revoked", account.email or account.display_name, task_force_id, at=now)
        uow.commit()


def change_role(db: Database, actor: Actor | None, task_force_id: int, member_id: int, role: Role | str,
                discipline: Discipline | str | None = None, now: datetime | None = None) -> Member:
    now = now or utc_now()
    with UnitOfWork(db, writes=True) as uow:
        member_of(uow, actor, task_force_id, Permission.LEAD)
        member = _member_in(uow, member_id, task_force_id)
        role, discipline = checked_role_and_discipline(role, discipline or member.discipline)
        if role is Role.FUNDER:
            # A member who becomes a funder keeps the discipline their past answers were counted under.
            discipline = member.discipline
        if member.is_lead and role is not Role.LEAD:
            _keep_a_lead(uow, task_force_id, member)
        changed = uow.task_forces.set_role(member.id, role, discipline)
        uow.changed(task_force_id)
        audit(uow, actor, "role changed", f"{member.name}: {member.role.value} -> {role.value}", task_force_id, at=now)
        uow.commit()
    return changed


def remove_member(db: Database, actor: Actor | None, task_force_id: int, member_id: int, now: datetime | None = None) -> None:
    """Take someone off the team. Their answers stay, as anonymous as before; their access ends
    at their next click, and their pending links stop working."""
    now = now or utc_now()
    with UnitOfWork(db, writes=True) as uow:
        member_of(uow, actor, task_force_id, Permission.LEAD)
        member = _member_in(uow, member_id, task_force_id)
        if member.is_lead:
            _keep_a_lead(uow, task_force_id, member)
        uow.task_forces.remove_member(member.id, now)
        uow.changed(task_force_id)
        uow.accounts.revoke_links_of(member.account_id, now, task_force_id)
        audit(uow, actor, "member removed", member.name, task_force_id, at=now)
        uow.commit()


def audit_log(db: Database, actor: Actor | None, task_force_id: int | None = None) -> list[AuditEvent]:
    """A lead reads their task force's trail; the administrator reads all of it (task_force_id None)."""
    with UnitOfWork(db) as uow:
        if task_force_id is None:
            administrator(uow, actor)
            return uow.audit.events()
        member_of(uow, actor, task_force_id, Permission.LEAD)
        return uow.audit.events(task_force_id, members_sign_ins=uow.task_forces.account_ids_ever_in(task_force_id))


# shared by this module and installation.py ----------------------------------------------------


def issue_link(uow: UnitOfWork, actor: Actor | None, kind: LinkKind, account_id: int, email: str, name: str,
                now: datetime, task_force_id: int | None = None, role: Role | None = None) -> IssuedLink:
    token = new_token()
    link = uow.accounts.add_link(kind, account_id, token_hash(token), now, now + LINK_LIFETIME,
                                 task_force_id=task_force_id, role=role, created_by=actor.account_id if actor else None)
    return IssuedLink(kind=kind, email=email, display_name=name, token=token, expires_at=link.expires_at)


def _member_in(uow: UnitOfWork, member_id: int, task_force_id: int) -> Member:
    member = uow.task_forces.get_member(member_id)
    if member.task_force_id != task_force_id or uow.task_forces.membership(member.account_id, task_force_id) is None:
        raise NotAllowed("That person is not a member of this task force.")
    return member


def _keep_a_lead(uow: UnitOfWork, task_force_id: int, leaving: Member) -> None:
    if not any(m.is_lead and m.id != leaving.id for m in uow.task_forces.list_members(task_force_id)):
        raise DomainError("A task force keeps at least one lead. Make someone else a lead first.")
