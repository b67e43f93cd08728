"""Cycles: reading them, and the lead's cycle management: open, close with a count
of who has not submitted, and reopen. Every use case reads the acting account's
membership again (usecases/access.py): any role of the task force may read its
cycles; only a lead opens, closes or reopens one, each with a line in the audit
trail, and a refused one changes nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from assessments.domain import rotation
from assessments.domain.model import (
    Actor,
    Cycle,
    CycleStatus,
    DomainError,
    NotFound,
    check_cycle_label,
    cycle_label_for,
)
from assessments.domain.permissions import Permission, may
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import frameworks
from assessments.usecases.access import audit, host_only, member_of, member_of_cycle
from roadmap.model import Framework


class CloseSummary(BaseModel):
    """What a lead needs to know before closing a cycle."""

    model_config = ConfigDict(frozen=True)

    cycle: Cycle
    members: int
    submitted: int
    answered_not_submitted: int

    @property
    def not_submitted(self) -> int:
        return self.members - self.submitted

    @property
    def message(self) -> str:
        if self.not_submitted == 0:
            return f"All {self.members} members have submitted their answers for {self.cycle.label}."
        started = (
            f" {self.answered_not_submitted} of them have saved answers that will count as they are."
            if self.answered_not_submitted else ""
        )
        return (
            f"{self.not_submitted} of {self.members} members have not submitted their answers for "
            f"{self.cycle.label}.{started} After closing, nobody can change answers until you reopen the cycle."
        )


# reading: any role of the task force ----------------------------------------------------


def list_cycles(db: Database, actor: Actor | None, task_force_id: int) -> list[Cycle]:
    """The task force's cycles, oldest first."""
    with UnitOfWork(db) as uow:
        member_of(uow, actor, task_force_id, Permission.READ_RESULTS)
        return uow.cycles.list_cycles(task_force_id)


def get_cycle(db: Database, actor: Actor | None, cycle_id: int) -> Cycle:
    with UnitOfWork(db) as uow:
        _, cycle = member_of_cycle(uow, actor, cycle_id, Permission.READ_RESULTS)
        return cycle


def find_cycle(db: Database, actor: Actor | None, task_force_id: int, label: str) -> Cycle:
    for cycle in list_cycles(db, actor, task_force_id):
        if cycle.label == label:
            return cycle
    raise NotFound(f"No cycle {label!r} for this task force.")


def open_cycle_of(db: Database, actor: Actor | None, task_force_id: int) -> Cycle | None:
    with UnitOfWork(db) as uow:
        member_of(uow, actor, task_force_id, Permission.READ_RESULTS)
        return uow.cycles.open_cycle(task_force_id)


# opening and closing without an acting account: the demo loader, the command line
# and test set-up. Pages call the lead's use cases below.


@host_only("the demo loader, the benchmark and test set-up open cycles with the database in hand")
def open_cycle_unchecked(
    db: Database, task_force_id: int, label: str, opened_at: datetime | None = None,
    functions: Iterable[str] | None = None,
) -> Cycle:
    label = check_cycle_label(label)
    with UnitOfWork(db, writes=True) as uow:
        cycle = _open(uow, task_force_id, label, opened_at, functions)
        uow.commit()
    return cycle


@host_only("the demo loader, the benchmark and test set-up close cycles with the database in hand")
def close_cycle_unchecked(db: Database, cycle_id: int, closed_at: datetime | None = None) -> Cycle:
    with UnitOfWork(db, writes=True) as uow:
        cycle = uow.cycles.set_cycle_status(cycle_id, CycleStatus.CLOSED, closed_at)
        uow.changed(cycle.task_force_id)
        uow.commit()
    return cycle


# the lead's cycle management ----------------------------------------------------------


def proposed_label(db: Database, actor: Actor | None, task_force_id: int, today: date | None = None) -> str:
    """Today's quarter, or the first quarter after it that the task force has not used."""
    with UnitOfWork(db) as uow:
        member_of(uow, actor, task_force_id, Permission.LEAD)
        used = {cycle.label for cycle in uow.cycles.list_cycles(task_force_id)}
    day = today or date.today()
    label = cycle_label_for(day)
    while label in used:
        year, quarter = int(label[:4]), int(label[-1])
        label = f"{year + quarter // 4}-Q{quarter % 4 + 1}"
    return label


def open_cycle(
    db: Database, actor: Actor | None, task_force_id: int, label: str, opened_at: datetime | None = None,
    functions: Iterable[str] | None = None,
) -> Cycle:
    """Open the next cycle on the task force's chosen framework. ``functions``: the ids of the
    functions it assesses (rotation); None, or every function, assesses them all."""
    label = check_cycle_label(label)
    with UnitOfWork(db, writes=True) as uow:
        member_of(uow, actor, task_force_id, Permission.LEAD)
        cycle = _open(uow, task_force_id, label, opened_at, functions)
        covered = "" if cycle.functions is None else f" (functions {', '.join(cycle.functions)})"
        audit(uow, actor, "cycle opened", cycle.label + covered, task_force_id)
        uow.commit()
    return cycle


