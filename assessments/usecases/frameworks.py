"""Frameworks: the bundled files, a lead's upload, the one the next cycle opens
with, and which stored version each cycle used."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from assessments.domain.model import Cycle, DomainError, Member, NotFound, TaskForce
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import members
from roadmap.load import DEFAULT_FRAMEWORK_FILE, FrameworkError, bundled_frameworks, parse_framework
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


# reading and storing -----------------------------------------------------------


def install_bundled_frameworks(db: Database) -> None:
    """Store every framework file shipped with the app that the database lacks."""
    for path in bundled_frameworks():
        source = path.read_text(encoding="utf-8")
        framework = parse_framework(source, source=path.name)
        with UnitOfWork(db) as uow:
            if uow.frameworks.get_framework(framework.id, framework.version) is None:
                uow.frameworks.add_framework(framework.id, framework.version, framework.title, source)
                uow.commit()


def default_framework() -> Framework:
    return parse_framework(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"), source=DEFAULT_FRAMEWORK_FILE.name)


def add_framework(db: Database, raw: bytes | str, source_name: str = "uploaded file") -> Framework:
    """Validate and store a framework file; on any problem raise and store nothing."""
    try:
        framework = parse_framework(raw, source=source_name)
    except FrameworkError as error:
        raise DomainError(str(error)) from None
    source = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    with UnitOfWork(db) as uow:
        existing = uow.frameworks.get_framework(framework.id, framework.version)
        if existing is not None:
            if existing.source == source:
                return framework
            raise DomainError(
                f"{source_name}: framework {framework.id!r} version {framework.version!r} is already stored with "
                "different content. Give the changed file a new version so cycles scored on the old one stay readable."
            )
        uow.frameworks.add_framework(framework.id, framework.version, framework.title, source)
        uow.commit()
    return framework


def list_frameworks(db: Database) -> list[Framework]:
    with UnitOfWork(db) as uow:
        stored = uow.frameworks.list_frameworks()
    return [_parsed(s.framework_id, s.version, s.source) for s in stored]


def get_framework(db: Database, framework_id: str, version: str) -> Framework:
    with UnitOfWork(db) as uow:
        stored = uow.frameworks.get_framework(framework_id, version)
    if stored is None:
        raise NotFound(f"Framework {framework_id!r} version {version!r} is not stored in this database.")
    return _parsed(stored.framework_id, stored.version, stored.source)


def framework_of_cycle(db: Database, cycle: Cycle) -> Framework:
    return get_framework(db, cycle.framework_id, cycle.framework_version)


def framework_of_task_force(db: Database, task_force: TaskForce) -> Framework:
    return get_framework(db, task_force.framework_id, task_force.framework_version)


@lru_cache(maxsize=32)
def _parsed(framework_id: str, version: str, source: str) -> Framework:
    # A stored (id, version) never changes content, so parsing once per process is safe.
    return parse_framework(source, source=f"{framework_id} {version}")


# the lead's framework management --------------------------------------------------


def upload_framework(db: Database, acting: Member, raw: bytes | str, file_name: str) -> Upload:
    """Validate and store a framework file; a malformed one raises a DomainError
    naming the file, the place and the line, and stores nothing."""
    members.current_lead(db, acting.id)
    with UnitOfWork(db) as uow:
        stored_before = {(s.framework_id, s.version) for s in uow.frameworks.list_frameworks()}
    framework: Framework = add_framework(db, raw, file_name)
    already = (framework.id, framework.version) in stored_before
    return Upload(framework_id=framework.id, version=framework.version, title=framework.title, already_stored=already)


def choose_framework(db: Database, acting: Member, framework_id: str, version: str) -> TaskForce:
    """The framework the task force's next cycle opens with; an open cycle keeps its own."""
    members.current_lead(db, acting.id)
    get_framework(db, framework_id, version)
    with UnitOfWork(db) as uow:
        task_force = uow.task_forces.set_task_force_framework(acting.task_force_id, framework_id, version)
        uow.commit()
    return task_force


def framework_usage(db: Database, acting: Member) -> list[FrameworkUsage]:
    """Every stored framework version with the acting lead's cycles that used it.
    Other task forces' cycles are not shown: they are not this lead's business."""
    members.current_lead(db, acting.id)
    with UnitOfWork(db) as uow:
        task_force = uow.task_forces.get_task_force(acting.task_force_id)
        cycles = uow.cycles.list_cycles(task_force.id)
        stored = uow.frameworks.list_frameworks()
    return [
        FrameworkUsage(
            framework_id=s.framework_id, version=s.version, title=s.title, added_at=s.added_at,
            cycle_labels=[c.label for c in cycles if (c.framework_id, c.framework_version) == (s.framework_id, s.version)],
            chosen_for_next_cycle=(task_force.framework_id, task_force.framework_version) == (s.framework_id, s.version),
        )
        for s in stored
    ]
