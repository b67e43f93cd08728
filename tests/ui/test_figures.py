"""ui/figures.prepare: the title comes out of the figure to wrap above it, and nothing on the plot loses its room."""

from __future__ import annotations

from assessments.domain import progress_rules
from reports import progress_charts
from roadmap.load import load_framework
from tests.conftest import SMALL_FRAMEWORK_FILE
from tests.unit.test_progress import scored, version_two
from ui import figures


def _across_a_framework_change():
    framework = load_framework(SMALL_FRAMEWORK_FILE)
    later = version_two(framework)
    history = [scored(0, framework, {e.id: [2, 2, 2] for e in framework.elements}),
               scored(1, later, {e.id: [3, 3, 3] for e in later.elements})]
    return history, later


def test_the_title_goes_above_the_figure_and_long_axis_titles_wrap():
    history, framework = _across_a_framework_change()
    comparison = progress_rules.compare_cycles(*history)
    shown = figures.prepare(progress_charts.comparison_chart(comparison, framework))
    assert shown.title.startswith("Element scores, 2026-Q1 to 2026-Q2") and not shown.figure.layout.title.text
    assert shown.figure.layout.margin.t == 20
    axis_title = shown.figure.layout.xaxis.title.text
    assert "<br>" in axis_title and all(len(line) <= figures.AXIS_TITLE_WIDTH for line in axis_title.split("<br>"))


def test_a_note_on_the_plots_top_edge_keeps_room_for_all_its_lines():
    history, framework = _across_a_framework_change()
    changes = progress_rules.framework_changes(history)
    figure = progress_charts.trend_chart(progress_rules.trends(history), framework, changes)
    (note,) = figure.layout.annotations
    assert note.text.count("<br>") == 1  # two lines, standing on the plot's top edge
    shown = figures.prepare(figure)
    assert shown.figure.layout.margin.t >= 2 * figures.LINE_HEIGHT
