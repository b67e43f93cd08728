"""Results and Progress start from the newest cycle with enough answers to show, and say so:
a quarter opened yesterday that holds one answer does not replace the quarter just closed."""

from __future__ import annotations

from datetime import datetime

import pytest

from assessments.usecases import questionnaire
from tests.ui.conftest import app, demo_member, open_the_next_quarter
from ui.text import literal


@pytest.fixture
def one_answer_in_a_new_quarter(demo_db):
    lead, closed, opened = open_the_next_quarter(demo_db)
    member = demo_member(demo_db, "Aisha Karimi")
    questionnaire.record_answer(demo_db, member.actor, opened.id, "IF-1", 3, at=datetime(2027, 1, 2, 9))
    return lead, closed, opened


def test_results_start_from_the_quarter_just_closed_and_say_why(one_answer_in_a_new_quarter):
    lead, closed, opened = one_answer_in_a_new_quarter
    at = app("ui/results.py", lead.id)
    assert not at.exception
    assert at.selectbox[0].label == "Cycle" and at.selectbox[0].value.id == closed.id
    why = next(c.value for c in at.caption if c.value.startswith("Showing"))
    assert literal(closed.label) in why and literal(opened.label) in why and "enough answers" in why


def test_choosing_the_new_quarter_on_results_says_it_was_chosen(one_answer_in_a_new_quarter):
    lead, closed, opened = one_answer_in_a_new_quarter
    at = app("ui/results.py", lead.id)
    at.selectbox[0].select(opened).run()
    assert not at.exception
    why = next(c.value for c in at.caption if c.value.startswith("Showing"))
    assert "as you chose" in why and literal(closed.label) in why


def test_progress_compares_up_to_the_quarter_just_closed(one_answer_in_a_new_quarter):
    lead, closed, opened = one_answer_in_a_new_quarter
    at = app("ui/progress.py", lead.id)
    assert not at.exception
    why = next(c.value for c in at.caption if c.value.startswith("Comparing up to"))
    assert literal(closed.label) in why.split(":")[0]
    assert any(f"→ {closed.label}" in m.value for m in at.markdown)
    assert not any(f"→ {opened.label}" in m.value for m in at.markdown)
