"""The version break and carried scores in every file that leaves the app: the PDF (parsed back
with pypdf) and the CSV, Excel and JSON exports, for the task force of tests/versions_world.py."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.store.database import Database
from assessments.usecases import task_force_data
from reports import export, tables, task_force_export
from reports.pdf import build_pdf
from tests import versions_world


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('versions-reports') / 'waypoint.db'}")
    yield versions_world.build(db)
    db.dispose()


def _pdf_text(world, cycle) -> str:
    pdf = build_pdf(world["db"], world["lead"].actor, world["task_force"].id, cycle.id, date(2026, 11, 20))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def q3_pdf(world) -> str:
    return _pdf_text(world, world["cycles"][2])


@pytest.fixture(scope="module")
def q4_pdf(world) -> str:
    return _pdf_text(world, world["cycles"][3])


def _between(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


def test_the_pdf_marks_the_version_change_and_compares_only_mapped_elements(world, q3_pdf):
    assert "Version change between 2026-Q2 and 2026-Q3" in q3_pdf
    table = _between(q3_pdf, "Only the elements below are compared", "Not compared")
    v11 = world["v11"]
    for element in v11.elements:
        same = element.continues is not None and element.continues.same_stages
        shown = f"{element.id} {element.name}" in table
        assert shown == (same and element.id != versions_world.THIN_ELEMENT), element.id
    skipped = _between(q3_pdf, "Not compared", "Charts")
    assert "IF-4: its stages were rewritten in framework version 1.1" in skipped
    assert "CO-8: new in framework version 1.1" in skipped


def test_the_pdf_summary_does_not_compare_means_across_the_version_change(q3_pdf):
    summary = _between(q3_pdf, "Executive summary", "Members who answered")
    assert "framework version changed since 2026-Q2" in summary
    assert "not comparable: 2026-Q2 used framework version 1.0" in summary
    assert "+1.00 since 2026-Q2" not in summary


def test_the_pdf_marks_every_carried_score(world, q4_pdf):
    summary = _between(q4_pdf, "Executive summary", "Members who answered")
    assert "includes scores carried from earlier cycles for IF (2026-Q3), PE (2026-Q3)" in summary
    assert "carried from 2026-Q3: not reassessed since 2026-Q3" in summary
    assert "Scores carried into 2026-Q4" in q4_pdf and "2026-Q4 assessed CO, DR only" in q4_pdf
    elements = _between(q4_pdf, "Function score: 4.00 (mean of 9 of 9 elements; carried from 2026-Q3)",
                        "Improvement plan")
    assert elements.count("median carried, 2026-Q3") == 9 + 6
    assert "carried" not in _between(elements, "Function score: 5.00", "Function score: 4.00")
    # The heatmap's cells: a carried score reads "4 c (3)"; fresh ones have no mark.
    assert q4_pdf.count("4 c (3)") == sum(
        len(f.elements) for f in world["v11"].functions if f.id not in versions_world.ROTATION) - 1
    assert "c = score carried from an earlier cycle" in q4_pdf
    assert "Rotation: a cycle may assess only some functions" in q4_pdf


def test_a_pdf_of_a_cycle_without_carried_scores_or_version_change_has_no_such_section(world):
    text = _pdf_text(world, world["cycles"][1])
    assert "Framework versions and carried scores" not in text and "carried from" not in text


def _report(world, cycle):
    return tables.cycle_report(world["db"], world["lead"].actor, cycle.id)


def test_the_csv_marks_each_carried_row_with_its_cycle(world):
    rows = list(csv.DictReader(io.StringIO(export.to_csv(_report(world, world["cycles"][3])).decode("utf-8-sig"))))
    for row in rows:
        carried = row["Function id"] not in versions_world.ROTATION
        assert row["Carried from"] == ("2026-Q3" if carried else "")
        assert ("carried from 2026-Q3" in row["Score source"]) == carried
    thin = next(r for r in rows if r["Element id"] == versions_world.THIN_ELEMENT)
    assert (thin["Answers"], thin["Withheld"]) == ("", "fewer than 3 answers")


def test_the_json_says_which_functions_were_assessed_and_which_carried(world):
    document = json.loads(export.to_json(_report(world, world["cycles"][3])))
    assert document["functions_assessed"] == ["CO", "DR"]
    assert document["carried_functions"] == {"IF": "2026-Q3", "PE": "2026-Q3"}
    assert document["overall_score_includes_carried"] is True
    assert "Rotation:" in document["scoring_rules"]
    functions = {f["Function id"]: f["Carried from"] for f in document["functions"]}
    assert functions == {"IF": "2026-Q3", "CO": "", "DR": "", "PE": "2026-Q3"}


def test_the_workbook_about_sheet_names_the_carried_functions(world):
    workbook = load_workbook(io.BytesIO(export.to_excel(_report(world, world["cycles"][3]))))
    about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True)}
    assert about["Scores carried from earlier cycles"] == "IF, PE: carried from 2026-Q3 (not assessed in this cycle)"
    assert about["Overall score includes carried scores"] == "yes"
    assert about["Functions assessed in this cycle"] == "CO, DR"
    header = [c.value for c in workbook["Elements"][1]]
    assert "Carried from" in header


def test_the_whole_task_force_export_carries_scores_as_the_cycle_files_do(world):
    """The task force's own export (every cycle at once) reads each cycle as the Results page does:
    a rotated cycle's rows are the ones its CSV holds, carried scores marked."""
    data = task_force_data.task_force_data(world["db"], world["lead"].actor, world["task_force"].id)
    scores = task_force_export.tables(data)["scores"]
    q4 = scores[scores["Cycle"] == "2026-Q4"]
    carried = q4[~q4["Function id"].isin(versions_world.ROTATION)]
    assert len(carried) > 0 and (carried["Carried from"] == "2026-Q3").all()
    assert (q4[q4["Function id"].isin(versions_world.ROTATION)]["Carried from"] == "").all()
    one_cycle = tables.element_table(_report(world, world["cycles"][3]))
    assert list(q4["Score"].fillna(-1)) == list(one_cycle["Score"].fillna(-1))
