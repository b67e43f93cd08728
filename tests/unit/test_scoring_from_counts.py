"""Scoring from stage counts equals scoring from the answers themselves: for random answers,
disciplines (some members in none), thresholds and consensus stages, every figure of every
element, function and the cycle matches a plain reference taken from the sorted stage lists
with the standard library, and every figure the rule withholds is None."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.domain import confidentiality
from assessments.domain.model import Answer, Discipline, Member, Role
from assessments.domain.scoring import (
    discipline_breakdown,
    elements_whose_notes_show,
    respondents_by_discipline,
    score_cycle,
)
from assessments.domain.stage_counts import Tally, counts_of, tally_of
from roadmap.load import load_framework
from tests.conftest import SMALL_FRAMEWORK_FILE

FRAMEWORK = load_framework(SMALL_FRAMEWORK_FILE)
ELEMENTS = [e.id for e in FRAMEWORK.elements]
DISCIPLINES = [None, Discipline.LAW_ENFORCEMENT, Discipline.VICTIM_SERVICES, Discipline.PROSECUTION]
NOT_ANSWERED = "not answered"
WHEN = datetime(2026, 11, 1)

member_answers = st.lists(st.sampled_from([NOT_ANSWERED, None, 1, 2, 3, 4, 5]), min_size=len(ELEMENTS),
                          max_size=len(ELEMENTS))
teams = st.lists(st.tuples(st.sampled_from(DISCIPLINES), member_answers), min_size=0, max_size=14)
consensus_stages = st.dictionaries(st.sampled_from(ELEMENTS), st.integers(1, 5), max_size=3)


def _world(team):
    members = [Member(id=i + 1, task_force_id=1, account_id=i + 1, name=f"M{i}", discipline=d,
                      role=Role.MEMBER if d else Role.FUNDER) for i, (d, _) in enumerate(team)]
    answers = [Answer(cycle_id=1, member_id=m.id, element_id=e, stage=v, updated_at=WHEN)
               for m, (_, values) in zip(members, team) for e, v in zip(ELEMENTS, values) if v != NOT_ANSWERED]
    return members, answers


# The reference: the rules of scoring.py and confidentiality.py taken straight from lists of stages.

def _group_medians(element_id, answers, members, k):
    discipline = {m.id: m.discipline for m in members}
    stages = [a.stage for a in answers if a.element_id == element_id and a.stage is not None]
    groups = defaultdict(list)
    for a in answers:
        if a.element_id == element_id and a.stage is not None and discipline[a.member_id] is not None:
            groups[discipline[a.member_id].value].append(a.stage)
    return {group: (len(s), float(statistics.median(s))) for group, s in sorted(groups.items())
            if len(s) >= k and len(stages) - len(s) >= k}


def _reference_element(element_id, answers, members, consensus, k):
    mine = [a for a in answers if a.element_id == element_id]
    stages = sorted(a.stage for a in mine if a.stage is not None)
    dont_know = sum(1 for a in mine if a.stage is None)
    agreed = consensus.get(element_id)
    if len(stages) < k:
        return {"score": None if agreed is None else float(agreed), "median": None, "answers": None,
                "dont_know": dont_know if len(mine) >= k else None, "minimum": None, "maximum": None,
                "q1": None, "q3": None, "distribution": None, "disagreement": False}
    median = float(statistics.median(stages))
    q1, q3 = ((float(stages[0]),) * 2 if len(stages) == 1
              else tuple(statistics.quantiles(stages, n=4, method="inclusive"))[::2])
    medians = [m for _, m in _group_medians(element_id, answers, members, k).values()]
    split = bool(medians) and max(medians) - min(medians) >= 2
    return {"score": median if agreed is None else float(agreed), "median": median, "answers": len(stages),
            "dont_know": dont_know, "minimum": stages[0], "maximum": stages[-1], "q1": q1, "q3": q3,
            "distribution": {n: stages.count(n) for n in range(1, 6)},
            "disagreement": stages[-1] - stages[0] >= 2 or split}


def _mean(values):
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


@given(teams, consensus_stages, st.integers(1, 5))
@settings(max_examples=300, deadline=None)
def test_scores_from_counts_equal_the_reference_from_the_answers(team, consensus, k):
    members, answers = _world(team)
    counts = counts_of(answers, members)
    scores = score_cycle(FRAMEWORK, counts, consensus, k)
    for element in scores.elements:
        expected = _reference_element(element.element_id, answers, members, consensus, k)
        got = {field: getattr(element, field) for field in expected}
        assert got == expected, element.element_id
        assert element.withheld is (expected["answers"] is None)
    for function in FRAMEWORK.functions:
        expected = _mean(_reference_element(e.id, answers, members, consensus, k)["score"] for e in function.elements)
        assert scores.function(function.id).score == expected
    assert scores.overall == _mean(f.score for f in scores.functions)
    answered = {a.member_id for a in answers}
    assert scores.respondents == (len(answered) if len(answered) >= k else None)

    breakdown = {(g.element_id, g.group): (g.answers, g.median) for g in discipline_breakdown(FRAMEWORK, counts, k)}
    assert breakdown == {(e, group): figures for e in ELEMENTS
                         for group, figures in _group_medians(e, answers, members, k).items()}

    by_label = defaultdict(int)
    for m in members:
        if m.id in answered and m.discipline is not None:
            by_label[m.discipline.label] += 1
    assert respondents_by_discipline(counts, k) == confidentiality.head_counts(by_label, k)

    per_element = defaultdict(int)
    for a in answers:
        per_element[a.element_id] += 1
    assert elements_whose_notes_show(counts, k) == {e for e, n in per_element.items() if n >= k}


@given(st.lists(st.sampled_from([None, 1, 2, 3, 4, 5]), max_size=40))
def test_a_tally_counts_each_stage_and_dont_know(stages):
    tally = tally_of(stages)
    assert tally.distribution == {n: stages.count(n) for n in range(1, 6)}
    assert (tally.dont_know, tally.answers) == (stages.count(None), len(stages))
    assert [tally.nth(i) for i in range(tally.stage_answers)] == sorted(s for s in stages if s is not None)


def test_past_the_last_answer_there_is_no_stage():
    with pytest.raises(IndexError):
        Tally((1, 0, 0, 0, 0)).nth(1)
