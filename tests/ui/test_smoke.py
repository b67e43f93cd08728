"""Every page renders without an exception, signed out, as a member and as the lead."""

from __future__ import annotations

import pytest

from assessments.usecases import demo
from tests.ui.conftest import PAGES, app, demo_member


def pytest_generate_tests(metafunc):
    if "page" in metafunc.fixturenames:
        metafunc.parametrize("page", PAGES)


@pytest.mark.parametrize("who", [None, "Aisha Karimi", demo.DEMO_LEAD])
def test_page_renders_without_exception(demo_db, page, who):
    member_id = demo_member(demo_db, who).id if who else None
    try:
        at = app(page, member_id)
    except ValueError as error:
        # The router leaves pages this person cannot use out of the menu (each page also
        # guards itself, tested per page); the lead's menu must offer every page.
        assert who != demo.DEMO_LEAD, f"the lead's menu lacks {page}"
        assert "Could not find a navigation page" in str(error)
        return
    assert not at.exception, at.exception


def test_the_router_knows_at_least_the_framework_and_sign_in_pages():
    assert {"ui/framework.py", "ui/sign_in.py"} <= set(PAGES)
