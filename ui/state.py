"""What every page shares: the database, the signed-in member, the chosen task force."""

from __future__ import annotations

import streamlit as st

from assessments.domain.model import Member, NotFound, TaskForce
from assessments.store.database import Database, database_url
from assessments.usecases import demo, frameworks, members, task_forces

MEMBER_KEY = "signed_in_member_id"


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    return Database(url)


def database() -> Database:
    db = _database(database_url())
    if "demo_checked" not in st.session_state:
        _load_demo_if_empty(db)
        st.session_state["demo_checked"] = True
    return db


def _load_demo_if_empty(db: Database) -> None:
    frameworks.install_bundled_frameworks(db)
    if task_forces.list_task_forces(db):
        return
    bar = st.progress(0.0, text="First start: loading the demo task force")
    demo.ensure_demo(db, progress=lambda fraction, text: bar.progress(fraction, text=text))
    bar.empty()


def signed_in_member() -> Member | None:
    member_id = st.session_state.get(MEMBER_KEY)
    if member_id is None:
        return None
    try:
        return members.get_member(database(), member_id)
    except NotFound:
        st.session_state.pop(MEMBER_KEY, None)
        return None


def sign_in_as(member: Member) -> None:
    st.session_state[MEMBER_KEY] = member.id


def sign_out() -> None:
    st.session_state.pop(MEMBER_KEY, None)


def require_member() -> Member:
    member = signed_in_member()
    if member is None:
        st.info("Sign in to see this page.")
        st.stop()
    return member


def require_lead() -> Member:
    member = require_member()
    if not member.is_lead:
        st.warning("Only the task force lead can use this page.")
        st.stop()
    return member


def task_force_of(member: Member) -> TaskForce:
    return task_forces.get_task_force(database(), member.task_force_id)


def demo_notice_in_sidebar() -> None:
    """Say on every page when the database holds the fictional demo task force."""
    demo_names = [tf.name for tf in task_forces.list_task_forces(database()) if tf.is_demo]
    if demo_names:
        st.sidebar.caption(
            f"Demo data: {', '.join(demo_names)} is fictional, with made-up answers, "
            f"so you can explore every screen. Every demo member's access code is `{demo.DEMO_ACCESS_CODE}`."
        )


def demo_banner(task_force: TaskForce) -> None:
    if task_force.is_demo:
        st.caption(
            f"Demo data: **{task_force.name}** is a fictional task force with made-up answers, "
            "loaded so you can explore every screen."
        )
