"""The lead's team: invites and their links, new links, roles, removals, the audit log."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from assessments.domain.accounts import LINK_LIFETIME
from assessments.domain.model import Discipline, DomainError, NotAllowed, Role
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import accounts, team
from tests.conftest import make_member, make_task_force

T0 = datetime(2026, 11, 23, 9, 0, 0)
PASSWORD = "a long and private passphrase"


@pytest.fixture
def lead(db, task_force):
    return make_member(db, task_force, "Lee Lead", role=Role.LEAD, email="lee@county.example")


def test_an_invite_link_works_once_and_signs_the_person_in(db, task_force, lead):
    link = team.invite(db, lead.actor, task_force.id, "Mo@County.example", "Mo Member", "member", "labor", now=T0)
    assert link.email == "mo@county.example"
    assert link.expires_at == T0 + LINK_LIFETIME
    signed = accounts.accept_link(db, link.token, PASSWORD, "Mo M.", now=T0 + timedelta(days=1))
    assert signed.account.display_name == "Mo M."
    [(membership, _)] = accounts.my_task_forces(db, signed.account.actor)
    assert (membership.role, membership.discipline) == (Role.MEMBER, Discipline.LABOR)
    with pytest.raises(NotAllowed, match="cannot be used"):
        accounts.accept_link(db, link.token, PASSWORD, now=T0 + timedelta(days=1))


def test_an_expired_invite_is_refused(db, task_force, lead):
    link = team.invite(db, lead.actor, task_force.id, "mo@county.example", "Mo", "member", "labor", now=T0)
    with pytest.raises(NotAllowed, match="cannot be used"):
        accounts.link_info(db, link.token, now=T0 + LINK_LIFETIME)
    with pytest.raises(NotAllowed, match="cannot be used"):
        accounts.accept_link(db, link.token, PASSWORD, now=T0 + LINK_LIFETIME + timedelta(seconds=1))


def test_a_revoked_invite_is_refused_and_the_invitee_leaves_the_team(db, task_force, lead):
    link = team.invite(db, lead.actor, task_force.id, "mo@county.example", "Mo", "member", "labor", now=T0)
    [pending] = team.team_status(db, lead.actor, task_force.id, now=T0).pending
    team.revoke_invite(db, lead.actor, task_force.id, pending.link.id, now=T0)
    with pytest.raises(NotAllowed, match="cannot be used"):
        accounts.accept_link(db, link.token, PASSWORD, now=T0)
    status = team.team_status(db, lead.actor, task_force.id, now=T0)
    assert [row.member.name for row in status.members] == ["Lee Lead"] and status.pending == ()


def test_a_new_link_replaces_the_old_one_and_a_reset_ends_old_sessions(db, task_force, lead):
    first = team.invite(db, lead.actor, task_force.id, "mo@county.example", "Mo", "member", "labor", now=T0)
    mo = next(r.member for r in team.team_status(db, lead.actor, task_force.id).members if r.member.name == "Mo")
    second = team.new_link(db, lead.actor, task_force.id, mo.id, now=T0)
    with pytest.raises(NotAllowed):
        accounts.accept_link(db, first.token, PASSWORD, now=T0)
    session = accounts.accept_link(db, second.token, PASSWORD, now=T0).token
    reset = team.new_link(db, lead.actor, task_force.id, mo.id, now=T0)
    assert reset.kind.value == "reset"
    accounts.accept_link(db, reset.token, "another long passphrase", now=T0)
    assert accounts.session_account(db, session, now=T0) is None


def test_a_member_carried_over_without_email_needs_one_for_a_link(db, task_force, lead):
    old = make_member(db, task_force, "Olga Old")
    with pytest.raises(DomainError, match="email"):
        team.new_link(db, lead.actor, task_force.id, old.id, now=T0)
    link = team.new_link(db, lead.actor, task_force.id, old.id, "olga@county.example", now=T0)
    assert link.kind.value == "invite" and link.email == "olga@county.example"


def test_funders_have_no_discipline_and_members_and_leads_need_one(db, task_force, lead):
    team.invite(db, lead.actor, task_force.id, "fay@fund.example", "Fay Funder", "funder", "labor", now=T0)
    fay = next(r.member for r in team.team_status(db, lead.actor, task_force.id).members if r.member.name == "Fay Funder")
    assert fay.role is Role.FUNDER and fay.discipline is None
    with pytest.raises(DomainError, match="discipline"):
        team.invite(db, lead.actor, task_force.id, "x@county.example", "X", "member", None, now=T0)


def test_removing_a_member_keeps_their_answers_and_a_task_force_keeps_a_lead(db, task_force, lead, framework):
    from assessments.usecases import cycles, questionnaire

    member = make_member(db, task_force, "Mo Member")
    cycle = cycles.open_cycle_unchecked(db, task_force.id, "2026-Q4")
    element = framework.elements[0].id
    questionnaire.save_answer(db, member.actor, cycle.id, element, 3)
    team.remove_member(db, lead.actor, task_force.id, member.id, now=T0)
    with UnitOfWork(db) as uow:
        assert [a.member_id for a in uow.cycles.cycle_answers(cycle.id)] == [member.id]
    with pytest.raises(NotAllowed):
        questionnaire.save_answer(db, member.actor, cycle.id, element, 4)
    with pytest.raises(DomainError, match="at least one lead"):
        team.remove_member(db, lead.actor, task_force.id, lead.id, now=T0)
    with pytest.raises(DomainError, match="at least one lead"):
        team.change_role(db, lead.actor, task_force.id, lead.id, "member", now=T0)
    # Invited again, they come back to the same membership.
    with UnitOfWork(db, writes=True) as uow:
        uow.accounts.set_email(member.account_id, "mo@county.example")
        uow.commit()
    assert team.invite(db, lead.actor, task_force.id, "mo@county.example", "Mo Member", "member", "ngo", now=T0) is not None


def test_a_role_change_counts_at_the_next_action(db, task_force, lead):
    co_lead = make_member(db, task_force, "Cora Colead", role=Role.LEAD)
    team.team_status(db, co_lead.actor, task_force.id)
    team.change_role(db, lead.actor, task_force.id, co_lead.id, "member", now=T0)
    with pytest.raises(NotAllowed):
        team.team_status(db, co_lead.actor, task_force.id)


def test_another_task_forces_lead_and_a_member_cannot_manage_the_team(db, task_force, lead, framework):
    other = make_task_force(db, framework, "Other Task Force")
    other_lead = make_member(db, other, "Oscar Other", role=Role.LEAD)
    member = make_member(db, task_force, "Mo Member")
    for actor in (other_lead.actor, member.actor, None):
        with pytest.raises(NotAllowed):
            team.invite(db, actor, task_force.id, "x@county.example", "X", "member", "labor")
        with pytest.raises(NotAllowed):
            team.remove_member(db, actor, task_force.id, member.id)
        with pytest.raises(NotAllowed):
            team.audit_log(db, actor, task_force.id)
    # A lead cannot reach another task force's member through their own task force.
    with pytest.raises(NotAllowed):
        team.remove_member(db, other_lead.actor, other.id, member.id)


def test_the_audit_log_records_who_did_what_and_each_lead_sees_only_their_own(db, task_force, lead, framework):
    link = team.invite(db, lead.actor, task_force.id, "mo@county.example", "Mo", "member", "labor", now=T0)
    accounts.accept_link(db, link.token, PASSWORD, now=T0)
    accounts.sign_in(db, "mo@county.example", PASSWORD, now=T0 + timedelta(minutes=1))
    with pytest.raises(NotAllowed):
        accounts.sign_in(db, "mo@county.example", "a wrong passphrase", now=T0 + timedelta(minutes=2))
    mo = next(r.member for r in team.team_status(db, lead.actor, task_force.id).members if r.member.name == "Mo")
    team.change_role(db, lead.actor, task_force.id, mo.id, "lead", now=T0 + timedelta(minutes=3))
    team.remove_member(db, lead.actor, task_force.id, mo.id, now=T0 + timedelta(minutes=4))
    events = team.audit_log(db, lead.actor, task_force.id)
    assert [(e.who, e.action) for e in reversed(events)] == [
        ("lee@county.example", "invited"),
        ("mo@county.example", "invite accepted"),
        ("mo@county.example", "signed in"),
        ("mo@county.example", "sign-in failed"),
        ("lee@county.example", "role changed"),
        ("lee@county.example", "member removed"),
    ]
    other = make_task_force(db, framework, "Other Task Force")
    other_lead = make_member(db, other, "Oscar Other", role=Role.LEAD)
    assert team.audit_log(db, other_lead.actor, other.id) == []


def test_removing_a_member_changes_no_score_and_no_discipline_group(db, task_force, lead, framework):
    from assessments.usecases import cycles, questionnaire, results

    cycle = cycles.open_cycle_unchecked(db, task_force.id, "2026-Q4")
    team_members = [make_member(db, task_force, f"Officer {i}", Discipline.LAW_ENFORCEMENT) for i in range(3)]
    team_members += [make_member(db, task_force, f"Advocate {i}", Discipline.VICTIM_SERVICES) for i in range(3)]
    for number, member in enumerate(team_members):
        for element in framework.elements:
            questionnaire.save_answer(db, member.actor, cycle.id, element.id, 1 + number % 5)
    before = (results.cycle_scores(db, lead.actor, cycle.id), results.cycle_breakdown(db, lead.actor, cycle.id),
              results.respondents_by_discipline(db, lead.actor, cycle.id))
    team.remove_member(db, lead.actor, task_force.id, team_members[0].id, now=T0)
    team.change_role(db, lead.actor, task_force.id, team_members[4].id, "funder", now=T0)
    after = (results.cycle_scores(db, lead.actor, cycle.id), results.cycle_breakdown(db, lead.actor, cycle.id),
             results.respondents_by_discipline(db, lead.actor, cycle.id))
    assert after == before
