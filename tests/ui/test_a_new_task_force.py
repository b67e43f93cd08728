"""The issue's "done when": a lead invites twelve members and a funder; each signs in, comes back
(a reload), and sees exactly what their role allows; a removed member is out at the next click."""

from __future__ import annotations

from assessments.domain.model import Discipline, Role
from assessments.store.database import Database
from assessments.usecases import accounts, frameworks, installation, team
from tests.ui.conftest import app

PASSWORD = "a passphrase of our own"
DISCIPLINES = [Discipline.LAW_ENFORCEMENT, Discipline.PROSECUTION, Discipline.VICTIM_SERVICES, Discipline.LABOR,
               Discipline.NGO, Discipline.HEALTH]
MEMBER_MENU = ["Framework", "Questionnaire", "Results", "Progress", "Your account"]
FUNDER_MENU = ["Framework", "Results", "Progress", "Improvement plan", "Reports", "Your account"]


def _page_titles(at) -> list[str]:
    # The sidebar navigation is not an element AppTest exposes; the pages it may switch to are.
    titles = []
    for title, path in [("Framework", "ui/framework.py"), ("Questionnaire", "ui/questionnaire.py"),
                        ("Results", "ui/results.py"), ("Progress", "ui/progress.py"),
                        ("Improvement plan", "ui/plan_view.py"), ("Reports", "ui/reports.py"),
                        ("Team", "ui/team.py"), ("Your account", "ui/account.py")]:
        try:
            at.switch_page(path)
        except ValueError:
            continue
        titles.append(title)
    return titles


def _sign_in(email: str):
    at = app("ui/sign_in.py")
    next(t for t in at.text_input if t.label == "Email").input(email)
    next(t for t in at.text_input if t.label == "Password").input(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click().run()
    assert not at.exception
    return at


def test_a_lead_invites_twelve_members_and_a_funder_who_each_see_what_their_role_allows(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'waypoint.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    db = Database(url)
    frameworks.install_bundled_frameworks(db)
    created = installation.create_task_force_from_command_line(
        db, "Lakeshore Task Force", "Lakeshore County", "lena@lakeshore.example", "Lena Lead", "victim_services")
    lead = accounts.accept_link(db, created.lead_link.token, PASSWORD).account
    tf = created.task_force.id
    invited = {}
    for number in range(12):
        email = f"member{number:02d}@lakeshore.example"
        link = team.invite(db, lead.actor, tf, email, f"Member {number:02d}", Role.MEMBER, DISCIPLINES[number % 6])
        invited[email] = link
    invited["grants@state.example"] = team.invite(db, lead.actor, tf, "grants@state.example", "Grace Grants", Role.FUNDER)
    for link in invited.values():
        accounts.accept_link(db, link.token, PASSWORD)

    for email in invited:
        at = _sign_in(email)
        token = at.session_state["session_token"]
        again = app(None, token=token)  # a reload: a new script run with the same session
        assert not again.exception
        funder = email.startswith("grants")
        role = "Funder (read-only)" if funder else "Member"
        assert any(f"· {role}" in c.value for c in again.sidebar.caption), email
        assert _page_titles(again) == (FUNDER_MENU if funder else MEMBER_MENU), email

    status = team.team_status(db, lead.actor, tf)
    assert len(status.members) == 14 and all(row.has_password and row.last_sign_in_at for row in status.members)

    leaving = next(row.member for row in status.members if row.email == "member05@lakeshore.example")
    at = _sign_in("member05@lakeshore.example")
    team.remove_member(db, lead.actor, tf, leaving.id)
    at.switch_page("ui/results.py")
    at.run()
    assert not at.exception
    assert not [c for c in at.sidebar.caption if "Signed in as" in c.value]
    assert [t.value for t in at.title] == ["Sign in"]
    db.dispose()
