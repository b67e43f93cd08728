"""The installation administrator's page: task forces and their first lead, links for
anyone locked out of their password, frameworks for every task force, and the audit log.
Never a task force's answers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessments.domain.model import Discipline, DomainError
from assessments.usecases import frameworks, installation, team
from ui import links, state
from ui.text import literal

st.title("Installation")
db = state.database()
admin = state.require_admin()

st.header("Task forces")
summaries = installation.list_task_forces(db, admin.actor)
if summaries:
    st.dataframe(
        pd.DataFrame([
            {"Task force": s.task_force.name, "Jurisdiction": s.task_force.jurisdiction, "Leads": ", ".join(s.leads),
             "People": s.members, "Demo": "yes" if s.task_force.is_demo else ""}
            for s in summaries
        ]),
        hide_index=True, width="stretch",
    )
else:
    st.info("No task force yet. Create the first one below.")

st.subheader("Create a task force and its first lead")
with st.form("create-task-force", clear_on_submit=True):
    left, right = st.columns(2)
    name = left.text_input("Task force name")
    jurisdiction = right.text_input("Jurisdiction it serves")
    left, right = st.columns(2)
    lead_email = left.text_input("First lead's email")
    lead_name = right.text_input("First lead's name")
    lead_discipline = st.selectbox("First lead's discipline", list(Discipline), format_func=lambda d: d.label)
    create = st.form_submit_button("Create task force", type="primary")
if create:
    try:
        created = installation.create_task_force(db, admin.actor, name, jurisdiction, lead_email, lead_name, lead_discipline)
    except DomainError as error:
        st.error(literal(error))
    else:
        st.success(f"Created **{literal(created.task_force.name)}**.")
        if created.lead_link:
            links.hand_over(created.lead_link, created.task_force.name)
        else:
            st.info("The lead already has an account: they see the task force at their next click.")

st.subheader("A new link for someone who lost their password")
with st.form("reset-link", clear_on_submit=True):
    reset_email = st.text_input("Their email")
    make = st.form_submit_button("Make a new link")
if make:
    try:
        links.hand_over(installation.reset_link(db, admin.actor, reset_email), None)
    except DomainError as error:
        st.error(literal(error))

st.header("Frameworks for every task force")
uploaded = st.file_uploader("Upload a framework file (YAML)", type=["yaml", "yml"], key="installation-framework",
                            max_upload_size=2)
if uploaded is not None and st.button(f"Store {uploaded.name} for every task force"):
    try:
        stored = frameworks.upload_shared_framework(db, admin.actor, uploaded.getvalue(), uploaded.name)
    except DomainError as error:
        st.error(f"{literal(error)}\n\nNothing was saved. Fix the file and upload it again.")
    else:
        st.success(f"{literal(stored.title)} version {literal(stored.version)} is available to every task force.")
st.table(pd.DataFrame(
    [{"Id": f.id, "Version": f.version, "Framework": f.title} for f in frameworks.list_frameworks(db)]
))

st.header("Audit log")
events = team.audit_log(db, admin.actor)
st.dataframe(
    pd.DataFrame([{"When (UTC)": e.at, "Who": e.who, "What": e.action, "Detail": e.detail} for e in events]),
    hide_index=True, width="stretch",
)
