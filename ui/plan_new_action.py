"""The lead's own action, starting from the element it serves: choose the element, see where it
stands, then write the action. Adding always says what is missing; nothing is saved until
every required field is there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from assessments.domain import plan_rules
from assessments.domain.model import Cycle, DomainError, Member
from assessments.domain.plan_rules import STATUS_LABELS, Standing
from assessments.store.database import Database
from assessments.usecases import planning
from roadmap.model import Framework
from ui.text import literal

# Keys start with plan_actions_ so that reloading the plan after a save clears the form too.
KEY = "plan_actions_new_"
STATUS_BY_LABEL = {label: status for status, label in STATUS_LABELS.items()}


def missing(element_id: str | None, title: str, owner: str, status_label: str, due: date | None, note: str,
            today: date) -> list[str]:
    """What stops the action from being added, in the order the form asks for it."""
    problems = [] if element_id else ["Choose the element it serves."]
    status = STATUS_BY_LABEL[status_label]
    problems += [p.message for p in plan_rules.check_action(title.strip(), owner.strip(), status, due, note, today)
                 if p.blocking]
    return problems


def form(db: Database, lead: Member, task_force_id: int, cycle: Cycle, element_label: dict[str, str],
         standing: dict[str, Standing], framework: Framework, owner_hint: str, today: date,
         flash: Callable[[str, str], None], reload: Callable[[], None]) -> None:
    with st.container(border=True):
        st.subheader("Add your own action")
        element_id = st.selectbox(
            "1. Element it serves", list(element_label), index=None, format_func=lambda e: element_label[e],
            placeholder="Choose the element first", key=f"{KEY}element",
        )
        if element_id is not None:
            s = standing.get(element_id)
            where = ("no score in " + literal(cycle.label)) if s is None or s.stage is None else (
                f"stage {s.stage} ({literal(framework.stage(s.stage).name)}) in {literal(cycle.label)}")
            aim = "" if s is None or s.target_stage is None else f"; target stage {s.target_stage} by {s.by_cycle_label}"
            st.caption(f"Now at {where}{aim}.")
        with st.form(f"{KEY}form", border=False):
            title = st.text_input("2. Action (required)", max_chars=plan_rules.TITLE_MAX_CHARS, key=f"{KEY}title")
            owner_col, due_col, status_col = st.columns(3)
            owner = owner_col.text_input("Owner", max_chars=plan_rules.OWNER_MAX_CHARS, key=f"{KEY}owner",
                                         help=f"Who carries it: {owner_hint}.")
            due = due_col.date_input("Due", value=None, format="YYYY-MM-DD", key=f"{KEY}due")
            status_label = status_col.selectbox("Status", list(STATUS_BY_LABEL), key=f"{KEY}status")
            note = st.text_area("Note", max_chars=5_000, key=f"{KEY}note")
            submitted = st.form_submit_button("Add the action to the plan")
        if not submitted:
            return
        problems = missing(element_id, title, owner, status_label, due, note, today)
        if problems:
            st.error("Not added yet: " + literal(" ".join(problems)) + " Nothing was saved.")
            return
        try:
            planning.add_action(db, lead.actor, task_force_id, element_id, title.strip(), owner.strip(), due,
                                STATUS_BY_LABEL[status_label], note, cycle_id=cycle.id)
        except DomainError as error:
            st.error(literal(error))
            return
        flash("success", f"Added “{title.strip()}” for {element_label[element_id]}.")
        reload()
