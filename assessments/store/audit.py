"""Repository for the audit trail: append and read, never change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.domain.accounts import AuditEvent
from assessments.store.rows import AuditEventRow

# Events about an account rather than a task force, which its task forces' leads may read.
ACCOUNT_ACTIONS = ("signed in", "sign-in failed", "signed out", "password changed")


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, at: datetime, account_id: int | None, who: str, action: str, detail: str = "",
               task_force_id: int | None = None) -> None:
        self.session.add(AuditEventRow(at=at, account_id=account_id, who=who, action=action, detail=detail,
                                       task_force_id=task_force_id))
        self.session.flush()

    def events(self, task_force_id: int | None = None, members_sign_ins: set[int] = frozenset(),
               limit: int = 500) -> list[AuditEvent]:
        """Newest first: all of them, or one task force's together with the sign-ins and
        sign-outs of the given accounts (its members), which belong to no one task force."""
        query = select(AuditEventRow).order_by(AuditEventRow.at.desc(), AuditEventRow.id.desc()).limit(limit)
        if task_force_id is not None:
            query = query.where(
                (AuditEventRow.task_force_id == task_force_id)
                | (AuditEventRow.task_force_id.is_(None) & AuditEventRow.account_id.in_(members_sign_ins)
                   & AuditEventRow.action.in_(ACCOUNT_ACTIONS))
            )
        return [
            AuditEvent(id=row.id, at=row.at, account_id=row.account_id, who=row.who, task_force_id=row.task_force_id,
                       action=row.action, detail=row.detail)
            for row in self.session.scalars(query)
        ]
