"""The installation administrator's page: task forces and their first lead, links for
anyone locked out of their password, frameworks for every task force, and the audit log.
Never a task force's answers."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from assessments.domain.model import Discipline, DomainError
from assessments.usecases import backups, frameworks, installation, task_force_data, team
from reports import task_force_export
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

st.header("Backups")
st.caption("A task force's full backup holds its frameworks, people (without passwords), roles, cycles, answers "
           "(members named by pseudonym), consensus, plan and settings. Restore it here or in another installation, "
           "beside the task forces already there. It holds every answer, note and email: keep it as safe as the "
           "database.")
if summaries:
    chosen = st.selectbox("Task force to back up", [s.task_force for s in summaries], format_func=lambda tf: tf.name)
    backup, workbook = st.columns(2)
    backup.download_button(
        f"Download the backup of {literal(chosen.name)}", lambda: backups.backup_task_force(db, admin.actor, chosen.id),
        file_name=task_force_export.file_name(chosen.name, "json", f"backup-{date.today()}"),
        mime="application/json", icon=":material/download:",
    )
    workbook.download_button(
        "All of its data as a workbook (.xlsx)",
        lambda: task_force_export.to_excel(task_force_data.task_force_data(db, admin.actor, chosen.id, "xlsx")),
        file_name=task_force_export.file_name(chosen.name, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
    )

st.subheader("Restore a task force from a backup")
st.caption("The whole file is checked first; if anything is wrong, nothing is restored and every problem is listed. "
           "A task force with the same name must not exist here. People get accounts without passwords: each lead "
           "gets a new invite link below, and invites the others again from the Team page.")
backup_file = st.file_uploader("Backup file (JSON)", type=["json"], key="installation-backup", max_upload_size=20)
if backup_file is not None and st.button(f"Restore from {literal(backup_file.name)}", type="primary"):
    bar = st.progress(0.0, text="Reading the file")
    try:
        restored = backups.restore_backup(db, admin.actor, backup_file.getvalue(), backup_file.name,
                                          progress=lambda fraction, text: bar.progress(min(1.0, fraction), text=text))
    except DomainError as error:
        bar.empty()
        st.error(literal(error))
    else:
        st.success(f"Restored **{literal(restored.task_force.name)}**: {restored.members} people, "
                   f"{restored.cycles} cycles, {restored.answers} answers.")
        for link in restored.lead_links:
            links.hand_over(link, restored.task_force.name)

st.header("Audit log")
events = team.audit_log(db, admin.actor)
st.dataframe(
    pd.DataFrame([{"When (UTC)": e.at, "Who": e.who, "What": e.action, "Detail": e.detail} for e in events]),
    hide_index=True, width="stretch",
)
