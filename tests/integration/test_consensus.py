"""The consensus meeting: the lead records an agreed stage, which then is the element's score."""

from __future__ import annotations

import pytest

from assessments.domain.model import Discipline, DomainError, NotAllowed, NotFound, Role
from assessments.domain.scoring import ScoreSource
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import consensus, cycles, questionnaire, results, task_forces
from tests.conftest import make_member, make_task_force, snapshot


def task_force_of(db: Database, cycle):
    with UnitOfWork(db) as uow:
        return uow.task_forces.get_task_force(cycle.task_force_id)


@pytest.fixture
def meeting(any_db: Database, framework):
    """A task force with a lead, and three law-enforcement members, one prosecutor and two victim-service
    providers who answered IF-1: law enforcement and the rest each reach the threshold of 3."""
    task_force = make_task_force(any_db, framework)
    lead = make_member(any_db, task_force, "Dana", role=Role.LEAD)
    officers = [make_member(any_db, task_force, f"Officer {n}") for n in range(3)]
    prosecutor = make_member(any_db, task_force, "Prosecutor", Discipline.PROSECUTION)
    cycle = cycles.open_cycle_unchecked(any_db, task_force.id, "2026-Q4")
    for officer, stage, note in zip(officers, [2, 2, 4], ["MOU signed in May", "", "Used in <3> cases & more"]):
        questionnaire.record_answer(any_db, officer.actor, cycle.id, "IF-1", stage, note)
    questionnaire.record_answer(any_db, prosecutor.actor, cycle.id, "IF-1", 3, "Only the county office knows the protocol")
    for name in ("Advocate 1", "Advocate 2"):
        advocate = make_member(any_db, task_force, name, Discipline.VICTIM_SERVICES)
        questionnaire.record_answer(any_db, advocate.actor, cycle.id, "IF-1", 3)
    return any_db, lead, officers, prosecutor, cycle


def test_a_recorded_consensus_round_trips_and_clearing_it_brings_the_median_back(meeting):
    db, lead, _, _, cycle = meeting
    recorded = consensus.record_consensus(db, lead.actor, cycle.id, "IF-1", 4, "  Protocol used in every case we reviewed  ")
    assert (recorded.stage, recorded.rationale, recorded.recorded_by) == (4, "Protocol used in every case we reviewed", lead.id)
    assert consensus.recorded_consensus(db, lead.actor, cycle.id) == [recorded]
    consensus.clear_consensus(db, lead.actor, cycle.id, "IF-1")
    assert consensus.recorded_consensus(db, lead.actor, cycle.id) == []
    assert results.cycle_scores(db, lead.actor, cycle.id).element("IF-1").source is ScoreSource.MEDIAN


def test_consensus_overrides_the_median_in_the_cycle_scores(meeting):
    db, lead, _, _, cycle = meeting
    assert results.cycle_scores(db, lead.actor, cycle.id).element("IF-1").score == 3.0
    consensus.record_consensus(db, lead.actor, cycle.id, "IF-1", 4, "Agreed after reviewing the case files")
    scores = results.cycle_scores(db, lead.actor, cycle.id)
    element = scores.element("IF-1")
    assert (element.score, element.source, element.median, element.answers) == (4.0, ScoreSource.CONSENSUS, 3.0, 6)
    assert scores.function("IF").score == 4.0


def test_recording_again_replaces_the_agreed_stage(meeting):
    db, lead, _, _, cycle = meeting
    consensus.record_consensus(db, lead.actor, cycle.id, "IF-1", 4, "First view")
    consensus.record_consensus(db, lead.actor, cycle.id, "IF-1", 3, "Second view")
    (only,) = consensus.recorded_consensus(db, lead.actor, cycle.id)
    assert (only.stage, only.rationale) == (3, "Second view")


