"""The paper setting's parser and the PDF's change line, as text paths: property tests."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.domain.change_summary import RESPONDENT_SHIFT, ChangeSummary
from assessments.domain.model import DomainError
from assessments.domain.paper import Paper, check_paper
from assessments.domain.progress_rules import Direction
from reports import pdf_words as words


@pytest.mark.parametrize(("typed", "paper"), [("letter", Paper.LETTER), (" A4 ", Paper.A4), ("LETTER", Paper.LETTER)])
def test_a_paper_is_named_in_any_case(typed, paper):
    assert check_paper(typed) is paper


@given(st.text(max_size=60))
def test_anything_else_is_refused_with_the_choices(typed):
    if typed.strip().lower() in ("letter", "a4"):
        return
    with pytest.raises(DomainError) as refused:
        check_paper(typed)
    assert "choose 'letter' or 'a4'" in str(refused.value) and len(str(refused.value)) < 400  # the input is quoted, shortened to 30 characters


counts = st.fixed_dictionaries({d: st.integers(0, 40) for d in Direction})
respondents = st.one_of(st.none(), st.integers(0, 60))


@given(counts, respondents, respondents, st.one_of(st.none(), st.floats(-4, 4)), st.booleans(), st.integers(3, 10))
def test_the_change_line_adds_up_and_is_cautious_exactly_when_respondents_moved_a_quarter(
        counted, before, after, overall, framework_changed, k):
    summary = ChangeSummary(before_label="2026-Q3", after_label="2026-Q4", overall_change=overall, counts=counted,
                            before_respondents=before, after_respondents=after, framework_changed=framework_changed)
    line = words.change_line(summary, k)
    assert "None" not in line and "nan" not in line
    total = int(re.search(r"Of (\d+) elements?,", line).group(1))
    up, down = (int(n) for n in re.search(r"\((\d+) up, (\d+) down\)", line).groups())
    within = int(re.search(r"; (\d+) moved within", line).group(1))
    unchanged, not_comparable = (int(n) for n in re.search(r"(\d+) (?:is|are) unchanged and (\d+) not comparable", line).groups())
    carried = re.search(r"; (\d+) carried from an earlier cycle, not reassessed", line)
    carried = int(carried.group(1)) if carried else 0
    assert carried == counted[Direction.CARRIED]
    assert total == up + down + within + unchanged + not_comparable + carried == sum(counted.values())
    assert (up, down, within) == (counted[Direction.UP], counted[Direction.DOWN], counted[Direction.WITHIN])
    shifted = bool(before) and after is not None and abs(after - before) > RESPONDENT_SHIFT * before
    assert ("more than a quarter" in line) is shifted
    if before is None or after is None:
        assert f"fewer than {k}" in line
    if framework_changed:
        assert "framework changed" in line and "overall +" not in line and "overall -" not in line
