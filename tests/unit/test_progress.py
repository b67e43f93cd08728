"""Progress rules as tables: which way an element moved, what counts as real, what is not comparable."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from assessments.domain.model import Cycle, CycleStatus, Target
from assessments.domain.progress_rules import (
    Direction,
    TargetStatus,
    compare_cycles,
    compare_element,
    direction,
    element_trend,
    framework_changes,
    target_progress,
    trends,
    with_scores,
)
from assessments.domain.scoring import score_cycle
from assessments.domain.stage_counts import counts_of
from reports import progress_charts as charts
from roadmap.model import Framework
from tests.conftest import make_answers

QUARTERS = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]


def cycle(index: int, framework: Framework, status: CycleStatus = CycleStatus.CLOSED) -> Cycle:
    return Cycle(
        id=index + 1, task_force_id=1, label=QUARTERS[index], framework_id=framework.id,
        framework_version=framework.version, status=status, opened_at=datetime(2026, 3 * index + 1, 1),
    )


def scored(index: int, framework: Framework, stages: dict[str, list[int | None]],
           consensus: dict[str, int] | None = None, threshold: int = 3):
    answers = [a for element_id, s in stages.items() for a in make_answers(index + 1, element_id, s)]
    return cycle(index, framework), framework, score_cycle(framework, counts_of(answers), consensus=consensus, threshold=threshold)


@pytest.mark.parametrize(
    "change, spread, expected",
    [
        pytest.param(0.0, 0.0, Direction.UNCHANGED, id="no change"),
        pytest.param(0.0, 2.0, Direction.UNCHANGED, id="no change even with a wide spread"),
        pytest.param(1.0, 0.0, Direction.UP, id="one stage up, members agree"),
        pytest.param(-0.5, 0.0, Direction.DOWN, id="half a stage down, members agree"),
        pytest.param(0.5, 1.0, Direction.WITHIN, id="half a stage inside a spread of one"),
        pytest.param(-0.5, 1.0, Direction.WITHIN, id="half a stage down inside a spread of one"),
        pytest.param(1.0, 1.0, Direction.UP, id="a change as large as the spread counts"),
        pytest.param(1.5, 2.0, Direction.WITHIN, id="a stage and a half inside a spread of two"),
        pytest.param(-2.0, 1.5, Direction.DOWN, id="two stages down beyond the spread"),
    ],
)
def test_direction_of_a_change_against_the_spread(change, spread, expected):
    assert direction(change, spread) is expected


@pytest.mark.parametrize(
    "before, after, consensus_before, consensus_after, expected, change",
    [
        pytest.param([2, 2, 2], [3, 3, 3], None, None, Direction.UP, 1.0, id="agreed answers one stage up"),
        pytest.param([3, 3, 3], [2, 2, 2], None, None, Direction.DOWN, -1.0, id="agreed answers one stage down"),
        pytest.param([2, 3, 4], [2, 3, 4], None, None, Direction.UNCHANGED, 0.0, id="same median"),
        pytest.param([1, 2, 3, 4, 5], [2, 3, 4, 4, 5], None, None, Direction.WITHIN, 1.0,
                     id="a stage up inside an interquartile range of two"),
        pytest.param([2, 2, 3, 3], [3, 3, 4, 4], None, None, Direction.UP, 1.0,
                     id="a stage up equal to the interquartile range"),
        pytest.param([2, 2, 3, 3], [2, 3, 3, 3], None, None, Direction.WITHIN, 0.5,
                     id="half a stage up, the earlier cycle's spread applies"),
        pytest.param([1, 2, 3, 4, 5], [4, 4, 4], 3, None, Direction.UP, 1.0,
                     id="consensus has no spread, so the same stage up is real"),
        pytest.param([1, 5], [1, 5], 2, 3, Direction.UP, 1.0, id="consensus in both cycles"),
        pytest.param([3, 3, 3], [1, 5], None, 3, Direction.UNCHANGED, 0.0, id="consensus equal to the earlier median"),
        pytest.param([], [3, 3, 3], None, None, Direction.NOT_COMPARABLE, None, id="gap before is not a gain"),
        pytest.param([3, 3, 3], [], None, None, Direction.NOT_COMPARABLE, None, id="gap after is not a loss"),
        pytest.param([None, None, None], [4, 4, 4], None, None, Direction.NOT_COMPARABLE, None,
                     id="only don't know is a gap"),
        pytest.param([2, 2], [5, 5, 5], None, None, Direction.NOT_COMPARABLE, None,
                     id="two answers are withheld, so no gain"),
        pytest.param([5, 5, 5], [1, 1], None, None, Direction.NOT_COMPARABLE, None,
                     id="two answers are withheld, so no loss"),
        pytest.param([], [1], 2, 3, Direction.UP, 1.0, id="consensus counts under the threshold"),
    ],
)
def test_compare_an_element_between_two_cycles(framework, before, after, consensus_before, consensus_after, expected, change):
    a = scored(0, framework, {"IF-1": before}, {"IF-1": consensus_before} if consensus_before else None)
    b = scored(1, framework, {"IF-1": after}, {"IF-1": consensus_after} if consensus_after else None)
    result = compare_element("IF-1", a, b)
    assert (result.direction, result.change) == (expected, change)


def test_a_gap_says_which_cycle_has_fewer_than_k_answers(framework):
    a = scored(0, framework, {"IF-1": [3, 3, 3]})
    b = scored(1, framework, {"IF-1": [None]})
    assert compare_element("IF-1", a, b).reason == "fewer than 3 answers in 2026-Q2"


@pytest.mark.parametrize("k", [3, 5])
def test_an_element_with_one_answer_too_few_is_not_comparable_and_says_so(framework, k):
    """k - 1 answers read exactly like none: the score is withheld, so nothing is compared."""
    a = scored(1, framework, {"IF-1": [4] * k}, threshold=k)
    b = scored(2, framework, {"IF-1": [1] * (k - 1)}, threshold=k)
    change = compare_element("IF-1", a, b)
    assert (change.direction, change.change, change.spread) == (Direction.NOT_COMPARABLE, None, None)
    assert change.reason == change.explanation == f"fewer than {k} answers in 2026-Q3"
    assert compare_cycles(a, b).losses() == []


def test_a_gap_in_both_cycles_names_both(framework):
    a = scored(0, framework, {"IF-1": [2, 2]})
    b = scored(1, framework, {})
    assert compare_element("IF-1", a, b).reason == "fewer than 3 answers in 2026-Q1 and 2026-Q2"


def test_within_disagreement_explains_itself(framework):
    a = scored(0, framework, {"IF-1": [1, 2, 3, 4, 5]})
    b = scored(1, framework, {"IF-1": [2, 3, 4, 4, 5]})
    assert compare_element("IF-1", a, b).explanation == "moved +1, less than the spread of answers (2)"


def version_two(framework: Framework) -> Framework:
    """IF-1's descriptors are reworded, IF-3 is added, PE-2 is dropped."""
    data = framework.model_dump()
    data["version"] = "0.2"
    internal = data["functions"][0]
    internal["elements"][0]["descriptors"][3] = "Shared goals at stage 3: written goals, reviewed every year."
    added = {**internal["elements"][1], "id": "IF-3", "name": "Guiding principles"}
    internal["elements"].append(added)
    data["functions"][3]["elements"] = data["functions"][3]["elements"][:1]
    return Framework.model_validate(data)