def test_a_member_who_is_not_the_lead_is_refused_and_nothing_changes(meeting):
    db, lead, officers, _, cycle = meeting
    consensus.record_consensus(db, lead.actor, cycle.id, "IF-2", 2, "Agreed")
    before = snapshot(db)
    with pytest.raises(NotAllowed, match="Only a lead of this task force"):
        consensus.record_consensus(db, officers[0].actor, cycle.id, "IF-1", 5, "I say so")
    with pytest.raises(NotAllowed):
        consensus.clear_consensus(db, officers[0].actor, cycle.id, "IF-2")
    with pytest.raises(NotAllowed):
        consensus.element_review(db, officers[0].actor, cycle.id, "IF-1")
    assert snapshot(db) == before


def test_the_lead_of_another_task_force_is_refused(meeting, framework):
    db, _, _, _, cycle = meeting
    other = make_task_force(db, framework, name="Other Task Force")
    other_lead = make_member(db, other, "Other lead", role=Role.LEAD)
    before = snapshot(db)
    with pytest.raises(NotAllowed):
        consensus.record_consensus(db, other_lead.actor, cycle.id, "IF-1", 3, "Not ours")
    with pytest.raises(NotAllowed):
        consensus.recorded_consensus(db, other_lead.actor, cycle.id)
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "use_case",
    [
        lambda db, who, cycle_id: consensus.record_consensus(db, who, cycle_id, "IF-1", 3, "Agreed"),
        lambda db, who, cycle_id: consensus.clear_consensus(db, who, cycle_id, "IF-2"),
        lambda db, who, cycle_id: consensus.element_review(db, who, cycle_id, "IF-1"),
        lambda db, who, cycle_id: consensus.recorded_consensus(db, who, cycle_id),
    ],
    ids=["record", "clear", "element review", "recorded"],
)
def test_a_member_of_another_task_force_and_a_signed_out_actor_are_refused(meeting, framework, use_case):
    db, lead, _, _, cycle = meeting
    consensus.record_consensus(db, lead.actor, cycle.id, "IF-2", 2, "Agreed")
    outsider = make_member(db, make_task_force(db, framework, name="Other Task Force"), "Outsider")
    before = snapshot(db)
    for who in (outsider.actor, None):
        with pytest.raises(NotAllowed):
            use_case(db, who, cycle.id)
    with pytest.raises(NotAllowed):
        use_case(db, lead.actor, 9999)  # an unknown cycle is refused like another task force's
    assert snapshot(db) == before


@pytest.mark.parametrize("role", [Role.MEMBER, Role.FUNDER])
def test_members_and_funders_read_the_agreed_stages_but_do_not_record_them(meeting, role):
    db, lead, _, _, cycle = meeting
    recorded = consensus.record_consensus(db, lead.actor, cycle.id, "IF-1", 4, "Agreed")
    reader = make_member(db, task_force_of(db, cycle), "Reader", Discipline.HEALTH, role=role)
    assert consensus.recorded_consensus(db, reader.actor, cycle.id) == [recorded]
    with pytest.raises(NotAllowed, match="Only a lead"):
        consensus.record_consensus(db, reader.actor, cycle.id, "IF-1", 2, "Changed my mind")


def test_recording_and_clearing_are_in_the_audit_trail_without_the_rationale(meeting):
    db, lead, _, _, cycle = meeting
    consensus.record_consensus(db, lead.actor, cycle.id, "IF-1", 4, "A rationale that stays out of the trail")
    consensus.clear_consensus(db, lead.actor, cycle.id, "IF-1")
    with UnitOfWork(db) as uow:
        events = list(reversed(uow.audit.events(cycle.task_force_id)))
    assert [(e.action, e.detail, e.account_id) for e in events] == [
        ("consensus recorded", "2026-Q4: element IF-1 -> stage 4", lead.account_id),
        ("consensus cleared", "2026-Q4: element IF-1", lead.account_id),
    ]


