"""Accounts, sessions, single-use links and the audit trail, as the use cases see them,
with the rules about time that govern them."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict

from assessments.domain import text
from assessments.domain.model import Actor, DomainError, Role

SESSION_IDLE = timedelta(hours=8)
SESSION_ABSOLUTE = timedelta(days=7)
# A session's last use is written at most this often, so reading a page is not a write each time.
SESSION_TOUCH_EVERY = timedelta(minutes=5)
LINK_LIFETIME = timedelta(days=7)
LOCKOUT_FAILURES = 10
LOCKOUT_WINDOW = timedelta(minutes=15)
# One address may try many accounts (a shared office router); this only stops a flood.
CLIENT_FAILURES = 50
SIGN_IN_REFUSED = "That email and password do not match, or the account is locked for a while. Try again, or ask your lead for a new link."
NAME_MAX_CHARS = text.PERSON_NAME.limit


class _Domain(BaseModel):
    model_config = ConfigDict(frozen=True)


class Account(_Domain):
    id: int
    email: str | None
    display_name: str
    is_admin: bool = False
    has_password: bool = False
    last_sign_in_at: datetime | None = None

    @property
    def actor(self) -> Actor:
        return Actor(account_id=self.id)


class LinkKind(StrEnum):
    INVITE = "invite"
    RESET = "reset"


class AccessLink(_Domain):
    """A single-use invite or password-reset link; the token itself is never stored."""

    id: int
    kind: LinkKind
    account_id: int
    task_force_id: int | None
    role: Role | None = None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None

    def usable_at(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


class StoredSession(_Domain):
    id: int
    account_id: int
    created_at: datetime
    last_seen_at: datetime
    revoked_at: datetime | None = None

    def live_at(self, now: datetime) -> bool:
        return (
            self.revoked_at is None
            and now < self.created_at + SESSION_ABSOLUTE
            and now < self.last_seen_at + SESSION_IDLE
        )


class AuditEvent(_Domain):
    id: int
    at: datetime
    account_id: int | None
    who: str
    task_force_id: int | None
    action: str
    detail: str = ""


def normalise_email(address: str) -> str:
    """The address in the one form we store and compare, or a DomainError saying what is wrong."""
    address = text.clean(address, text.EMAIL)
    try:
        return validate_email(address, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise DomainError(f"{address!r} is not an email address we can use: {error}") from None


def check_display_name(name: str) -> str:
    return text.required(name, text.PERSON_NAME, "Give the person's name as the team should see it.")


def locked_until(failures: list[datetime], now: datetime) -> datetime | None:
    """When an account whose recent failed sign-ins are these may try again, or None if it may now.

    The lock starts at the LOCKOUT_FAILURES-th failure inside one window and lasts LOCKOUT_WINDOW."""
    recent = sorted(at for at in failures if at > now - LOCKOUT_WINDOW * 2)
    for i in range(len(recent) - LOCKOUT_FAILURES + 1):
        first, tenth = recent[i], recent[i + LOCKOUT_FAILURES - 1]
        if tenth - first <= LOCKOUT_WINDOW and now < tenth + LOCKOUT_WINDOW:
            return tenth + LOCKOUT_WINDOW
    return None


def link_address(base_url: str, token: str) -> str:
    """The address to hand over for a single-use link: the app's address with ?link=TOKEN."""
    return f"{base_url.rstrip('/')}/?link={token}"