@pytest.fixture
def across_versions(framework):
    v2 = version_two(framework)
    everything = {e.id: [2, 2, 2] for e in framework.elements}
    a = scored(0, framework, everything)
    b = scored(1, v2, {**{e.id: [3, 3, 3] for e in v2.elements}, "IF-1": [4, 4, 4]})
    return a, b


def test_elements_changed_added_or_dropped_across_versions_are_not_comparable(across_versions):
    comparison = compare_cycles(*across_versions)
    by_id = {c.element_id: c for c in comparison.changes}
    assert comparison.framework_changed
    assert {i for i, c in by_id.items() if c.direction is Direction.NOT_COMPARABLE} == {"IF-1", "IF-3", "PE-2"}
    assert by_id["IF-1"].reason == "its stage descriptors changed between framework versions 0.1 and 0.2"
    assert by_id["IF-3"].reason == "not in framework version 0.1"
    assert by_id["PE-2"].reason == "not in framework version 0.2"
    assert by_id["IF-2"].direction is Direction.UP
    assert "IF-1" not in {c.element_id for c in comparison.gains(limit=10)}
    assert comparison.count(Direction.UP) == 6


def test_a_framework_change_is_listed_with_what_changed(across_versions):
    (change,) = framework_changes(list(across_versions))
    assert (change.before_cycle, change.after_cycle) == ("2026-Q1", "2026-Q2")
    assert (change.changed, change.added, change.removed) == (("IF-1",), ("IF-3",), ("PE-2",))
    assert "compare them element by element" in change.note


