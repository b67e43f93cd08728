"""The results page on the demo task force, and on a cycle nobody has answered yet."""

from __future__ import annotations

import pandas as pd

from assessments.usecases import consensus, cycles, demo, task_forces
from tests.ui.conftest import app, demo_member

PAGE = "ui/results.py"


def _demo_task_force(db):
    return task_forces.find_task_force(db, demo.DEMO_TASK_FORCE)


def table_with(at, *columns: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def test_a_member_sees_the_latest_cycle_with_scores_answer_counts_and_every_chart(demo_db):
    aisha = demo_member(demo_db, "Aisha Karimi")
    at = app(PAGE, aisha.id)
    assert not at.exception, at.exception
    latest = cycles.list_cycles(demo_db, aisha.actor, aisha.task_force_id)[-1]
    assert at.selectbox[0].value.id == latest.id
    assert [m.value for m in at.metric][0] != "no score"
    captions = " ".join(c.value for c in at.caption)
    assert "elements scored" in captions and "answers" in captions and "members answered" in captions
    elements = table_with(at, "Element id", "Median of answers")
    assert len(elements) == 29 and (elements["Answers"] >= 0).all()
    labels = [e.label for e in at.expander]
    assert any("function chart" in label for label in labels)
    assert any("disagreement chart" in label for label in labels)
    assert any("heatmap" in label for label in labels)


def test_hidden_discipline_groups_say_why(demo_db):
    at = app(PAGE, demo_member(demo_db, demo.DEMO_LEAD).id)
    breakdown = table_with(at, "Discipline", "Why hidden")
    hidden = breakdown[breakdown["Hidden"]]
    assert len(hidden) > 0 and hidden["Median"].isna().all()
    assert hidden["Why hidden"].str.contains("fewer than 3").all()


def test_law_enforcement_and_victim_services_are_compared_in_a_cycle_where_both_answered(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    at = app(PAGE, lead.id)
    closed = [c for c in cycles.list_cycles(demo_db, lead.actor, lead.task_force_id) if not c.is_open][-1]
    at.selectbox[0].set_value(closed).run()
    assert not at.exception
    assert (at.selectbox[1].value.label, at.selectbox[2].value.label) == ("Law enforcement", "Victim services")
    assert any("have at least 3 answers from both Law enforcement and Victim services" in c.value for c in at.caption)


def test_a_consensus_stage_is_marked_as_consensus_on_the_results_page(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    cycle = cycles.list_cycles(demo_db, lead.actor, lead.task_force_id)[-1]
    consensus.record_consensus(demo_db, lead.actor, cycle.id, "CO-2", 5, "Agreed after the case review")
    at = app(PAGE, demo_member(demo_db, "Marcus Bell").id)
    assert not at.exception
    row = table_with(at, "Element id", "Median of answers").set_index("Element id").loc["CO-2"]
    assert (row["Score"], row["Score source"]) == (5.0, "consensus")
    assert any("by consensus" in c.value for c in at.caption)
    assert any("Agreed after the case review" in h.proto.body for h in at.get("html"))


def test_a_cycle_with_no_answers_at_all_says_so_clearly(demo_db):
    task_force = _demo_task_force(demo_db)
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    cycles.close_cycle_unchecked(demo_db, cycles.list_cycles(demo_db, lead.actor, task_force.id)[-1].id)
    empty = cycles.open_cycle_unchecked(demo_db, task_force.id, "2027-Q1")
    at = app(PAGE, demo_member(demo_db, demo.DEMO_LEAD).id)
    at.selectbox[0].set_value(empty).run()
    assert not at.exception, at.exception
    assert any("No answers yet for 2027-Q1" in info.value for info in at.info)
    assert not at.metric and not at.dataframe



def test_a_funder_sees_the_results_without_any_individual_answer(demo_db):
    at = app(PAGE, demo_member(demo_db, demo.DEMO_FUNDER).id)
    assert not at.exception, at.exception
    assert not at.error
    assert table_with(at, "Element id", "Median of answers").shape[0] == 29
