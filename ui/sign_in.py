"""Sign in with email and password (or the host's single sign-on), set up the first
administrator on a new installation, or explore the demo while it is alone.

Signed out, nothing here names a task force's people: there is no list to pick from."""

import streamlit as st

from assessments.domain.model import DomainError, Role
from assessments.usecases import accounts, demo
from ui import sso, state
from ui.text import literal

st.title("Sign in")
db = state.database()

sso.sign_in_with_provider_result()

if accounts.needs_administrator(db):
    # Open on a truly new installation; folded where the command line or the demo made people already.
    with st.expander("Set up this installation: create the administrator account", expanded=accounts.installation_is_empty(db)):
        st.caption(
            "The administrator creates task forces and their first lead, and manages the frameworks "
            "every task force may use. They never see a task force's answers."
        )
        with st.form("first-administrator"):
            admin_name = st.text_input("Administrator's name")
            admin_email = st.text_input("Administrator's email")
            admin_password = st.text_input("Administrator's password (at least 12 characters)", type="password")
            admin_again = st.text_input("The administrator's password again", type="password")
            create = st.form_submit_button("Create the administrator account", type="primary")
        if create:
            if admin_password != admin_again:
                st.error("The two passwords differ. Type the same password twice.")
            else:
                try:
                    created = accounts.create_first_administrator(db, admin_email, admin_password, admin_name)
                except DomainError as error:
                    st.error(literal(error))
                else:
                    state.start_session(created.token)
                    st.rerun()

with st.form("sign-in"):
    email = st.text_input("Email", autocomplete="email")
    password = st.text_input("Password", type="password", autocomplete="current-password")
    submitted = st.form_submit_button("Sign in", type="primary")
if submitted:
    try:
        signed = accounts.sign_in(db, email, password, client=state.client_address())
    except DomainError as error:
        st.error(literal(error))
    else:
        state.start_session(signed.token)
        st.rerun()
st.caption("Lost your password? Your task force lead (or the administrator) can give you a new single-use link.")

sso.offer_provider_button()

if demo.demo_alone(db):
    st.divider()
    st.subheader("Explore the demo")
    st.write(
        f"This installation holds only the fictional demo task force, *{demo.DEMO_TASK_FORCE}*, with "
        "made-up people and answers. Look around as one of them; nothing you do reaches anyone real."
    )
    columns = st.columns(3)
    for column, (role, label) in zip(columns, [
        (Role.LEAD, "Explore as the lead"), (Role.MEMBER, "Explore as a member"), (Role.FUNDER, "Explore as a funder"),
    ]):
        if column.button(label, key=f"explore-{role.value}", use_container_width=True):
            try:
                state.start_session(demo.explore_as(db, role))
            except DomainError as error:
                st.error(literal(error))
            else:
                st.rerun()
