"""The framework page shows the whole framework and says what it is for."""

from __future__ import annotations

from tests.ui.conftest import app


def test_the_framework_page_shows_all_four_functions(demo_db):
    at = app("ui/framework.py")
    assert not at.exception
    assert [tab.label for tab in at.tabs] == [
        "Internal Foundations, Operation, and Collaboration",
        "Case Operations",
        "Data, Reporting, and Assessment",
        "Public and Community Engagement, Awareness, and Training",
    ]


def test_the_framework_page_says_it_is_a_planning_resource_not_a_checklist(demo_db):
    at = app("ui/framework.py")
    assert any("not a checklist" in info.value for info in at.info)
