"""The unit of work: one session, the repositories on it, and no commit unless asked.

A unit of work rolls back unless the use case commits, so a use case that fails
half way leaves the database exactly as it was.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from assessments.store.accounts import AccountRepository
from assessments.store.audit import AuditRepository
from assessments.store.cycles import CycleRepository
from assessments.store.database import Database
from assessments.store.frameworks import FrameworkRepository
from assessments.store.plans import PlanRepository
from assessments.store.task_forces import TaskForceRepository


class UnitOfWork:
    def __init__(self, database: Database) -> None:
        self._database = database

    def __enter__(self) -> UnitOfWork:
        self.session: Session = self._database.sessions()
        self.frameworks = FrameworkRepository(self.session)
        self.task_forces = TaskForceRepository(self.session)
        self.cycles = CycleRepository(self.session)
        self.plans = PlanRepository(self.session)
        self.accounts = AccountRepository(self.session)
        self.audit = AuditRepository(self.session)
        return self

    def __exit__(self, *exc_info) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
