"""The sign-in page: no roster, the same refusal for every failure, the first administrator,
and the demo's explore buttons only while the demo is alone."""

from __future__ import annotations

from assessments.store.database import Database
from assessments.usecases import accounts, demo, frameworks, installation, team
from tests.ui.conftest import app, demo_member

PASSWORD = "a long sign-in passphrase"
PAGE = "ui/sign_in.py"


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _all_text(at) -> str:
    return repr(at.main) + repr(at.sidebar)


def test_signed_out_no_page_names_a_task_force_or_a_person(demo_db):
    people = [name for name, *_ in demo.MEMBERS]
    for page in ("ui/framework.py", PAGE):
        at = app(page)
        assert not at.exception
        text = _all_text(at)
        assert not [name for name in people if name in text], page
        assert not [s for s in at.selectbox if s.label != "Framework"]  # no task force or name to pick from


def test_the_demo_alone_offers_three_ways_to_explore_it(demo_db):
    at = app(PAGE)
    assert [b.label for b in at.button if b.label.startswith("Explore")] == [
        "Explore as the lead", "Explore as a member", "Explore as a funder",
    ]
    _button(at, "Explore as a funder").click().run()
    assert not at.exception
    assert any("Signed in as Frances Hale · Funder" in c.value for c in at.sidebar.caption)


def test_with_a_real_task_force_beside_it_the_demo_is_not_offered(demo_db):
    frameworks.install_bundled_frameworks(demo_db)
    installation.create_task_force_from_command_line(demo_db, "Real Task Force", "Real County", "r@real.example", "R", "labor")
    at = app(PAGE)
    assert not [b for b in at.button if b.label.startswith("Explore")]


def test_email_and_password_sign_in_and_one_answer_for_every_failure(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    link = team.new_link(demo_db, lead.actor, lead.task_force_id, demo_member(demo_db, "Aisha Karimi").id)
    accounts.accept_link(demo_db, link.token, PASSWORD)
    messages = []
    for email, password in [("aisha.karimi@riverside-demo.example", "wrong passphrase!"),
                            ("nobody@riverside-demo.example", PASSWORD)]:
        at = app(PAGE)
        _fill(at, email, password)
        _button(at, "Sign in").click().run()
        messages.append([e.value for e in at.error])
    assert messages[0] == messages[1] and messages[0]
    at = app(PAGE)
    _fill(at, "Aisha.Karimi@riverside-demo.example", PASSWORD)
    _button(at, "Sign in").click().run()
    assert not at.exception
    assert any("Signed in as Aisha Karimi · Member" in c.value for c in at.sidebar.caption)
    assert PASSWORD not in _all_text(at)


def _fill(at, email: str, password: str) -> None:
    next(t for t in at.text_input if t.label == "Email").input(email)
    next(t for t in at.text_input if t.label == "Password").input(password)


def test_a_new_installation_asks_for_the_administrator_first(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    at = app(PAGE)
    assert not at.exception
    assert at.expander[0].label.startswith("Set up this installation")
    next(t for t in at.text_input if t.label == "Administrator's name").input("Ada Admin")
    next(t for t in at.text_input if t.label == "Administrator's email").input("ada@county.example")
    next(t for t in at.text_input if t.label.startswith("Administrator's password")).input(PASSWORD)
    next(t for t in at.text_input if t.label == "The administrator's password again").input(PASSWORD)
    _button(at, "Create the administrator account").click().run()
    assert not at.exception
    assert any("Signed in as Ada Admin" in c.value for c in at.sidebar.caption)
    db = Database(f"sqlite:///{tmp_path / 'new.db'}")
    assert not accounts.needs_administrator(db)
    # A non-default database never gets the demo by itself.
    assert not installation.list_task_forces(db, accounts.sign_in(db, "ada@county.example", PASSWORD).account.actor)
    db.dispose()


def test_a_funder_sees_results_progress_and_reports_but_no_questionnaire_or_team(demo_db):
    funder = demo_member(demo_db, demo.DEMO_FUNDER)
    at = app("ui/results.py", funder.id)
    assert not at.exception
    for page in ("ui/questionnaire.py", "ui/team.py", "ui/consensus.py"):
        try:
            app(page, funder.id)
        except ValueError as error:
            assert "Could not find a navigation page" in str(error)
        else:
            raise AssertionError(f"the funder's menu offers {page}")

