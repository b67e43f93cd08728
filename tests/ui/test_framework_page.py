"""The framework page shows the whole framework and says what it is for."""

from __future__ import annotations

from assessments.usecases import demo
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


def test_first_start_on_an_empty_database_loads_the_demo_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    at = app("ui/sign_in.py")
    assert not at.exception
    assert any("demo task force" in info.value for info in at.info)
    assert at.selectbox[0].value.name == demo.DEMO_TASK_FORCE
    assert any("Demo data" in caption.value for caption in at.sidebar.caption)


def test_signing_in_with_the_demo_code_shows_who_you_are(demo_db):
    at = app("ui/sign_in.py")
    at.text_input[0].input("demo")
    at.button[0].click().run()
    assert not at.exception
    assert any("Signed in as" in s.value for s in at.success)


def test_a_wrong_code_is_refused(demo_db):
    at = app("ui/sign_in.py")
    at.text_input[0].input("nope")
    at.button[0].click().run()
    assert any("do not match" in e.value for e in at.error)
