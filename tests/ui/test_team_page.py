"""The Team page: invite by email and role, the link shown once (and emailed where SMTP is set),
removal, and the audit log; never for a member."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from assessments.usecases import accounts, demo, team
from tests.integration.test_mail import smtp  # noqa: F401 - the loopback SMTP server fixture
from tests.ui.conftest import ROOT, TIMEOUT, app, demo_member

PAGE = "ui/team.py"


@pytest.fixture
def lead(demo_db):
    return demo_member(demo_db, demo.DEMO_LEAD)


def _invite(at, email: str, name: str, role_label: str = "Member", discipline_label: str = "Labor inspection"):
    next(t for t in at.text_input if t.label == "Email").input(email)
    next(t for t in at.text_input if t.label == "Name as the team sees it").input(name)
    next(s for s in at.selectbox if s.label == "Role").set_value(_role(role_label))
    if discipline_label:
        box = next(s for s in at.selectbox if s.label.startswith("Discipline"))
        box.set_value(next(d for d in _disciplines() if d.label == discipline_label))
    next(b for b in at.button if b.label == "Invite").click().run()


def _role(label):
    from assessments.domain.model import Role

    return next(r for r in Role if r.label == label)


def _disciplines():
    from assessments.domain.model import Discipline

    return list(Discipline)


def test_the_lead_invites_a_member_and_the_link_is_shown_once_and_works(demo_db, lead, smtp):  # noqa: F811
    at = app(PAGE, lead.id)
    assert not at.exception
    _invite(at, "An.Nguyen@riverside-demo.example", "Nguyễn Văn An")
    assert not at.exception
    assert any("shown only now" in s.value for s in at.success)
    address = at.code[0].value
    token = re.search(r"\?link=([A-Za-z0-9_-]+)$", address).group(1)
    [message] = smtp.messages
    assert message["To"] == "an.nguyen@riverside-demo.example"
    assert address in message.get_payload(decode=True).decode()
    signed = accounts.accept_link(demo_db, token, "a long new passphrase")
    [(membership, _)] = accounts.my_task_forces(demo_db, signed.account.actor)
    assert membership.name == "Nguyễn Văn An" and membership.role.value == "member"
    at.run()
    assert not at.code and token not in repr(at.main)


def test_the_lead_invites_a_funder_without_a_discipline(demo_db, lead):
    at = app(PAGE, lead.id)
    _invite(at, "grants@state.example", "Grace Grants", "Funder (read-only)", "")
    assert not at.exception and at.code
    status = team.team_status(demo_db, lead.actor, lead.task_force_id)
    assert any(row.member.name == "Grace Grants" and row.member.discipline is None for row in status.members)


def test_the_lead_removes_a_member_and_the_audit_log_shows_it(demo_db, lead):
    at = app(PAGE, lead.id)
    box = next(s for s in at.selectbox if s.label == "Member")
    row = next(r for r in team.team_status(demo_db, lead.actor, lead.task_force_id).members if r.member.name == "Marcus Bell")
    box.set_value(row).run()
    next(c for c in at.checkbox if c.label.startswith("Yes, remove Marcus Bell")).check().run()
    next(b for b in at.button if b.label == "Remove from the task force").click().run()
    assert not at.exception
    names = [r.member.name for r in team.team_status(demo_db, lead.actor, lead.task_force_id).members]
    assert "Marcus Bell" not in names
    events = team.audit_log(demo_db, lead.actor, lead.task_force_id)
    assert events[0].action == "member removed" and events[0].detail == "Marcus Bell"


def test_a_member_opening_the_team_page_file_directly_is_turned_away(demo_db):
    aisha = demo_member(demo_db, "Aisha Karimi")
    at = AppTest.from_file(str(ROOT / "ui" / "team.py"), default_timeout=TIMEOUT)
    at.session_state["session_token"] = accounts.issue_session(demo_db, aisha.account_id)
    at.run()
    assert any("does not include this page" in w.value for w in at.warning)
    assert not at.dataframe
    assert not [b for b in at.button if b.label == "Invite"]


def test_a_refusal_that_repeats_typed_text_shows_it_as_written(demo_db, lead):
    at = app(PAGE, lead.id)
    _invite(at, "[click](http://evil.example)", "Mallory", "Member", "Labor inspection")
    [error] = [e.value for e in at.error]
    assert "\\[click\\]\\(http" in error  # escaped: no live link
    assert not at.code
