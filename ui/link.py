"""An invite or password-reset link: choose a password, and you are signed in.

The token arrives in the address (?link=...). It is removed from the address as soon as
it is read, so it does not linger in the browser's history or a screenshot."""

import streamlit as st

from assessments.domain.model import DomainError
from assessments.domain.passwords import MIN_PASSWORD_CHARS
from assessments.usecases import accounts
from ui import state
from ui.text import literal

LINK_KEY = "pending-link-token"

st.title("Set your password")
db = state.database()
if "link" in st.query_params:
    st.session_state[LINK_KEY] = st.query_params["link"]
    del st.query_params["link"]
token = st.session_state.get(LINK_KEY)
if not token:
    st.info("Open the link your lead gave you to set your password here.")
    st.stop()
try:
    info = accounts.link_info(db, token)
except DomainError as error:
    st.error(literal(error))
    st.stop()

if info.kind.value == "invite":
    joining = f" to **{literal(info.task_force_name)}**" if info.task_force_name else ""
    role = f" as {info.role.label.lower()}" if info.role else ""
    st.write(f"You are invited{joining}{role}. Your account's email is **{literal(info.email)}**.")
else:
    st.write(f"Choose a new password for **{literal(info.email)}**. Every other sign-in of yours ends.")
with st.form("set-password"):
    name = st.text_input("Your name as the team sees it", value=info.display_name) if info.kind.value == "invite" else None
    password = st.text_input(f"Password (at least {MIN_PASSWORD_CHARS} characters)", type="password",
                             autocomplete="new-password")
    again = st.text_input("The same password again", type="password", autocomplete="new-password")
    chosen = st.form_submit_button("Set password and sign in", type="primary")
if chosen:
    if password != again:
        st.error("The two passwords differ. Type the same password twice.")
    else:
        try:
            signed = accounts.accept_link(db, token, password, name)
        except DomainError as error:
            st.error(literal(error))
        else:
            st.session_state.pop(LINK_KEY, None)
            state.start_session(signed.token)
            st.rerun()
