"""The member questionnaire's use cases, on real databases."""

from __future__ import annotations

import pytest

from assessments.domain.model import NOTE_MAX_CHARS, Discipline, DomainError, NotAllowed, Role
from assessments.domain.scoring import ScoreSource
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import cycles, questionnaire, team
from assessments.usecases.results import cycle_scores
from tests.conftest import make_member, make_task_force, snapshot


@pytest.fixture
def cycle(db, task_force):
    return cycles.open_cycle_unchecked(db, task_force.id, "2026-Q4")


@pytest.fixture
def aisha(db, task_force):
    return make_member(db, task_force, "Aisha", Discipline.VICTIM_SERVICES)


@pytest.fixture
def lead(db, task_force):
    return make_member(db, task_force, "Dana", Discipline.LAW_ENFORCEMENT, Role.LEAD)


def test_a_stage_and_a_dont_know_are_saved_and_dont_know_is_no_score(any_db, framework):
    task_force = make_task_force(any_db, framework)
    cycle = cycles.open_cycle_unchecked(any_db, task_force.id, "2026-Q4")
    member = make_member(any_db, task_force, "Aisha")
    questionnaire.save_answer(any_db, member.actor, cycle.id, "IF-1", 3, "MOU signed in May")
    questionnaire.save_answer(any_db, member.actor, cycle.id, "IF-2", None)
    sheet = questionnaire.member_sheet(any_db, member.actor, cycle.id)
    assert sheet.answers["IF-1"].stage == 3 and sheet.answers["IF-1"].note == "MOU signed in May"
    assert sheet.answers["IF-2"].is_dont_know
    score = cycle_scores(any_db, member.actor, cycle.id).element("IF-2")
    # One answer: the count of don't knows is withheld like any figure from fewer than 3 answers.
    assert (score.score, score.answers, score.dont_know) == (None, None, None)


def test_answering_a_closed_cycle_raises_the_domain_error_and_writes_nothing(db, cycle, aisha):
    questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-1", 2)
    cycles.close_cycle_unchecked(db, cycle.id)
    before = snapshot(db)
    with pytest.raises(DomainError, match="closed"):
        questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-1", 4)
    assert snapshot(db) == before


def test_a_5001_character_note_is_refused_and_nothing_is_saved(db, cycle, aisha):
    before = snapshot(db)
    with pytest.raises(DomainError, match="5,001 characters; the limit is 5,000"):
        questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-1", 3, "x" * (NOTE_MAX_CHARS + 1))
    assert snapshot(db) == before


