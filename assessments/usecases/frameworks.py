"""Frameworks: the bundled files, the administrator's and a lead's uploads, the one the
next cycle opens with, and which stored version each cycle used.

A framework's text is the public roadmap, not a task force's data, so reading one needs
no account. Which frameworks a task force may choose is another matter: the
administrator's are everyone's, a lead's upload is their task force's alone."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from weakref import WeakKeyDictionary, WeakSet

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine

from assessments.domain import text
from assessments.domain.model import Actor, Cycle, DomainError, NotFound, TaskForce
from assessments.domain.permissions import Permission
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases.access import administrator, audit, host_only, member_of
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


@host_only("app start, the command line and the demo loader install the bundled files")
def install_bundled_frameworks(db: Database) -> None:
    """Store every framework file shipped with the app that the database lacks. Each browser session
    starts with this; after the first, this process knows the files are stored and writes nothing."""
    if db.engine in _INSTALLED:
        return
    for source, framework in _bundled():
        with UnitOfWork(db, writes=True) as uow:
            # Several app processes start at once: the first stores it, the others change nothing.
            uow.frameworks.add_framework_if_missing(framework.id, framework.version, framework.title, source)
            uow.commit()
    _INSTALLED.add(db.engine)


_INSTALLED: WeakSet[Engine] = WeakSet()


@lru_cache(maxsize=1)
def _bundled() -> tuple[tuple[str, Framework], ...]:
    # The files ship with the app and do not change while it runs: parsed once per process.
    return tuple(
        (source, parse_framework(source, source=path.name))
        for path in bundled_frameworks() for source in [path.read_text(encoding="utf-8")]
    )


@lru_cache(maxsize=1)
def default_framework() -> Framework:
    return parse_framework(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"), source=DEFAULT_FRAMEWORK_FILE.name)


@host_only("test set-up and the command line store a file directly")
def add_framework(db: Database, raw: bytes | str, source_name: str = "uploaded file",
                  task_force_id: int | None = None) -> Framework:
    """Validate and store a framework file; on any problem raise and store nothing."""
    with UnitOfWork(db, writes=True) as uow:
        framework, _ = _store(uow, raw, source_name, task_force_id)
        uow.commit()
    return framework


def _store(uow: UnitOfWork, raw: bytes | str, source_name: str, task_force_id: int | None) -> tuple[Framework, bool]:
    """Parse and store a file (owned by the task force, or shared when None); True if it was stored before."""
    try:
        framework = parse_framework(raw, source=source_name)
    except FrameworkError as error:
        raise DomainError(str(error)) from None
    _check_fits_the_store(framework, source_name)
    source = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    existing = uow.frameworks.get_framework(framework.id, framework.version)
    if existing is not None:
        if existing.source == source and existing.task_force_id in (None, task_force_id):
            return framework, True
        raise DomainError(
            f"{source_name}: framework {framework.id!r} version {framework.version!r} is already stored, with "
            "different content or for another task force. Give this file a new id or version; cycles scored on "
            "the stored one must stay readable."
        )
    uow.frameworks.add_framework(framework.id, framework.version, framework.title, source, task_force_id)
    return framework, False


def _check_fits_the_store(framework: Framework, source_name: str) -> None:
    """Ids and titles land in columns of fixed width; refuse what would not fit, on both backends alike."""
    names = [(framework.id, text.FRAMEWORK_ID), (framework.version, text.FRAMEWORK_VERSION),
             (framework.title, text.FRAMEWORK_TITLE)]
    names += [(function.id, text.FUNCTION_ID) for function in framework.functions]
    names += [(element.id, text.ELEMENT_ID) for element in framework.elements]
    for value, field in names:
        try:
            text.clean(value, field)
        except DomainError as error:
            raise DomainError(f"{source_name}: {error} ({value[:60]!r})") from None


def list_frameworks(db: Database, actor: Actor | None = None, task_force_id: int | None = None) -> list[Framework]:
    """The installation's frameworks, and a task force's own uploads for its members."""
    with UnitOfWork(db) as uow:
        if task_force_id is not None:
            member_of(uow, actor, task_force_id, Permission.READ_RESULTS)
        stored = uow.frameworks.list_frameworks(task_force_id)
    return [_parsed(s.framework_id, s.version, s.source) for s in stored]


# Stored frameworks per database, once read: a stored (id, version) never changes, so a page
# need not read its text (80 KB for the bundled one) again. Weak keys, so a disposed engine's go too.
_STORED: WeakKeyDictionary[Engine, dict[tuple[str, str], Framework]] = WeakKeyDictionary()


def get_framework(db: Database, framework_id: str, version: str) -> Framework:
    known = _STORED.setdefault(db.engine, {})
    if (framework_id, version) not in known:
        # Kept only once read outside any writer's transaction, so never a row that might yet roll back.
        with UnitOfWork(db) as uow:
            known[framework_id, version] = framework_in(uow, framework_id, version)
    return known[framework_id, version]


def framework_in(uow: UnitOfWork, framework_id: str, version: str) -> Framework:
    """A stored framework read through the caller's unit of work (a helper of use cases that
    already checked the actor, not a use case)."""
    known = _STORED.get(uow.session.get_bind().engine, {})
    if (framework_id, version) in known:
        return known[framework_id, version]
    stored = uow.frameworks.get_framework(framework_id, version)
    if stored is None:
        raise NotFound(f"Framework {framework_id!r} version {version!r} is not stored in this database.")
    return _parsed(stored.framework_id, stored.version, stored.source)


def framework_of_cycle(db: Database, cycle: Cycle) -> Framework:
    return get_framework(db, cycle.framework_id, cycle.framework_version)


def framework_of_task_force(db: Database, task_force: TaskForce | int) -> Framework:
    """The framework the task force's next cycle opens with (given the task force or its id)."""
    if isinstance(task_force, int):
        with UnitOfWork(db) as uow:
            task_force = uow.task_forces.get_task_force(task_force)
    return get_framework(db, task_force.framework_id, task_force.framework_version)


