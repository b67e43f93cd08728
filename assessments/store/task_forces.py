"""Repository for task forces and their members, including which functions each
discipline is asked to answer: rows in, domain objects out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assessments.domain.model import Discipline, Member, Role, TaskForce, utc_now
from assessments.domain.paper import Paper
from assessments.store.rows import FunctionRelevanceRow, MemberRow, TaskForceRow, get_row


class TaskForceRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # task forces -------------------------------------------------------------
    def add_task_force(self, name: str, jurisdiction: str, framework_id: str, framework_version: str, is_demo: bool = False) -> TaskForce:
        row = TaskForceRow(
            name=name, jurisdiction=jurisdiction, framework_id=framework_id,
            framework_version=framework_version, is_demo=is_demo, created_at=utc_now(),
        )
        self.session.add(row)
        self.session.flush()
        return _task_force(row)

    def raise_data_versions(self, task_force_ids: set[int] | None) -> None:
        """Mark these task forces' data as changed (None: every task force's)."""
        statement = update(TaskForceRow).values(data_version=TaskForceRow.data_version + 1)
        if task_force_ids is not None:
            statement = statement.where(TaskForceRow.id.in_(sorted(task_force_ids)))
        self.session.execute(statement.execution_options(synchronize_session=False))

    def get_task_force(self, task_force_id: int) -> TaskForce:
        return _task_force(get_row(self.session, TaskForceRow, task_force_id, "task force"))

    def find_task_force(self, name: str) -> TaskForce | None:
        row = self.session.scalar(select(TaskForceRow).where(TaskForceRow.name == name))
        return _task_force(row) if row else None

    def list_task_forces(self) -> list[TaskForce]:
        return [_task_force(row) for row in self.session.scalars(select(TaskForceRow).order_by(TaskForceRow.name))]

    def set_task_force_framework(self, task_force_id: int, framework_id: str, version: str) -> TaskForce:
        row = get_row(self.session, TaskForceRow, task_force_id, "task force")
        row.framework_id, row.framework_version = framework_id, version
        self.session.flush()
        return _task_force(row)

    def set_thresholds(self, task_force_id: int, reporting: int, notes: int | None) -> TaskForce:
        row = get_row(self.session, TaskForceRow, task_force_id, "task force")
        row.reporting_threshold, row.notes_threshold = reporting, notes
        self.session.flush()
        return _task_force(row)

    def set_paper(self, task_force_id: int, paper: Paper) -> TaskForce:
        row = get_row(self.session, TaskForceRow, task_force_id, "task force")
        row.paper_size = paper.value
        self.session.flush()
        return _task_force(row)

    # members: an account's membership of a task force ---------------------------------
    def add_member(self, task_force_id: int, account_id: int, name: str, discipline: Discipline | None, role: Role,
                   organisation: str = "") -> Member:
        """A new membership, or the removed one brought back with the new role."""
        row = self.session.scalar(
            select(MemberRow).where(MemberRow.task_force_id == task_force_id, MemberRow.account_id == account_id)
        )
        if row is None:
            row = MemberRow(task_force_id=task_force_id, account_id=account_id)
            self.session.add(row)
        row.name, row.role, row.organisation, row.removed_at = name, role.value, organisation, None
        row.discipline = discipline.value if discipline else None
        self.session.flush()
        return _member(row)

    def get_member(self, member_id: int) -> Member:
        """A membership by id, removed or not (answers keep pointing at removed members)."""
        return _member(get_row(self.session, MemberRow, member_id, "member"))

    def membership(self, account_id: int, task_force_id: int) -> Member | None:
        """The account's current membership of the task force; None if it has none or was removed."""
        row = self.session.scalar(
            select(MemberRow).where(
                MemberRow.account_id == account_id, MemberRow.task_force_id == task_force_id,
                MemberRow.removed_at.is_(None),
            )
        )
        return _member(row) if row else None

    def memberships_of(self, account_id: int) -> list[Member]:
        rows = self.session.scalars(
            select(MemberRow).where(MemberRow.account_id == account_id, MemberRow.removed_at.is_(None)).order_by(MemberRow.id)
        )
        return [_member(row) for row in rows]

    def list_members(self, task_force_id: int) -> list[Member]:
        """Current members, by name; removed ones are left out."""
        rows = self.session.scalars(
            select(MemberRow).where(MemberRow.task_force_id == task_force_id, MemberRow.removed_at.is_(None))
            .order_by(MemberRow.name, MemberRow.id)
        )
        return [_member(row) for row in rows]

    def members_with_answers_counted(self, task_force_id: int) -> list[Member]:
        """Every membership whose answers count in the scores, removed ones included: a member who
        leaves takes nothing away from the quarters they answered."""
        rows = self.session.scalars(
            select(MemberRow).where(MemberRow.task_force_id == task_force_id).order_by(MemberRow.id)
        )
        return [_member(row) for row in rows]

    def account_ids_ever_in(self, task_force_id: int) -> set[int]:
        """Every account that is or was a member, removed ones included (for the audit trail)."""
        return set(self.session.scalars(select(MemberRow.account_id).where(MemberRow.task_force_id == task_force_id)))

    def set_role(self, member_id: int, role: Role, discipline: Discipline | None) -> Member:
        row = get_row(self.session, MemberRow, member_id, "member")
        row.role, row.discipline = role.value, discipline.value if discipline else None
        self.session.flush()
        return _member(row)

    def remove_member(self, member_id: int, now: datetime) -> None:
        get_row(self.session, MemberRow, member_id, "member").removed_at = now
        self.session.flush()

    # which functions each discipline answers ------------------------------------
    # A row marks a (discipline, function) pair; no row means the function is relevant.
    def functions_not_relevant(self, task_force_id: int) -> dict[Discipline, set[str]]:
        """Function ids marked not relevant, per discipline."""
        rows = self.session.scalars(
            select(FunctionRelevanceRow).where(
                FunctionRelevanceRow.task_force_id == task_force_id, FunctionRelevanceRow.relevant.is_(False)
            )
        )
        out: dict[Discipline, set[str]] = {}
        for row in rows:
            out.setdefault(Discipline(row.discipline), set()).add(row.function_id)
        return out

    def set_function_relevant(self, task_force_id: int, discipline: Discipline, function_id: str, relevant: bool) -> None:
        row = self.session.scalar(
            select(FunctionRelevanceRow).where(
                FunctionRelevanceRow.task_force_id == task_force_id,
                FunctionRelevanceRow.discipline == discipline.value,
                FunctionRelevanceRow.function_id == function_id,
            )
        )
        if row is None:
            row = FunctionRelevanceRow(task_force_id=task_force_id, discipline=discipline.value, function_id=function_id)
            self.session.add(row)
        row.relevant = relevant
        self.session.flush()


def _task_force(row: TaskForceRow) -> TaskForce:
    return TaskForce(
        id=row.id, name=row.name, jurisdiction=row.jurisdiction, framework_id=row.framework_id,
        framework_version=row.framework_version, is_demo=row.is_demo,
        reporting_threshold=row.reporting_threshold, notes_threshold=row.notes_threshold,
        paper=Paper(row.paper_size), data_version=row.data_version,
    )


def _member(row: MemberRow) -> Member:
    return Member(
        id=row.id, task_force_id=row.task_force_id, account_id=row.account_id, name=row.name,
        discipline=Discipline(row.discipline) if row.discipline else None, role=Role(row.role),
        organisation=row.organisation,
    )
