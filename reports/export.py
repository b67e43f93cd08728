"""CSV, Excel and JSON exports of a cycle's scores, written from reports/tables.py.

Every file names the task force, framework id and version and the cycle, so a
spreadsheet read a year later is never ambiguous. Only aggregates leave: no
member names, no individual answers, no evidence notes, and only the figures the
reporting threshold lets show (a withheld cell is empty, its row says why; in JSON
it is null, and "members_who_answered" is null under the threshold).

Text is kept as typed, with one exception: in CSV a text cell that starts with
=, +, - or @ gets a leading apostrophe, so a spreadsheet program shows it as text
instead of running it as a formula. The Excel file stores such cells as text.
"""

from __future__ import annotations

import io
import json
import math
import re
from datetime import UTC, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    frame = with_context(report, TABLES[table](report))
    frame = frame.map(_defuse) if not frame.empty else frame
    return frame.to_csv(index=False).encode("utf-8-sig")


def to_excel(report: CycleReport) -> bytes:
    """A workbook: About (what the numbers are about and how they are scored), Elements, Functions, Disciplines."""
    workbook = Workbook()
    _write_sheet(workbook.active, "About", summary_table(report))
    for name, build in TABLES.items():
        _write_sheet(workbook.create_sheet(), name.capitalize(), with_context(report, build(report)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_json(report: CycleReport) -> bytes:
    scores = report.scores
    document = {
        "task_force": {"name": report.task_force.name, "jurisdiction": report.task_force.jurisdiction},
        "framework": {"id": report.framework.id, "version": report.framework.version, "title": report.framework.title},
        "cycle": {"label": report.cycle.label, "status": report.cycle.status.value},
        "generated_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "overall_score": scores.overall,
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


def _defuse(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _write_sheet(sheet, title: str, frame: pd.DataFrame) -> None:
    sheet.title = title
    sheet.append(list(frame.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        sheet.append([_plain(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    for index, column in enumerate(frame.columns, start=1):
        values = [str(column), *(str(v) for v in frame[column].head(200))]
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, *(len(v) for v in values)) + 2)
    sheet.freeze_panes = "A2"
