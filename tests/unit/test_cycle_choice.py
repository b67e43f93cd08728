"""Which cycle Results, Progress and the plan start from (assessments/domain/cycle_choice.py)."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.domain import cycle_choice
from assessments.domain.model import Cycle, CycleStatus
from assessments.domain.scoring import CycleScores, ElementScore, ScoreSource

ELEMENTS = 10


def scores(scored: int) -> CycleScores:
    """A cycle of ten elements of which ``scored`` have a score that may be shown."""
    def element(index: int) -> ElementScore:
        score = 3.0 if index < scored else None
        return ElementScore(
            element_id=f"E-{index}", function_id="F", score=score,
            source=ScoreSource.MEDIAN if score else ScoreSource.NONE, median=score, consensus_stage=None,
            answers=4 if score else None, dont_know=None, minimum=None, maximum=None, q1=None, q3=None,
            distribution=None, disagreement=False,
        )
    return CycleScores(elements=tuple(element(i) for i in range(ELEMENTS)), functions=(), overall=None,
                       respondents=None)


def cycles(*shape: tuple[str, int]) -> list[tuple[Cycle, CycleScores]]:
    """("closed", 8), ("open", 1): oldest first, labels 2026-Q1, 2026-Q2, ..."""
    return [
        (Cycle(id=i + 1, task_force_id=1, label=f"{2026 + i // 4}-Q{i % 4 + 1}", framework_id="f",
               framework_version="1", status=CycleStatus(state), opened_at=datetime(2026, 1, 1)), scores(scored))
        for i, (state, scored) in enumerate(shape)
    ]


@pytest.mark.parametrize(("shape", "chosen", "words"), [
    # the day a quarter opens: last quarter, and the open one named with how far it got
    ([("closed", 9), ("open", 0)], "2026-Q1", "only 0 of 10 elements"),
    ([("closed", 9), ("open", 5)], "2026-Q1", "only 5 of 10 elements"),
    # most elements of the open quarter can be shown: it is the newest ready cycle
    ([("closed", 9), ("open", 6)], "2026-Q2", "with enough answers to show in 6 of 10 elements"),
    ([("closed", 9), ("closed", 7)], "2026-Q2", "newest cycle"),
    # a closed quarter few answered comes after an older one most answered
    ([("closed", 9), ("closed", 2), ("open", 1)], "2026-Q1", "newest cycle with enough answers"),
    # nothing ready: the latest closed cycle with a score, else any cycle with one, else the newest
    ([("closed", 2), ("open", 4)], "2026-Q1", "latest closed cycle with any score"),
    ([("closed", 0), ("open", 4)], "2026-Q2", "newest cycle with any score"),
    ([("open", 0)], "2026-Q1", "no cycle has an element with enough answers"),
])
def test_the_starting_cycle_and_why(shape, chosen, words):
    choice = cycle_choice.choose(cycles(*shape))
    assert choice.cycle.label == chosen
    assert words in choice.reason and chosen in choice.reason


def test_no_cycle_no_choice():
    assert cycle_choice.choose([]) is None


shapes = st.lists(st.tuples(st.sampled_from(["open", "closed"]), st.integers(0, ELEMENTS)), min_size=1, max_size=8)


@given(shapes)
def test_the_choice_is_a_cycle_of_the_task_force_named_in_one_sentence(shape):
    entries = cycles(*shape)
    choice = cycle_choice.choose(entries)
    assert choice.cycle in [c for c, _ in entries]
    assert choice.cycle.label in choice.reason
    assert choice.reason.endswith(".") and choice.reason.count(". ") == 0 and "None" not in choice.reason


@given(shapes)
def test_a_cycle_most_elements_of_which_can_be_shown_is_never_passed_over_for_a_less_answered_one(shape):
    entries = cycles(*shape)
    choice = cycle_choice.choose(entries)
    ready = [c for c, s in entries if cycle_choice.is_ready(s)]
    if ready:
        assert choice.cycle == ready[-1]
        return
    closed_with_score = [c for c, s in entries if not c.is_open and cycle_choice.scored_elements(s)]
    if closed_with_score:
        assert choice.cycle == closed_with_score[-1]


@given(shapes)
def test_cycles_older_than_the_newest_ready_one_never_change_the_choice(shape):
    # results.starting_cycle scores newest first and stops at the first ready cycle
    entries = cycles(*shape)
    ready = [i for i, (_, s) in enumerate(entries) if cycle_choice.is_ready(s)]
    if ready:
        assert cycle_choice.choose(entries[ready[-1]:]) == cycle_choice.choose(entries)
