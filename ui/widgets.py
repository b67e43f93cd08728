"""Widgets more than one page uses."""

from __future__ import annotations

import streamlit as st

from assessments.domain.cycle_choice import READY_RULE
from assessments.domain.model import Cycle, Member, TaskForce
from assessments.usecases import cycles, results
from ui import cached
from ui.text import literal


def cycle_picker(member: Member, task_force: TaskForce, nothing_yet: str, open_means: str = "open",
                 label: str = "Cycle", doing: str = "Showing", key: str | None = None) -> Cycle:
    """Pick one of the task force's cycles, newest first, starting at the newest one most elements
    of which have enough answers to show (assessments/domain/cycle_choice.py), and say why;
    stops the page with ``nothing_yet`` when there is no cycle at all."""
    task_force_cycles = cached.read(cycles.list_cycles, member, task_force, task_force.id)
    if not task_force_cycles:
        st.info(nothing_yet)
        st.stop()
    newest_first = list(reversed(task_force_cycles))
    choice = cached.read(results.starting_cycle, member, task_force, task_force.id)
    picked = st.selectbox(
        label, newest_first, index=next(i for i, c in enumerate(newest_first) if c.id == choice.cycle.id),
        format_func=lambda c: f"{c.label} ({open_means if c.is_open else 'closed'})", help=READY_RULE, key=key,
    )
    st.caption(
        f"{doing} **{literal(choice.label)}**, {literal(choice.why)}." if picked.id == choice.cycle.id
        else f"{doing} **{literal(picked.label)}**, as you chose; the page starts at {literal(choice.label)}, "
             f"{literal(choice.why)}.")
    return picked
