"""Waypoint: routes to the pages; everything else lives in ui/."""

import streamlit as st

from ui import state

st.set_page_config(page_title="Waypoint", page_icon=":material/explore:", layout="wide")
state.database()
member = state.signed_in_member()

pages = {
    "Framework": [st.Page("ui/framework.py", title="Framework", icon=":material/menu_book:", default=True)],
    "Account": [st.Page("ui/sign_in.py", title="Sign out" if member else "Sign in", icon=":material/login:")],
}
st.navigation(pages).run()
