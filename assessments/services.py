"""Use cases the UI and the CLI call. Plain values in, domain objects out;
each runs in one unit of work and commits only when it succeeded."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from assessments.access import MIN_CODE_LENGTH, access_code_matches, hash_access_code
from assessments.database import Database
from assessments.model import (
    Answer,
    Cycle,
    CycleStatus,
    Discipline,
    DomainError,
    Member,
    NotAllowed,
    NotFound,
    Role,
    TaskForce,
    check_cycle_label,
    check_note,
)
from assessments.store import UnitOfWork
from roadmap.load import DEFAULT_FRAMEWORK_FILE, FrameworkError, bundled_frameworks, parse_framework
from roadmap.model import Framework

# frameworks -----------------------------------------------------------------


def install_bundled_frameworks(db: Database) -> None:
    """Store every framework file shipped with the app that the database lacks."""
    for path in bundled_frameworks():
        source = path.read_text(encoding="utf-8")
        framework = parse_framework(source, source=path.name)
        with UnitOfWork(db) as uow:
            if uow.store.get_framework(framework.id, framework.version) is None:
                uow.store.add_framework(framework.id, framework.version, framework.title, source)
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
        existing = uow.store.get_framework(framework.id, framework.version)
        if existing is not None:
            if existing.source == source:
                return framework
            raise DomainError(
                f"{source_name}: framework {framework.id!r} version {framework.version!r} is already stored with "
                "different content. Give the changed file a new version so cycles scored on the old one stay readable."
            )
        uow.store.add_framework(framework.id, framework.version, framework.title, source)
        uow.commit()
    return framework


def list_frameworks(db: Database) -> list[Framework]:
    with UnitOfWork(db) as uow:
        stored = uow.store.list_frameworks()
    return [_parsed(s.framework_id, s.version, s.source) for s in stored]


def get_framework(db: Database, framework_id: str, version: str) -> Framework:
    with UnitOfWork(db) as uow:
        stored = uow.store.get_framework(framework_id, version)
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


def choose_framework(db: Database, task_force_id: int, framework_id: str, version: str) -> TaskForce:
    """The framework the task force's *next* cycle opens with; open cycles keep theirs."""
    get_framework(db, framework_id, version)
    with UnitOfWork(db) as uow:
        task_force = uow.store.set_task_force_framework(task_force_id, framework_id, version)
        uow.commit()
    return task_force


# task forces and members --------------------------------------------------------


def create_task_force(db: Database, name: str, jurisdiction: str, framework: Framework | None = None, is_demo: bool = False) -> TaskForce:
    name, jurisdiction = name.strip(), jurisdiction.strip()
    if not name:
        raise DomainError("Give the task force a name.")
    if not jurisdiction:
        raise DomainError("Say which jurisdiction the task force serves.")
    framework = framework or default_framework()
    get_framework(db, framework.id, framework.version)
    with UnitOfWork(db) as uow:
        if uow.store.find_task_force(name):
            raise DomainError(f"A task force named {name!r} already exists; choose another name.")
        task_force = uow.store.add_task_force(name, jurisdiction, framework.id, framework.version, is_demo)
        uow.commit()
    return task_force


def list_task_forces(db: Database) -> list[TaskForce]:
    with UnitOfWork(db) as uow:
        return uow.store.list_task_forces()


def get_task_force(db: Database, task_force_id: int) -> TaskForce:
    with UnitOfWork(db) as uow:
        return uow.store.get_task_force(task_force_id)


def find_task_force(db: Database, name: str) -> TaskForce:
    with UnitOfWork(db) as uow:
        task_force = uow.store.find_task_force(name)
    if task_force is None:
        raise NotFound(f"No task force named {name!r}.")
    return task_force


def add_member(
    db: Database, task_force_id: int, name: str, discipline: Discipline | str, role: Role | str,
    access_code: str, organisation: str = "",
) -> Member:
    name = name.strip()
    if not name:
        raise DomainError("Give the member a name.")
    try:
        discipline, role = Discipline(discipline), Role(role)
    except ValueError as error:
        raise DomainError(f"{error}. Choose one of the listed disciplines and roles.") from None
    if len(access_code) < MIN_CODE_LENGTH:
        raise DomainError(f"The access code must have at least {MIN_CODE_LENGTH} characters.")
    with UnitOfWork(db) as uow:
        uow.store.get_task_force(task_force_id)
        if any(m.name == name for m in uow.store.list_members(task_force_id)):
            raise DomainError(f"{name!r} is already a member of this task force.")
        member = uow.store.add_member(task_force_id, name, discipline, role, organisation.strip(), hash_access_code(access_code))
        uow.commit()
    return member


