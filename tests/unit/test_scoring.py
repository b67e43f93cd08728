"""The scoring rules of PRODUCT.md, as one table of inputs and expected outputs."""

from __future__ import annotations

from datetime import datetime

import pytest

from assessments.domain.model import Answer, Discipline, Member, Role
from assessments.domain.scoring import (
    ScoreSource,
    discipline_breakdown,
    group_medians,
    score_cycle,
    score_element,
)
from assessments.domain.stage_counts import counts_of, tally_of
from tests.conftest import make_answers


@pytest.mark.parametrize(
    "stages, consensus, score, source, answers, dont_know, spread, disagreement",
    [
        pytest.param([3], None, None, ScoreSource.NONE, None, None, None, False, id="one answer is withheld: a gap"),
        pytest.param([2, 3], None, None, ScoreSource.NONE, None, None, None, False, id="two answers are withheld"),
        pytest.param([2, 3, None], None, None, ScoreSource.NONE, None, 1, None, False,
                     id="two stages and a don't know: stages withheld, the don't-know count from 3 answers shows"),
        pytest.param([1, 2, 4, 4], None, 3.0, ScoreSource.MEDIAN, 4, 0, 3, True, id="even count takes the mean of the middle two"),
        pytest.param([2, 3, 3, None], None, 3.0, ScoreSource.MEDIAN, 3, 1, 1, False, id="don't know is not a score"),
        pytest.param([None, None, None], None, None, ScoreSource.NONE, None, 3, None, False, id="all don't know is a gap"),
        pytest.param([], None, None, ScoreSource.NONE, None, None, None, False, id="no answers reads like few answers"),
        pytest.param([2, 2, 3], 4, 4.0, ScoreSource.CONSENSUS, 3, 0, 1, False, id="consensus overrides the median"),
        pytest.param([], 2, 2.0, ScoreSource.CONSENSUS, None, None, None, False, id="consensus without answers"),
        pytest.param([5, 1], 2, 2.0, ScoreSource.CONSENSUS, None, None, None, False,
                     id="consensus shows, the two answers behind it do not"),
        pytest.param([2, 3, 3], None, 3.0, ScoreSource.MEDIAN, 3, 0, 1, False, id="spread of 1 is not disagreement"),
        pytest.param([2, 3, 4], None, 3.0, ScoreSource.MEDIAN, 3, 0, 2, True, id="spread of 2 is disagreement"),
    ],
)
def test_element_score(stages, consensus, score, source, answers, dont_know, spread, disagreement):
    result = score_element("IF-1", "IF", _counted(make_answers(1, "IF-1", stages)), consensus_stage=consensus)
    assert (result.score, result.source, result.answers, result.dont_know, result.spread, result.disagreement) == (
        score, source, answers, dont_know, spread, disagreement,
    )


def test_quartiles_and_distribution_describe_the_answers():
    result = score_element("IF-1", "IF", _counted(make_answers(1, "IF-1", [1, 2, 2, 3, 5])))
    assert (result.q1, result.q3, result.iqr) == (2.0, 3.0, 1.0)
    assert result.distribution == {1: 1, 2: 2, 3: 1, 4: 0, 5: 1}


def _counted(answers: list[Answer], members: list[Member] = ()):
    """One element's answers counted per discipline, as score_element takes them."""
    (element_id,) = {a.element_id for a in answers} or {"IF-1"}
    return counts_of(answers, members).by_discipline(element_id)


def _members(disciplines: list[Discipline]) -> list[Member]:
    return [
        Member(id=i + 1, task_force_id=1, account_id=i + 1, name=f"m{i}", discipline=d, role=Role.MEMBER)
        for i, d in enumerate(disciplines)
    ]


def test_disciplines_whose_medians_differ_by_two_are_a_disagreement_even_when_the_overall_spread_is_small():
    members = _members([Discipline.LAW_ENFORCEMENT] * 3 + [Discipline.VICTIM_SERVICES] * 3)
    # Law enforcement 4,4,4 and victim services 2,2,2 -> spread 2 anyway; use medians 4 vs 2 with spread 2.
    answers = make_answers(1, "CO-1", [4, 4, 4, 2, 2, 2])
    result = score_element("CO-1", "CO", _counted(answers, members))
    assert result.disagreement
    assert any("Law enforcement median 4 vs Victim services median 2" in r for r in result.disagreement_reasons)


