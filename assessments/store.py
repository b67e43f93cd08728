"""Repository and unit of work: sessions in, domain objects out.

A unit of work rolls back unless the use case commits, so a use case that fails
half way leaves the database exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from assessments.database import Database
from assessments.model import (
    Answer,
    Consensus,
    Cycle,
    CycleStatus,
    Discipline,
    Member,
    NotFound,
    Role,
    StoredFramework,
    TaskForce,
    require_lead,
)
from assessments.tables import (
    AnswerRow,
    ConsensusRow,
    CycleRow,
    FrameworkRow,
    MemberRow,
    SubmissionRow,
    TaskForceRow,
)


def utc_now() -> datetime:
    # Stored naive in UTC: SQLite has no time zones and PostgreSQL must match it.
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class UnitOfWork:
    def __init__(self, database: Database) -> None:
        self._database = database

    def __enter__(self) -> UnitOfWork:
        self.session: Session = self._database.sessions()
        self.store = Store(self.session)
        return self

    def __exit__(self, *exc_info) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()


class Store:
    def __init__(self, session: Session) -> None:
        self.session = session

    # frameworks -----------------------------------------------------------
    def add_framework(self, framework_id: str, version: str, title: str, source: str) -> StoredFramework:
        row = FrameworkRow(framework_id=framework_id, version=version, title=title, source=source, added_at=utc_now())
        self.session.add(row)
        self.session.flush()
        return _framework(row)

    def get_framework(self, framework_id: str, version: str) -> StoredFramework | None:
        row = self.session.scalar(
            select(FrameworkRow).where(FrameworkRow.framework_id == framework_id, FrameworkRow.version == version)
        )
        return _framework(row) if row else None

    def list_frameworks(self) -> list[StoredFramework]:
        rows = self.session.scalars(select(FrameworkRow).order_by(FrameworkRow.framework_id, FrameworkRow.id))
        return [_framework(row) for row in rows]

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
        return _task_force(self._row(TaskForceRow, task_force_id, "task force"))

    def find_task_force(self, name: str) -> TaskForce | None:
        row = self.session.scalar(select(TaskForceRow).where(TaskForceRow.name == name))
        return _task_force(row) if row else None

    def list_task_forces(self) -> list[TaskForce]:
        return [_task_force(row) for row in self.session.scalars(select(TaskForceRow).order_by(TaskForceRow.name))]

    def set_task_force_framework(self, task_force_id: int, framework_id: str, version: str) -> TaskForce:
        row = self._row(TaskForceRow, task_force_id, "task force")
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
        return _member(self._row(MemberRow, member_id, "member"))

    def current_lead(self, member_id: int, task_force_id: int | None = None) -> Member:
        """The member read again, if they lead the task force (their own by default):
        a role taken away since sign-in counts, not the copy in the caller's session."""
        member = self.get_member(member_id)
        require_lead(member, member.task_force_id if task_force_id is None else task_force_id)
        return member

    def access_code_hash(self, member_id: int) -> str:
        return self._row(MemberRow, member_id, "member").access_code_hash

    def list_members(self, task_force_id: int) -> list[Member]:
        rows = self.session.scalars(
            select(MemberRow).where(MemberRow.task_force_id == task_force_id).order_by(MemberRow.name)
        )
        return [_member(row) for row in rows]

    # cycles -------------------------------------------------------------
    def add_cycle(self, task_force_id: int, label: str, framework_id: str, framework_version: str, opened_at: datetime | None = None) -> Cycle:
        row = CycleRow(
            task_force_id=task_force_id, label=label, framework_id=framework_id,
            framework_version=framework_version, status=CycleStatus.OPEN.value, opened_at=opened_at or utc_now(),
        )
        self.session.add(row)
        self.session.flush()
        return _cycle(row)

    def get_cycle(self, cycle_id: int) -> Cycle:
        return _cycle(self._row(CycleRow, cycle_id, "cycle"))

    def list_cycles(self, task_force_id: int) -> list[Cycle]:
        """Oldest first, which is the order every trend reads them in."""
        rows = self.session.scalars(
            select(CycleRow).where(CycleRow.task_force_id == task_force_id).order_by(CycleRow.label)
        )
        return [_cycle(row) for row in rows]

    def set_cycle_status(self, cycle_id: int, status: CycleStatus, at: datetime | None = None) -> Cycle:
        row = self._row(CycleRow, cycle_id, "cycle")
        row.status = status.value
        row.closed_at = (at or utc_now()) if status is CycleStatus.CLOSED else None
        self.session.flush()
        return _cycle(row)

    # answers ------------------------------------------------------------
    def put_answer(self, cycle_id: int, member_id: int, element_id: str, stage: int | None, note: str, at: datetime | None = None) -> Answer:
        row = self.session.scalar(
            select(AnswerRow).where(
                AnswerRow.cycle_id == cycle_id, AnswerRow.member_id == member_id, AnswerRow.element_id == element_id
            )
        )
        if row is None:
            row = AnswerRow(cycle_id=cycle_id, member_id=member_id, element_id=element_id)
            self.session.add(row)
        row.stage, row.note, row.updated_at = stage, note, at or utc_now()
        self.session.flush()
        return _answer(row)

    def delete_answer(self, cycle_id: int, member_id: int, element_id: str) -> None:
        self.session.execute(
            delete(AnswerRow).where(
                AnswerRow.cycle_id == cycle_id, AnswerRow.member_id == member_id, AnswerRow.element_id == element_id
            )
        )

    def member_answers(self, cycle_id: int, member_id: int) -> list[Answer]:
        rows = self.session.scalars(
            select(AnswerRow).where(AnswerRow.cycle_id == cycle_id, AnswerRow.member_id == member_id).order_by(AnswerRow.element_id)
        )
        return [_answer(row) for row in rows]

    def cycle_answers(self, cycle_id: int) -> list[Answer]:
        """Every member's answers for a cycle. Only scoring and lead-only views may
        read these; services decide who gets them."""
        rows = self.session.scalars(
            select(AnswerRow).where(AnswerRow.cycle_id == cycle_id).order_by(AnswerRow.element_id, AnswerRow.member_id)
        )
        return [_answer(row) for row in rows]

    def add_answers(self, answers: Iterable[Answer]) -> None:
        """Bulk insert for imports and demo data."""
        self.session.add_all(
            AnswerRow(
                cycle_id=a.cycle_id, member_id=a.member_id, element_id=a.element_id, stage=a.stage,
                note=a.note, note_in_report=a.note_in_report, updated_at=a.updated_at,
            )
            for a in answers
        )
        self.session.flush()

    # submissions --------------------------------------------------------------
    def add_submission(self, cycle_id: int, member_id: int, at: datetime | None = None) -> None:
        if self.submitted_at(cycle_id, member_id) is None:
            self.session.add(SubmissionRow(cycle_id=cycle_id, member_id=member_id, submitted_at=at or utc_now()))
            self.session.flush()

    def remove_submission(self, cycle_id: int, member_id: int) -> None:
        self.session.execute(
            delete(SubmissionRow).where(SubmissionRow.cycle_id == cycle_id, SubmissionRow.member_id == member_id)
        )

    def submitted_at(self, cycle_id: int, member_id: int) -> datetime | None:
        return self.session.scalar(
            select(SubmissionRow.submitted_at).where(SubmissionRow.cycle_id == cycle_id, SubmissionRow.member_id == member_id)
        )

    def submitted_member_ids(self, cycle_id: int) -> set[int]:
        return set(self.session.scalars(select(SubmissionRow.member_id).where(SubmissionRow.cycle_id == cycle_id)))

    # consensus ----------------------------------------------------------------
    def put_consensus(self, cycle_id: int, element_id: str, stage: int, rationale: str, recorded_by: int | None, at: datetime | None = None) -> Consensus:
        row = self.session.scalar(
            select(ConsensusRow).where(ConsensusRow.cycle_id == cycle_id, ConsensusRow.element_id == element_id)
        )
        if row is None:
            row = ConsensusRow(cycle_id=cycle_id, element_id=element_id)
            self.session.add(row)
        row.stage, row.rationale, row.recorded_by, row.recorded_at = stage, rationale, recorded_by, at or utc_now()
        self.session.flush()
        return _consensus(row)

    def delete_consensus(self, cycle_id: int, element_id: str) -> None:
        self.session.execute(
            delete(ConsensusRow).where(ConsensusRow.cycle_id == cycle_id, ConsensusRow.element_id == element_id)
        )

    def consensus_for(self, cycle_id: int) -> list[Consensus]:
        rows = self.session.scalars(select(ConsensusRow).where(ConsensusRow.cycle_id == cycle_id).order_by(ConsensusRow.element_id))
        return [_consensus(row) for row in rows]

    # helpers --------------------------------------------------------------
    def _row(self, row_class, key: int, what: str):
        row = self.session.get(row_class, key)
        if row is None:
            raise NotFound(f"No {what} with id {key}.")
        return row


def _framework(row: FrameworkRow) -> StoredFramework:
    return StoredFramework(framework_id=row.framework_id, version=row.version, title=row.title, source=row.source, added_at=row.added_at)


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


def _cycle(row: CycleRow) -> Cycle:
    return Cycle(
        id=row.id, task_force_id=row.task_force_id, label=row.label, framework_id=row.framework_id,
        framework_version=row.framework_version, status=CycleStatus(row.status), opened_at=row.opened_at,
        closed_at=row.closed_at,
    )


def _answer(row: AnswerRow) -> Answer:
    return Answer(
        cycle_id=row.cycle_id, member_id=row.member_id, element_id=row.element_id, stage=row.stage,
        note=row.note, note_in_report=row.note_in_report, updated_at=row.updated_at,
    )


def _consensus(row: ConsensusRow) -> Consensus:
    return Consensus(
        cycle_id=row.cycle_id, element_id=row.element_id, stage=row.stage, rationale=row.rationale,
        recorded_by=row.recorded_by, recorded_at=row.recorded_at,
    )
