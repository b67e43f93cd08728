"""A task force that moves from framework 1.0 to 1.1 and then rotates, on a real SQLite file:

- 2026-Q1 and 2026-Q2 on 1.0, every element answered by three members (stages 2, then 3);
- 2026-Q3 on 1.1, every function (stage 4), except PE-7, which only two members answer;
- 2026-Q4 on 1.1 covering CO and DR only (stage 5), left open: IF and PE carry from 2026-Q3.
The reporting threshold is 3, so PE-7's Q3 figures are withheld, and stay withheld when carried.
"""

from __future__ import annotations

from datetime import datetime

from assessments.domain.model import Discipline, Role
from assessments.store.database import Database
from assessments.usecases import cycles, frameworks, questionnaire, task_forces
from tests.conftest import make_member

STAGES = {"2026-Q1": 2, "2026-Q2": 3, "2026-Q3": 4, "2026-Q4": 5}
ROTATION = ("CO", "DR")
THIN_ELEMENT = "PE-7"


def build(db: Database) -> dict:
    frameworks.install_bundled_frameworks(db)
    v10 = frameworks.get_framework(db, "waypoint-roadmap", "1.0")
    v11 = frameworks.get_framework(db, "waypoint-roadmap", "1.1")
    task_force = task_forces.create_task_force(db, "Harbor County Task Force", "Harbor County", v10)
    lead = make_member(db, task_force, "Dana", Discipline.LAW_ENFORCEMENT, Role.LEAD)
    members = [lead, make_member(db, task_force, "Aisha", Discipline.VICTIM_SERVICES),
               make_member(db, task_force, "Luis", Discipline.LABOR)]
    made = []
    for month, label in ((1, "2026-Q1"), (4, "2026-Q2")):
        made.append(_answered(db, task_force.id, label, datetime(2026, month, 5), v10, members))
    frameworks.choose_framework(db, lead.actor, task_force.id, v11.id, v11.version)
    made.append(_answered(db, task_force.id, "2026-Q3", datetime(2026, 7, 5), v11, members))
    rotation = cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q4", datetime(2026, 10, 5), functions=ROTATION)
    for element in (e for f in v11.functions if f.id in ROTATION for e in f.elements):
        for member in members:
            questionnaire.record_answer(db, member.actor, rotation.id, element.id, STAGES["2026-Q4"])
    made.append(rotation)
    return {"db": db, "task_force": task_force, "lead": lead, "members": members, "cycles": made,
            "v10": v10, "v11": v11}


def _answered(db, task_force_id, label, opened_at, framework, members):
    cycle = cycles.open_cycle_unchecked(db, task_force_id, label, opened_at=opened_at)
    for element in framework.elements:
        who = members[:2] if (label == "2026-Q3" and element.id == THIN_ELEMENT) else members
        for member in who:
            questionnaire.record_answer(db, member.actor, cycle.id, element.id, STAGES[label])
    return cycles.close_cycle_unchecked(db, cycle.id)
