"""The questionnaire and team pages through AppTest, on a copy of the demo database."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assessments.domain.model import NOTE_MAX_CHARS, Discipline
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import accounts, cycles, demo, questionnaire
from tests.ui.conftest import ROOT, TIMEOUT, app, demo_member

PAGE = "ui/questionnaire.py"
NOTE = "<script>alert('x')</script> Biên bản họp ngày 3/10 & thỏa thuận hợp tác đã ký."


@pytest.fixture
def aisha(demo_db):
    """Aisha, starting the open quarter with nothing answered yet."""
    member = demo_member(demo_db, "Aisha Karimi")
    cycle = cycles.open_cycle_of(demo_db, member.actor, member.task_force_id)
    with UnitOfWork(demo_db, writes=True) as uow:
        for answer in uow.cycles.member_answers(cycle.id, member.id):
            uow.cycles.delete_answer(cycle.id, member.id, answer.element_id)
        uow.changed(cycle.task_force_id)
        uow.commit()
    return member


@pytest.fixture
def lead(demo_db):
    return demo_member(demo_db, "Dana Whitfield")


@pytest.fixture
def cycle(demo_db, aisha):
    return cycles.open_cycle_of(demo_db, aisha.actor, aisha.task_force_id)


def stage(at, cycle, element_id):
    return at.radio(key=f"q-stage-{cycle.id}-{element_id}")


def note(at, cycle, element_id):
    return at.text_area(key=f"q-note-{cycle.id}-{element_id}")


def saved(db, member, cycle):
    return {a.element_id: a for a in questionnaire.my_answers(db, member.actor, cycle.id)}


def test_three_answers_are_saved_at_once_and_a_new_session_restores_them(demo_db, aisha, cycle):
    at = app(PAGE, aisha.id)
    stage(at, cycle, "IF-1").set_value(3).run()
    stage(at, cycle, "IF-2").set_value("dont_know").run()
    note(at, cycle, "IF-3").input(NOTE).run()
    at.run()
    assert not at.exception

    answers = saved(demo_db, aisha, cycle)
    assert answers["IF-1"].stage == 3
    assert answers["IF-2"].is_dont_know
    assert answers["IF-3"].note == NOTE and answers["IF-3"].is_dont_know

    fresh = app(PAGE, aisha.id)
    assert stage(fresh, cycle, "IF-1").value == 3
    assert stage(fresh, cycle, "IF-2").value == "dont_know"
    assert stage(fresh, cycle, "IF-3").value == "dont_know"
    assert note(fresh, cycle, "IF-3").value == NOTE


def test_stage_options_carry_the_stage_name_and_descriptor_not_bare_numbers(demo_db, aisha, cycle):
    at = app(PAGE, aisha.id)
    options = stage(at, cycle, "IF-1").options
    assert options[0].startswith("**1 · Exploring:** ") and len(options[0]) > 60
    assert options[-1].startswith("**Don't know / not my area**")


def test_a_note_over_the_limit_is_refused_with_a_message_and_stays_in_the_box(demo_db, aisha, cycle):
    long_note = "Chứng cứ: " + "x" * NOTE_MAX_CHARS
    at = app(PAGE, aisha.id)
    stage(at, cycle, "IF-1").set_value(2).run()
    note(at, cycle, "IF-1").input(long_note).run()
    assert any("the limit is 5,000" in e.value and "Nothing was saved" in e.value for e in at.error)
    assert note(at, cycle, "IF-1").value == long_note
    assert saved(demo_db, aisha, cycle)["IF-1"].note == ""

    stage(at, cycle, "IF-1").set_value(4).run()
    assert saved(demo_db, aisha, cycle)["IF-1"].stage == 4
    assert note(at, cycle, "IF-1").value == long_note
    assert any("the limit is 5,000" in e.value for e in at.error)


def test_progress_shows_answered_over_total_per_function_and_overall(demo_db, aisha, cycle):
    at = app(PAGE, aisha.id)
    stage(at, cycle, "IF-1").set_value(3).run()
    texts = [p.proto.text for p in at.get("progress")]
    assert "Overall: 1 of 29 elements answered" in texts
    assert any(t.endswith(": 1 of 8 answered") for t in texts)


def test_submitting_locks_the_answers_shows_the_comparison_and_reopening_unlocks(demo_db, aisha, cycle):
    at = app(PAGE, aisha.id)
    stage(at, cycle, "IF-1").set_value(3).run()
    next(b for b in at.button if b.label == "Submit my answers").click().run()
    assert any("You submitted your answers" in s.value for s in at.success)
    assert stage(at, cycle, "IF-1").disabled
    assert any(e.label == "How your answers compare with the task force" for e in at.expander)

    next(b for b in at.button if b.label == "Reopen my answers").click().run()
    assert not stage(at, cycle, "IF-1").disabled
    assert saved(demo_db, aisha, cycle)["IF-1"].stage == 3


def test_a_change_from_a_second_tab_after_submitting_is_saved_and_reopens_the_answers(demo_db, aisha, cycle):
    second_tab = app(PAGE, aisha.id)
    questionnaire.save_answer(demo_db, aisha.actor, cycle.id, "IF-1", 3)
    questionnaire.submit_answers(demo_db, aisha.actor, cycle.id)
    stage(second_tab, cycle, "IF-2").set_value(2).run()
    assert saved(demo_db, aisha, cycle)["IF-2"].stage == 2
    assert any("answers are reopened" in w.value for w in second_tab.warning)
    assert not questionnaire.member_sheet(demo_db, aisha.actor, cycle.id).submitted


def test_a_closed_cycle_is_read_only_and_the_lead_is_sent_to_the_admin_page(demo_db, aisha, lead, cycle):
    cycles.close_cycle_unchecked(demo_db, cycle.id)
    at = app(PAGE, aisha.id)
    assert any("No assessment cycle is open" in i.value and "Admin" not in i.value for i in at.info)
    assert any(f"Cycle {cycle.label} closed" in i.value and "read-only" in i.value for i in at.info)
    assert all(r.disabled for r in at.radio) and all(t.disabled for t in at.text_area)
    assert not [b for b in at.button if b.label == "Submit my answers"]

    as_lead = app(PAGE, lead.id)
    assert any("open the next cycle on the Admin page" in i.value for i in as_lead.info)


def test_a_function_marked_not_relevant_is_offered_as_optional(demo_db, aisha, lead, cycle):
    questionnaire.set_function_relevance(demo_db, lead.actor, lead.task_force_id, Discipline.VICTIM_SERVICES, "CO", False)
    at = app(PAGE, aisha.id)
    picker = at.selectbox(key=f"q-function-{cycle.id}")
    assert any("Case Operations" in o and "optional for you" in o for o in picker.options)
    assert any("Overall: 0 of 22 elements answered" == p.proto.text for p in at.get("progress"))


def test_a_funder_opening_the_questionnaire_file_directly_is_turned_away(demo_db, cycle):
    # The router leaves the page out of a funder's menu, so run the page file itself.
    funder = demo_member(demo_db, demo.DEMO_FUNDER)
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=TIMEOUT)
    at.session_state["session_token"] = accounts.issue_session(demo_db, funder.account_id)
    at.session_state["task_force_id"] = funder.task_force_id
    at.run()
    assert not at.exception
    assert any("does not include this page" in w.value for w in at.warning)
    assert not at.radio and not [b for b in at.button if b.label == "Submit my answers"]


def test_the_next_function_button_shows_the_following_function_alone(demo_db, aisha, cycle):
    at = app(PAGE, aisha.id)
    next(b for b in at.button if b.label == "Next function: Case Operations").click().run()
    assert {r.key.rsplit("-", 2)[-2] for r in at.radio} == {"CO"}
    assert len(at.radio) == 7


def _element_id(label: str) -> str:
    return label.split(" · ")[0].replace("\\", "")  # the title is Markdown-escaped: "IF\\-1"


def _open_elements(at) -> list[str]:
    return [_element_id(e.label) for e in at.expander if e.proto.expanded]


def test_one_element_is_open_at_a_time_and_previous_and_next_move_it(demo_db, aisha, cycle):
    """On a phone a whole function is many screens; the questionnaire opens one element, the first
    the member has not answered, and Previous and Next inside it move to the neighbours."""
    at = app(PAGE, aisha.id)
    first_unanswered = _element_id(next(e for e in at.expander if "not answered" in e.label).label)
    assert _open_elements(at) == [first_unanswered]
    before = [e.label for e in at.expander]
    at.button(key=f"q-forward-{cycle.id}-{first_unanswered}").click().run()
    moved_to = _open_elements(at)
    assert len(moved_to) == 1 and moved_to != [first_unanswered]
    order = [_element_id(label) for label in before]
    assert order.index(moved_to[0]) == order.index(first_unanswered) + 1
    at.button(key=f"q-back-{cycle.id}-{moved_to[0]}").click().run()
    assert _open_elements(at) == [first_unanswered]


def test_each_element_title_says_where_it_is_and_what_the_member_answered(demo_db, aisha, cycle):
    at = app(PAGE, aisha.id)
    titles = [e.label for e in at.expander if _element_id(e.label).startswith("IF-")]
    assert len(titles) == 8 and _element_id(titles[0]) == "IF-1" and "(1 of 8, " in titles[0]
    stage(at, cycle, "IF-2").set_value(4).run()
    assert any(_element_id(e.label) == "IF-2" and e.label.endswith("(2 of 8, stage 4)") for e in at.expander)
