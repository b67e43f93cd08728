"""Reruns from the cache (ui/cached.py): a widget change reads no task force data and scores
nothing; any write shows at the next rerun; nothing one member reads is handed to another."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, event

from assessments.domain import scoring
from assessments.domain.model import Discipline
from assessments.usecases import consensus, cycles, demo, questionnaire
from tests.ui.conftest import app, demo_member

# What a rerun may still read: whether the session is live, and the account's memberships.
SESSION_TABLES = {"sessions", "accounts", "members", "task_forces"}


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every SQL statement any engine in this process sends inside the block."""
    sent: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def tables_read(sent: list[str]) -> set[str]:
    return {name for sql in sent for name in re.findall(r"\b(?:FROM|JOIN)\s+\"?(\w+)", sql, re.IGNORECASE)}


@pytest.fixture
def scored_elements(monkeypatch) -> list[str]:
    """The element ids scored while the test runs."""
    seen: list[str] = []
    score_element = scoring.score_element

    def counted(element_id, *args, **kwargs):
        seen.append(element_id)
        return score_element(element_id, *args, **kwargs)

    monkeypatch.setattr(scoring, "score_element", counted)
    return seen


def test_changing_the_discipline_pair_on_results_reads_no_answers_and_scores_nothing(demo_db, scored_elements):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    at = app("ui/results.py", lead.id)
    closed = [c for c in cycles.list_cycles(demo_db, lead.actor, lead.task_force_id) if not c.is_open][-1]
    at.selectbox[0].set_value(closed).run()
    assert not at.exception
    scored_elements.clear()
    second = at.selectbox[2]
    other = next(option for option in second.options if option != second.value)
    with statements() as sent:
        at.selectbox[2].select(other).run()
    assert not at.exception
    assert scored_elements == []
    assert tables_read(sent) <= SESSION_TABLES, tables_read(sent)
    assert len(sent) <= 8, sent


def test_changing_the_comparison_on_progress_reads_no_answers_and_scores_nothing(demo_db, scored_elements):
    at = app("ui/progress.py", demo_member(demo_db, demo.DEMO_LEAD).id)
    assert not at.exception
    scored_elements.clear()
    compare = next(r for r in at.radio if r.key == "progress_preset")
    with statements() as sent:
        compare.set_value(compare.options[1]).run()
    assert not at.exception
    assert scored_elements == []
    assert tables_read(sent) <= SESSION_TABLES, tables_read(sent)


def test_a_consensus_recorded_elsewhere_shows_at_the_next_rerun(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    at = app("ui/results.py", lead.id)
    shown = at.selectbox[0].value
    assert not any(h.value == "Consensus stages" for h in at.header)
    # Another lead, in another browser, records a stage: a write, which raises the data version.
    consensus.record_consensus(demo_db, lead.actor, shown.id, "IF-3", 4, "Agreed at the March meeting")
    at.run()
    assert any(h.value == "Consensus stages" for h in at.header)
    assert "Agreed at the March meeting" in " ".join(h.body for h in at.get("html"))


def test_two_members_each_see_their_own_answers_from_the_cache(demo_db):
    aisha, marcus = (demo_member(demo_db, name) for name in ("Aisha Karimi", "Marcus Bell"))
    cycle = cycles.open_cycle_of(demo_db, aisha.actor, aisha.task_force_id)
    questionnaire.save_answer(demo_db, aisha.actor, cycle.id, "IF-1", 1, "Aisha's own note")
    questionnaire.save_answer(demo_db, marcus.actor, cycle.id, "IF-1", 5, "Marcus's own note")
    first, second = app("ui/questionnaire.py", aisha.id), app("ui/questionnaire.py", marcus.id)
    for at in (first, second, first, second):
        at.run()
        assert not at.exception
    notes = {at: " ".join(str(t.value) for t in at.text_area) for at in (first, second)}
    assert "Aisha's own note" in notes[first] and "Marcus's own note" not in notes[first]
    assert "Marcus's own note" in notes[second] and "Aisha's own note" not in notes[second]


def test_a_changed_discipline_counts_at_the_next_rerun(demo_db):
    """A role or discipline change is a write: nothing computed under the old one is shown after it."""
    from assessments.usecases import team

    lead = demo_member(demo_db, demo.DEMO_LEAD)
    aisha = demo_member(demo_db, "Aisha Karimi")
    at = app("ui/results.py", lead.id)
    team.change_role(demo_db, lead.actor, lead.task_force_id, aisha.id, "member", Discipline.HEALTH)
    with statements() as sent:
        at.run()
    assert not at.exception
    assert "answers" in tables_read(sent)
