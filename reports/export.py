"""CSV, Excel and JSON exports of a cycle's scores, written from reports/tables.py.

Every file names the task force, framework id and version and the cycle, so a
spreadsheet read a year later is never ambiguous. Only aggregates leave: no
member names, no individual answers, no evidence notes, and only the figures the
reporting threshold lets show (a withheld cell is empty, its row says why; in JSON
it is null, and "members_who_answered" is null under the threshold).

The files are built when someone asks for one (the pages pass these functions to
the download buttons), never on a page load, and they never fail on stored text:
every text goes through reports/outgoing_text.py first.

- CSV: text as stored, every text cell quoted. Where a spreadsheet would start a
  formula (=, +, -, @, tab or CR first, after blanks and fullwidth forms folded),
  an apostrophe goes in front: at the start of the text, and after a , ; or tab
  inside it, where a spreadsheet in a ";" locale starts a new cell. Numbers stay
  numbers, unquoted: -1 in a numeric column is a number.
- Excel: text as stored, in cells typed as text (a leading = is never a formula),
  minus the characters XML cannot hold; text over 32,767 characters is cut with a
  visible marker. The About sheet says so.
- JSON: text as stored.
A UTF-16 surrogate left in stored text, which UTF-8 cannot carry, reads as U+FFFD in all three.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import UTC, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reports import outgoing_text
from reports.tables import (
    CycleReport,
    discipline_table,
    element_table,
    function_table,
    scoring_rules,
    summary_table,
)

CONTEXT_COLUMNS = ["Task force", "Framework id", "Framework version", "Cycle"]
TABLES = {"elements": element_table, "functions": function_table, "disciplines": discipline_table}


def with_context(report: CycleReport, table: pd.DataFrame) -> pd.DataFrame:
    context = {
        "Task force": report.task_force.name,
        "Framework id": report.framework.id,
        "Framework version": report.framework.version,
        "Cycle": report.cycle.label,
    }
    out = table.copy()
    for position, (column, value) in enumerate(context.items()):
        out.insert(position, column, value)
    return out


def file_name(report: CycleReport, extension: str, table: str = "scores") -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", report.task_force.name.lower()).strip("-") or "task-force"
    return f"waypoint-{slug}-{report.cycle.label}-{table}.{extension}"


def to_csv(report: CycleReport, table: str = "elements") -> bytes:
    """One table as UTF-8 CSV (with a byte-order mark so Excel reads non-Latin text right)."""
    # Every export first takes a copy whose text UTF-8 can carry: pandas stores text as UTF-8.
    report = outgoing_text.encodable_copy(report)
    return csv_bytes(with_context(report, TABLES[table](report)))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as CSV: text defused and quoted, numbers as numbers."""
    frame = frame.copy()
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):  # numbers (and -1) stay numbers
            frame[column] = frame[column].map(_csv_cell)
    return frame.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")


def to_excel(report: CycleReport) -> bytes:
    """A workbook: About (what the numbers are about and how they are scored), Elements, Functions, Disciplines."""
    report = outgoing_text.encodable_copy(report)
    workbook = Workbook()
    about = summary_table(report)
    about.loc[len(about)] = ["Text in this workbook", outgoing_text.EXCEL_TEXT_RULES]
    _write_sheet(workbook.active, "About", about)
    for name, build in TABLES.items():
        _write_sheet(workbook.create_sheet(), name.capitalize(), with_context(report, build(report)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_json(report: CycleReport) -> bytes:
    report = outgoing_text.encodable_copy(report)
    scores = report.scores
    document = {
        "task_force": {"name": report.task_force.name, "jurisdiction": report.task_force.jurisdiction},
        "framework": {"id": report.framework.id, "version": report.framework.version, "title": report.framework.title},
        "cycle": {"label": report.cycle.label, "status": report.cycle.status.value},
        "generated_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "overall_score": scores.overall,
        # Rotation: a cycle may assess some functions; the others' scores are carried, and marked.
        "functions_assessed": None if report.cycle.functions is None else list(report.cycle.functions),
        "carried_functions": {f.function_id: f.carried_from for f in scores.carried_functions},
        "overall_score_includes_carried": scores.overall_includes_carried,
        "reporting_threshold": scores.threshold,
        "members_who_answered": scores.respondents,
        "members_who_answered_by_discipline": report.respondents_by_discipline,
        "gaps": list(scores.gaps),
        "scoring_rules": scoring_rules(scores),
        **{name: _records(build(report)) for name, build in TABLES.items()},
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{key: _plain(value) for key, value in row.items()} for row in frame.to_dict(orient="records")]


def _plain(value):
    """pandas missing values and numpy scalars as JSON: null, int, float, bool, str."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and math.isnan(value) else value


def _csv_cell(value):
    return outgoing_text.for_csv(value) if isinstance(value, str) else value


def _excel_cell(value):
    value = _plain(value)
    return outgoing_text.for_excel(value) if isinstance(value, str) else value


def _write_sheet(sheet, title: str, frame: pd.DataFrame) -> None:
    sheet.title = title
    sheet.append([_excel_cell(c) for c in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        sheet.append([_excel_cell(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    for index, column in enumerate(frame.columns, start=1):
        values = [str(column), *(str(v) for v in frame[column].head(200))]
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, *(len(v) for v in values)) + 2)
    sheet.freeze_panes = "A2"
