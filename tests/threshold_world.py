"""A task force built to test the reporting threshold: one element and one discipline that exactly
``n`` members answered, everything else answered by twelve, for any threshold k.

- 2026-Q3 (closed): all twelve regular members and the n subjects answer every element with stage 2.
- 2026-Q4 (open): the twelve answer every element except the subject element with stage 3; the n
  subjects (the only Health members) answer every element with stage 4, and the subject element
  with stage 5, which nobody else answers. So the subject element's figures come from exactly n
  answers (median 5), and Health's median (4) from n answers on every other element.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assessments.domain.model import Answer, Cycle, Discipline, Member, Role, TaskForce
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import cycles, frameworks, members, questionnaire, task_forces

SUBJECT_ELEMENT = "IF-3"
SUBJECT_DISCIPLINE = Discipline.HEALTH
REGULARS = (
    [Discipline.LAW_ENFORCEMENT] * 5 + [Discipline.VICTIM_SERVICES] * 4 + [Discipline.PROSECUTION] * 3
)


@dataclass(frozen=True)
class World:
    db: Database
    task_force: TaskForce
    lead: Member
    regular: Member
    subjects: tuple[Member, ...]
    funder: Member
    before: Cycle
    now: Cycle
    k: int
    n: int

    @property
    def shown(self) -> bool:
        return self.n >= self.k


def build_world(db: Database, k: int, n: int, name: str = "Threshold Task Force") -> World:
    frameworks.install_bundled_frameworks(db)
    task_force = task_forces.create_task_force(db, name, "Threshold County")
    framework = frameworks.framework_of_task_force(db, task_force)

    def person(label: str, discipline: Discipline | None, role: Role = Role.MEMBER) -> Member:
        email = f"{label.lower().replace(' ', '.')}@{name.lower().replace(' ', '-')}.example"
        return members.add_member(db, task_force.id, label, discipline, role, email=email)

    regulars = [person("Lead", REGULARS[0], Role.LEAD)] + [
        person(f"Regular {i}", discipline) for i, discipline in enumerate(REGULARS[1:], start=1)
    ]
    subjects = [person(f"Subject {i}", SUBJECT_DISCIPLINE) for i in range(1, n + 1)]
    funder = person("Funder", None, Role.FUNDER)
    task_forces.set_thresholds(db, regulars[0].actor, task_force.id, k)
    when = datetime(2026, 7, 1, 9)
    before = cycles.open_cycle_unchecked(db, task_force.id, "2026-Q3", opened_at=when)
    _answer(db, before, [(m, e.id, 2) for m in regulars + subjects for e in framework.elements], when)
    cycles.close_cycle_unchecked(db, before.id, closed_at=datetime(2026, 9, 28, 17))
    now = cycles.open_cycle_unchecked(db, task_force.id, "2026-Q4", opened_at=datetime(2026, 10, 1, 9))
    rows = [(m, e.id, 3) for m in regulars for e in framework.elements if e.id != SUBJECT_ELEMENT]
    rows += [(m, e.id, 5 if e.id == SUBJECT_ELEMENT else 4) for m in subjects for e in framework.elements]
    _answer(db, now, rows, datetime(2026, 10, 5, 9))
    for member in subjects + regulars[1:2]:
        questionnaire.submit_answers(db, member.actor, now.id)
    return World(db=db, task_force=task_forces.get_task_force(db, regulars[0].actor, task_force.id),
                 lead=regulars[0], regular=regulars[1], subjects=tuple(subjects), funder=funder,
                 before=before, now=cycles.get_cycle(db, regulars[0].actor, now.id), k=k, n=n)


def _answer(db: Database, cycle: Cycle, rows: list[tuple[Member, str, int | None]], at: datetime) -> None:
    with UnitOfWork(db, writes=True) as uow:
        uow.cycles.add_answers([
            Answer(cycle_id=cycle.id, member_id=m.id, element_id=element_id, stage=stage, updated_at=at)
            for m, element_id, stage in rows
        ])
        uow.changed(cycle.task_force_id)
        uow.commit()
