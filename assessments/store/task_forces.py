"""Repository for task forces and their members, including which functions each
discipline is asked to answer: rows in, domain objects out."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.domain.model import Discipline, Member, Role, TaskForce, require_lead, utc_now
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

    # members --------------------------------------------------------------
    def add_member(self, task_force_id: int, name: str, discipline: Discipline, role: Role, organisation: str, access_code_hash: str) -> Member:
        row = MemberRow(
            task_force_id=task_force_id, name=name, discipline=discipline.value, role=role.value,
            organisation=organisation, access_code_hash=access_code_hash,
        )
        self.session.add(row)
        self.session.flush()
        return _member(row)

    def get_member(self, member_id: int) -> Member:
        return _member(get_row(self.session, MemberRow, member_id, "member"))

    def current_lead(self, member_id: int, task_force_id: int | None = None) -> Member:
        """The member read again, if they lead the task force (their own by default):
        a role taken away since sign-in counts, not the copy in the caller's session."""
        member = self.get_member(member_id)
        require_lead(member, member.task_force_id if task_force_id is None else task_force_id)
        return member

    def access_code_hash(self, member_id: int) -> str:
        return get_row(self.session, MemberRow, member_id, "member").access_code_hash

    def list_members(self, task_force_id: int) -> list[Member]:
        rows = self.session.scalars(
            select(MemberRow).where(MemberRow.task_force_id == task_force_id).order_by(MemberRow.name)
        )
        return [_member(row) for row in rows]

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
    )


def _member(row: MemberRow) -> Member:
    return Member(
        id=row.id, task_force_id=row.task_force_id, name=row.name, discipline=Discipline(row.discipline),
        role=Role(row.role), organisation=row.organisation,
    )