# Element ids per stored framework version, per database: a save checks its element against
# these without reading the framework's text again. Weak keys, so a disposed engine's go too.
_ELEMENT_IDS: WeakKeyDictionary[Engine, dict[tuple[str, str], frozenset[str]]] = WeakKeyDictionary()


def element_ids(uow: UnitOfWork, engine: Engine, cycle: Cycle) -> frozenset[str]:
    """The ids of the elements of the cycle's framework, read through the caller's unit of work
    (a helper of use cases that already checked the actor, not a use case)."""
    known = _ELEMENT_IDS.setdefault(engine, {})
    key = (cycle.framework_id, cycle.framework_version)
    if key not in known:
        known[key] = frozenset(e.id for e in framework_in(uow, *key).elements)
    return known[key]


@lru_cache(maxsize=32)
def _parsed(framework_id: str, version: str, source: str) -> Framework:
    # A stored (id, version) never changes content, so parsing once per process is safe.
    return parse_framework(source, source=f"{framework_id} {version}")


# uploads and the choice for the next cycle ---------------------------------------------------


def upload_framework(db: Database, actor: Actor | None, task_force_id: int, raw: bytes | str, file_name: str) -> Upload:
    """A lead's file, for their task force alone. A malformed one raises a DomainError naming
    the file, the place and the line, and stores nothing."""
    with UnitOfWork(db, writes=True) as uow:
        member_of(uow, actor, task_force_id, Permission.LEAD)
        framework, already = _store(uow, raw, file_name, task_force_id)
        if not already:
            audit(uow, actor, "framework uploaded", f"{framework.id} {framework.version}", task_force_id)
        uow.commit()
    return Upload(framework_id=framework.id, version=framework.version, title=framework.title, already_stored=already)


def upload_shared_framework(db: Database, actor: Actor | None, raw: bytes | str, file_name: str) -> Upload:
    """The administrator's file, which every task force may choose."""
    with UnitOfWork(db, writes=True) as uow:
        administrator(uow, actor)
        framework, already = _store(uow, raw, file_name, None)
        if not already:
            audit(uow, actor, "framework uploaded", f"{framework.id} {framework.version} (every task force)")
        uow.commit()
    return Upload(framework_id=framework.id, version=framework.version, title=framework.title, already_stored=already)


def choose_framework(db: Database, actor: Actor | None, task_force_id: int, framework_id: str, version: str) -> TaskForce:
    """The framework the task force's next cycle opens with; an open cycle keeps its own."""
    with UnitOfWork(db, writes=True) as uow:
        member_of(uow, actor, task_force_id, Permission.LEAD)
        if (framework_id, version) not in {(s.framework_id, s.version) for s in uow.frameworks.list_frameworks(task_force_id)}:
            raise NotFound(f"Framework {framework_id!r} version {version!r} is not stored for this task force. "
                           "Upload it first, or choose one from the list.")
        task_force = uow.task_forces.set_task_force_framework(task_force_id, framework_id, version)
        uow.changed(task_force_id)
        audit(uow, actor, "framework chosen", f"{framework_id} {version}", task_force_id)
        uow.commit()
    return task_force


def framework_usage(db: Database, actor: Actor | None, task_force_id: int) -> list[FrameworkUsage]:
    """Every framework version this task force may use, with its cycles that used each.
    Other task forces' cycles and uploads are not shown: they are not this lead's business."""
    with UnitOfWork(db) as uow:
        member_of(uow, actor, task_force_id, Permission.LEAD)
        task_force = uow.task_forces.get_task_force(task_force_id)
        cycles = uow.cycles.list_cycles(task_force.id)
        stored = uow.frameworks.list_frameworks(task_force_id)
    return [
        FrameworkUsage(
            framework_id=s.framework_id, version=s.version, title=s.title, added_at=s.added_at,
            cycle_labels=[c.label for c in cycles if (c.framework_id, c.framework_version) == (s.framework_id, s.version)],
            chosen_for_next_cycle=(task_force.framework_id, task_force.framework_version) == (s.framework_id, s.version),
        )
        for s in stored
    ]
