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
    assert len(elements) == 29
    # The demo's current quarter: CO-7 has only two answers, so it reads as withheld, not as a number.
    sparse = elements.set_index("Element id").loc[demo.SPARSE_ELEMENT]
    assert sparse["Withheld"] == "fewer than 3 answers" and pd.isna(sparse["Answers"]) and pd.isna(sparse["Score"])
    shown = elements[elements["Withheld"] == ""]
    assert (shown["Answers"] >= 3).all()
    assert "Reporting threshold: 3 answers" in captions
    # Labor has one respondent: it is counted among "Other disciplines", never named with its count.
    assert "Other disciplines" in captions and "Labor" not in captions
    labels = [e.label for e in at.expander]
    assert any("function chart" in label for label in labels)
    assert any("disagreement chart" in label for label in labels)
    assert any("heatmap" in label for label in labels)


def test_the_discipline_breakdown_shows_only_groups_with_enough_answers_inside_and_outside(demo_db):
    at = app(PAGE, demo_member(demo_db, demo.DEMO_LEAD).id)
    breakdown = table_with(at, "Discipline", "Median")
    assert len(breakdown) > 0 and (breakdown["Answers"] >= 3).all() and breakdown["Median"].notna().all()
    assert "Labor" not in set(breakdown["Discipline"])
    assert any("the rest of the task force each gave at least 3 answers" in c.value for c in at.caption)


def test_law_enforcement_and_victim_services_are_compared_in_a_cycle_where_both_answered(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    at = app(PAGE, lead.id)
    closed = [c for c in cycles.list_cycles(demo_db, lead.actor, lead.task_force_id) if not c.is_open][-1]
    at.selectbox[0].set_value(closed).run()
    assert not at.exception
    assert (at.selectbox[1].value.label, at.selectbox[2].value.label) == ("Law enforcement", "Victim services")
    assert any("show a median for both Law enforcement and Victim services" in c.value for c in at.caption)


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
    assert any("Nothing to show for 2027-Q1 yet: fewer than 3 members answered" in info.value for info in at.info)
    assert not at.metric and not at.dataframe



def test_a_funder_sees_the_results_without_any_individual_answer(demo_db):
    at = app(PAGE, demo_member(demo_db, demo.DEMO_FUNDER).id)
    assert not at.exception, at.exception
    assert not at.error
    assert table_with(at, "Element id", "Median of answers").shape[0] == 29


def test_a_raised_threshold_withholds_more_on_the_page_and_says_so(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    task_forces.set_thresholds(demo_db, lead.actor, lead.task_force_id, 10)
    at = app(PAGE, demo_member(demo_db, "Aisha Karimi").id)
    assert not at.exception, at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "Reporting threshold: 10 answers" in captions
    elements = table_with(at, "Element id", "Median of answers")
    assert ((elements["Answers"] >= 10) | elements["Answers"].isna()).all()
    assert (elements.loc[elements["Answers"].isna(), "Withheld"] == "fewer than 10 answers").all()
