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
    cycle = cycles.open_cycle(any_db, lead, "2026-Q3")
    assert cycle.is_open and cycle.closed_at is None

    closed = cycles.close_cycle(any_db, lead, cycle.id)
    assert closed.status is CycleStatus.CLOSED and closed.closed_at is not None

    reopened = cycles.reopen_cycle(any_db, lead, cycle.id)
    assert reopened.is_open and reopened.closed_at is None
    assert [c.label for c in cycles.list_cycles(any_db, task_force.id)] == ["2026-Q3"]


def test_the_proposed_label_is_todays_quarter_or_the_first_unused_one_after_it(db, task_force, lead):
    assert cycles.proposed_label(db, task_force.id, today=date(2026, 11, 23)) == "2026-Q4"
    cycles.close_cycle(db, lead, cycles.open_cycle(db, lead, "2026-Q4").id)
    assert cycles.proposed_label(db, task_force.id, today=date(2026, 11, 23)) == "2027-Q1"
    assert cycles.proposed_label(db, task_force.id, today=date(2027, 2, 1)) == "2027-Q1"


def test_only_one_cycle_is_open_at_a_time(db, task_force, lead):
    first = cycles.open_cycle(db, lead, "2026-Q3")
    with pytest.raises(DomainError, match="2026-Q3 is still open"):
        cycles.open_cycle(db, lead, "2026-Q4")
    cycles.close_cycle(db, lead, first.id)
    second = cycles.open_cycle(db, lead, "2026-Q4")
    with pytest.raises(DomainError, match="2026-Q4 is open; close it before reopening 2026-Q3"):
        cycles.reopen_cycle(db, lead, first.id)
    cycles.close_cycle(db, lead, second.id)
    assert cycles.reopen_cycle(db, lead, first.id).is_open


def test_the_close_summary_counts_members_who_have_not_submitted(db, task_force, lead, member):
    cycle = cycles.open_cycle(db, lead, "2026-Q4")
    make_member(db, task_force, "Marcus")  # answers nothing
    questionnaire.record_answer(db, member.id, cycle.id, "IF-1", 3)
    questionnaire.record_answer(db, lead.id, cycle.id, "IF-1", 2)
    with UnitOfWork(db) as uow:
        uow.cycles.add_submission(cycle.id, lead.id)
        uow.commit()

    summary = cycles.close_cycle_summary(db, lead, cycle.id)

    assert (summary.members, summary.submitted, summary.not_submitted) == (3, 1, 2)
    assert summary.answered_not_submitted == 1  # Aisha answered; Marcus did nothing
    assert "2 of 3 members have not submitted" in summary.message


def test_the_close_summary_says_when_everyone_has_submitted(db, task_force, lead):
    cycle = cycles.open_cycle(db, lead, "2026-Q4")
    with UnitOfWork(db) as uow:
        uow.cycles.add_submission(cycle.id, lead.id)
        uow.commit()
    assert cycles.close_cycle_summary(db, lead, cycle.id).message.startswith("All 1 members have submitted")


def test_reopening_keeps_answers_and_submissions(db, task_force, lead, member):
    cycle = cycles.open_cycle(db, lead, "2026-Q4")
    questionnaire.record_answer(db, member.id, cycle.id, "IF-1", 3, "MOU signed")
    with UnitOfWork(db) as uow:
        uow.cycles.add_submission(cycle.id, member.id)
        uow.commit()
    cycles.close_cycle(db, lead, cycle.id)
    cycles.reopen_cycle(db, lead, cycle.id)
    assert [(a.stage, a.note) for a in questionnaire.my_answers(db, member.id, cycle.id)] == [(3, "MOU signed")]
    assert cycles.close_cycle_summary(db, lead, cycle.id).submitted == 1
    questionnaire.record_answer(db, member.id, cycle.id, "IF-1", 4)


@pytest.mark.parametrize(
    "use_case, message",
    [
        (lambda db, lead, c: cycles.open_cycle(db, lead, "2026-Q4"), "2026-Q4 already exists"),
        (lambda db, lead, c: cycles.open_cycle(db, lead, "2026/4"), "YYYY-QN"),
        (lambda db, lead, c: cycles.close_cycle(db, lead, c["closed"].id), "already closed"),
        (lambda db, lead, c: cycles.reopen_cycle(db, lead, c["open"].id), "already open"),
        (lambda db, lead, c: cycles.reopen_cycle(db, lead, c["closed"].id), "close it before reopening"),
        (lambda db, lead, c: cycles.close_cycle(db, lead, 9999), "No cycle with id 9999"),
    ],
)
def test_a_refused_cycle_action_changes_nothing(db, lead, use_case, message):
    closed = cycles.open_cycle(db, lead, "2026-Q4")
    cycles.close_cycle(db, lead, closed.id)
    opened = cycles.open_cycle(db, lead, "2027-Q1")
    before = snapshot(db)
    with pytest.raises(DomainError, match=message):
        use_case(db, lead, {"open": opened, "closed": closed})
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "use_case",
    [
        lambda db, who, c: cycles.open_cycle(db, who, "2027-Q1"),
        lambda db, who, c: cycles.close_cycle(db, who, c["open"].id),
        lambda db, who, c: cycles.close_cycle_summary(db, who, c["open"].id),
        lambda db, who, c: cycles.reopen_cycle(db, who, c["closed"].id),
    ],
    ids=["open", "close", "close summary", "reopen"],
)
def test_a_member_who_is_not_the_lead_is_refused(db, task_force, lead, member, use_case):
    closed = cycles.open_cycle(db, lead, "2026-Q3")
    cycles.close_cycle(db, lead, closed.id)
    opened = cycles.open_cycle(db, lead, "2026-Q4")
    before = snapshot(db)
    with pytest.raises(NotAllowed, match="Only the task force lead"):
        use_case(db, member, {"open": opened, "closed": closed})
    assert snapshot(db) == before


def test_the_lead_of_another_task_force_cannot_close_this_ones_cycle(db, framework, task_force, lead):
    cycle = cycles.open_cycle(db, lead, "2026-Q4")
    other_lead = make_member(db, make_task_force(db, framework, "Other"), "Olga", role=Role.LEAD)
    before = snapshot(db)
    with pytest.raises(NotAllowed):
        cycles.close_cycle(db, other_lead, cycle.id)
    with pytest.raises(NotAllowed):
        cycles.close_cycle_summary(db, other_lead, cycle.id)
    assert snapshot(db) == before


def test_a_lead_object_from_before_a_role_change_is_checked_against_the_database(db, task_force, lead):
    demoted = lead.model_copy(update={"id": make_member(db, task_force, "Former lead").id})
    assert demoted.is_lead  # the stale copy still says lead
    with pytest.raises(NotAllowed):
        cycles.open_cycle(db, demoted, "2026-Q4")
