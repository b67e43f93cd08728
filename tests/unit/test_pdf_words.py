"""How the PDF words a figure the reporting threshold withholds: "fewer than k", never None or 0."""

from __future__ import annotations

import pytest

from assessments.domain.scoring import score_element
from assessments.domain.stage_counts import counts_of
from reports import pdf_words as words
from tests.conftest import make_answers


@pytest.mark.parametrize(
    "stages, consensus, threshold, element, spread",
    [
        pytest.param([2, 3, 3, None], None, 3, "3 (median of 3 answers)", "2 to 3", id="shown"),
        pytest.param([2, 3], None, 3, "gap: fewer than 3 answers", "not shown", id="under k: a gap"),
        pytest.param([], None, 4, "gap: fewer than 4 answers", "not shown", id="none reads like few"),
        pytest.param([2, None, None, None], None, 4, "gap: fewer than 4 answers; 3 don't know", "not shown",
                     id="four answered: the don't-know count shows, the stage count not"),
        pytest.param([5, 1], 2, 3, "2 (consensus stage; fewer than 3 answers)", "not shown",
                     id="a consensus stage shows without its count"),
        pytest.param([4, 4, 4], 3, 3, "3 (consensus stage; 3 answers)", "4", id="consensus with a count"),
    ],
)
def test_an_element_reads_with_its_count_or_the_withheld_words(stages, consensus, threshold, element, spread):
    score = score_element("IF-1", "IF", counts_of(make_answers(1, "IF-1", stages)).by_discipline("IF-1"),
                          consensus_stage=consensus,
                          threshold=threshold)
    assert words.element(score) == element
    assert words.spread(score) == spread
    assert score.answers_text == (score.withheld_text if score.withheld else f"{score.answers} answers")
    assert "None" not in words.element(score) + words.spread(score) + score.answers_text


def test_a_withheld_count_of_members_reads_fewer_than_k():
    assert words.members(None, 4) == "fewer than 4"
    assert words.members(5, 4) == "5"
    assert words.plural(None, "member", threshold=3) == "fewer than 3 members"
    assert words.plural(1, "member") == "1 member"
    assert words.plural(None, "member") == "members: not shown"
