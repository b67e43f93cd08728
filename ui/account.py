"""Your account: who you are signed in as, your task forces, a new password, signing out."""

import streamlit as st

from assessments.domain.model import DomainError
from assessments.domain.passwords import MIN_PASSWORD_CHARS
from assessments.usecases import accounts
from ui import sso, state
from ui.text import literal

st.title("Your account")
db = state.database()
account = state.signed_in()
if account is None:
    st.switch_page("ui/sign_in.py")

st.write(f"Signed in as **{literal(account.display_name)}** ({literal(account.email or 'no email')}).")
memberships = state.my_memberships()
if account.is_admin:
    st.write("You are this installation's administrator.")
for member, task_force in memberships:
    discipline = f", {member.discipline.label}" if member.discipline else ""
    st.write(f"- {literal(task_force.name)}: {member.role.label.lower()}{literal(discipline)}")

if st.button("Sign out", type="primary"):
    state.sign_out()
    sso.sign_out_of_provider()
    st.rerun()

if account.has_password:
    with st.expander("Change your password"):
        with st.form("change-password"):
            current = st.text_input("Current password", type="password", autocomplete="current-password")
            new = st.text_input(f"New password (at least {MIN_PASSWORD_CHARS} characters)", type="password",
                                autocomplete="new-password")
            again = st.text_input("The new password again", type="password", autocomplete="new-password")
            change = st.form_submit_button("Change password")
        if change:
            if new != again:
                st.error("The two new passwords differ. Nothing was changed.")
            else:
                try:
                    accounts.change_password(db, account.actor, current, new)
                except DomainError as error:
                    st.error(literal(error))
                else:
                    state.sign_out()
                    st.success("Password changed. Every session of yours has ended: sign in again with the new one.")
