"""Repository for accounts, their sessions, single-use links and failed sign-ins:
rows in, domain objects out. Tokens arrive here already hashed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from assessments.domain.accounts import AccessLink, Account, LinkKind, StoredSession
from assessments.domain.model import Role
from assessments.store.rows import AccessLinkRow, AccountRow, SessionRow, SignInFailureRow, get_row


class AccountRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # accounts --------------------------------------------------------------------
    def add_account(self, email: str | None, display_name: str, now: datetime, *, is_admin: bool = False,
                    password_hash: str | None = None) -> Account:
        row = AccountRow(email=email, display_name=display_name, password_hash=password_hash, is_admin=is_admin, created_at=now)
        self.session.add(row)
        self.session.flush()
        return _account(row)

    def get_account(self, account_id: int) -> Account:
        return _account(get_row(self.session, AccountRow, account_id, "account"))

    def find_account(self, email: str) -> Account | None:
        row = self.session.scalar(select(AccountRow).where(AccountRow.email == email))
        return _account(row) if row else None

    def list_accounts(self) -> list[Account]:
        return [_account(row) for row in self.session.scalars(select(AccountRow).order_by(AccountRow.id))]

    def count_admins(self) -> int:
        return self.session.scalar(select(func.count()).select_from(AccountRow).where(AccountRow.is_admin.is_(True)))

    def password_hash(self, account_id: int) -> str | None:
        return get_row(self.session, AccountRow, account_id, "account").password_hash

    def set_password_hash(self, account_id: int, password_hash: str) -> None:
        get_row(self.session, AccountRow, account_id, "account").password_hash = password_hash
        self.session.flush()

    def set_email(self, account_id: int, email: str) -> None:
        get_row(self.session, AccountRow, account_id, "account").email = email
        self.session.flush()

    def set_display_name(self, account_id: int, display_name: str) -> None:
        get_row(self.session, AccountRow, account_id, "account").display_name = display_name
        self.session.flush()

    def set_admin(self, account_id: int, is_admin: bool) -> None:
        get_row(self.session, AccountRow, account_id, "account").is_admin = is_admin
        self.session.flush()

    def record_sign_in(self, account_id: int, now: datetime) -> None:
        get_row(self.session, AccountRow, account_id, "account").last_sign_in_at = now
        self.session.flush()

    # sessions --------------------------------------------------------------------
    def add_session(self, account_id: int, token_hash: str, now: datetime) -> StoredSession:
        row = SessionRow(token_hash=token_hash, account_id=account_id, created_at=now, last_seen_at=now)
        self.session.add(row)
        self.session.flush()
        return _session(row)

    def find_session(self, token_hash: str) -> StoredSession | None:
        row = self.session.scalar(select(SessionRow).where(SessionRow.token_hash == token_hash))
        return _session(row) if row else None

    def touch_session(self, session_id: int, now: datetime) -> None:
        get_row(self.session, SessionRow, session_id, "session").last_seen_at = now
        self.session.flush()

    def revoke_session(self, session_id: int, now: datetime) -> None:
        row = get_row(self.session, SessionRow, session_id, "session")
        row.revoked_at = row.revoked_at or now
        self.session.flush()

    def revoke_sessions_of(self, account_id: int, now: datetime) -> None:
        self.session.execute(
            update(SessionRow).where(SessionRow.account_id == account_id, SessionRow.revoked_at.is_(None)).values(revoked_at=now)
        )

    # single-use links --------------------------------------------------------------
    def add_link(self, kind: LinkKind, account_id: int, token_hash: str, now: datetime, expires_at: datetime, *,
                 task_force_id: int | None = None, role: Role | None = None, created_by: int | None = None) -> AccessLink:
        row = AccessLinkRow(
            token_hash=token_hash, kind=kind.value, account_id=account_id, task_force_id=task_force_id,
            role=role.value if role else None, created_by=created_by, created_at=now, expires_at=expires_at,
        )
        self.session.add(row)
        self.session.flush()
        return _link(row)

    def get_link(self, link_id: int) -> AccessLink:
        return _link(get_row(self.session, AccessLinkRow, link_id, "link"))

    def find_link(self, token_hash: str) -> AccessLink | None:
        row = self.session.scalar(select(AccessLinkRow).where(AccessLinkRow.token_hash == token_hash))
        return _link(row) if row else None

    def pending_links(self, task_force_id: int, now: datetime) -> list[AccessLink]:
        rows = self.session.scalars(
            select(AccessLinkRow).where(
                AccessLinkRow.task_force_id == task_force_id, AccessLinkRow.used_at.is_(None),
                AccessLinkRow.revoked_at.is_(None), AccessLinkRow.expires_at > now,
            ).order_by(AccessLinkRow.created_at)
        )
        return [_link(row) for row in rows]

    def mark_link_used(self, link_id: int, now: datetime) -> None:
        get_row(self.session, AccessLinkRow, link_id, "link").used_at = now
        self.session.flush()

    def revoke_link(self, link_id: int, now: datetime) -> None:
        row = get_row(self.session, AccessLinkRow, link_id, "link")
        row.revoked_at = row.revoked_at or now
        self.session.flush()

    def revoke_links_of(self, account_id: int, now: datetime, task_force_id: int | None = None) -> None:
        query = update(AccessLinkRow).where(
            AccessLinkRow.account_id == account_id, AccessLinkRow.used_at.is_(None), AccessLinkRow.revoked_at.is_(None)
        )
        if task_force_id is not None:
            query = query.where(AccessLinkRow.task_force_id == task_force_id)
        self.session.execute(query.values(revoked_at=now))

    # failed sign-ins -----------------------------------------------------------------
    def add_failure(self, email: str, client: str, now: datetime) -> None:
        self.session.add(SignInFailureRow(email=email, client=client, failed_at=now))
        self.session.flush()

    def failures_for_email(self, email: str, since: datetime) -> list[datetime]:
        return list(self.session.scalars(
            select(SignInFailureRow.failed_at).where(SignInFailureRow.email == email, SignInFailureRow.failed_at > since)
        ))

    def count_failures_from(self, client: str, since: datetime) -> int:
        return self.session.scalar(
            select(func.count()).select_from(SignInFailureRow).where(
                SignInFailureRow.client == client, SignInFailureRow.failed_at > since
            )
        )

    def clear_failures(self, email: str) -> None:
        self.session.execute(delete(SignInFailureRow).where(SignInFailureRow.email == email))


def _account(row: AccountRow) -> Account:
    return Account(
        id=row.id, email=row.email, display_name=row.display_name, is_admin=row.is_admin,
        has_password=row.password_hash is not None, last_sign_in_at=row.last_sign_in_at,
    )


def _session(row: SessionRow) -> StoredSession:
    return StoredSession(
        id=row.id, account_id=row.account_id, created_at=row.created_at, last_seen_at=row.last_seen_at,
        revoked_at=row.revoked_at,
    )


def _link(row: AccessLinkRow) -> AccessLink:
    return AccessLink(
        id=row.id, kind=LinkKind(row.kind), account_id=row.account_id, task_force_id=row.task_force_id,
        role=Role(row.role) if row.role else None, created_at=row.created_at, expires_at=row.expires_at,
        used_at=row.used_at, revoked_at=row.revoked_at,
    )