def test_trends_mark_the_cycle_where_the_framework_changed(across_versions):
    overall, *functions = trends(list(across_versions))
    assert [p.framework_changed for p in overall.points] == [False, True]
    assert [p.score for p in overall.points] == [2.0, across_versions[1][2].overall]
    assert [f.key for f in functions] == ["IF", "CO", "DR", "PE"]


def test_an_element_trend_breaks_where_its_descriptors_changed(across_versions):
    changed = element_trend(list(across_versions), "IF-1").points
    assert [p.comparable_with_previous for p in changed] == [False, False]
    assert "descriptors changed" in changed[1].note
    kept = element_trend(list(across_versions), "IF-2").points
    assert [p.comparable_with_previous for p in kept] == [False, True]
    added = element_trend(list(across_versions), "IF-3").points
    assert [p.in_framework for p in added] == [False, True]


def test_trends_count_respondents_overall_and_shown_answers_per_function(framework):
    a = scored(0, framework, {"IF-1": [2, 3, 3, None], "IF-2": [2, 2, 2], "CO-1": [4, 4], "CO-2": [3, 3, 3]})
    overall, internal, case_ops, *_ = trends([a])
    assert (overall.points[0].count, overall.count_label) == (4, "respondents")
    assert (internal.points[0].count, internal.points[0].scored_elements, internal.count_label) == (6, 2, "answers")
    # CO-1's two answers are withheld: only CO-2's count is added up.
    assert (case_ops.points[0].count, case_ops.points[0].scored_elements) == (3, 1)


def test_a_trend_point_under_the_threshold_has_no_count(framework):
    a = scored(0, framework, {"IF-1": [2, 3], "CO-1": [4, 4, 4, 4]}, threshold=5)
    overall, internal, case_ops, *_ = trends([a])
    assert (overall.points[0].count, overall.points[0].withheld_text) == (None, "fewer than 5 answers")
    assert (internal.points[0].count, internal.points[0].score, internal.points[0].scored_elements) == (None, None, 0)
    assert (case_ops.points[0].count, case_ops.points[0].score) == (None, None)


def test_an_element_under_the_threshold_is_never_among_the_biggest_gains(framework):
    a = scored(0, framework, {"IF-1": [2], "IF-2": [2, 2, 2], "CO-1": [1, 1, 1]})
    b = scored(1, framework, {"IF-1": [5], "IF-2": [3, 3, 3], "CO-1": [3, 3, 3]})
    comparison = compare_cycles(a, b)
    assert comparison.changes[0].direction is Direction.NOT_COMPARABLE
    assert comparison.changes[0].reason == "fewer than 3 answers in 2026-Q1 and 2026-Q2"
    assert [c.element_id for c in comparison.gains()] == ["CO-1", "IF-2"]


def test_a_consensus_stage_with_withheld_answers_is_compared(framework):
    a = scored(0, framework, {"IF-1": []}, {"IF-1": 2})
    b = scored(1, framework, {"IF-1": [4]}, {"IF-1": 3})
    change = compare_element("IF-1", a, b)
    assert (change.direction, change.change, change.spread) == (Direction.UP, 1.0, 0.0)
    assert (change.before.answers, change.after.answers) == (None, None)
    assert change.after.withheld_text == "fewer than 3 answers"


def test_an_element_trend_has_no_count_where_it_is_withheld(framework):
    history = [scored(0, framework, {"IF-1": [2, 2]}), scored(1, framework, {"IF-1": [3, 3, 3]})]
    points = element_trend(history, "IF-1").points
    assert [p.answers for p in points] == [None, 3]
    assert [p.value for p in points] == [None, 3.0]


def test_biggest_losses_come_largest_first(framework):
    a = scored(0, framework, {"IF-1": [4, 4, 4], "IF-2": [5, 5, 5], "CO-1": [3, 3, 3]})
    b = scored(1, framework, {"IF-1": [3, 3, 3], "IF-2": [2, 2, 2], "CO-1": [3, 3, 3]})
    assert [(c.element_id, c.change) for c in compare_cycles(a, b).losses()] == [("IF-2", -3.0), ("IF-1", -1.0)]


