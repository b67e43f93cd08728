"""One scoring path: the app, the exports and results.cycle_scores give the same numbers
for the demo task force, and so does the PDF's summary."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pandas as pd
import pytest
from pypdf import PdfReader

from assessments.usecases import consensus, cycles, demo, results
from reports import export, pdf_words, tables
from reports.pdf import build_pdf
from tests.ui.conftest import app, demo_member


def _from_scores(scores) -> tuple[dict, dict]:
    elements = {e.element_id: (e.score, e.source.value, e.answers, e.dont_know) for e in scores.elements}
    functions = {f.function_id: (f.score, f.scored_elements, len(f.gaps)) for f in scores.functions}
    return elements, functions


def _from_tables(elements: pd.DataFrame, functions: pd.DataFrame) -> tuple[dict, dict]:
    sources = {"consensus": "consensus", "median of answers": "median", "gap: fewer than 3 answers": "none"}

    def count(value):
        return None if pd.isna(value) else int(value)

    element_numbers = {
        row["Element id"]: (None if pd.isna(row["Score"]) else float(row["Score"]), sources[row["Score source"]],
                            count(row["Answers"]), count(row["Don't know"]))
        for _, row in elements.iterrows()
    }
    function_numbers = {
        row["Function id"]: (None if pd.isna(row["Score"]) else float(row["Score"]), int(row["Elements scored"]),
                             int(row["Gaps"]))
        for _, row in functions.iterrows()
    }
    return element_numbers, function_numbers


def _close(actual: tuple[dict, dict], expected: tuple[dict, dict]) -> None:
    for a, b in zip(actual, expected, strict=True):
        assert a.keys() == b.keys()
        for key in a:
            for x, y in zip(a[key], b[key], strict=True):
                assert x == pytest.approx(y) if isinstance(x, float) else x == y, (key, a[key], b[key])


def test_the_app_the_exports_and_the_results_service_agree_on_every_number(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    cycle = cycles.list_cycles(demo_db, lead.actor, lead.task_force_id)[-1]
    consensus.record_consensus(demo_db, lead.actor, cycle.id, "DR-2", 4, "Case tracking reviewed together")
    expected = _from_scores(results.cycle_scores(demo_db, lead.actor, cycle.id))

    at = app("ui/results.py", lead.id)
    assert not at.exception
    shown = [d.value for d in at.dataframe]
    ui_elements = next(d for d in shown if "Median of answers" in d.columns)
    ui_functions = next(d for d in shown if "Elements scored" in d.columns)
    _close(_from_tables(ui_elements, ui_functions), expected)

    report = tables.cycle_report(demo_db, lead.actor, cycle.id)
    csv_elements = pd.read_csv(io.BytesIO(export.to_csv(report)), encoding="utf-8-sig")
    csv_functions = pd.read_csv(io.BytesIO(export.to_csv(report, "functions")), encoding="utf-8-sig")
    _close(_from_tables(csv_elements, csv_functions), expected)

    sheets = pd.read_excel(io.BytesIO(export.to_excel(report)), sheet_name=None)
    _close(_from_tables(sheets["Elements"], sheets["Functions"]), expected)

    document = json.loads(export.to_json(report))
    _close(_from_tables(pd.DataFrame(document["elements"]), pd.DataFrame(document["functions"])), expected)

    overall = results.cycle_scores(demo_db, lead.actor, cycle.id).overall
    assert document["overall_score"] == pytest.approx(overall)
    assert at.metric[0].value == f"{overall:.2f}"
    assert expected[0]["DR-2"][:2] == (4.0, "consensus")

    pdf = PdfReader(io.BytesIO(build_pdf(demo_db, lead.actor, lead.task_force_id, cycle.id, date(2026, 11, 23))))
    summary = next(" ".join(p.extract_text().split()) for p in pdf.pages if "Top three strengths" in p.extract_text())
    scores = results.cycle_scores(demo_db, lead.actor, cycle.id)
    assert re.findall(r"(\d\.\d\d) \(mean of", summary) == [at.metric[0].value, *(f"{f.score:.2f}" for f in scores.functions)]
    for function in scores.functions:
        assert pdf_words.function(function) in summary
