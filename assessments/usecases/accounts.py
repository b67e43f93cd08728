"""Signing in and out, sessions, single-use links, and the first administrator.

These are the use cases that turn credentials into an actor, so they take the
credentials rather than an actor. Every answer to a failed sign-in is the same
sentence, after the same work, whether the email is known or not."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from assessments.domain import text
from assessments.domain.accounts import (
    CLIENT_FAILURES,
    LOCKOUT_WINDOW,
    SESSION_TOUCH_EVERY,
    SIGN_IN_REFUSED,
    AccessLink,
    Account,
    LinkKind,
    check_display_name,
    locked_until,
    normalise_email,
)
from assessments.domain.model import Actor, DomainError, Member, NotAllowed, Role, TaskForce, utc_now
from assessments.domain.passwords import check_new_password, hash_password, needs_rehash, password_matches
from assessments.domain.tokens import new_token, token_hash
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases.access import acting_account, audit, host_only

LINK_REFUSED = "This link cannot be used: it has expired, was used already, or was withdrawn. Ask your lead for a new one."


class SignedIn(BaseModel):
    """A new session: the token goes into the browser's cookie and nowhere else."""

    model_config = ConfigDict(frozen=True)

    account: Account
    token: str


class LinkInfo(BaseModel):
    """What the page for an invite or reset link shows before the person chooses a password."""

    model_config = ConfigDict(frozen=True)

    kind: LinkKind
    email: str
    display_name: str
    task_force_name: str | None
    role: Role | None


# sessions ------------------------------------------------------------------------------


def _start_session(uow: UnitOfWork, account: Account, now: datetime) -> str:
    token = new_token()
    uow.accounts.add_session(account.id, token_hash(token), now)
    uow.accounts.record_sign_in(account.id, now)
    return token


def session_account(db: Database, token: str, now: datetime | None = None) -> Account | None:
    """The account of a live session, or None. A session also ends when its account has
    no task force left and is not the administrator: a removed member is signed out."""
    now = now or utc_now()
    # Every page run asks this, so it reads first and takes the write lock only when the session
    # must be ended or marked seen (at most once per SESSION_TOUCH_EVERY); the writer reads again.
    with UnitOfWork(db) as uow:
        account, must_write = _live_session(uow, token, now)
    if not must_write:
        return account
    with UnitOfWork(db, writes=True) as uow:
        account, _ = _live_session(uow, token, now, write=True)
        uow.commit()
    return account


def _live_session(uow: UnitOfWork, token: str, now: datetime, write: bool = False) -> tuple[Account | None, bool]:
    """The session's account, or None; and whether the session needs a write (ended, or seen again)."""
    stored = uow.accounts.find_session(token_hash(token))
    if stored is None or not stored.live_at(now):
        return None, False
    account = uow.accounts.get_account(stored.account_id)
    if not account.is_admin and not uow.task_forces.memberships_of(account.id):
        if write:
            uow.accounts.revoke_session(stored.id, now)
        return None, True
    if now - stored.last_seen_at >= SESSION_TOUCH_EVERY:
        if write:
            uow.accounts.touch_session(stored.id, now)
        return account, True
    return account, False


def sign_out(db: Database, token: str, now: datetime | None = None) -> None:
    now = now or utc_now()
    with UnitOfWork(db, writes=True) as uow:
        stored = uow.accounts.find_session(token_hash(token))
        if stored is None or stored.revoked_at is not None:
            return
        uow.accounts.revoke_session(stored.id, now)
        audit(uow, Actor(account_id=stored.account_id), "signed out", at=now)
        uow.commit()


@host_only("the tests' set-up and the demo's explore buttons start sessions without a password")
def issue_session(db: Database, account_id: int, now: datetime | None = None) -> str:
    now = now or utc_now()
    with UnitOfWork(db, writes=True) as uow:
        token = _start_session(uow, uow.accounts.get_account(account_id), now)
        uow.commit()
    return token


# signing in -----------------------------------------------------------------------------