def test_a_5000_character_note_in_any_script_is_kept_exactly_as_typed(any_db, framework):
    task_force = make_task_force(any_db, framework)
    cycle = cycles.open_cycle_unchecked(any_db, task_force.id, "2026-Q4")
    member = make_member(any_db, task_force, "Mai")
    note = "<script>alert(1)</script> & Thông dịch viên đã có mặt. 🙂 "
    note = (note * (NOTE_MAX_CHARS // len(note) + 1))[:NOTE_MAX_CHARS]
    questionnaire.save_answer(any_db, member.actor, cycle.id, "CO-1", 2, note)
    assert questionnaire.member_sheet(any_db, member.actor, cycle.id).answers["CO-1"].note == note


def test_submitting_marks_the_answers_final_and_reopening_keeps_every_answer(db, cycle, aisha):
    questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-1", 3, "note")
    submitted_at = questionnaire.submit_answers(db, aisha.actor, cycle.id)
    assert questionnaire.member_sheet(db, aisha.actor, cycle.id).submitted_at == submitted_at
    questionnaire.reopen_answers(db, aisha.actor, cycle.id)
    sheet = questionnaire.member_sheet(db, aisha.actor, cycle.id)
    assert not sheet.submitted and sheet.editable
    assert sheet.answers["IF-1"].stage == 3 and sheet.answers["IF-1"].note == "note"


def test_submitting_before_answering_anything_is_refused(db, cycle, aisha):
    before = snapshot(db)
    with pytest.raises(DomainError, match="answer at least one"):
        questionnaire.submit_answers(db, aisha.actor, cycle.id)
    assert snapshot(db) == before


def test_a_closed_cycle_can_be_neither_submitted_nor_reopened(db, cycle, aisha):
    questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-1", 3)
    questionnaire.submit_answers(db, aisha.actor, cycle.id)
    cycles.close_cycle_unchecked(db, cycle.id)
    before = snapshot(db)
    with pytest.raises(DomainError, match="closed"):
        questionnaire.reopen_answers(db, aisha.actor, cycle.id)
    with pytest.raises(DomainError, match="closed"):
        questionnaire.submit_answers(db, aisha.actor, cycle.id)
    assert snapshot(db) == before
    assert not questionnaire.member_sheet(db, aisha.actor, cycle.id).editable


def test_changing_an_answer_after_submitting_saves_it_and_withdraws_the_submission(db, cycle, aisha):
    questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-1", 3)
    questionnaire.submit_answers(db, aisha.actor, cycle.id)
    saved = questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-1", 4, "changed my mind")
    assert saved.reopened
    sheet = questionnaire.member_sheet(db, aisha.actor, cycle.id)
    assert sheet.answers["IF-1"].stage == 4 and not sheet.submitted
    assert not questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-2", 1).reopened


def test_progress_counts_answered_over_total_per_function_and_overall(db, cycle, aisha):
    questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-1", 3)
    questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-2", None)
    questionnaire.save_answer(db, aisha.actor, cycle.id, "CO-1", 2)
    progress = questionnaire.progress(db, aisha.actor, cycle.id)
    assert [(f.function_id, f.answered, f.total) for f in progress.functions] == [
        ("IF", 2, 2), ("CO", 1, 2), ("DR", 0, 2), ("PE", 0, 2),
    ]
    assert (progress.answered, progress.total) == (3, 8)


def test_a_function_marked_not_relevant_is_optional_and_left_out_of_the_overall_total(db, task_force, cycle, aisha, lead):
    questionnaire.set_function_relevance(db, lead.actor, task_force.id, Discipline.VICTIM_SERVICES, "CO", False)
    assert questionnaire.relevant_functions(db, aisha.actor, cycle.id) == ["IF", "DR", "PE"]
    questionnaire.save_answer(db, aisha.actor, cycle.id, "CO-1", 2)
    progress = questionnaire.progress(db, aisha.actor, cycle.id)
    assert (progress.answered, progress.total, progress.optional_answered) == (0, 6, 1)
    assert questionnaire.relevant_functions(db, lead.actor, cycle.id) == ["IF", "CO", "DR", "PE"]
    questionnaire.set_function_relevance(db, lead.actor, task_force.id, Discipline.VICTIM_SERVICES, "CO", True)
    assert questionnaire.relevant_functions(db, aisha.actor, cycle.id) == ["IF", "CO", "DR", "PE"]


@pytest.mark.parametrize(
    "who, discipline, function_id, error, message",
    [
        ("member", "victim_services", "CO", NotAllowed, "Only a lead of this task force"),
        ("lead", "astrologer", "CO", DomainError, "not a discipline"),
        ("lead", "victim_services", "XX", DomainError, "not part of the task force's framework"),
    ],
)
def test_a_refused_relevance_change_changes_nothing(db, task_force, cycle, aisha, lead, who, discipline, function_id, error, message):
    before = snapshot(db)
    asker = lead if who == "lead" else aisha
    with pytest.raises(error, match=message):
        questionnaire.set_function_relevance(db, asker.actor, task_force.id, discipline, function_id, False)
    assert snapshot(db) == before


def test_the_comparison_appears_only_after_submitting(db, cycle, aisha):
    questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-1", 3)
    with pytest.raises(NotAllowed, match="Submit your answers first"):
        questionnaire.member_comparison(db, aisha.actor, cycle.id)
    questionnaire.submit_answers(db, aisha.actor, cycle.id)
    rows = {r.element_id: r for r in questionnaire.member_comparison(db, aisha.actor, cycle.id)}
    assert rows["IF-1"].my_stage == 3 and rows["IF-2"].answered is False


def test_the_comparison_shows_the_median_from_three_answers_and_hides_it_below(db, task_force, cycle, aisha):
    bo, cy = make_member(db, task_force, "Bo"), make_member(db, task_force, "Cy")
    questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-1", 1)
    questionnaire.save_answer(db, bo.actor, cycle.id, "IF-1", 5)
    questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-2", 2)
    questionnaire.save_answer(db, bo.actor, cycle.id, "IF-2", 4)
    questionnaire.save_answer(db, cy.actor, cycle.id, "IF-2", 4)
    questionnaire.submit_answers(db, aisha.actor, cycle.id)
    rows = {r.element_id: r for r in questionnaire.member_comparison(db, aisha.actor, cycle.id)}
    assert rows["IF-1"].task_force_score is None and rows["IF-1"].answers is None
    assert "fewer than 3 answers" in rows["IF-1"].hidden_reason
    assert (rows["IF-2"].task_force_score, rows["IF-2"].source, rows["IF-2"].answers) == (4.0, ScoreSource.MEDIAN, 3)


def test_a_consensus_stage_is_shown_in_the_comparison_whatever_the_number_of_answers(db, cycle, aisha):
    questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-1", 2)
    with UnitOfWork(db, writes=True) as uow:
        uow.cycles.put_consensus(cycle.id, "IF-1", 3, "agreed", None)
        uow.changed(cycle.task_force_id)
        uow.commit()
    questionnaire.submit_answers(db, aisha.actor, cycle.id)
    row = next(r for r in questionnaire.member_comparison(db, aisha.actor, cycle.id) if r.element_id == "IF-1")
    assert (row.task_force_score, row.source) == (3.0, ScoreSource.CONSENSUS)


def test_no_service_function_hands_a_member_another_members_answers(db, task_force, cycle, aisha, lead):
    bo = make_member(db, task_force, "Bo")
    secret = "Bo's confidential note about case 4471"
    for element_id, stage in [("IF-1", 5), ("IF-2", 1), ("CO-1", 4)]:
        questionnaire.save_answer(db, bo.actor, cycle.id, element_id, stage, secret)
    questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-1", 2)
    questionnaire.submit_answers(db, aisha.actor, cycle.id)
    questionnaire.submit_answers(db, bo.actor, cycle.id)
    seen = [
        questionnaire.member_sheet(db, aisha.actor, cycle.id),
        questionnaire.progress(db, aisha.actor, cycle.id),
        questionnaire.relevant_functions(db, aisha.actor, cycle.id),
        questionnaire.member_comparison(db, aisha.actor, cycle.id),
        team.team_status(db, lead.actor, task_force.id),
        questionnaire.my_answers(db, aisha.actor, cycle.id),
    ]
    text = repr(seen)
    assert secret not in text
    assert "stage=5" not in text and "my_stage=5" not in text
    assert all(a.member_id == aisha.id for a in seen[0].answers.values())
    with pytest.raises(NotAllowed):
        team.team_status(db, aisha.actor, task_force.id)


@pytest.mark.parametrize(
    "use_case",
    [
        questionnaire.member_sheet, questionnaire.progress, questionnaire.relevant_functions,
        questionnaire.submit_answers, questionnaire.reopen_answers, questionnaire.member_comparison,
    ],
)
@pytest.mark.parametrize("who", ["outsider", "signed out", "funder"])
def test_a_member_of_another_task_force_a_signed_out_actor_and_a_funder_can_neither_read_nor_change_a_cycle(
    db, framework, task_force, cycle, aisha, use_case, who,
):
    questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-1", 3)
    questionnaire.submit_answers(db, aisha.actor, cycle.id)
    actor = {
        "outsider": lambda: make_member(db, make_task_force(db, framework, "Other"), "Outsider").actor,
        "signed out": lambda: None,
        "funder": lambda: make_member(db, task_force, "Fay Funder", None, Role.FUNDER).actor,
    }[who]()
    before = snapshot(db)
    with pytest.raises(NotAllowed):
        use_case(db, actor, cycle.id)
    assert snapshot(db) == before


@pytest.mark.parametrize("who", ["outsider", "signed out"])
def test_answers_and_the_relevance_table_are_refused_outside_the_task_force(db, framework, task_force, cycle, who):
    # Another task force's lead: a lead there, nothing here.
    actor = None if who == "signed out" else make_member(
        db, make_task_force(db, framework, "Other"), "Other Lead", Discipline.NGO, Role.LEAD).actor
    before = snapshot(db)
    with pytest.raises(NotAllowed):
        questionnaire.save_answer(db, actor, cycle.id, "IF-1", 3)
    with pytest.raises(NotAllowed):
        questionnaire.record_answer(db, actor, cycle.id, "IF-1", 3)
    with pytest.raises(NotAllowed):
        questionnaire.my_answers(db, actor, cycle.id)
    with pytest.raises(NotAllowed):
        questionnaire.function_relevance(db, actor, task_force.id)
    with pytest.raises(NotAllowed):
        questionnaire.set_function_relevance(db, actor, task_force.id, Discipline.NGO, "CO", False)
    assert snapshot(db) == before


def test_an_unknown_cycle_is_refused_like_another_task_forces(db, aisha):
    with pytest.raises(NotAllowed):
        questionnaire.member_sheet(db, aisha.actor, 999_999)


def test_the_team_status_says_who_submitted_in_the_open_cycle(db, task_force, cycle, aisha, lead):
    questionnaire.save_answer(db, aisha.actor, cycle.id, "IF-1", 3)
    questionnaire.submit_answers(db, aisha.actor, cycle.id)
    status = team.team_status(db, lead.actor, task_force.id)
    assert status.open_cycle == cycle
    assert {row.member.name: row.submitted_at is not None for row in status.members} == {"Aisha": True, "Dana": False}
