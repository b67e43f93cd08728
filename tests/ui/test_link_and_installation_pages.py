"""The page an invite link opens, and the administrator's Installation page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assessments.usecases import accounts, demo, installation, team
from tests.ui.conftest import APP, TIMEOUT, app, demo_member

PASSWORD = "a passphrase for the link"


def _open_link(token: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["link"] = token
    at.run()
    return at


def test_an_invite_link_opens_the_password_page_and_signs_the_person_in(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    link = team.invite(demo_db, lead.actor, lead.task_force_id, "new.member@riverside-demo.example", "Nova Member",
                       "member", "health")
    at = _open_link(link.token)
    assert not at.exception
    assert [t.value for t in at.title] == ["Set your password"]
    assert any("You are invited to" in m.value and "as member" in m.value for m in at.markdown)
    assert link.token not in repr(at.main)  # the token is taken out of the address and never shown
    next(t for t in at.text_input if t.label.startswith("Password")).input(PASSWORD)
    next(t for t in at.text_input if t.label == "The same password again").input(PASSWORD)
    next(b for b in at.button if b.label == "Set password and sign in").click().run()
    assert not at.exception
    assert any("Signed in as Nova Member · Member" in c.value for c in at.sidebar.caption)
    again = _open_link(link.token)
    assert any("cannot be used" in e.value for e in again.error)


def test_two_different_passwords_are_refused_and_change_nothing(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    link = team.invite(demo_db, lead.actor, lead.task_force_id, "x@riverside-demo.example", "X", "member", "ngo")
    at = _open_link(link.token)
    next(t for t in at.text_input if t.label.startswith("Password")).input(PASSWORD)
    next(t for t in at.text_input if t.label == "The same password again").input(PASSWORD + "!")
    next(b for b in at.button if b.label == "Set password and sign in").click().run()
    assert any("differ" in e.value for e in at.error)
    assert accounts.link_info(demo_db, link.token).email == "x@riverside-demo.example"


def test_the_administrator_creates_a_task_force_and_sees_the_leads_link_once(demo_db):
    admin = accounts.create_first_administrator(demo_db, "ada@county.example", "admin passphrase 12", "Ada")
    at = app("ui/installation.py", token=admin.token)
    assert not at.exception
    fields = {t.label: t for t in at.text_input}
    fields["Task force name"].input("Harbor City Task Force")
    fields["Jurisdiction it serves"].input("Harbor City")
    fields["First lead's email"].input("nia@harbor.example")
    fields["First lead's name"].input("Nia Lead")
    next(b for b in at.button if b.label == "Create task force").click().run()
    assert not at.exception
    address = at.code[0].value
    token = address.rsplit("link=", 1)[1]
    assert accounts.link_info(demo_db, token).task_force_name == "Harbor City Task Force"
    names = [s.task_force.name for s in installation.list_task_forces(demo_db, admin.account.actor)]
    assert "Harbor City Task Force" in names
    # The administrator is no member: no task force data in their menu.
    for page in ("ui/results.py", "ui/team.py"):
        try:
            app(page, token=admin.token)
        except ValueError as error:
            assert "Could not find a navigation page" in str(error)
        else:
            raise AssertionError(f"the administrator's menu offers {page}")
