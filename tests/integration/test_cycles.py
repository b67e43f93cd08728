"""The lead opens, closes and reopens quarterly cycles, one open at a time."""

from __future__ import annotations

from datetime import date

import pytest

from assessments.domain.model import CycleStatus, Discipline, DomainError, NotAllowed, Role
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import cycles, questionnaire
from tests.conftest import make_member, make_task_force, snapshot


@pytest.fixture
def lead(db, task_force):
    return make_member(db, task_force, "Dana", role=Role.LEAD)


@pytest.fixture
def member(db, task_force):
    return make_member(db, task_force, "Aisha", Discipline.VICTIM_SERVICES)


def test_a_lead_opens_closes_and_reopens_a_cycle(any_db, framework):
    task_force = make_task_force(any_db, framework)
    lead = make_member(any_db, task_force, "Dana", role=Role.LEAD)
    cycle = cycles.open_cycle(any_db, lead.actor, task_force.id, "2026-Q3")
    assert cycle.is_open and cycle.closed_at is None

    closed = cycles.close_cycle(any_db, lead.actor, cycle.id)
    assert closed.status is CycleStatus.CLOSED and closed.closed_at is not None

    reopened = cycles.reopen_cycle(any_db, lead.actor, cycle.id)
    assert reopened.is_open and reopened.closed_at is None
    assert [c.label for c in cycles.list_cycles(any_db, lead.actor, task_force.id)] == ["2026-Q3"]


