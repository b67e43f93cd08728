"""A newcomer's first visit: the framework page, with the demo task force loaded and labelled."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


# While Streamlit reruns, the old and new copies of an element can both be on the page
# for a moment, so each lookup takes the first match rather than insisting on one.


def test_first_visit_shows_the_framework_and_says_the_data_is_a_demo(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server)
    page.get_by_role("heading", name="The framework").first.wait_for(timeout=60_000)
    page.get_by_text("Demo data:").first.wait_for(timeout=30_000)
    for function in ["Case Operations", "Data, Reporting, and Assessment"]:
        assert page.get_by_role("tab", name=function).first.is_visible()
    assert page.get_by_text("not a checklist").first.is_visible()
    page.screenshot(path=tmp_path / "framework.png", full_page=True)


def test_a_demo_member_can_sign_in_in_the_browser(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/sign_in")
    page.get_by_label("Access code").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as").first.wait_for(timeout=30_000)