def test_a_group_under_the_threshold_never_raises_the_discipline_flag():
    members = _members([Discipline.LAW_ENFORCEMENT] * 3 + [Discipline.VICTIM_SERVICES] * 2)
    answers = make_answers(1, "CO-1", [4, 4, 4, 2, 2])
    result = score_element("CO-1", "CO", _counted(answers, members))
    assert all("median" not in r for r in result.disagreement_reasons)


@pytest.mark.parametrize(
    "group, rest, shown",
    [(2, 5, False), (3, 2, False), (3, 3, True), (5, 0, False), (4, 4, True)],
)
def test_a_discipline_shows_only_when_it_and_the_rest_reach_the_threshold(group, rest, shown):
    groups = group_medians("IF-1", {"prosecution": tally_of([3] * group), "police": tally_of([4] * rest)},
                           total=group + rest)
    assert any(g.group == "prosecution" for g in groups) is shown


def test_a_raised_threshold_withholds_more():
    answers = make_answers(1, "IF-1", [2, 3, 3, 4])
    assert score_element("IF-1", "IF", _counted(answers), threshold=4).score == 3.0
    withheld = score_element("IF-1", "IF", _counted(answers), threshold=5)
    assert (withheld.score, withheld.median, withheld.distribution, withheld.withheld_text) == (
        None, None, None, "fewer than 5 answers")


def test_function_means_exclude_gaps_and_the_overall_is_the_mean_of_functions(framework):
    answers = (
        make_answers(1, "IF-1", [2, 2, 2])
        + make_answers(1, "IF-2", [4, 4, 4])
        + make_answers(1, "CO-1", [3, 3, 3])
        + make_answers(1, "DR-1", [None, None])
    )
    scores = score_cycle(framework, counts_of(answers))
    assert scores.function("IF").score == 3.0
    assert scores.function("CO").score == 3.0  # CO-2 is a gap, not a zero
    assert scores.function("CO").gaps == ("CO-2",)
    assert scores.function("DR").score is None
    assert scores.function("PE").score is None
    assert scores.overall == 3.0
    assert set(scores.unscored_functions) == {"DR", "PE"}
    assert set(scores.gaps) == {"CO-2", "DR-1", "DR-2", "PE-1", "PE-2"}
    assert scores.respondents == 3


def test_consensus_feeds_the_function_score(framework):
    answers = make_answers(1, "IF-1", [2, 2, 2]) + make_answers(1, "IF-2", [2, 2, 2])
    scores = score_cycle(framework, counts_of(answers), consensus={"IF-2": 4})
    assert scores.element("IF-2").source is ScoreSource.CONSENSUS
    assert scores.function("IF").score == 3.0


def test_discipline_breakdown_hides_small_groups(framework):
    members = _members([Discipline.LAW_ENFORCEMENT] * 3 + [Discipline.PROSECUTION] * 2)
    answers = [
        Answer(cycle_id=1, member_id=m.id, element_id="IF-1", stage=3, updated_at=datetime(2026, 1, 1)) for m in members
    ]
    rows = {(g.element_id, g.group): g for g in discipline_breakdown(framework, counts_of(answers, members))}
    # Law enforcement has 3 answers, but the rest of the task force only 2: both are left out.
    assert rows == {}
    more = members + _members([Discipline.VICTIM_SERVICES] * 6)[5:]
    answers += [Answer(cycle_id=1, member_id=m.id, element_id="IF-1", stage=4, updated_at=datetime(2026, 1, 1))
                for m in more[5:]]
    rows = {(g.element_id, g.group): g for g in discipline_breakdown(framework, counts_of(answers, more))}
    assert rows[("IF-1", "law_enforcement")].median == 3.0
    assert ("IF-1", "prosecution") not in rows
