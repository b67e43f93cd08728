"""The tables behind the charts, and the CSV, Excel and JSON exports written from them, read back."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from assessments.domain.model import Answer
from reports import charts, export, tables
from tests.conftest import make_answers
from tests.report_factory import WHEN, cycle_report

SECRET_NOTE = "Officer Ramos told me the MOU is ignored"
RATIONALE = "=Reviewed 12 case files; Đồng thuận & согласие <b>"


@pytest.fixture
def report(framework) -> tables.CycleReport:
    answers = (
        make_answers(7, "IF-1", [2, 3, 3, 4, 4, 3])
        + make_answers(7, "IF-2", [1, 1, 1, 4, 4])
        + make_answers(7, "CO-1", [3, 3, None])
        + [Answer(cycle_id=7, member_id=1, element_id="DR-1", stage=2, note=SECRET_NOTE, updated_at=WHEN)]
    )
    return cycle_report(framework, answers, RATIONALE)


def test_the_element_table_has_one_row_per_element_with_gaps_as_gaps(report):
    table = tables.element_table(report).set_index("Element id")
    assert list(table.index) == [e.id for e in report.framework.elements]
    assert table.loc["IF-1", "Score"] == 3.0 and table.loc["IF-1", "Answers"] == 6
    assert table.loc["IF-1", "Range"] == "2 to 4" and table.loc["IF-1", "Withheld"] == ""
    assert pd.isna(table.loc["PE-1", "Score"]) and table.loc["PE-1", "Score source"] == "gap: fewer than 3 answers"
    # No answers and one answer read the same: nothing tells whether anyone answered.
    for element_id in ("PE-1", "DR-1"):
        row = table.loc[element_id]
        assert row["Withheld"] == "fewer than 3 answers"
        assert all(pd.isna(row[c]) for c in ["Answers", "Don't know", "Median of answers", "Lowest stage",
                                             "Highest stage", "IQR", *tables.STAGE_COLUMNS])


def test_a_consensus_stage_is_marked_as_consensus_with_its_rationale(report):
    row = tables.element_table(report).set_index("Element id").loc["CO-1"]
    assert (row["Score"], row["Score source"], row["Consensus stage"]) == (4.0, "consensus", 4)
    # The stage agreed in the meeting shows; the two answers behind it stay withheld, and so
    # does the don't-know count: only three members answered CO-1 at all.
    assert pd.isna(row["Median of answers"]) and row["Withheld"] == "fewer than 3 answers"
    assert row["Don't know"] == 1
    assert row["Consensus rationale"] == RATIONALE
    assert tables.score_text(report.scores.element("CO-1")) == "4 (consensus)"
    assert tables.score_text(report.scores.element("PE-1")) == "gap (fewer than 3 answers)"


def test_the_function_table_counts_scored_elements_gaps_and_consensus(report):
    functions = tables.function_table(report).set_index("Function id")
    assert functions.loc["IF", "Score"] == 2.0  # IF-1 median 3, IF-2 median 1
    assert (functions.loc["CO", "Elements scored"], functions.loc["CO", "Gaps"]) == (1, 1)
    assert functions.loc["CO", "Consensus elements"] == 1
    assert pd.isna(functions.loc["PE", "Score"]) and functions.loc["PE", "Gap elements"] == "PE-1, PE-2"


def test_the_discipline_table_lists_only_groups_that_reach_the_threshold_with_the_rest(report):
    table = tables.discipline_table(report)
    shown = {(row["Element id"], row["Discipline"]): row["Median"] for _, row in table.iterrows()}
    # IF-1: three answers from each discipline, so each has the other three as the rest.
    assert shown[("IF-1", "Law enforcement")] == 3.0 and shown[("IF-1", "Victim services")] == 4.0
    # IF-2: five answers, 3 + 2: the victim-services group is too small, and the police group's rest too.
    assert not any(element == "IF-2" for element, _ in shown)


def test_the_disagreement_table_ranks_the_widest_spread_first(report):
    ranked = tables.disagreement_table(report)
    assert list(ranked["Element id"]) == ["IF-2", "IF-1"]
    assert ranked.iloc[0]["Answers at stage 1"] == 3 and ranked.iloc[0]["Answers at stage 4"] == 2


def test_the_csv_export_reads_back_with_its_context_on_every_row(report):
    parsed = pd.read_csv(io.BytesIO(export.to_csv(report)), encoding="utf-8-sig")
    assert set(parsed["Framework id"]) == {report.framework.id}
    assert set(parsed["Framework version"].astype(str)) == {report.framework.version}
    assert set(parsed["Cycle"]) == {"2026-Q4"} and set(parsed["Task force"]) == {"Ρόδος Task Force"}
    assert parsed.set_index("Element id").loc["IF-1", "Score"] == 3.0
    # A text cell starting with "=" is kept as text, not run as a formula.
    assert parsed.set_index("Element id").loc["CO-1", "Consensus rationale"] == "'" + RATIONALE


@pytest.mark.parametrize("table", ["functions", "disciplines"])
def test_every_table_exports_as_csv(report, table):
    parsed = pd.read_csv(io.BytesIO(export.to_csv(report, table)), encoding="utf-8-sig")
    assert len(parsed) == len(export.TABLES[table](report))
    assert {"Framework id", "Framework version", "Cycle"} <= set(parsed.columns)


def test_the_excel_export_reads_back_sheet_by_sheet_with_text_kept_as_typed(report):
    data = export.to_excel(report)
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(sheets) == ["About", "Elements", "Functions", "Disciplines"]
    about = dict(zip(sheets["About"]["Item"], sheets["About"]["Value"]))
    assert (about["Framework id"], str(about["Framework version"]), about["Cycle"]) == (
        report.framework.id, report.framework.version, "2026-Q4")
    elements = sheets["Elements"].set_index("Element id")
    assert elements.loc["CO-1", "Consensus rationale"] == RATIONALE
    assert set(elements["Framework id"]) == {report.framework.id}
    cell_types = {c.data_type for row in load_workbook(io.BytesIO(data))["Elements"].iter_rows() for c in row}
    assert "f" not in cell_types


def test_the_json_export_reads_back_with_nulls_for_gaps(report):
    document = json.loads(export.to_json(report))
    assert document["framework"] == {"id": report.framework.id, "version": report.framework.version,
                                     "title": report.framework.title}
    assert document["cycle"]["label"] == "2026-Q4"
    elements = {e["Element id"]: e for e in document["elements"]}
    assert elements["PE-1"]["Score"] is None
    assert elements["CO-1"]["Score source"] == "consensus" and elements["CO-1"]["Consensus rationale"] == RATIONALE
    assert document["overall_score"] == report.scores.overall
    assert set(document["gaps"]) == set(report.scores.gaps)


def test_no_export_contains_a_member_name_or_an_evidence_note(report):
    for data in (export.to_csv(report), export.to_csv(report, "disciplines"), export.to_json(report)):
        text = data.decode("utf-8-sig")
        assert SECRET_NOTE not in text and "Member 1" not in text
    workbook = load_workbook(io.BytesIO(export.to_excel(report)))
    cells = " ".join(str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row)
    assert SECRET_NOTE not in cells and "Member 1" not in cells


def test_every_chart_has_a_title_and_axis_titles(report):
    figures = [
        *charts.element_heatmaps(report), charts.function_chart(report), charts.disagreement_chart(report),
        charts.discipline_comparison(report, "law_enforcement", "victim_services"),
        charts.distribution_chart(report, "IF-1"),
    ]
    for figure in figures:
        assert figure.layout.title.text
        axes = [figure.layout[name] for name in figure.layout if name.startswith(("xaxis", "yaxis"))]
        assert any(a.title.text for a in axes if a.side != "top"), figure.layout.title.text
    heatmaps = charts.element_heatmaps(report)
    assert [h.layout.title.text.split(":")[0] for h in heatmaps] == [f.name for f in report.framework.functions]
    cell_text = " ".join(str(t) for heatmap in heatmaps for trace in heatmap.data for row in trace.text for t in row)
    assert "4 consensus<br>n<3" in cell_text  # the decision shows; the count only as "fewer than k"
    assert "–" in cell_text  # a withheld discipline median
    assert "gap<br>n<3" in cell_text
    assert "withheld" not in charts.heatmap_subtitle(report) and "marked –" in charts.heatmap_subtitle(report)


def _segments(trace) -> list[tuple]:
    """The separate lines of a line trace: its points split at the gaps (None) between lines."""
    points, lines = list(zip(trace.x, trace.y)), []
    while points:
        gap = next((i for i, (x, _) in enumerate(points) if x is None), len(points))
        lines.append(tuple(points[:gap]))
        points = points[gap + 1:]
    return lines


def test_the_discipline_comparison_joins_each_elements_two_medians_with_its_own_line(framework):
    answers = make_answers(7, "IF-1", [2, 3, 3, 4, 4, 3]) + make_answers(7, "IF-2", [1, 1, 1, 4, 4, 5])
    report = cycle_report(framework, answers, RATIONALE)
    figure = charts.discipline_comparison(report, "law_enforcement", "victim_services")
    lines = [line for trace in figure.data if trace.mode == "lines" for line in _segments(trace)]
    label = {e.id: charts.short_label(e.id, e.name) for e in framework.elements}
    # Widest difference first: IF-2 (1 against 4), then IF-1 (3 against 4).
    assert lines == [((1.0, label["IF-2"]), (4.0, label["IF-2"])), ((3.0, label["IF-1"]), (4.0, label["IF-1"]))]
