"""Sessions in a real browser: a sign-in survives a reload and a second tab; signing out in one
tab, or being removed from the team, ends the session at the next click."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from assessments.domain.model import Role
from assessments.store.database import Database
from assessments.usecases import accounts, frameworks, installation, team
from tests.e2e.conftest import run_server

pytestmark = pytest.mark.browser
PASSWORD = "a long browser passphrase"
WAIT = 30_000


@pytest.fixture
def people(tmp_path: Path) -> dict:
    """A task force whose lead and member set their passwords through their invite links."""
    db = Database(f"sqlite:///{tmp_path / 'waypoint.db'}")
    frameworks.install_bundled_frameworks(db)
    created = installation.create_task_force_from_command_line(
        db, "Harbor City Task Force", "Harbor City", "lena@harbor.example", "Lena Lead", "law_enforcement")
    lead = accounts.accept_link(db, created.lead_link.token, PASSWORD).account
    link = team.invite(db, lead.actor, created.task_force.id, "mo@harbor.example", "Mo Member", Role.MEMBER, "labor")
    accounts.accept_link(db, link.token, PASSWORD)
    db.dispose()
    return {"task_force_id": created.task_force.id, "lead": lead}


@pytest.fixture
def app_url(tmp_path, people):
    yield from run_server(tmp_path)


def sign_in(page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_label("Email", exact=True).first.fill(email)
    page.get_by_label("Password", exact=True).first.fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).first.click()
    page.get_by_text("Signed in as").first.wait_for(timeout=WAIT)


def session_cookie(context, page) -> dict:
    """The session cookie, once the page's cookie component has written it."""
    for _ in range(120):  # up to 30 s on a busy machine
        cookie = next((c for c in context.cookies() if c["name"] == "waypoint_session"), None)
        if cookie:
            return cookie
        page.wait_for_timeout(250)
    raise AssertionError("the session cookie was never set")


def signed_out(page) -> None:
    from playwright.sync_api import expect

    page.get_by_role("heading", name="Sign in").first.wait_for(timeout=WAIT)
    expect(page.get_by_text("Signed in as")).to_have_count(0, timeout=WAIT)


def test_a_sign_in_survives_a_reload_and_a_second_tab(app_url, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    sign_in(page, app_url, "lena@harbor.example")
    cookie = session_cookie(context, page)
    assert cookie["sameSite"] == "Strict" and len(cookie["value"]) >= 43
    page.reload()
    page.get_by_text("Signed in as Lena Lead").first.wait_for(timeout=WAIT)
    second = context.new_page()
    second.goto(app_url)
    second.get_by_text("Signed in as Lena Lead").first.wait_for(timeout=WAIT)
    second.screenshot(path=tmp_path / "second-tab.png", full_page=True)
    # A browser without the cookie is not signed in.
    stranger = browser.new_context().new_page()
    stranger.goto(app_url)
    signed_out(stranger)


def test_signing_out_in_one_tab_signs_the_other_out_at_its_next_click(app_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    first, second = context.new_page(), context.new_page()
    sign_in(first, app_url, "mo@harbor.example")
    session_cookie(context, first)  # the page's cookie component writes it just after the sign-in
    second.goto(app_url)
    second.get_by_text("Signed in as Mo Member").first.wait_for(timeout=WAIT)
    first.get_by_role("link", name="Your account").first.click()
    first.get_by_role("button", name="Sign out").first.click()
    signed_out(first)
    for _ in range(120):  # the page's cookie component deletes the cookie just after
        if not any(c["name"] == "waypoint_session" for c in context.cookies()):
            break
        first.wait_for_timeout(250)
    assert not any(c["name"] == "waypoint_session" for c in context.cookies())
    second.get_by_role("link", name="Results").first.click()
    signed_out(second)
    second.reload()
    signed_out(second)


def test_a_removed_member_is_signed_out_at_their_next_click(app_url, browser, tmp_path, people):
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    sign_in(page, app_url, "mo@harbor.example")
    db = Database(f"sqlite:///{tmp_path / 'waypoint.db'}")
    mo = next(row.member for row in team.team_status(db, people["lead"].actor, people["task_force_id"]).members
              if row.member.name == "Mo Member")
    team.remove_member(db, people["lead"].actor, people["task_force_id"], mo.id)
    db.dispose()
    # The page can run again on its own before the click (its cookie component reports back after
    # sign-in); that run signs Mo out already and takes the link away. Either way Mo is signed out.
    try:
        page.get_by_role("link", name="Results").first.click(timeout=5_000)
    except PlaywrightTimeout:
        assert page.get_by_role("link", name="Results").count() == 0
    signed_out(page)
