"""The unit of work: one session, the repositories on it, and no commit unless asked.

A unit of work rolls back unless the use case commits, so a use case that fails
half way leaves the database exactly as it was. One that writes says so when it
opens (``writes=True``): on SQLite it then holds the write lock from its first
statement, so the checks it makes still hold when it commits (see database.py).

A unit of work that writes a task force's data names the task force (``changed``), and
its commit raises that task force's data version in the same transaction: the app's
caches key on the version, so no page can show figures from before a committed write.
A write to a task force's tables that names none raises every task force's version
(never stale, only slower) and is reported to ``unnamed_write``, which the tests make fatal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import ExitStack

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from assessments.store.accounts import AccountRepository
from assessments.store.audit import AuditRepository
from assessments.store.cycles import CycleRepository
from assessments.store.database import WRITING, Database, sqlite_writer_turn
from assessments.store.frameworks import FrameworkRepository
from assessments.store.plans import PlanRepository
from assessments.store.task_forces import TaskForceRepository

# Rows that belong to no task force's figures: writing them changes no data version.
TABLES_OUTSIDE_TASK_FORCES = frozenset(
    {"frameworks", "accounts", "sessions", "access_links", "sign_in_failures", "audit_events", "alembic_version"})
_WRITTEN = "written_tables"


def _report_unnamed_write(tables: set[str]) -> None:
    logging.getLogger(__name__).warning(
        "A unit of work wrote %s without naming its task force; every task force's data version was raised.",
        ", ".join(sorted(tables)))


unnamed_write: Callable[[set[str]], None] = _report_unnamed_write


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info.setdefault(_WRITTEN, set()).add(state.statement.table.name)


@event.listens_for(Session, "before_flush")
def _note_flush(session: Session, flush_context, instances) -> None:
    for row in (*session.new, *session.dirty, *session.deleted):
        session.info.setdefault(_WRITTEN, set()).add(row.__table__.name)


class UnitOfWork:
    def __init__(self, database: Database, *, writes: bool = False) -> None:
        self._database = database
        self._writes = writes
        self._changed: set[int] = set()

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
            self.session.info.pop(_WRITTEN, None)
            self.session.rollback()
            self.session.close()
        finally:
            self._turn.close()

    def commit(self) -> None:
        if not self._writes:
            # A writer that began as a reader could lose SQLite's write lock to another
            # writer between its checks and its writes; say so where the mistake is.
            raise RuntimeError("This unit of work was opened to read; open it with writes=True to commit.")
        self.session.flush()
        written = self.session.info.pop(_WRITTEN, set()) - TABLES_OUTSIDE_TASK_FORCES
        if self._changed:
            self.task_forces.raise_data_versions(self._changed)
        elif written:
            unnamed_write(written)
            self.task_forces.raise_data_versions(None)
        self.session.commit()

    def changed(self, task_force_id: int) -> None:
        """This unit of work writes the task force's data: its commit raises the data version."""
        self._changed.add(task_force_id)
