"""The opening both plan pages share (the lead's editor, ui/plan.py, and the funders' read-only
view, ui/plan_view.py): who may read, the task force, its cycles, and the element names."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from assessments.domain.model import Cycle, Member, Role, TaskForce
from assessments.store.database import Database
from assessments.usecases import cycles, frameworks
from roadmap.model import Framework
from ui import cached, state


@dataclass(frozen=True)
class PlanPage:
    db: Database
    reader: Member
    task_force: TaskForce
    cycles: list[Cycle]
    """Oldest first; never empty (the page stops before)."""
    framework: Framework
    """The newest cycle's framework."""
    element_label: dict[str, str]
    """"IF-1 Goals and anticipated outcomes" per element id, for every cycle's framework."""

    @property
    def newest(self) -> Cycle:
        return self.cycles[-1]


def open_plan_page(*roles: Role, no_cycle: str) -> PlanPage:
    """Title, sign-in check for ``roles``, demo banner and the cycles; stops with ``no_cycle`` when none."""
    st.title("Improvement plan")
    db = state.database()
    reader = state.require_member(*roles)
    task_force = state.task_force_of(reader)
    state.demo_banner(task_force)
    all_cycles = cached.read(cycles.list_cycles, reader, task_force, task_force.id)
    if not all_cycles:
        st.info(no_cycle)
        st.stop()
    labels: dict[str, str] = {}
    versions = dict.fromkeys((c.framework_id, c.framework_version) for c in reversed(all_cycles))
    for framework_id, version in versions:  # newest first: an element keeps its newest name
        for element in frameworks.get_framework(db, framework_id, version).elements:
            labels.setdefault(element.id, f"{element.id} {element.name}")
    newest_framework = frameworks.framework_of_cycle(db, all_cycles[-1])
    return PlanPage(db=db, reader=reader, task_force=task_force, cycles=all_cycles, framework=newest_framework,
                    element_label=labels)
