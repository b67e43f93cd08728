"""What every page shares: the database, who is signed in, and which task force they are in.

Who is signed in is a session token. It lives in a cookie, so a reload or a second tab
finds the same session; the database says whether it is still live, so signing out in
one tab, a password change or removal from the team ends it everywhere at the next click.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TypeVar

import streamlit as st

from assessments.domain.accounts import SESSION_ABSOLUTE, Account
from assessments.domain.model import Member, Role, TaskForce
from assessments.store.database import Database, database_url
from assessments.usecases import accounts, demo, frameworks
from ui.text import literal

JUST_SIGNED_IN_KEY = "just-signed-in"
TOKEN_KEY = "session_token"
TASK_FORCE_KEY = "task_force_id"
COOKIE_NAME = "waypoint_session"
COOKIE_PENDING_KEY = "session_cookie_pending"
COOKIE_DELETE_KEY = "session_cookie_delete"
COOKIE_WRITTEN_KEY = "session_cookie_written"
READS_THIS_RUN_KEY = "reads-this-run"
T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    return Database(url)


def database() -> Database:
    db = _database(database_url())
    if "demo_checked" not in st.session_state:
        _first_start(db)
        st.session_state["demo_checked"] = True
    return db


def _first_start(db: Database) -> None:
    frameworks.install_bundled_frameworks(db)
    if not demo.wants_demo(db, database_url()):
        return
    bar = st.progress(0.0, text="First start: loading the demo task force")
    demo.ensure_demo(db, progress=lambda fraction, text: bar.progress(fraction, text=text))
    bar.empty()


# the session ---------------------------------------------------------------------------


@contextmanager
def reads_once() -> Iterator[None]:
    """Within one run of the app script, the session and the memberships are read from the database
    once, however many times the menu, the sidebar and the page ask. Outside it (a widget's callback,
    which runs before the script) every call reads again."""
    st.session_state[READS_THIS_RUN_KEY] = {}
    try:
        yield
    finally:
        st.session_state.pop(READS_THIS_RUN_KEY, None)


def _once(name: str, read: Callable[[], T]) -> T:
    memo = st.session_state.get(READS_THIS_RUN_KEY)
    if memo is None:
        return read()
    if name not in memo:
        memo[name] = read()
    return memo[name]


def _forget_reads() -> None:
    # Cleared in place: a read in progress (_once) then stores its answer in the same memo.
    st.session_state.get(READS_THIS_RUN_KEY, {}).clear()


def _token() -> str | None:
    token = st.session_state.get(TOKEN_KEY)
    if token is None and not st.session_state.get(COOKIE_DELETE_KEY):
        token = st.context.cookies.get(COOKIE_NAME)
    return token if isinstance(token, str) and token else None


def signed_in() -> Account | None:
    """The account of this browser's live session, read again from the database on every run."""
    return _once("account", _signed_in)


def _signed_in() -> Account | None:
    token = _token()
    if token is None:
        return None
    account = accounts.session_account(database(), token)
    if account is None:
        _forget_session()
        return None
    st.session_state[TOKEN_KEY] = token
    return account


def start_session(token: str) -> None:
    """After a sign-in: remember the token here and, from the next run on, in the browser's cookie."""
    st.session_state[TOKEN_KEY] = token
    st.session_state[COOKIE_PENDING_KEY] = token
    st.session_state.pop(COOKIE_DELETE_KEY, None)
    st.session_state.pop(TASK_FORCE_KEY, None)
    st.session_state[JUST_SIGNED_IN_KEY] = True
    _forget_reads()


def just_signed_in() -> bool:
    """True once, on the first run after a sign-in: the app then opens the page the role uses most."""
    return st.session_state.pop(JUST_SIGNED_IN_KEY, False)


def sign_out() -> None:
    token = _token()
    if token:
        accounts.sign_out(database(), token)
    _forget_session()


def _forget_session() -> None:
    _forget_reads()
    for key in (TOKEN_KEY, TASK_FORCE_KEY, COOKIE_PENDING_KEY):
        st.session_state.pop(key, None)
    # The cookie sent with this connection stays in st.context.cookies until a reload, so it is
    # ignored from now on and deleted in the browser.
    st.session_state[COOKIE_DELETE_KEY] = True


def sync_cookie() -> None:
    """Write or delete the session cookie in the browser. Streamlit cannot set a cookie itself,
    so a component does, from inside the page (see the README's security section).

    The component reports the browser's cookies only when it first mounts, so there is no
    confirmation to wait for: the write is sent on every run until the session ends, and the
    deletion on every run after it, both idempotent."""
    pending, delete = st.session_state.get(COOKIE_PENDING_KEY), st.session_state.get(COOKIE_DELETE_KEY)
    # A cookie the browser holds: sent with this connection, or written during it.
    held = st.context.cookies.get(COOKIE_NAME) or st.session_state.get(COOKIE_WRITTEN_KEY)
    if pending is None and not (delete and held):
        return
    import extra_streamlit_components as stx

    manager = stx.CookieManager(key="waypoint-cookies")
    if pending is not None:
        secure = page_address().startswith("https://")
        manager.set(COOKIE_NAME, pending, key="waypoint-cookie-set", expires_at=datetime.now() + SESSION_ABSOLUTE,
                    secure=secure, same_site="strict")
        st.session_state[COOKIE_WRITTEN_KEY] = True
    else:
        # An expired cookie on the same path replaces the live one, which browsers take as deletion
        # (the component's own delete misses a cookie set on path "/" from its frame).
        manager.set(COOKIE_NAME, "", key="waypoint-cookie-delete", expires_at=datetime(1970, 1, 2), max_age=0,
                    same_site="strict")


# the task force the person is working in --------------------------------------------------


def my_memberships() -> list[tuple[Member, TaskForce]]:
    """The signed-in account's memberships with their task forces (each with its data version)."""
    account = signed_in()
    if account is None:
        return []
    return _once("memberships", lambda: accounts.my_task_forces(database(), account.actor))


def current_member() -> Member | None:
    """The signed-in account's membership of the task force chosen in the sidebar."""
    memberships = my_memberships()
    if not memberships:
        return None
    chosen = st.session_state.get(TASK_FORCE_KEY)
    for member, _ in memberships:
        if member.task_force_id == chosen:
            return member
    st.session_state[TASK_FORCE_KEY] = memberships[0][0].task_force_id
    return memberships[0][0]


def require_member(*roles) -> Member:
    """The page's member, or a plain message and a stop. Only the menu's courtesy: every use
    case checks the role again."""
    member = current_member()
    if member is None:
        st.info("Sign in to see this page.")
        st.stop()
    if roles and member.role not in roles:
        st.warning("Your role in this task force does not include this page.")
        st.stop()
    return member


def require_lead() -> Member:
    return require_member(Role.LEAD)


def require_admin() -> Account:
    account = signed_in()
    if account is None or not account.is_admin:
        st.info("Only the installation administrator can use this page.")
        st.stop()
    return account


def task_force_of(member: Member) -> TaskForce:
    return next(tf for m, tf in my_memberships() if m.id == member.id)


def demo_banner(task_force: TaskForce) -> None:
    if task_force.is_demo:
        st.caption(
            f"Demo data: **{literal(task_force.name)}** is a fictional task force with made-up answers, "
            "loaded so you can explore every screen."
        )


def client_address() -> str:
    """The browser's address, for counting failed sign-ins per client (unknown behind some proxies)."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "unknown"


def page_address() -> str:
    """The address the browser used, or the local default where there is none (tests)."""
    url = st.context.url
    return url if isinstance(url, str) and url else "http://localhost:8501"
