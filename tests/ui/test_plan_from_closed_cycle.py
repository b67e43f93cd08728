"""The plan on the day a new quarter opens, and the lead's own action, through AppTest on the demo."""

from __future__ import annotations

import pytest

from assessments.domain import plan_rules
from assessments.usecases import demo, planning
from tests.ui.conftest import app, demo_member, open_the_next_quarter
from ui.text import literal

PAGE = "ui/plan.py"
SUBMIT = "FormSubmitter:plan_actions_new_form-Add the action to the plan"


@pytest.fixture
def new_quarter(demo_db):
    return open_the_next_quarter(demo_db)


def test_on_the_day_a_quarter_opens_the_plan_plans_from_the_quarter_just_closed(demo_db, new_quarter):
    lead, closed, opened = new_quarter
    at = app(PAGE, lead.id)
    assert not at.exception and not at.error, at.error

    assert at.selectbox(key="plan_cycle").value.id == closed.id
    why = next(c.value for c in at.caption if c.value.startswith("Planning from"))
    assert literal(closed.label) in why and literal(opened.label) in why and "only 0 of" in why
    proposals = planning.proposals_for_cycle(demo_db, lead.actor, lead.task_force_id, closed.id)
    assert proposals and not planning.proposals_for_cycle(demo_db, lead.actor, lead.task_force_id, opened.id)
    offered = [c.label for c in at.checkbox if c.key.startswith("proposal_")]
    assert len(offered) == len(proposals) and literal(proposals[0].title) in offered[0]

    defaults = at.multiselect(key="default_targets")
    assert defaults.options, "no element offered for a default target"
    element_id = next(e for e in planning.element_standings(demo_db, lead.actor, lead.task_force_id, closed.id)
                      if f"{e} " in defaults.options[0])
    defaults.select(defaults.options[0]).run()
    at.button(key="save_default_targets").click().run()

    assert not at.exception and not at.error, at.error
    target = next(t for t in planning.list_targets(demo_db, lead.actor, lead.task_force_id) if t.element_id == element_id)
    stage = planning.element_standings(demo_db, lead.actor, lead.task_force_id, closed.id)[element_id].stage
    assert target.target_stage == plan_rules.default_target_stage(stage)
    assert target.by_cycle_label == plan_rules.quarter_after(closed.label, plan_rules.DEFAULT_QUARTERS_OUT)


def test_the_lead_may_still_plan_from_the_open_quarter_and_is_told_it_has_no_scores_yet(demo_db, new_quarter):
    lead, closed, opened = new_quarter
    at = app(PAGE, lead.id)
    at.selectbox(key="plan_cycle").select(opened).run()
    assert not at.exception
    why = next(c.value for c in at.caption if c.value.startswith("Planning from"))
    assert "as you chose" in why and literal(closed.label) in why
    assert not [c for c in at.checkbox if c.key.startswith("proposal_")]
    assert not at.multiselect(key="default_targets").options


def _actions(db, lead):
    return planning.list_actions(db, lead.actor, lead.task_force_id)