def sign_in(db: Database, email: str, password: str, client: str = "unknown", now: datetime | None = None) -> SignedIn:
    """A session for the right email and password. Ten failures for one email inside the
    lockout window lock it for that long; a flood from one client address is refused too."""
    now = now or utc_now()
    client = text.for_the_record(client, text.CLIENT_ADDRESS)
    try:
        email = normalise_email(email)
    except DomainError:
        email = text.for_the_record(email, text.EMAIL).lower()
    with UnitOfWork(db, writes=True) as uow:
        account = uow.accounts.find_account(email) if email else None
        stored = uow.accounts.password_hash(account.id) if account else None
        # Always one Argon2 verification, so a known and an unknown email take the same time.
        matches = password_matches(password, stored)
        locked = lock_of(uow, email, now)
        flooded = uow.accounts.count_failures_from(client, now - LOCKOUT_WINDOW) >= CLIENT_FAILURES
        if not matches or locked or flooded or account is None:
            if not locked:  # a lock lifts when its window ends, however often it is tried meanwhile
                uow.accounts.add_failure(email, client, now)
            reason = "locked" if locked else "too many from this address" if flooded else "wrong email or password"
            uow.audit.record(now, account.id if account else None, email or "(no email)", "sign-in failed", reason)
            uow.commit()
            raise NotAllowed(SIGN_IN_REFUSED)
        if needs_rehash(stored):
            uow.accounts.set_password_hash(account.id, hash_password(password))
        uow.accounts.clear_failures(email)
        token = _start_session(uow, account, now)
        audit(uow, account.actor, "signed in", "password", at=now)
        uow.commit()
    return SignedIn(account=account, token=token)


def lock_of(uow: UnitOfWork, email: str, now: datetime) -> datetime | None:
    """Until when the email's failed sign-ins lock it, or None; read by sign-in and the Team page."""
    return locked_until(uow.accounts.failures_for_email(email, now - 2 * LOCKOUT_WINDOW), now)


def sign_in_verified_email(db: Database, email: str, provider: str, now: datetime | None = None) -> SignedIn:
    """Single sign-on: the identity provider vouched for this email. Only an existing account
    may come in this way; an unknown email is refused plainly."""
    now = now or utc_now()
    email = normalise_email(email)
    with UnitOfWork(db, writes=True) as uow:
        account = uow.accounts.find_account(email)
        if account is None or not (account.is_admin or uow.task_forces.memberships_of(account.id)):
            uow.audit.record(now, None, email, "sign-in failed", f"single sign-on ({provider}): no account")
            uow.commit()
            raise NotAllowed(
                f"{email} has no Waypoint account here. Ask your task force lead to invite this address."
            )
        token = _start_session(uow, account, now)
        audit(uow, account.actor, "signed in", f"single sign-on ({provider})", at=now)
        uow.commit()
    return SignedIn(account=account, token=token)


def my_task_forces(db: Database, actor: Actor | None) -> list[tuple[Member, TaskForce]]:
    """The actor's memberships, each with its task force."""
    with UnitOfWork(db) as uow:
        account = acting_account(uow, actor)
        return [(m, uow.task_forces.get_task_force(m.task_force_id)) for m in uow.task_forces.memberships_of(account.id)]


def change_password(db: Database, actor: Actor | None, current: str, new: str, now: datetime | None = None) -> None:
    """Set a new password; every session of the account ends, this one too."""
    now = now or utc_now()
    with UnitOfWork(db, writes=True) as uow:
        account = acting_account(uow, actor)
        if not password_matches(current, uow.accounts.password_hash(account.id)):
            raise NotAllowed("Your current password is not right. Nothing was changed.")
        check_new_password(new, account.email or "")
        uow.accounts.set_password_hash(account.id, hash_password(new))
        uow.accounts.revoke_sessions_of(account.id, now)
        audit(uow, actor, "password changed", at=now)
        uow.commit()


# single-use links ------------------------------------------------------------------------


def _usable_link(uow: UnitOfWork, token: str, now: datetime) -> AccessLink:
    link = uow.accounts.find_link(token_hash(token))
    if link is None or not link.usable_at(now):
        raise NotAllowed(LINK_REFUSED)
    return link


