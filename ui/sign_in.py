"""Sign in: pick your task force and name, enter the access code your lead gave you."""

import streamlit as st

from assessments.domain.model import DomainError
from assessments.usecases import demo, members, task_forces
from ui import state

st.title("Sign in")
db = state.database()
member = state.signed_in_member()
if member is not None:
    task_force = state.task_force_of(member)
    st.success(f"Signed in as **{member.name}** ({member.discipline.label}, {member.role.value}) of {task_force.name}.")
    if st.button("Sign out"):
        state.sign_out()
        st.rerun()
    st.stop()

known_task_forces = task_forces.list_task_forces(db)
if not known_task_forces:
    st.info("No task force exists yet.")
    st.stop()
task_force = st.selectbox("Task force", known_task_forces, format_func=lambda tf: tf.name)
if task_force.is_demo:
    st.info(
        f"This is the demo task force: every member's access code is `{demo.DEMO_ACCESS_CODE}`. "
        f"Sign in as {demo.DEMO_LEAD} to see the lead's pages."
    )
task_force_members = members.list_members(db, task_force.id)
with st.form("sign_in"):
    chosen = st.selectbox("Your name", task_force_members, format_func=lambda m: f"{m.name} ({m.discipline.label})")
    code = st.text_input("Access code", type="password")
    submitted = st.form_submit_button("Sign in", type="primary")
if submitted:
    try:
        state.sign_in_as(members.sign_in(db, chosen.id, code))
    except DomainError as error:
        st.error(str(error))
    else:
        st.rerun()
