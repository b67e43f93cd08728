"""Waypoint: routes to the pages; everything else lives in ui/."""

import logging
import uuid

import streamlit as st

from assessments.domain.model import DomainError, Role
from ui import state
from ui.text import literal

log = logging.getLogger("waypoint")

st.set_page_config(page_title="Waypoint", page_icon=":material/explore:", layout="wide")
# Static tables wrap their cells to the page's width instead of scrolling sideways inside a box that a
# keyboard cannot reach (axe-core "scrollable-region-focusable", serious, at 390 px).
st.html("<style>[data-testid='stTableStyledTable']{table-layout:fixed;width:100%;min-width:0}"
        "[data-testid='stTableStyledTable'] *{white-space:normal;overflow-wrap:anywhere}</style>")
# Who is signed in, and in which task forces, is read once per run: the menu, the sidebar and the page
# all ask (ui/state.py).
with state.reads_once():
    state.database()
    account = state.signed_in()
    member = state.current_member()
    state.sync_cookie()


    # After signing in, each role lands on the page it uses most: a member answers, a lead reads the
    # results, a funder follows progress; an administrator without a task force manages the installation.
    if member is None:
        landing = "installation" if account is not None and account.is_admin else "framework"
    elif member.role is Role.FUNDER:
        landing = "progress"
    elif member.is_lead:
        landing = "results"
    else:
        landing = "questionnaire"


    def page(path: str, title: str, icon: str, **kwargs) -> st.Page:
        return st.Page(path, title=title, icon=f":material/{icon}:", **kwargs)


    # Pages a person's role does not include are left out of the menu; every use case also checks for itself.
    pages: list[st.Page] = [page("ui/framework.py", "Framework", "menu_book", default=account is not None)]
    if member is not None and member.role in (Role.LEAD, Role.MEMBER):
        pages.append(page("ui/questionnaire.py", "Questionnaire", "checklist"))
    if member is not None:
        pages += [page("ui/results.py", "Results", "insights"), page("ui/progress.py", "Progress", "trending_up")]
    if member is not None and member.role is Role.FUNDER:
        pages += [page("ui/plan_view.py", "Improvement plan", "flag"), page("ui/reports.py", "Reports", "picture_as_pdf")]
    if member is not None and member.is_lead:
        pages += [
            page("ui/consensus.py", "Consensus meeting", "handshake"),
            page("ui/plan.py", "Improvement plan", "flag"),
            page("ui/reports.py", "Reports", "picture_as_pdf"),
            page("ui/team.py", "Team", "group"),
            page("ui/admin.py", "Task force settings", "tune"),
        ]
    if account is not None and account.is_admin:
        pages.append(page("ui/installation.py", "Installation", "admin_panel_settings"))
    if account is not None:
        pages.append(page("ui/account.py", "Your account", "account_circle"))
    elif "link" in st.query_params or st.session_state.get("pending-link-token"):
        # An invite or reset link: its page is the one to land on.
        pages.append(page("ui/link.py", "Set your password", "key", default=True))
    else:
        pages.append(page("ui/sign_in.py", "Sign in", "login", default=True))

    with st.sidebar:
        memberships = state.my_memberships()
        if len(memberships) > 1:
            names = {m.task_force_id: tf.name for m, tf in memberships}
            chosen = st.selectbox("Task force", list(names), format_func=names.get,
                                  index=list(names).index(member.task_force_id))
            if chosen != member.task_force_id:
                st.session_state[state.TASK_FORCE_KEY] = chosen
                st.rerun()
        if account is not None:
            role = f" · {member.role.label}" if member else ""
            st.caption(f"Signed in as {literal(account.display_name)}{role}")
        if any(tf.is_demo for _, tf in memberships):
            st.caption("Demo data: the task force, its people and their answers are made up.")

    # One flat list: Streamlit draws sections as <div>s inside the menu's <ul>, which screen readers
    # cannot count (axe-core "list", serious); without sections the menu is a plain list of links.
    navigation = st.navigation(pages)
    if account is not None and state.just_signed_in():
        # Not a default page: that would move the page to "/" and break links to it.
        target = next((p for p in pages if p.url_path == landing), None)
        if target is not None:
            st.switch_page(target)
    try:
        navigation.run()
    except DomainError as error:
        # A refusal the page did not expect to meet (for example, a role changed mid-session).
        st.error(literal(error))
    except Exception:
        incident = uuid.uuid4().hex[:8]
        log.exception("incident %s on page %s", incident, navigation.title)
        st.error(
            f"Something went wrong on our side; nothing you saved is lost. If it happens again, tell your "
            f"administrator the incident number **{incident}**: it finds the details in the server log."
        )
