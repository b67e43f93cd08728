"""Signing in and out, sessions, lockout and the first administrator, on a real database,
with a clock the test controls."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from assessments.domain.accounts import (
    LOCKOUT_FAILURES,
    LOCKOUT_WINDOW,
    SESSION_ABSOLUTE,
    SESSION_IDLE,
    SIGN_IN_REFUSED,
)
from assessments.domain.model import DomainError, NotAllowed, Role
from assessments.usecases import accounts, frameworks, installation, team
from tests.conftest import make_member

T0 = datetime(2026, 11, 23, 9, 0, 0)
PASSWORD = "correct horse battery staple"


@pytest.fixture
def admin(db):
    return accounts.create_first_administrator(db, "admin@county.example", PASSWORD, "Ada Admin", now=T0).account


@pytest.fixture
def signed_up(db, task_force):
    """Lee, a lead with a password."""
    lee = make_member(db, task_force, "Lee Lead", role=Role.LEAD, email="lee@county.example")
    helper = make_member(db, task_force, "Hana Helper", role=Role.LEAD, email="hana@county.example")
    link = team.new_link(db, helper.actor, task_force.id, lee.id, now=T0)
    accounts.accept_link(db, link.token, PASSWORD, now=T0)
    return lee


def test_right_password_signs_in_and_the_session_finds_the_account(db, signed_up):
    signed = accounts.sign_in(db, "Lee@County.example ", PASSWORD, now=T0)
    assert signed.account.id == signed_up.account_id
    assert len(signed.token) >= 43  # 256 bits, URL-safe base64
    assert accounts.session_account(db, signed.token, now=T0 + timedelta(minutes=1)).id == signed_up.account_id


@pytest.mark.parametrize("email, password", [
    ("lee@county.example", "wrong password here"),
    ("nobody@county.example", PASSWORD),
    ("not an email", PASSWORD),
    ("", ""),
])
def test_every_failed_sign_in_gets_the_same_answer(db, signed_up, email, password):
    with pytest.raises(NotAllowed) as refused:
        accounts.sign_in(db, email, password, now=T0)
    assert str(refused.value) == SIGN_IN_REFUSED


def test_lockout_engages_at_the_tenth_failure_and_lifts_after_the_window(db, signed_up):
    for attempt in range(LOCKOUT_FAILURES - 1):
        with pytest.raises(NotAllowed):
            accounts.sign_in(db, "lee@county.example", f"wrong guess {attempt:02d}", now=T0 + timedelta(seconds=attempt))
    # Nine failures: the right password still works, and clears the count.
    accounts.sign_in(db, "lee@county.example", PASSWORD, now=T0 + timedelta(seconds=20))
    for attempt in range(LOCKOUT_FAILURES):
        with pytest.raises(NotAllowed):
            accounts.sign_in(db, "lee@county.example", f"wrong guess {attempt:02d}", now=T0 + timedelta(seconds=30 + attempt))
    tenth = T0 + timedelta(seconds=30 + LOCKOUT_FAILURES - 1)
    with pytest.raises(NotAllowed) as refused:
        accounts.sign_in(db, "lee@county.example", PASSWORD, now=tenth + timedelta(seconds=1))
    assert str(refused.value) == SIGN_IN_REFUSED
    # The lead sees the lock on the Team page.
    lead = team.team_status(db, _other_lead(db, signed_up).actor, signed_up.task_force_id, now=tenth + timedelta(minutes=1))
    row = next(r for r in lead.members if r.member.id == signed_up.id)
    assert row.locked_until == tenth + LOCKOUT_WINDOW
    # Trying during the lock does not extend it.
    with pytest.raises(NotAllowed):
        accounts.sign_in(db, "lee@county.example", "still guessing", now=tenth + LOCKOUT_WINDOW - timedelta(seconds=1))
    signed = accounts.sign_in(db, "lee@county.example", PASSWORD, now=tenth + LOCKOUT_WINDOW)
    assert signed.account.id == signed_up.account_id


def _other_lead(db, lee):
    from assessments.store.unit_of_work import UnitOfWork

    with UnitOfWork(db) as uow:
        return next(m for m in uow.task_forces.list_members(lee.task_force_id) if m.is_lead and m.id != lee.id)


def test_failures_are_also_counted_per_client_address(db, signed_up):
    for attempt in range(50):
        with pytest.raises(NotAllowed):
            accounts.sign_in(db, f"guess{attempt}@county.example", "nothing", client="203.0.113.9",
                             now=T0 + timedelta(seconds=attempt))
    with pytest.raises(NotAllowed):
        accounts.sign_in(db, "lee@county.example", PASSWORD, client="203.0.113.9", now=T0 + timedelta(minutes=1))
    # Another address is not affected.
    accounts.sign_in(db, "lee@county.example", PASSWORD, client="198.51.100.7", now=T0 + timedelta(minutes=1))


def test_a_session_ends_after_eight_idle_hours_and_after_seven_days_in_any_case(db, signed_up):
    token = accounts.sign_in(db, "lee@county.example", PASSWORD, now=T0).token
    assert accounts.session_account(db, token, now=T0 + SESSION_IDLE - timedelta(seconds=1))
    assert accounts.session_account(db, token, now=T0 + SESSION_IDLE - timedelta(seconds=1) + SESSION_IDLE) is None

    token = accounts.sign_in(db, "lee@county.example", PASSWORD, now=T0).token
    now = T0
    while now < T0 + SESSION_ABSOLUTE - timedelta(hours=4):
        now += timedelta(hours=4)
        assert accounts.session_account(db, token, now=now) is not None
    assert accounts.session_account(db, token, now=T0 + SESSION_ABSOLUTE) is None


def test_sign_out_and_a_password_change_end_sessions(db, signed_up):
    first = accounts.sign_in(db, "lee@county.example", PASSWORD, now=T0).token
    second = accounts.sign_in(db, "lee@county.example", PASSWORD, now=T0).token
    accounts.sign_out(db, first, now=T0)
    assert accounts.session_account(db, first, now=T0) is None
    assert accounts.session_account(db, second, now=T0) is not None

    with pytest.raises(NotAllowed):
        accounts.change_password(db, signed_up.actor, "not the password", "a brand new passphrase", now=T0)
    with pytest.raises(DomainError, match="at least 12"):
        accounts.change_password(db, signed_up.actor, PASSWORD, "short", now=T0)
    accounts.change_password(db, signed_up.actor, PASSWORD, "a brand new passphrase", now=T0)
    assert accounts.session_account(db, second, now=T0) is None
    with pytest.raises(NotAllowed):
        accounts.sign_in(db, "lee@county.example", PASSWORD, now=T0)
    accounts.sign_in(db, "lee@county.example", "a brand new passphrase", now=T0)


def test_a_removed_members_session_ends_at_their_next_action(db, task_force, signed_up):
    member = make_member(db, task_force, "Mo Member", email="mo@county.example")
    link = team.new_link(db, signed_up.actor, task_force.id, member.id, now=T0)
    token = accounts.accept_link(db, link.token, PASSWORD, now=T0).token
    assert accounts.session_account(db, token, now=T0) is not None
    team.remove_member(db, signed_up.actor, task_force.id, member.id, now=T0)
    assert accounts.session_account(db, token, now=T0) is None
    assert accounts.my_task_forces(db, member.actor) == []


def test_the_first_administrator_is_created_once_in_the_app(db):
    assert accounts.needs_administrator(db)
    with pytest.raises(DomainError, match="at least 12"):
        accounts.create_first_administrator(db, "ada@county.example", "short", "Ada", now=T0)
    with pytest.raises(DomainError, match="common passwords"):
        accounts.create_first_administrator(db, "ada@county.example", "password1234", "Ada", now=T0)
    created = accounts.create_first_administrator(db, "ada@county.example", PASSWORD, "Ada", now=T0)
    assert created.account.is_admin and not accounts.needs_administrator(db)
    with pytest.raises(NotAllowed, match="set up already"):
        accounts.create_first_administrator(db, "eve@county.example", PASSWORD, "Eve", now=T0)
    # The command line may add another, or make an existing account one.
    assert accounts.create_administrator(db, "it@county.example", PASSWORD, "IT", now=T0).account.is_admin


def test_nobody_can_claim_an_installation_whose_task_forces_the_host_made_from_the_command_line(db):
    frameworks.install_bundled_frameworks(db)
    installation.create_task_force_from_command_line(db, "Real Task Force", "Real County", "r@real.example", "R", "labor")
    assert not accounts.needs_administrator(db)
    with pytest.raises(NotAllowed, match="set up already"):
        accounts.create_first_administrator(db, "stranger@elsewhere.example", PASSWORD, "Stranger", now=T0)


def test_the_administrator_creates_a_task_force_whose_lead_signs_in_through_the_link(db, admin):
    frameworks.install_bundled_frameworks(db)  # as the app does at start
    created = installation.create_task_force(
        db, admin.actor, "North Valley Task Force", "North Valley County", "Lead@NorthValley.example", "Nia Lead",
        "victim_services", now=T0,
    )
    assert created.lead_link is not None
    info = accounts.link_info(db, created.lead_link.token, now=T0)
    assert (info.email, info.role, info.task_force_name) == ("lead@northvalley.example", Role.LEAD, "North Valley Task Force")
    signed = accounts.accept_link(db, created.lead_link.token, PASSWORD, "Nia Lead", now=T0)
    [(membership, task_force)] = accounts.my_task_forces(db, signed.account.actor)
    assert membership.is_lead and task_force.name == "North Valley Task Force"
    # The administrator is not a member: no task force data for them.
    assert accounts.my_task_forces(db, admin.actor) == []
    with pytest.raises(NotAllowed):
        team.team_status(db, admin.actor, task_force.id)
    with pytest.raises(DomainError, match="already exists"):
        installation.create_task_force(db, admin.actor, "North Valley Task Force", "x", "b@x.example", "B", "labor")


def test_an_unknown_email_from_single_sign_on_is_refused_plainly(db, signed_up):
    with pytest.raises(NotAllowed, match="no Waypoint account"):
        accounts.sign_in_verified_email(db, "stranger@county.example", "test", now=T0)
    assert accounts.sign_in_verified_email(db, "LEE@county.example", "test", now=T0).account.id == signed_up.account_id