def close_cycle_summary(db: Database, actor: Actor | None, cycle_id: int) -> CloseSummary:
    """How many of the people who answer (leads and members, not funders) have submitted."""
    with UnitOfWork(db) as uow:
        _, cycle = member_of_cycle(uow, actor, cycle_id, Permission.LEAD)
        member_ids = {m.id for m in uow.task_forces.list_members(cycle.task_force_id) if may(m, Permission.ANSWER)}
        submitted = uow.cycles.submitted_member_ids(cycle_id) & member_ids
        answered = uow.cycles.members_who_answered(cycle_id) & member_ids
    return CloseSummary(
        cycle=cycle, members=len(member_ids), submitted=len(submitted),
        answered_not_submitted=len(answered - submitted),
    )


def close_cycle(db: Database, actor: Actor | None, cycle_id: int, closed_at: datetime | None = None) -> Cycle:
    with UnitOfWork(db, writes=True) as uow:
        _, cycle = member_of_cycle(uow, actor, cycle_id, Permission.LEAD, lock=True, to_change=True)
        if not cycle.is_open:
            raise DomainError(f"Cycle {cycle.label} is already closed.")
        cycle = uow.cycles.set_cycle_status(cycle_id, CycleStatus.CLOSED, closed_at)
        uow.changed(cycle.task_force_id)
        audit(uow, actor, "cycle closed", cycle.label, cycle.task_force_id)
        uow.commit()
    return cycle


def reopen_cycle(db: Database, actor: Actor | None, cycle_id: int) -> Cycle:
    """Open a closed cycle again so members can change answers. Submissions are
    kept: a member who had submitted stays submitted until they reopen their own."""
    with UnitOfWork(db, writes=True) as uow:
        _, cycle = member_of_cycle(uow, actor, cycle_id, Permission.LEAD, lock=True, to_change=True)
        if cycle.is_open:
            raise DomainError(f"Cycle {cycle.label} is already open.")
        still_open = uow.cycles.open_cycle(cycle.task_force_id)
        if still_open:
            raise DomainError(
                f"Cycle {still_open.label} is open; close it before reopening {cycle.label}, "
                "because a task force answers one cycle at a time."
            )
        cycle = uow.cycles.set_cycle_status(cycle_id, CycleStatus.OPEN)
        uow.changed(cycle.task_force_id)
        audit(uow, actor, "cycle reopened", cycle.label, cycle.task_force_id)
        uow.commit()
    return cycle


# helpers ---------------------------------------------------------------------------------


def covered_functions(framework: Framework, functions: Iterable[str] | None) -> tuple[str, ...] | None:
    """The functions a new cycle assesses, in the framework's order; None for all of them.
    Raises DomainError naming what to fix for no function or an unknown one."""
    if functions is None:
        return None
    if isinstance(functions, str):
        functions = [functions]  # one id, not its letters
    chosen = list(dict.fromkeys(functions))
    known = [f.id for f in framework.functions]
    unknown = [f for f in chosen if f not in known]
    if unknown:
        raise DomainError(
            f"{', '.join(repr(f) for f in unknown)} is not a function of {framework.label}; "
            f"choose among {', '.join(known)}. No cycle was opened."
        )
    if not chosen:
        raise DomainError("Choose at least one function for the cycle to assess. No cycle was opened.")
    return None if set(chosen) == set(known) else tuple(f for f in known if f in chosen)


def _open(
    uow: UnitOfWork, task_force_id: int, label: str, opened_at: datetime | None,
    functions: Iterable[str] | None = None,
) -> Cycle:
    task_force = uow.task_forces.get_task_force(task_force_id)
    uow.changed(task_force_id)
    framework = frameworks.framework_in(uow, task_force.framework_id, task_force.framework_version)
    covered = covered_functions(framework, functions)
    cycles = uow.cycles.list_cycles(task_force_id)
    if any(c.label == label for c in cycles):
        raise DomainError(f"Cycle {label} already exists for this task force; reopen it instead.")
    still_open = [c.label for c in cycles if c.is_open]
    if still_open:
        raise DomainError(f"Cycle {still_open[0]} is still open; close it before opening {label}.")
    if covered is not None:
        left_out = [f.id for f in framework.functions if f.id not in covered]
        rotation.check_leaving_out(label, (framework.id, framework.version), left_out, cycles)
    return uow.cycles.add_cycle(
        task_force_id, label, task_force.framework_id, task_force.framework_version, opened_at, covered,
    )
