"""The improvement plan, read-only, for a task force's funders: outcomes, targets and actions
with owners, dates and status. The lead edits the plan on the Improvement plan page."""

import pandas as pd
import streamlit as st

from assessments.domain.model import Role
from assessments.usecases import planning, results
from ui import cached
from ui.plan_header import open_plan_page
from ui.text import literal

page = open_plan_page(Role.FUNDER, Role.LEAD,
                      no_cycle="The task force has not opened an assessment cycle yet, so there is no plan to show.")
cycle, framework, element_label = page.newest, page.framework, page.element_label
# Today's plan, ordered by the gaps of the cycle the lead plans from (ui/plan.py does the same).
choice = cached.read(results.starting_cycle, page.reader, page.task_force, page.task_force.id)
plan = cached.read(planning.plan_for_cycle, page.reader, page.task_force, page.task_force.id, cycle.id,
                   standings_from=choice.cycle.id)
st.caption(f"The plan as it stands today, in cycle **{literal(cycle.label)}**, measured against "
           f"{literal(choice.label)}, {literal(choice.why)}. Read-only: the task force's leads keep the plan.")

st.header("Outcomes")
outcomes = {o.function_id: o.text for o in plan.outcomes}
for function in framework.functions:
    text = outcomes.get(function.id, "")
    st.markdown(f"**{literal(function.name)}**  \n{literal(text) if text else '*No outcome written yet.*'}")

st.header("Targets")
st.dataframe(pd.DataFrame([
    {"Element": element_label.get(t.element_id, t.element_id), "Target stage": t.target_stage, "By": t.by_cycle_label}
    for t in plan.targets
], columns=["Element", "Target stage", "By"]), hide_index=True, width="stretch")


def _actions(items) -> pd.DataFrame:
    return pd.DataFrame([
        {"Action": item.action.title, "Element": element_label.get(item.action.element_id, item.action.element_id),
         "Owner": item.action.owner or "nobody yet",
         "Due": item.action.due_date.isoformat() if item.action.due_date else "no date yet",
         "Status": item.action.status.value.replace("_", " "), "Overdue": "yes" if item.overdue else ""}
        for item in items
    ], columns=["Action", "Element", "Owner", "Due", "Status", "Overdue"])


st.header("Open actions")
st.caption(f"{len(plan.open_actions)} open, {len(plan.overdue)} of them overdue. {plan.priority_rule}")
st.dataframe(_actions(plan.open_actions), hide_index=True, width="stretch")
st.header(f"Done since {plan.previous_cycle_label or 'the plan began'}")
st.dataframe(_actions(plan.done_since_last_cycle), hide_index=True, width="stretch")
