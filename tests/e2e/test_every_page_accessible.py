"""Every page of the app, on the demo, at 1400 px and on a 390 px phone: no exception, no
sideways scroll, and axe-core finds nothing serious or critical (tests/e2e/visits.py).

The lead's menu holds every page but the funder's read-only plan, which the funder visits."""

from __future__ import annotations

import pytest

from tests.e2e.visits import Visits, axe_source, settle

pytestmark = pytest.mark.browser

LEAD_PAGES = [("framework", "The framework"), ("questionnaire", "Questionnaire"), ("results", "Results"),
              ("progress", "Progress"), ("consensus", "Consensus meeting"), ("plan", "Improvement plan"),
              ("reports", "Reports"), ("team", "Team"), ("admin", "Task force settings"), ("account", "Your account")]
FUNDER_PAGES = [("plan_view", "Improvement plan")]
SIZES = [{"width": 1400, "height": 1000}, {"width": 390, "height": 844}]


def explore_as(browser, server: str, who: str, viewport: dict):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(server)
    page.get_by_role("button", name=f"Explore as {who}").first.click(timeout=120_000)
    for _ in range(240):
        if any(c["name"] == "waypoint_session" for c in context.cookies()):
            break
        page.wait_for_timeout(250)
    settle(page)
    return context, page


@pytest.mark.parametrize("viewport", SIZES, ids=["desktop", "phone"])
def test_every_page_passes_axe_at_both_sizes(server, browser, tmp_path, viewport):
    visits = Visits(tmp_path, axe_source())
    for who, pages in [("the lead", LEAD_PAGES), ("a funder", FUNDER_PAGES)]:
        context, page = explore_as(browser, server, who, viewport)
        for path, title in pages:
            page.goto(f"{server}/{path}")
            page.get_by_role("heading", name=title, level=1).first.wait_for(timeout=60_000)
            visits.check(page, f"{who.split()[-1]}-{path}")
        context.close()
    assert len(visits.seen) == len(LEAD_PAGES) + len(FUNDER_PAGES)
