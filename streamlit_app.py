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
    pages["Assess"].append(st.Page("ui/questionnaire.py", title="Questionnaire", icon=":material/checklist:"))
    pages["Results"] = []
    pages["Results"].append(st.Page("ui/results.py", title="Results", icon=":material/insights:"))
    pages["Results"].append(st.Page("ui/progress.py", title="Progress", icon=":material/trending_up:"))
    if member.is_lead:
        pages["Lead"] = []
        pages["Lead"].append(st.Page("ui/consensus.py", title="Consensus meeting", icon=":material/handshake:"))
        pages["Lead"].append(st.Page("ui/plan.py", title="Improvement plan", icon=":material/flag:"))
        pages["Lead"].append(st.Page("ui/reports.py", title="Reports", icon=":material/picture_as_pdf:"))
        pages["Lead"].append(st.Page("ui/team.py", title="Team", icon=":material/group:"))
        pages["Lead"].append(st.Page("ui/admin.py", title="Admin", icon=":material/admin_panel_settings:"))
pages["Account"] = [st.Page("ui/sign_in.py", title="Sign out" if member else "Sign in", icon=":material/login:")]
st.navigation({section: listed for section, listed in pages.items() if listed}).run()