def link_info(db: Database, token: str, now: datetime | None = None) -> LinkInfo:
    now = now or utc_now()
    with UnitOfWork(db) as uow:
        link = _usable_link(uow, token, now)
        account = uow.accounts.get_account(link.account_id)
        task_force = uow.task_forces.get_task_force(link.task_force_id) if link.task_force_id else None
    return LinkInfo(
        kind=link.kind, email=account.email or "", display_name=account.display_name,
        task_force_name=task_force.name if task_force else None, role=link.role,
    )


def accept_link(db: Database, token: str, password: str, display_name: str | None = None,
                now: datetime | None = None) -> SignedIn:
    """Use an invite or reset link once: set the password, end older sessions, sign in."""
    now = now or utc_now()
    with UnitOfWork(db, writes=True) as uow:
        link = _usable_link(uow, token, now)
        account = uow.accounts.get_account(link.account_id)
        check_new_password(password, account.email or "")
        if display_name is not None and display_name.strip():
            uow.accounts.set_display_name(account.id, check_display_name(display_name))
        uow.accounts.set_password_hash(account.id, hash_password(password))
        uow.accounts.mark_link_used(link.id, now)
        uow.accounts.revoke_sessions_of(account.id, now)
        uow.accounts.clear_failures(account.email or "")
        audit(uow, account.actor, f"{link.kind.value} accepted", task_force_id=link.task_force_id, at=now)
        account = uow.accounts.get_account(account.id)
        token = _start_session(uow, account, now)
        uow.commit()
    return SignedIn(account=account, token=token)


# the first administrator ---------------------------------------------------------------------


def needs_administrator(db: Database) -> bool:
    """True while the app may ask for the first administrator: no administrator yet, and no
    real task force either. Once the host has made task forces from the command line, a
    stranger must not be able to claim the installation from the sign-in page."""
    with UnitOfWork(db) as uow:
        return _first_administrator_wanted(uow)


def _first_administrator_wanted(uow: UnitOfWork) -> bool:
    return uow.accounts.count_admins() == 0 and all(tf.is_demo for tf in uow.task_forces.list_task_forces())


def installation_is_empty(db: Database) -> bool:
    """No account and no task force yet: a new installation waiting for its administrator."""
    with UnitOfWork(db) as uow:
        return not uow.accounts.list_accounts() and not uow.task_forces.list_task_forces()


def create_first_administrator(db: Database, email: str, password: str, display_name: str,
                               now: datetime | None = None) -> SignedIn:
    """First start, in the app: only while no administrator exists."""
    return _create_administrator(db, email, password, display_name, now, first_only=True)


@host_only("the command line: the host already holds the database")
def create_administrator(db: Database, email: str, password: str, display_name: str,
                         now: datetime | None = None) -> SignedIn:
    """`python -m assessments admin create`: a new administrator, or an existing account made one."""
    return _create_administrator(db, email, password, display_name, now, first_only=False)


def _create_administrator(db: Database, email: str, password: str, display_name: str, now: datetime | None,
                          *, first_only: bool) -> SignedIn:
    now = now or utc_now()
    email, display_name = normalise_email(email), check_display_name(display_name or email.split("@")[0])
    check_new_password(password, email)
    with UnitOfWork(db, writes=True) as uow:
        if first_only and not _first_administrator_wanted(uow):
            raise NotAllowed("This installation is set up already. Its administrator creates accounts, or the host "
                             "runs `python -m assessments admin create`.")
        account = uow.accounts.find_account(email)
        if account is None:
            account = uow.accounts.add_account(email, display_name, now, is_admin=True, password_hash=hash_password(password))
        else:
            uow.accounts.set_admin(account.id, True)
            uow.accounts.set_password_hash(account.id, hash_password(password))
            uow.accounts.revoke_sessions_of(account.id, now)
        account = uow.accounts.get_account(account.id)
        audit(uow, account.actor, "administrator created", email, at=now)
        token = _start_session(uow, account, now)
        uow.commit()
    return SignedIn(account=account, token=token)
