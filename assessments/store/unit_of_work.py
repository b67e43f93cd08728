"""The unit of work: one session, the repositories on it, and no commit unless asked.

A unit of work rolls back unless the use case commits, so a use case that fails
half way leaves the database exactly as it was. One that writes says so when it
opens (``writes=True``): on SQLite it then holds the write lock from its first
statement, so the checks it makes still hold when it commits (see database.py).
"""

from __future__ import annotations

from contextlib import ExitStack

from sqlalchemy.orm import Session

from assessments.store.accounts import AccountRepository
from assessments.store.audit import AuditRepository
from assessments.store.cycles import CycleRepository
from assessments.store.database import WRITING, Database, sqlite_writer_turn
from assessments.store.frameworks import FrameworkRepository
from assessments.store.plans import PlanRepository
from assessments.store.task_forces import TaskForceRepository


class UnitOfWork:
    def __init__(self, database: Database, *, writes: bool = False) -> None:
        self._database = database
        self._writes = writes

    def __enter__(self) -> UnitOfWork:
        self._turn = ExitStack()
        if self._writes and not self._database.in_one_transaction:
            self._turn.enter_context(sqlite_writer_turn(self._database.engine))
        self.session: Session = self._database.sessions()
        if self._writes:
            self.session.connection(execution_options=WRITING)
        self.frameworks = FrameworkRepository(self.session)
        self.task_forces = TaskForceRepository(self.session)
        self.cycles = CycleRepository(self.session)
        self.plans = PlanRepository(self.session)
        self.accounts = AccountRepository(self.session)
        self.audit = AuditRepository(self.session)
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self.session.rollback()
            self.session.close()
        finally:
            self._turn.close()

    def commit(self) -> None:
        if not self._writes:
            # A writer that began as a reader could lose SQLite's write lock to another
            # writer between its checks and its writes; say so where the mistake is.
            raise RuntimeError("This unit of work was opened to read; open it with writes=True to commit.")
        self.session.commit()
