"""Lead-only framework management: upload a framework file, choose the one the
next cycle opens with, and see which cycles used each stored version."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from assessments import services
from assessments.database import Database
from assessments.model import Member, TaskForce
from assessments.store import UnitOfWork
from roadmap.model import Framework


class FrameworkUsage(BaseModel):
    """One stored framework version as the acting lead's task force sees it."""

    model_config = ConfigDict(frozen=True)

    framework_id: str
    version: str
    title: str
    added_at: datetime
    cycle_labels: list[str]
    chosen_for_next_cycle: bool

    @property
    def key(self) -> tuple[str, str]:
        return self.framework_id, self.version


class Upload(BaseModel):
    model_config = ConfigDict(frozen=True)

    framework_id: str
    version: str
    title: str
    already_stored: bool


def upload_framework(db: Database, acting: Member, raw: bytes | str, file_name: str) -> Upload:
    """Validate and store a framework file; a malformed one raises a DomainError
    naming the file, the place and the line, and stores nothing."""
    services.current_lead(db, acting.id)
    with UnitOfWork(db) as uow:
        stored_before = {(s.framework_id, s.version) for s in uow.store.list_frameworks()}
    framework: Framework = services.add_framework(db, raw, file_name)
    already = (framework.id, framework.version) in stored_before
    return Upload(framework_id=framework.id, version=framework.version, title=framework.title, already_stored=already)


def choose_framework(db: Database, acting: Member, framework_id: str, version: str) -> TaskForce:
    """The framework the task force's next cycle opens with; an open cycle keeps its own."""
    services.current_lead(db, acting.id)
    return services.choose_framework(db, acting.task_force_id, framework_id, version)


def framework_usage(db: Database, acting: Member) -> list[FrameworkUsage]:
    """Every stored framework version with the acting lead's cycles that used it.
    Other task forces' cycles are not shown: they are not this lead's business."""
    services.current_lead(db, acting.id)
    with UnitOfWork(db) as uow:
        task_force = uow.store.get_task_force(acting.task_force_id)
        cycles = uow.store.list_cycles(task_force.id)
        stored = uow.store.list_frameworks()
    return [
        FrameworkUsage(
            framework_id=s.framework_id, version=s.version, title=s.title, added_at=s.added_at,
            cycle_labels=[c.label for c in cycles if (c.framework_id, c.framework_version) == (s.framework_id, s.version)],
            chosen_for_next_cycle=(task_force.framework_id, task_force.framework_version) == (s.framework_id, s.version),
        )
        for s in stored
    ]
