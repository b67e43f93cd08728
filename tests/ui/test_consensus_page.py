"""The consensus meeting page: lead only, element by element, records and clears an agreed stage."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assessments.usecases import accounts, consensus, cycles, demo
from tests.ui.conftest import ROOT, TIMEOUT, app, demo_member
from ui.text import literal

PAGE = "ui/consensus.py"


def test_a_member_who_opens_the_consensus_meeting_directly_is_turned_away(demo_db):
    marcus = demo_member(demo_db, "Marcus Bell")
    # Run the page file itself (the router leaves it out of a member's menu), through runpy so ui/ is
    # not put on sys.path, where ui/reports.py would shadow the reports package the page imports.
    at = AppTest.from_string(f"import runpy; runpy.run_path({str(ROOT / PAGE)!r})", default_timeout=TIMEOUT)
    at.session_state["session_token"] = accounts.issue_session(demo_db, marcus.account_id)
    at.session_state["task_force_id"] = marcus.task_force_id
    at.run()
    assert not at.exception
    assert any("does not include this page" in w.value for w in at.warning)
    assert not at.button


def test_the_lead_records_an_agreed_stage_and_then_clears_it(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    cycle = cycles.list_cycles(demo_db, lead.actor, lead.task_force_id)[-1]
    at = app(PAGE, lead.id)
    assert not at.exception, at.exception
    element_id = at.selectbox[1].format_func(at.selectbox[1].value).split()[0]
    at.radio[0].set_value(5)
    at.text_input[0].input("Survivor advisory group confirmed it <in writing> & by phone")
    next(b for b in at.button if b.label == "Record agreed stage").click().run()
    assert not at.exception, at.exception
    assert any(f"Recorded stage 5 by consensus for {literal(element_id)}" in s.value for s in at.success)
    (recorded,) = consensus.recorded_consensus(demo_db, lead.actor, cycle.id)
    assert (recorded.element_id, recorded.stage) == (element_id, 5)
    assert recorded.rationale == "Survivor advisory group confirmed it <in writing> & by phone"

    next(b for b in at.button if b.label.startswith("Clear the agreed stage")).click().run()
    assert not at.exception
    assert consensus.recorded_consensus(demo_db, lead.actor, cycle.id) == []


def test_an_empty_rationale_is_refused_with_a_message_and_nothing_is_saved(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    cycle = cycles.list_cycles(demo_db, lead.actor, lead.task_force_id)[-1]
    at = app(PAGE, lead.id)
    next(b for b in at.button if b.label == "Record agreed stage").click().run()
    assert any(literal("one-line rationale") in e.value for e in at.error)
    assert consensus.recorded_consensus(demo_db, lead.actor, cycle.id) == []


def test_next_moves_to_the_following_element(demo_db):
    at = app(PAGE, demo_member(demo_db, demo.DEMO_LEAD).id)
    first = at.selectbox[1].value
    next(b for b in at.button if b.label == "Next").click().run()
    assert not at.exception
    assert at.selectbox[1].value == first + 1