def test_an_own_action_without_its_element_says_so_and_saves_nothing(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    before = _actions(demo_db, lead)
    at = app(PAGE, lead.id)
    at.text_input(key="plan_actions_new_title").input("Train the desk officers on the referral form")
    at.button(key=SUBMIT).click().run()

    assert not at.exception
    assert [e.value for e in at.error] == ["Not added yet: " + literal("Choose the element it serves.") + " Nothing was saved."]
    assert _actions(demo_db, lead) == before


def test_an_own_action_without_a_title_or_an_owner_for_work_in_progress_names_each_problem(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    before = _actions(demo_db, lead)
    at = app(PAGE, lead.id)
    at.selectbox(key="plan_actions_new_element").select_index(2).run()
    at.selectbox(key="plan_actions_new_status").set_value("in progress")
    at.button(key=SUBMIT).click().run()

    assert not at.exception
    (message,) = [e.value for e in at.error]
    assert literal("Give the action a title.") in message and "Name an owner" in message
    assert message.endswith("Nothing was saved.")
    assert "Choose the element" not in message
    assert _actions(demo_db, lead) == before


def test_an_own_action_starts_from_its_element_and_joins_the_plan(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    before = len(_actions(demo_db, lead))
    at = app(PAGE, lead.id)
    element = at.selectbox(key="plan_actions_new_element")
    assert element.value is None and element.placeholder == "Choose the element first"
    element.select_index(0).run()
    assert any(c.value.startswith("Now at ") for c in at.caption)
    at.text_input(key="plan_actions_new_title").input("Invite the county's interpreters to the next case review")
    at.text_input(key="plan_actions_new_owner").input("Rosa Delgado")
    at.button(key=SUBMIT).click().run()

    assert not at.exception and not at.error, at.error
    actions = _actions(demo_db, lead)
    assert len(actions) == before + 1
    added = actions[-1]
    assert (added.element_id, added.owner) == (element.options[0].split(" ")[0], "Rosa Delgado")
    assert any("Added" in s.value for s in at.success)
    assert at.text_input(key="plan_actions_new_title").value == ""


def test_saving_an_untouched_table_says_there_is_nothing_to_save(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    at = app(PAGE, lead.id)
    at.button(key="save_actions").click().run()
    assert any("nothing to save" in i.value for i in at.info)


def test_no_cell_of_the_plan_reads_none(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    planning.add_action(demo_db, lead.actor, lead.task_force_id, "IF-1", "An action with no owner and no date yet")
    at = app(PAGE, lead.id)
    rows = at.session_state[f"{EDITOR}_loaded"]
    assert rows[rows["title"] == "An action with no owner and no date yet"][["owner", "due_date"]].values.tolist() == [["", ""]]
    for frame in at.dataframe:
        shown = frame.value.astype(str)
        assert not shown.isin(["None", "nan", "NaT", "<NA>"]).any().any(), frame.value


EDITOR = "plan_actions_0_0"


def test_a_due_date_that_is_not_a_date_is_named_and_nothing_is_saved(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    before = _actions(demo_db, lead)
    at = app(PAGE, lead.id)
    at.session_state[EDITOR] = {"edited_rows": {0: {"due_date": "2027-02-30"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert any(literal("“2027-02-30” is not a date") in e.value for e in at.error)
    at.button(key="save_actions").click().run()
    assert not at.exception
    assert _actions(demo_db, lead) == before


def test_a_due_date_written_as_text_is_saved_as_that_date(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    at = app(PAGE, lead.id)
    action_id = int(at.session_state[f"{EDITOR}_loaded"].iloc[0]["id"])
    at.session_state[EDITOR] = {"edited_rows": {0: {"due_date": "2099-03-31"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="save_actions").click().run()
    assert not at.exception and not at.error, at.error
    saved = next(a for a in _actions(demo_db, lead) if a.id == action_id)
    assert saved.due_date.isoformat() == "2099-03-31"


def test_the_funders_plan_on_the_day_a_quarter_opens_is_measured_against_the_quarter_just_closed(demo_db, new_quarter):
    lead, closed, opened = new_quarter
    planning.add_action(demo_db, lead.actor, lead.task_force_id, "IF-1", "An action with no owner and no date yet")
    funder = demo_member(demo_db, demo.DEMO_FUNDER)
    at = app("ui/plan_view.py", funder.id)
    assert not at.exception
    caption = next(c.value for c in at.caption if c.value.startswith("The plan as it stands today"))
    assert literal(opened.label) in caption and literal(f"measured against {closed.label} (closed)") in caption
    actions = at.dataframe[1].value
    assert len(actions) > 0
    assert not actions.astype(str).isin(["None", "nan", "NaT", "<NA>"]).any().any()
    assert "no date yet" in actions["Due"].tolist()