def test_cycles_without_any_score_are_left_out_of_the_comparable_cycles(framework):
    a = scored(0, framework, {"IF-1": [3, 3, 3]})
    empty = scored(1, framework, {})
    too_few = scored(2, framework, {"IF-1": [3, 3], "IF-2": [4, 4]})
    assert [c.label for c, _, _ in with_scores([a, empty, too_few])] == ["2026-Q1"]


# the charts and tables: withheld figures read as words, never as None or 0 -------------------


@pytest.fixture
def withheld_history(framework):
    """2026-Q1: two members answered (under k = 3); IF-1 has a consensus stage. 2026-Q2: IF-1 scored by four."""
    return [
        scored(0, framework, {"IF-1": [2, 2], "IF-2": [1]}, {"IF-1": 2}),
        scored(1, framework, {"IF-1": [3, 3, 3, 3], "IF-2": [2, 2]}),
    ]


def _figure_text(figure) -> str:
    return figure.to_json()


def test_the_trend_chart_and_table_say_fewer_than_k_where_a_count_is_withheld(framework, withheld_history):
    series = trends(withheld_history)
    assert series[0].points[0].count is None
    text = _figure_text(charts.trend_chart(series, framework, []))
    assert "fewer than 3 respondents" in text and "4 respondents" in text
    assert "None" not in text and "0 respondents" not in text
    table = charts.trend_table(series)
    first = table[(table["Series"] == "Overall") & (table["Cycle"] == "2026-Q1")].iloc[0]
    assert pd.isna(first["Count"]) and first["Counts"] == "fewer than 3 respondents"
    assert table["Count"].dtype == "Int64"


def test_the_element_chart_and_table_say_fewer_than_k_where_answers_are_withheld(framework, withheld_history):
    trend = element_trend(withheld_history, "IF-2")
    text = _figure_text(charts.element_trend_chart(trend, framework))
    assert "fewer than 3 answers" in text and "None" not in text
    table = charts.element_trend_table(trend)
    assert table["Withheld"].tolist() == ["fewer than 3 answers", "fewer than 3 answers"]
    assert table["Answers"].isna().all()
    assert "Fewer than 3 answers" not in table.columns
    consensus = _figure_text(charts.element_trend_chart(element_trend(withheld_history, "IF-1"), framework))
    assert "2 consensus (fewer than 3 answers)" in consensus


def test_the_comparison_names_withheld_counts_in_words(framework, withheld_history):
    comparison = compare_cycles(*withheld_history)
    table = charts.comparison_table(comparison).set_index("Element")
    if_1 = table.loc[next(i for i in table.index if i.startswith("IF-1 "))]
    if_2 = table.loc[next(i for i in table.index if i.startswith("IF-2 "))]
    assert (if_1["2026-Q1 answers"], if_1["2026-Q2 answers"]) == ("fewer than 3 answers", "4")
    assert if_1["Direction"] == "▲ up"
    assert if_2["Why"] == "fewer than 3 answers in 2026-Q1 and 2026-Q2"
    text = _figure_text(charts.comparison_chart(comparison, framework))
    assert "fewer than 3 → 4" in text and "None" not in text


def test_the_comparison_chart_joins_each_compared_element_with_a_line_in_its_directions_colour(across_versions):
    comparison = compare_cycles(*across_versions)
    figure = charts.comparison_chart(comparison, across_versions[1][1])
    drawn = set()
    for trace in (t for t in figure.data if t.mode == "lines"):
        points = list(zip(trace.x, trace.y))
        assert all(x is None for x, _ in points[2::3]), "three points per line: before, after and a gap"
        drawn |= {(trace.line.color, before, after) for before, after in zip(points[0::3], points[1::3])}
    label = {y.split(" ")[0]: y for trace in figure.data for y in trace.y if y is not None}
    for c in comparison.changes:  # each row says its answers then and now beside the element's name
        assert f"answers {charts.short_count(c.before)} → {charts.short_count(c.after)}" in label[c.element_id]
    expected = {(charts.DIRECTION_STYLE[c.direction][0], (c.before.score, label[c.element_id]),
                 (c.after.score, label[c.element_id])) for c in comparison.changes if c.change is not None}
    assert expected and drawn == expected


