"""Waypoint: routes to the pages; everything else lives in ui/."""

import streamlit as st

from ui import state

st.set_page_config(page_title="Waypoint", page_icon=":material/explore:", layout="wide")
state.database()
member = state.signed_in_member()
state.demo_notice_in_sidebar()

# Pages a person cannot use are left out of the menu; each page also checks for itself.
pages: dict[str, list] = {
    "Framework": [st.Page("ui/framework.py", title="Framework", icon=":material/menu_book:", default=True)],
}
if member is not None:
    pages["Assess"] = []
    pages["Results"] = []
    if member.is_lead:
        pages["Lead"] = []
pages["Account"] = [st.Page("ui/sign_in.py", title="Sign out" if member else "Sign in", icon=":material/login:")]
st.navigation({section: listed for section, listed in pages.items() if listed}).run()
