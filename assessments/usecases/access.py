"""The check every use case starts with: who is acting, read again from the database.

A use case never trusts a role or a task force that the caller hands it; it asks
here, so a member removed or a role changed a second ago is refused at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from assessments.domain.accounts import Account
from assessments.domain.model import Actor, Cycle, Member, NotAllowed, NotFound, utc_now
from assessments.domain.permissions import Permission, require
from assessments.store.unit_of_work import UnitOfWork

SIGN_IN_FIRST = "Sign in first."
Owned = TypeVar("Owned")


def member_of(uow: UnitOfWork, actor: Actor | None, task_force_id: int, permission: Permission) -> Member:
    """The actor's current membership of the task force, if its role grants the permission."""
    if actor is None:
        raise NotAllowed(SIGN_IN_FIRST)
    return require(uow.task_forces.membership(actor.account_id, task_force_id), permission)


def member_of_owner(uow: UnitOfWork, actor: Actor | None, load: Callable[[], Owned], what: str,
                    permission: Permission) -> tuple[Member, Owned]:
    """The membership and the thing a use case names by id (a cycle, an action). An unknown id
    and another task force's are refused alike, so ids cannot be probed."""
    if actor is None:
        raise NotAllowed(SIGN_IN_FIRST)
    try:
        owned = load()
    except NotFound:
        raise NotAllowed(f"That {what} is not one of your task force's.") from None
    return member_of(uow, actor, owned.task_force_id, permission), owned


def member_of_cycle(uow: UnitOfWork, actor: Actor | None, cycle_id: int, permission: Permission,
                    lock: bool = False, to_change: bool = False) -> tuple[Member, Cycle]:
    """With ``lock``, the cycle is read locked: it cannot close or reopen until the unit of work ends,
    so a check that it is open still holds when the use case writes. ``to_change``: the use case
    changes the cycle itself (close, reopen), so it waits for every save in flight."""
    if not lock:
        return member_of_owner(uow, actor, lambda: uow.cycles.get_cycle(cycle_id), "cycle", permission)
    return member_of_owner(uow, actor, lambda: uow.cycles.lock_cycle(cycle_id, to_change=to_change), "cycle",
                           permission)


def administrator(uow: UnitOfWork, actor: Actor | None) -> Account:
    if actor is None:
        raise NotAllowed(SIGN_IN_FIRST)
    try:
        account = uow.accounts.get_account(actor.account_id)
    except NotFound:
        raise NotAllowed(SIGN_IN_FIRST) from None
    if not account.is_admin:
        raise NotAllowed("Only the installation administrator can do this.")
    return account


def administrator_or_lead(uow: UnitOfWork, actor: Actor | None, task_force_id: int, refusal: str) -> None:
    """The installation administrator (for any task force that exists), or a lead of this task force."""
    if actor is None:
        raise NotAllowed(SIGN_IN_FIRST)
    if acting_account(uow, actor).is_admin:
        uow.task_forces.get_task_force(task_force_id)
        return
    if uow.task_forces.membership(actor.account_id, task_force_id) is None:
        raise NotAllowed(refusal)
    member_of(uow, actor, task_force_id, Permission.LEAD)


def acting_account(uow: UnitOfWork, actor: Actor | None) -> Account:
    if actor is None:
        raise NotAllowed(SIGN_IN_FIRST)
    try:
        return uow.accounts.get_account(actor.account_id)
    except NotFound:
        raise NotAllowed(SIGN_IN_FIRST) from None


def audit(uow: UnitOfWork, actor: Actor | None, action: str, detail: str = "", task_force_id: int | None = None,
          at: datetime | None = None) -> None:
    """One line in the audit trail, in the same unit of work as the change it records."""
    who = "(signed out)"
    if actor is not None:
        account = uow.accounts.get_account(actor.account_id)
        who = account.email or account.display_name
    uow.audit.record(at or utc_now(), actor.account_id if actor else None, who, action, detail, task_force_id)


def host_only(reason: str):
    """Mark a use case that no person calls: the command line, the demo loader and the
    tests' set-up run it with the database in hand, so there is no account to check.
    The app never calls one (tests/unit/test_permissions.py checks both)."""

    def mark(function):
        function.__host_only__ = reason
        return function

    return mark