# progress against targets: plain Target values, no database --------------------------------


def target(element_id: str, stage: int, set_at: datetime = datetime(2026, 2, 1), by: str = "2026-Q4") -> Target:
    return Target(task_force_id=1, element_id=element_id, target_stage=stage, by_cycle_label=by, set_at=set_at)


@pytest.fixture
def three_quarters(framework):
    return [
        scored(0, framework, {"IF-1": [1, 1, 1], "IF-2": [2, 2, 2], "CO-1": [3, 3, 3], "CO-2": [2, 3, 4], "DR-1": [2, 2, 2]}),
        scored(1, framework, {"IF-1": [3, 3, 3], "IF-2": [2, 2, 2], "CO-1": [3, 3, 3], "CO-2": [2, 3, 4], "DR-1": [2, 2, 2]}),
        scored(2, framework, {"IF-1": [4, 4, 4], "IF-2": [4, 4, 4], "CO-1": [2, 2, 2], "CO-2": [3, 3, 4], "DR-1": []}),
    ]


@pytest.mark.parametrize(
    "element_id, stage, status, share",
    [
        pytest.param("IF-1", 4, TargetStatus.REACHED, 1.0, id="reached"),
        pytest.param("IF-2", 5, TargetStatus.MOVING, 2 / 3, id="two of three stages covered"),
        pytest.param("CO-1", 4, TargetStatus.AWAY, 0.0, id="moved away"),
        pytest.param("CO-2", 5, TargetStatus.STILL, 0.0, id="movement within disagreement does not count"),
        pytest.param("PE-1", 3, TargetStatus.NO_SCORE, None, id="never scored"),
    ],
)
def test_progress_toward_a_target_from_the_first_cycle(three_quarters, element_id, stage, status, share):
    (result,) = target_progress(three_quarters, [target(element_id, stage)], since_first=True)
    assert result.status is status
    assert result.share_of_way == pytest.approx(share) if share is not None else result.share_of_way is None


def test_progress_toward_a_target_is_measured_from_the_cycle_current_when_it_was_set(three_quarters):
    (result,) = target_progress(three_quarters, [target("IF-1", 5, set_at=datetime(2026, 5, 2))])
    assert (result.baseline_cycle, result.latest_cycle, result.baseline, result.latest) == ("2026-Q2", "2026-Q3", 3.0, 4.0)
    assert result.share_of_way == pytest.approx(0.5)
    assert result.since == "since the target was set, in 2026-Q2"


def test_a_target_set_before_any_cycle_is_measured_from_the_first(three_quarters):
    (result,) = target_progress(three_quarters, [target("IF-1", 5, set_at=datetime(2025, 1, 1))])
    assert result.baseline_cycle == "2026-Q1"
    assert result.since.startswith("since the first cycle")


def test_a_target_whose_element_lost_its_latest_score_uses_the_newest_scored_cycle(three_quarters):
    (result,) = target_progress(three_quarters, [target("DR-1", 3)], since_first=True)
    assert (result.latest_cycle, result.status) == ("2026-Q2", TargetStatus.STILL)


def test_a_target_past_its_quarter_and_not_reached_is_overdue(three_quarters):
    late, on_time = target_progress(three_quarters, [target("IF-2", 5, by="2026-Q2"), target("IF-2", 5, by="2026-Q4")])
    assert (late.overdue, on_time.overdue) == (True, False)


def test_a_target_across_a_descriptor_change_is_not_comparable(across_versions):
    (result,) = target_progress(list(across_versions), [target("IF-1", 4)], since_first=True)
    assert result.status is TargetStatus.NOT_COMPARABLE
    assert result.share_of_way is None


def test_a_target_with_one_scored_cycle_since_it_was_set_shows_that_score_and_waits(three_quarters):
    waiting, reached = target_progress(three_quarters, [target("IF-2", 5, set_at=datetime(2026, 8, 1)),
                                                       target("IF-2", 4, set_at=datetime(2026, 8, 1))])
    assert (waiting.status, waiting.latest, waiting.share_of_way) == (TargetStatus.NO_LATER_CYCLE, 4.0, None)
    assert (reached.status, reached.share_of_way) == (TargetStatus.REACHED, 1.0)
