"""A newcomer's first visit: the framework page, with the demo task force loaded and labelled."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


# While Streamlit reruns, the old and new copies of an element can both be on the page
# for a moment, so each lookup takes the first match rather than insisting on one.


def test_first_visit_offers_the_demo_without_naming_anyone_and_shows_the_framework(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server)
    page.get_by_role("heading", name="Explore the demo").first.wait_for(timeout=60_000)
    assert page.get_by_text("Dana Whitfield").count() == 0 and page.get_by_text("Aisha Karimi").count() == 0
    page.screenshot(path=tmp_path / "sign-in.png", full_page=True)
    page.get_by_role("link", name="Framework").first.click()
    page.get_by_role("heading", name="The framework").first.wait_for(timeout=30_000)
    # The heading is drawn before the tabs below it, so each check waits for its element
    # (and fails after the timeout) instead of asking once.
    for function in ["Case Operations", "Data, Reporting, and Assessment"]:
        page.get_by_role("tab", name=function).first.wait_for(state="visible", timeout=30_000)
    page.get_by_text("not a checklist").first.wait_for(state="visible", timeout=30_000)


def test_exploring_as_a_member_in_the_browser_says_the_data_is_a_demo(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server)
    page.get_by_role("button", name="Explore as a member").first.click()
    page.get_by_text("Signed in as Aisha Karimi").first.wait_for(timeout=30_000)
    page.get_by_text("Demo data:").first.wait_for(timeout=30_000)
