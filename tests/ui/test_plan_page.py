"""The improvement plan page as the demo lead sees it, through AppTest on the demo database."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assessments.usecases import accounts, cycles, demo, planning
from tests.ui.conftest import ROOT, app, demo_member
from ui.text import literal

PAGE = "ui/plan.py"


def _context(db):
    lead = demo_member(db, demo.DEMO_LEAD)
    cycle = cycles.list_cycles(db, lead.actor, lead.task_force_id)[-1]
    return lead, cycle


def test_the_plan_page_shows_outcomes_targets_proposals_actions_and_the_priority_rule(demo_db):
    lead, _ = _context(demo_db)
    at = app(PAGE, lead.id)
    assert not at.exception, at.exception
    assert [h.value for h in at.header] == [
        "Outcomes, not only outputs", "Targets", "Proposed actions", "Actions", "Since the last cycle", "History",
    ]
    assert any("Order of the plan" in i.value and "Pinned actions come first" in i.value for i in at.info)
    outcome = planning.function_outcomes(demo_db, lead.actor, lead.task_force_id)[0].text
    assert any(outcome.split(",")[0] in m.value for m in at.markdown)
    assert not at.error


def test_the_lead_sets_a_target_from_its_default(demo_db):
    lead, cycle = _context(demo_db)
    before = {t.element_id for t in planning.list_targets(demo_db, lead.actor, lead.task_force_id)}
    standing = planning.element_standings(demo_db, lead.actor, lead.task_force_id, cycle.id)
    element_id = next(e for e, s in standing.items() if e not in before and s.stage is not None and s.stage < 5)
    at = app(PAGE, lead.id)
    at.selectbox(key="target_element").set_value(element_id).run()
    at.number_input(key=f"target_stage_{element_id}").set_value(standing[element_id].stage + 1).run()
    at.button(key="save_target").click().run()

    assert not at.exception and not at.error, at.error
    target = next(t for t in planning.list_targets(demo_db, lead.actor, lead.task_force_id) if t.element_id == element_id)
    assert target.target_stage == standing[element_id].stage + 1 and target.set_by == lead.id
    assert any(literal(f"Target for {element_id}") in s.value for s in at.success)


def test_the_lead_accepts_a_proposal_and_it_joins_the_plan(demo_db):
    lead, cycle = _context(demo_db)
    proposal = planning.proposals_for_cycle(demo_db, lead.actor, lead.task_force_id, cycle.id)[0]
    before = len(planning.list_actions(demo_db, lead.actor, lead.task_force_id))
    at = app(PAGE, lead.id)
    at.checkbox(key=f"proposal_{proposal.element_id}_0").check()
    at.button(key="FormSubmitter:proposals-Add the ticked proposals to the plan").click().run()

    assert not at.exception and not at.error, at.error
    actions = planning.list_actions(demo_db, lead.actor, lead.task_force_id)
    assert len(actions) == before + 1
    assert (actions[-1].title, actions[-1].due_date) == (proposal.title, proposal.due_date)
    assert proposal not in planning.proposals_for_cycle(demo_db, lead.actor, lead.task_force_id, cycle.id)


def test_a_member_or_funder_reaching_the_plan_page_by_address_sees_nothing_of_it(demo_db):
    # The router leaves the page out of a member's menu, so run the page file itself.
    for name in ("Aisha Karimi", demo.DEMO_FUNDER):
        who = demo_member(demo_db, name)
        page = AppTest.from_file(str(ROOT / PAGE), default_timeout=60)
        page.session_state["session_token"] = accounts.issue_session(demo_db, who.account_id)
        page.session_state["task_force_id"] = who.task_force_id
        page.run()
        assert not page.exception
        assert [w.value for w in page.warning] == ["Your role in this task force does not include this page."]
        assert not page.header


EDITOR = "plan_actions_0_0"


def _loaded_rows(at):
    return at.session_state[f"{EDITOR}_loaded"]


def test_saving_several_rows_saves_the_valid_ones_and_names_the_invalid_one(demo_db):
    lead, _ = _context(demo_db)
    at = app(PAGE, lead.id)
    rows = _loaded_rows(at)
    valid_id, invalid_id = int(rows.iloc[0]["id"]), int(rows.iloc[1]["id"])
    invalid_title = rows.iloc[1]["title"]
    at.session_state[EDITOR] = {
        "edited_rows": {0: {"owner": "Riverside Community Health Clinic"}, 1: {"status": "in progress", "owner": ""}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert any(literal(invalid_title) in e.value and "Name an owner" in e.value for e in at.error)  # told before saving
    before_invalid = next(a for a in planning.list_actions(demo_db, lead.actor, lead.task_force_id) if a.id == invalid_id)

    at.button(key="save_actions").click().run()

    assert not at.exception
    actions = {a.id: a for a in planning.list_actions(demo_db, lead.actor, lead.task_force_id)}
    assert actions[valid_id].owner == "Riverside Community Health Clinic"
    assert actions[invalid_id] == before_invalid
    assert any(literal("Saved 1 row(s)") in s.value for s in at.success)
    assert [e.value for e in at.error
            if literal(invalid_title) in e.value and "was not saved" in e.value and "Your edit was" in e.value]


def test_a_save_over_another_leads_change_is_refused_and_keeps_their_change(demo_db):
    lead, _ = _context(demo_db)
    at = app(PAGE, lead.id)
    row = _loaded_rows(at).iloc[0]
    action_id, version = int(row["id"]), int(row["version"])
    planning.update_action(demo_db, lead.actor, action_id, version, {"note": "Changed in another browser tab."})

    at.session_state[EDITOR] = {"edited_rows": {0: {"note": "My older edit."}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="save_actions").click().run()

    assert any("after you loaded it" in e.value and "Nothing was saved" in e.value for e in at.error)
    saved = next(a for a in planning.list_actions(demo_db, lead.actor, lead.task_force_id) if a.id == action_id)
    assert saved.note == "Changed in another browser tab."


def test_a_funder_reads_the_plan_without_any_way_to_change_it(demo_db):
    funder = demo_member(demo_db, demo.DEMO_FUNDER)
    at = app("ui/plan_view.py", funder.id)
    assert not at.exception
    assert [h.value for h in at.header][:3] == ["Outcomes", "Targets", "Open actions"]
    actions = at.dataframe[1].value
    assert len(actions) > 0 and "Owner" in actions.columns
    assert not at.button and not at.text_input and not at.text_area
    try:
        app("ui/plan.py", funder.id)
    except ValueError as error:
        assert "Could not find a navigation page" in str(error)
    else:
        raise AssertionError("the funder's menu offers the lead's plan editor")
