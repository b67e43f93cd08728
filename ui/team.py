"""The lead's team page: who is in the task force, who submitted, add a member,
and which functions each discipline is asked to answer."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessments.domain.model import Discipline, DomainError, Role
from assessments.usecases import frameworks, members, questionnaire
from ui import state
from ui.text import literal

RELEVANCE_KEY = "team-relevance"
DISCIPLINES = list(Discipline)
ROLE_LABELS = {Role.MEMBER: "Member", Role.LEAD: "Lead"}



def _on_relevance(lead_id: int) -> None:
    edits = st.session_state[RELEVANCE_KEY].get("edited_rows", {})
    try:
        for row, changes in edits.items():
            for function_id, relevant in changes.items():
                questionnaire.set_function_relevance(
                    state.database(), lead_id, DISCIPLINES[int(row)], function_id, bool(relevant)
                )
    except DomainError as error:
        st.session_state["team-relevance-error"] = str(error)


st.title("Team")
db = state.database()
lead = state.require_lead()
task_force = state.task_force_of(lead)
state.demo_banner(task_force)

members_area = st.container()

st.subheader("Add a member")
with st.form("team-add"):
    name = st.text_input("Name")
    left, right = st.columns(2)
    discipline = left.selectbox("Discipline", DISCIPLINES, format_func=lambda d: d.label)
    # Member first: a lead is a deliberate choice, never the default.
    role = right.selectbox("Role", [Role.MEMBER, Role.LEAD], format_func=ROLE_LABELS.get)
    organisation = st.text_input("Organisation (optional)")
    added = st.form_submit_button("Add member", type="primary")
if added:
    try:
        new_member, code = members.add_team_member(db, lead.id, name, discipline, role, organisation)
    except DomainError as error:
        st.error(str(error))
    else:
        st.success(
            f"Added **{literal(new_member.name)}**. Their access code is below. Copy it now and hand it over in person "
            "or through a channel you trust: it is shown only this once, and Waypoint keeps only a scrambled form of it."
        )
        st.code(code, language=None)

with members_area:
    status = members.team_status(db, lead.id)
    cycle = status.open_cycle
    st.subheader("Members")
    if cycle is None:
        st.info("No cycle is open, so there is nothing to submit yet. Open one on the Admin page.")
    submitted_column = f"Submitted in {cycle.label}" if cycle else "Submitted"
    st.dataframe(
        pd.DataFrame([
            {
                "Name": row.member.name,
                "Discipline": row.member.discipline.label,
                "Role": ROLE_LABELS[row.member.role],
                "Organisation": row.member.organisation,
                submitted_column: (
                    "no open cycle" if cycle is None
                    else f"yes, {row.submitted_at:%d %b %Y}" if row.submitted_at else "not yet"
                ),
            }
            for row in status.members
        ]),
        hide_index=True, width="stretch",
    )
    if cycle is not None:
        done = sum(1 for row in status.members if row.submitted_at)
        st.caption(
            f"{done} of {len(status.members)} members submitted in {cycle.label}. "
            "This page never shows anyone's individual answers."
        )

st.subheader("Which functions each discipline is asked to answer")
st.caption(
    "Untick a function to make it optional for a discipline, so, for example, a victim-service provider is not "
    "pushed through investigative details. Its members still see it and may answer, and it leaves their progress "
    "total. Changes save at once."
)
framework = frameworks.framework_of_task_force(db, task_force)
matrix = questionnaire.function_relevance(db, lead.id)
table = pd.DataFrame(
    [{"Discipline": d.label, **{f.id: matrix[d][f.id] for f in framework.functions}} for d in DISCIPLINES]
)
st.data_editor(
    table, key=RELEVANCE_KEY, hide_index=True, width="stretch", disabled=["Discipline"],
    num_rows="fixed", on_change=_on_relevance, args=(lead.id,),
    column_config={
        f.id: st.column_config.CheckboxColumn(f.id, help=f"Asked of this discipline: {f.name}")
        for f in framework.functions
    },
)
st.caption(" · ".join(f"**{f.id}** {f.name}" for f in framework.functions))
if "team-relevance-error" in st.session_state:
    st.error(st.session_state.pop("team-relevance-error"))
