"""Rotation and the version mapping as pure rules: which functions a cycle covers, what it
carries, and which elements compare across a framework version change."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.domain import progress_rules, rotation
from assessments.domain.model import Answer, Cycle, CycleStatus, DomainError
from assessments.domain.scoring import score_cycle
from assessments.domain.stage_counts import counts_of
from assessments.usecases.cycles import covered_functions
from roadmap.load import BUNDLED_DIR, load_framework
from tests.conftest import SMALL_FRAMEWORK_FILE

SMALL = load_framework(SMALL_FRAMEWORK_FILE)
V10 = load_framework(BUNDLED_DIR / "waypoint-roadmap-1.0.yaml")
V11 = load_framework(BUNDLED_DIR / "waypoint-roadmap-1.1.yaml")
FUNCTION_IDS = [f.id for f in SMALL.functions]
WHEN = datetime(2026, 1, 1)


def _cycle(cycle_id: int, label: str, functions=None, framework=SMALL) -> Cycle:
    return Cycle(id=cycle_id, task_force_id=1, label=label, framework_id=framework.id,
                 framework_version=framework.version, status=CycleStatus.CLOSED, opened_at=WHEN, functions=functions)


# choosing the functions ------------------------------------------------------------------------


@given(st.lists(st.one_of(st.sampled_from(FUNCTION_IDS), st.text(max_size=12))))
@settings(max_examples=200, deadline=None)
def test_any_choice_of_functions_is_either_a_known_subset_in_framework_order_or_refused_by_name(chosen):
    try:
        covered = covered_functions(SMALL, chosen)
    except DomainError as error:
        unknown = [c for c in chosen if c not in FUNCTION_IDS]
        assert (repr(unknown[0]) in str(error)) if unknown else "at least one function" in str(error)
        assert "No cycle was opened" in str(error)
        return
    assert all(c in FUNCTION_IDS for c in chosen) and chosen
    if set(chosen) == set(FUNCTION_IDS):
        assert covered is None
    else:
        assert list(covered) == [f for f in FUNCTION_IDS if f in chosen]


def test_a_lone_id_is_one_function_not_its_letters():
    assert covered_functions(SMALL, "CO") == ("CO",)


# carrying -------------------------------------------------------------------------------------


def _answers(cycle_id: int, stages: dict[str, list[int]]) -> list[Answer]:
    return [Answer(cycle_id=cycle_id, member_id=m + 1, element_id=e, stage=s, updated_at=WHEN)
            for e, given_stages in stages.items() for m, s in enumerate(given_stages)]


stages_by_element = st.fixed_dictionaries(
    {e.id: st.lists(st.integers(1, 5), max_size=5) for e in SMALL.elements})


@given(stages_by_element, stages_by_element, st.sets(st.sampled_from(FUNCTION_IDS), min_size=1, max_size=3))
@settings(max_examples=60, deadline=None)
def test_a_function_not_assessed_carries_the_earlier_scores_unchanged_and_the_overall_says_so(then, now, covered):
    earlier = _cycle(1, "2026-Q1")
    rotated = _cycle(2, "2026-Q2", tuple(f for f in FUNCTION_IDS if f in covered))
    scored_then = score_cycle(SMALL, counts_of(_answers(1, then)))
    fresh = score_cycle(SMALL, counts_of(_answers(2, now)))
    carried = rotation.carry_forward(rotated, fresh, [(earlier, SMALL, scored_then)])
    for e in carried.elements:
        source = scored_then if e.function_id not in covered else fresh
        assert e.model_copy(update={"carried_from": None}) == source.element(e.element_id)
        assert e.carried_from == (None if e.function_id in covered else "2026-Q1")
        # The threshold applied where the score was made still holds: nothing withheld is revealed.
        assert (e.answers is None) == (source.element(e.element_id).answers is None)
    scores = [f.score for f in carried.functions if f.score is not None]
    assert carried.overall == (sum(scores) / len(scores) if scores else None)
    assert bool(rotation.overall_note(carried)) == any(
        f.score is not None for f in carried.functions if f.function_id not in covered)


def test_the_source_is_the_last_earlier_cycle_on_the_same_version_that_assessed_the_function():
    others = [_cycle(1, "2026-Q1"), _cycle(2, "2026-Q2", ("IF",)), _cycle(3, "2026-Q3", ("CO",)),
              _cycle(4, "2026-Q1", framework=V10).model_copy(update={"label": "2026-Q0"})]
    key = (SMALL.id, SMALL.version)
    assert rotation.source_cycle("2026-Q4", key, "IF", others).label == "2026-Q2"
    assert rotation.source_cycle("2026-Q4", key, "CO", others).label == "2026-Q3"
    assert rotation.source_cycle("2026-Q4", key, "DR", others).label == "2026-Q1"
    assert rotation.source_cycle("2026-Q1", key, "DR", others) is None
    with pytest.raises(DomainError, match="No earlier cycle on framework version 0.1 assessed DR"):
        rotation.check_leaving_out("2026-Q1", key, ["DR"], others)


# the version mapping ----------------------------------------------------------------------------


@given(st.lists(st.booleans(), min_size=len(V11.elements), max_size=len(V11.elements)))
@settings(max_examples=40, deadline=None)
def test_the_mapping_compares_exactly_the_continued_elements_whose_stages_mean_the_same(flags):
    functions = []
    flag = iter(flags)
    for function in V11.functions:
        elements = []
        for element in function.elements:
            same = next(flag)
            if element.continues is not None:
                element = element.model_copy(update={"continues": element.continues.model_copy(
                    update={"same_stages": same})})
            elements.append(element)
        functions.append(function.model_copy(update={"elements": elements}))
    newer = V11.model_copy(update={"functions": functions})
    pairs = progress_rules.element_pairs(V10, newer)
    assert [p.after_id for p in pairs if p.after_id] == [e.id for e in newer.elements]
    before_ids = [p.before_id for p in pairs if p.before_id]
    assert sorted(before_ids) == sorted(e.id for e in V10.elements)
    for element in newer.elements:
        pair = next(p for p in pairs if p.after_id == element.id)
        comparable = element.continues is not None and element.continues.same_stages
        assert (pair.reason == "") == comparable


def test_a_framework_with_another_id_is_never_mapped_even_with_a_matching_previous_version():
    stranger = V11.model_copy(update={"id": "someone-else"})
    assert not progress_rules.continues_from(V10, stranger)