def test_the_proposed_label_is_todays_quarter_or_the_first_unused_one_after_it(db, task_force, lead):
    assert cycles.proposed_label(db, lead.actor, task_force.id, today=date(2026, 11, 23)) == "2026-Q4"
    cycles.close_cycle(db, lead.actor, cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q4").id)
    assert cycles.proposed_label(db, lead.actor, task_force.id, today=date(2026, 11, 23)) == "2027-Q1"
    assert cycles.proposed_label(db, lead.actor, task_force.id, today=date(2027, 2, 1)) == "2027-Q1"


def test_only_one_cycle_is_open_at_a_time(db, task_force, lead):
    first = cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q3")
    with pytest.raises(DomainError, match="2026-Q3 is still open"):
        cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q4")
    cycles.close_cycle(db, lead.actor, first.id)
    second = cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q4")
    with pytest.raises(DomainError, match="2026-Q4 is open; close it before reopening 2026-Q3"):
        cycles.reopen_cycle(db, lead.actor, first.id)
    cycles.close_cycle(db, lead.actor, second.id)
    assert cycles.reopen_cycle(db, lead.actor, first.id).is_open


def test_the_close_summary_counts_members_who_have_not_submitted(db, task_force, lead, member):
    cycle = cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q4")
    make_member(db, task_force, "Marcus")  # answers nothing
    questionnaire.record_answer(db, member.actor, cycle.id, "IF-1", 3)
    questionnaire.record_answer(db, lead.actor, cycle.id, "IF-1", 2)
    with UnitOfWork(db, writes=True) as uow:
        uow.cycles.add_submission(cycle.id, lead.id)
        uow.changed(cycle.task_force_id)
        uow.commit()

    summary = cycles.close_cycle_summary(db, lead.actor, cycle.id)

    assert (summary.members, summary.submitted, summary.not_submitted) == (3, 1, 2)
    assert summary.answered_not_submitted == 1  # Aisha answered; Marcus did nothing
    assert "2 of 3 members have not submitted" in summary.message


def test_the_close_summary_says_when_everyone_has_submitted(db, task_force, lead):
    cycle = cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q4")
    with UnitOfWork(db, writes=True) as uow:
        uow.cycles.add_submission(cycle.id, lead.id)
        uow.changed(cycle.task_force_id)
        uow.commit()
    assert cycles.close_cycle_summary(db, lead.actor, cycle.id).message.startswith("All 1 members have submitted")


def test_reopening_keeps_answers_and_submissions(db, task_force, lead, member):
    cycle = cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q4")
    questionnaire.record_answer(db, member.actor, cycle.id, "IF-1", 3, "MOU signed")
    with UnitOfWork(db, writes=True) as uow:
        uow.cycles.add_submission(cycle.id, member.id)
        uow.changed(cycle.task_force_id)
        uow.commit()
    cycles.close_cycle(db, lead.actor, cycle.id)
    cycles.reopen_cycle(db, lead.actor, cycle.id)
    assert [(a.stage, a.note) for a in questionnaire.my_answers(db, member.actor, cycle.id)] == [(3, "MOU signed")]
    assert cycles.close_cycle_summary(db, lead.actor, cycle.id).submitted == 1
    questionnaire.record_answer(db, member.actor, cycle.id, "IF-1", 4)


@pytest.mark.parametrize(
    "use_case, message",
    [
        (lambda db, lead, c: cycles.open_cycle(db, lead.actor, lead.task_force_id, "2026-Q4"), "2026-Q4 already exists"),
        (lambda db, lead, c: cycles.open_cycle(db, lead.actor, lead.task_force_id, "2026/4"), "YYYY-QN"),
        (lambda db, lead, c: cycles.close_cycle(db, lead.actor, c["closed"].id), "already closed"),
        (lambda db, lead, c: cycles.reopen_cycle(db, lead.actor, c["open"].id), "already open"),
        (lambda db, lead, c: cycles.reopen_cycle(db, lead.actor, c["closed"].id), "close it before reopening"),
        (lambda db, lead, c: cycles.close_cycle(db, lead.actor, 9999), "not one of your task force's"),
    ],
)
def test_a_refused_cycle_action_changes_nothing(db, task_force, lead, use_case, message):
    closed = cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q4")
    cycles.close_cycle(db, lead.actor, closed.id)
    opened = cycles.open_cycle(db, lead.actor, task_force.id, "2027-Q1")
    before = snapshot(db)
    with pytest.raises(DomainError, match=message):
        use_case(db, lead, {"open": opened, "closed": closed})
    assert snapshot(db) == before


LEAD_USE_CASES = [
    lambda db, who, c: cycles.open_cycle(db, who, c["task_force_id"], "2027-Q1"),
    lambda db, who, c: cycles.close_cycle(db, who, c["open"].id),
    lambda db, who, c: cycles.close_cycle_summary(db, who, c["open"].id),
    lambda db, who, c: cycles.reopen_cycle(db, who, c["closed"].id),
    lambda db, who, c: cycles.proposed_label(db, who, c["task_force_id"]),
]
LEAD_IDS = ["open", "close", "close summary", "reopen", "proposed label"]


@pytest.fixture
def two_cycles(db, task_force, lead):
    closed = cycles.close_cycle(db, lead.actor, cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q3").id)
    opened = cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q4")
    return {"open": opened, "closed": closed, "task_force_id": task_force.id}


@pytest.mark.parametrize("role", [Role.MEMBER, Role.FUNDER])
@pytest.mark.parametrize("use_case", LEAD_USE_CASES, ids=LEAD_IDS)
def test_a_member_or_funder_who_is_not_a_lead_is_refused(db, task_force, two_cycles, use_case, role):
    who = make_member(db, task_force, "Not a lead", Discipline.VICTIM_SERVICES, role=role)
    before = snapshot(db)
    with pytest.raises(NotAllowed, match="Only a lead of this task force"):
        use_case(db, who.actor, two_cycles)
    assert snapshot(db) == before


@pytest.mark.parametrize("use_case", LEAD_USE_CASES, ids=LEAD_IDS)
def test_a_lead_of_another_task_force_and_a_signed_out_actor_are_refused(db, framework, two_cycles, use_case):
    other_lead = make_member(db, make_task_force(db, framework, "Other"), "Olga", role=Role.LEAD)
    before = snapshot(db)
    for who in (other_lead.actor, None):
        with pytest.raises(NotAllowed):
            use_case(db, who, two_cycles)
    assert snapshot(db) == before


@pytest.mark.parametrize("role", [Role.LEAD, Role.MEMBER, Role.FUNDER])
def test_every_role_of_the_task_force_reads_its_cycles(db, task_force, two_cycles, role):
    who = make_member(db, task_force, "Reader", Discipline.HEALTH, role=role).actor
    opened, closed = two_cycles["open"], two_cycles["closed"]
    assert cycles.list_cycles(db, who, task_force.id) == [closed, opened]
    assert cycles.get_cycle(db, who, closed.id) == closed
    assert cycles.find_cycle(db, who, task_force.id, "2026-Q4") == opened
    assert cycles.open_cycle_of(db, who, task_force.id) == opened


@pytest.mark.parametrize(
    "read",
    [
        lambda db, who, c: cycles.list_cycles(db, who, c["task_force_id"]),
        lambda db, who, c: cycles.get_cycle(db, who, c["open"].id),
        lambda db, who, c: cycles.find_cycle(db, who, c["task_force_id"], "2026-Q4"),
        lambda db, who, c: cycles.open_cycle_of(db, who, c["task_force_id"]),
        lambda db, who, c: cycles.get_cycle(db, who, 9999),
    ],
    ids=["list", "get", "find", "open cycle of", "unknown id"],
)
def test_a_member_of_another_task_force_and_a_signed_out_actor_cannot_read_the_cycles(db, framework, two_cycles, read):
    outsider = make_member(db, make_task_force(db, framework, "Other"), "Olga")
    for who in (outsider.actor, None):
        with pytest.raises(NotAllowed):
            read(db, who, two_cycles)


def test_opening_closing_and_reopening_are_in_the_audit_trail(db, task_force, lead):
    cycle = cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q4")
    cycles.close_cycle(db, lead.actor, cycle.id)
    cycles.reopen_cycle(db, lead.actor, cycle.id)
    with UnitOfWork(db) as uow:
        events = list(reversed(uow.audit.events(task_force.id)))
    assert [(e.action, e.detail, e.account_id) for e in events] == [
        ("cycle opened", "2026-Q4", lead.account_id),
        ("cycle closed", "2026-Q4", lead.account_id),
        ("cycle reopened", "2026-Q4", lead.account_id),
    ]


def test_the_close_summary_does_not_count_funders(db, task_force, lead):
    cycle = cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q4")
    make_member(db, task_force, "Funder", None, role=Role.FUNDER)
    assert cycles.close_cycle_summary(db, lead.actor, cycle.id).members == 1


def test_a_lead_whose_role_was_taken_away_is_refused_at_once(db, task_force, lead):
    with UnitOfWork(db, writes=True) as uow:
        uow.task_forces.set_role(lead.id, Role.MEMBER, lead.discipline)
        uow.changed(task_force.id)
        uow.commit()
    assert lead.is_lead  # the object the page still holds says lead; the database says otherwise
    with pytest.raises(NotAllowed):
        cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q4")


def test_the_cycle_management_functions_without_an_actor_are_host_only():
    assert cycles.open_cycle_unchecked.__host_only__
    assert cycles.close_cycle_unchecked.__host_only__