def list_members(db: Database, task_force_id: int) -> list[Member]:
    with UnitOfWork(db) as uow:
        return uow.store.list_members(task_force_id)


def get_member(db: Database, member_id: int) -> Member:
    with UnitOfWork(db) as uow:
        return uow.store.get_member(member_id)


def sign_in(db: Database, member_id: int, access_code: str) -> Member:
    with UnitOfWork(db) as uow:
        try:
            member = uow.store.get_member(member_id)
            stored = uow.store.access_code_hash(member_id)
        except NotFound:
            raise NotAllowed("That name and access code do not match.") from None
    if not access_code_matches(access_code, stored):
        raise NotAllowed("That name and access code do not match. Ask your task force lead for your code.")
    return member


def current_lead(db: Database, member_id: int, task_force_id: int | None = None) -> Member:
    """The member as stored now, if they lead the task force (their own by default)."""
    with UnitOfWork(db) as uow:
        return uow.store.current_lead(member_id, task_force_id)


# cycles -----------------------------------------------------------------------


def open_cycle(db: Database, task_force_id: int, label: str, opened_at: datetime | None = None) -> Cycle:
    label = check_cycle_label(label)
    with UnitOfWork(db) as uow:
        task_force = uow.store.get_task_force(task_force_id)
        cycles = uow.store.list_cycles(task_force_id)
        if any(c.label == label for c in cycles):
            raise DomainError(f"Cycle {label} already exists for this task force; reopen it instead.")
        still_open = [c.label for c in cycles if c.is_open]
        if still_open:
            raise DomainError(f"Cycle {still_open[0]} is still open; close it before opening {label}.")
        cycle = uow.store.add_cycle(task_force_id, label, task_force.framework_id, task_force.framework_version, opened_at)
        uow.commit()
    return cycle


def list_cycles(db: Database, task_force_id: int) -> list[Cycle]:
    with UnitOfWork(db) as uow:
        return uow.store.list_cycles(task_force_id)


def get_cycle(db: Database, cycle_id: int) -> Cycle:
    with UnitOfWork(db) as uow:
        return uow.store.get_cycle(cycle_id)


def find_cycle(db: Database, task_force_id: int, label: str) -> Cycle:
    for cycle in list_cycles(db, task_force_id):
        if cycle.label == label:
            return cycle
    raise NotFound(f"No cycle {label!r} for this task force.")


def close_cycle(db: Database, cycle_id: int, closed_at: datetime | None = None) -> Cycle:
    with UnitOfWork(db) as uow:
        cycle = uow.store.set_cycle_status(cycle_id, CycleStatus.CLOSED, closed_at)
        uow.commit()
    return cycle


# answers ------------------------------------------------------------------------


def record_answer(
    db: Database, member_id: int, cycle_id: int, element_id: str, stage: int | None, note: str = "",
    at: datetime | None = None,
) -> Answer:
    """Save one member's answer at once. ``stage=None`` records "don't know"."""
    note = check_note(note)
    if stage is not None and stage not in (1, 2, 3, 4, 5):
        raise DomainError(f"Stage {stage} does not exist; choose a stage from 1 to 5 or \"don't know\".")
    with UnitOfWork(db) as uow:
        member = uow.store.get_member(member_id)
        cycle = uow.store.get_cycle(cycle_id)
        _check_can_answer(db, member, cycle, element_id)
        answer = uow.store.put_answer(cycle_id, member_id, element_id, stage, note, at)
        uow.commit()
    return answer


def _check_can_answer(db: Database, member: Member, cycle: Cycle, element_id: str) -> None:
    if member.task_force_id != cycle.task_force_id:
        raise NotAllowed("You can only answer cycles of your own task force.")
    if not cycle.is_open:
        raise DomainError(f"Cycle {cycle.label} is closed; its answers can no longer be changed.")
    framework = framework_of_cycle(db, cycle)
    if element_id not in {e.id for e in framework.elements}:
        raise DomainError(f"Element {element_id!r} is not part of the framework this cycle uses.")


def my_answers(db: Database, member_id: int, cycle_id: int) -> list[Answer]:
    """A member's own answers; there is deliberately no way to ask for another's."""
    with UnitOfWork(db) as uow:
        member = uow.store.get_member(member_id)
        cycle = uow.store.get_cycle(cycle_id)
        if member.task_force_id != cycle.task_force_id:
            raise NotAllowed("You can only see cycles of your own task force.")
        return uow.store.member_answers(cycle_id, member_id)