@pytest.mark.parametrize(
    "element_id, stage, rationale, message",
    [
        pytest.param("IF-1", 4, "", "one-line rationale", id="empty rationale"),
        pytest.param("IF-1", 4, "   ", "one-line rationale", id="blank rationale"),
        pytest.param("IF-1", 4, "first line\nsecond line", "one line", id="two lines"),
        pytest.param("IF-1", 4, "x" * 501, "501 characters", id="rationale over 500 characters"),
        pytest.param("IF-1", 6, "Agreed", "Stage 6 does not exist", id="stage 6"),
        pytest.param("IF-1", 0, "Agreed", "Stage 0 does not exist", id="stage 0"),
        pytest.param("XX-9", 3, "Agreed", "not part of the framework", id="element outside the framework"),
    ],
)
def test_refused_input_says_what_to_fix_and_changes_nothing(meeting, element_id, stage, rationale, message):
    db, lead, _, _, cycle = meeting
    consensus.record_consensus(db, lead.actor, cycle.id, "IF-2", 2, "Already agreed")
    before = snapshot(db)
    with pytest.raises(DomainError, match=message):
        consensus.record_consensus(db, lead.actor, cycle.id, element_id, stage, rationale)
    assert snapshot(db) == before


def test_a_rationale_of_exactly_500_characters_in_any_script_is_kept_as_typed(meeting):
    db, lead, _, _, cycle = meeting
    rationale = ("Đồng thuận <b>& Согласие " * 30)[:500].strip()
    assert consensus.record_consensus(db, lead.actor, cycle.id, "IF-1", 3, rationale).rationale == rationale


def test_clearing_a_consensus_that_was_never_recorded_says_so_and_changes_nothing(meeting):
    db, lead, _, _, cycle = meeting
    before = snapshot(db)
    with pytest.raises(NotFound, match="nothing to clear"):
        consensus.clear_consensus(db, lead.actor, cycle.id, "IF-1")
    assert snapshot(db) == before


def test_consensus_can_be_recorded_after_the_cycle_closed(meeting):
    db, lead, _, _, cycle = meeting
    cycles.close_cycle_unchecked(db, cycle.id)
    consensus.record_consensus(db, lead.actor, cycle.id, "IF-1", 3, "Meeting held after the quarter closed")
    assert results.cycle_scores(db, lead.actor, cycle.id).element("IF-1").source is ScoreSource.CONSENSUS


def test_the_element_review_gives_the_distribution_and_anonymous_notes(meeting):
    db, lead, officers, prosecutor, cycle = meeting
    review = consensus.element_review(db, lead.actor, cycle.id, "IF-1")
    assert review.score.distribution == {1: 0, 2: 2, 3: 3, 4: 1, 5: 0}
    assert [n.text for n in review.notes] == [
        "MOU signed in May", "Only the county office knows the protocol", "Used in <3> cases & more",
    ]
    # Law enforcement has 3 answers and the rest 3, so its notes say so; the lone prosecutor's note does not.
    by_text = {n.text: n for n in review.notes}
    assert by_text["MOU signed in May"].discipline == "Law enforcement"
    assert by_text["Only the county office knows the protocol"].discipline is None
    assert "discipline not shown" in by_text["Only the county office knows the protocol"].attribution
    shown = " ".join(n.model_dump_json() for n in review.notes)
    assert not any(m.name in shown for m in [*officers, prosecutor])
    assert {g.group: g.median for g in review.groups} == {"law_enforcement": 2.0}


def test_the_element_review_withholds_what_fewer_than_k_answers_would_show(meeting):
    db, lead, _, _, cycle = meeting
    task_forces.set_thresholds(db, lead.actor, cycle.task_force_id, 7)
    review = consensus.element_review(db, lead.actor, cycle.id, "IF-1")
    assert review.score.withheld and review.score.distribution is None and review.score.median is None
    assert review.groups == () and review.notes == () and review.notes_withheld
    task_forces.set_thresholds(db, lead.actor, cycle.task_force_id, 3, 7)
    review = consensus.element_review(db, lead.actor, cycle.id, "IF-1")
    # Six answers reach k = 3 for the figures, but not k_notes = 7 for the notes.
    assert review.score.median == 3.0 and review.notes == () and review.notes_withheld
