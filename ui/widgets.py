"""Widgets more than one page uses."""

from __future__ import annotations

import streamlit as st

from assessments.domain.model import Actor, Cycle, TaskForce
from assessments.store.database import Database
from assessments.usecases import cycles
from reports import tables


def cycle_picker(db: Database, actor: Actor, task_force: TaskForce, nothing_yet: str, open_means: str = "open") -> Cycle:
    """Pick one of the task force's cycles, newest first, starting at the newest one
    with answers; stops the page with ``nothing_yet`` when there is no cycle at all."""
    task_force_cycles = cycles.list_cycles(db, actor, task_force.id)
    if not task_force_cycles:
        st.info(nothing_yet)
        st.stop()
    newest_first = list(reversed(task_force_cycles))
    start = tables.latest_cycle_with_answers(db, actor, task_force.id) or newest_first[0]
    return st.selectbox(
        "Cycle", newest_first, index=next(i for i, c in enumerate(newest_first) if c.id == start.id),
        format_func=lambda c: f"{c.label} ({open_means if c.is_open else 'closed'})",
        help="Starts at the newest cycle that has answers.",
    )
