"""All of a task force's data as files: Excel (one sheet per table), CSV (a zip of the same
tables) and JSON (with a schema version).

The tables: every cycle's element, function and discipline scores, written by
reports/tables.py exactly as the per-cycle exports write them (the same rows, with the
task force, framework and cycle named on each), and the plan: targets and their history,
actions and theirs, and outcomes. Text is made fit for each format by reports/export.py and
reports/outgoing_text.py, as in every export (formulas defused in CSV, typed as text in Excel).
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pandas as pd
from openpyxl import Workbook

from assessments.domain.model import Action
from assessments.usecases.task_force_data import TaskForceData
from reports import export, outgoing_text
from reports.tables import (
    _DISCIPLINE_COLUMNS,
    _ELEMENT_COLUMNS,
    _FUNCTION_COLUMNS,
    discipline_table,
    element_table,
    function_table,
    scoring_rules,
)

FORMAT = "waypoint-task-force-export"
SCHEMA_VERSION = 1
SHEETS = {
    "scores": "Element scores", "functions": "Function scores", "disciplines": "Discipline medians",
    "targets": "Targets", "target_history": "Target history", "actions": "Actions",
    "action_history": "Action history", "outcomes": "Outcomes",
}


def tables(data: TaskForceData) -> dict[str, pd.DataFrame]:
    """Every table of the export, keyed as SHEETS names them; text already UTF-8-encodable."""
    data = outgoing_text.encodable_copy(data)
    reports = list(data.cycles)

    def per_cycle(build, columns_of) -> pd.DataFrame:
        frames = [export.with_context(report, build(report)) for report in reports]
        if not frames:
            return pd.DataFrame(columns=[*export.CONTEXT_COLUMNS, *columns_of])
        return pd.concat(frames, ignore_index=True)

    name = data.people.get
    element_name = _names(data, "elements")
    function_name = _names(data, "functions")
    cycle_label = {c.cycle.id: c.cycle.label for c in data.cycles}
    numbers = {action.id: n for n, action in enumerate(data.actions, start=1)}
    actions = {action.id: action for action in data.actions}
    return {
        "scores": per_cycle(element_table, _ELEMENT_COLUMNS),
        "functions": per_cycle(function_table, _FUNCTION_COLUMNS),
        "disciplines": per_cycle(discipline_table, _DISCIPLINE_COLUMNS),
        "targets": pd.DataFrame([{
            "Element id": t.element_id, "Element": element_name(t.element_id), "Target stage": t.target_stage,
            "By cycle": t.by_cycle_label, "Set by": name(t.set_by, ""), "Set at": t.set_at.isoformat(" "),
        } for t in data.targets], columns=["Element id", "Element", "Target stage", "By cycle", "Set by", "Set at"]),
        "target_history": pd.DataFrame([{
            "Element id": c.element_id, "Changed at": c.changed_at.isoformat(" "), "Changed by": name(c.changed_by, ""),
            "Field": c.field, "Old value": c.old_value, "New value": c.new_value,
        } for c in data.target_history],
            columns=["Element id", "Changed at", "Changed by", "Field", "Old value", "New value"]),
        "actions": pd.DataFrame([_action_row(a, numbers, element_name, cycle_label) for a in data.actions],
                                columns=_ACTION_COLUMNS),
        "action_history": pd.DataFrame([{
            "Action": numbers[c.action_id], "Action title": actions[c.action_id].title,
            "Changed at": c.changed_at.isoformat(" "), "Changed by": name(c.changed_by, ""), "Field": c.field,
            "Old value": c.old_value, "New value": c.new_value,
        } for c in data.action_history if c.action_id in actions],
            columns=["Action", "Action title", "Changed at", "Changed by", "Field", "Old value", "New value"]),
        "outcomes": pd.DataFrame([{
            "Function id": o.function_id, "Function": function_name(o.function_id), "Outcome": o.text,
            "Updated by": name(o.updated_by, ""), "Updated at": o.updated_at.isoformat(" "),
        } for o in data.outcomes], columns=["Function id", "Function", "Outcome", "Updated by", "Updated at"]),
    }


_ACTION_COLUMNS = ["Action", "Element id", "Element", "Title", "Owner", "Due", "Status", "Note", "Pinned",
                   "Created in cycle", "Created at", "Updated at", "Completed at"]


def _action_row(a: Action, numbers: dict[int, int], element_name, cycle_label: dict[int, str]) -> dict:
    return {
        "Action": numbers[a.id], "Element id": a.element_id, "Element": element_name(a.element_id), "Title": a.title,
        "Owner": a.owner, "Due": a.due_date.isoformat() if a.due_date else "", "Status": a.status.value.replace("_", " "),
        "Note": a.note, "Pinned": a.pinned, "Created in cycle": cycle_label.get(a.created_in_cycle_id, ""),
        "Created at": a.created_at.isoformat(" "), "Updated at": a.updated_at.isoformat(" "),
        "Completed at": a.completed_at.isoformat(" ") if a.completed_at else "",
    }


def _names(data: TaskForceData, kind: str):
    """Element or function names from the current framework, then older ones; the id when none knows it."""
    known: dict[str, str] = {}
    for framework in [*(c.framework for c in reversed(data.cycles)), data.framework]:
        items = framework.elements if kind == "elements" else framework.functions
        known.update({item.id: item.name for item in items})
    return lambda item_id: known.get(item_id, item_id)


def about(data: TaskForceData) -> pd.DataFrame:
    task_force = data.task_force
    rows = [
        ("Task force", task_force.name), ("Jurisdiction", task_force.jurisdiction),
        ("Cycles", ", ".join(c.cycle.label for c in data.cycles) or "none yet"),
        ("Framework for the next cycle", f"{data.framework.id} {data.framework.version}"),
        ("Reporting threshold", task_force.reporting_threshold),
        ("Scoring rules", scoring_rules(data.cycles[-1].scores) if data.cycles else ""),
        ("What is not here", "Individual answers, evidence notes and any figure from fewer answers than the "
                             "reporting threshold: only aggregates leave the app."),
        ("Text in this workbook", outgoing_text.EXCEL_TEXT_RULES),
    ]
    return pd.DataFrame(rows, columns=["Item", "Value"])


def slug(name: str) -> str:
    """A task force's name as a file name may carry it."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "task-force"


def file_name(task_force_name: str, extension: str, what: str = "all-data") -> str:
    return f"waypoint-{slug(task_force_name)}-{what}.{extension}"


def to_excel(data: TaskForceData) -> bytes:
    """A workbook: About, then one sheet per table; header rows frozen, columns sized to their text."""
    built = tables(data)
    workbook = Workbook()
    export._write_sheet(workbook.active, "About", about(outgoing_text.encodable_copy(data)))
    for key, title in SHEETS.items():
        export._write_sheet(workbook.create_sheet(), title, built[key])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv_zip(data: TaskForceData) -> bytes:
    """A zip of one CSV per table (UTF-8 with a byte-order mark, formulas defused)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key, frame in tables(data).items():
            archive.writestr(zipfile.ZipInfo(f"{key}.csv", date_time=(1980, 1, 1, 0, 0, 0)), export.csv_bytes(frame),
                             compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def to_json(data: TaskForceData) -> bytes:
    built = tables(data)
    document = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "task_force": {"name": data.task_force.name, "jurisdiction": data.task_force.jurisdiction},
        "reporting_threshold": data.task_force.reporting_threshold,
        "about": dict(about(outgoing_text.encodable_copy(data)).itertuples(index=False)),
        **{key: export._records(frame) for key, frame in built.items()},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")
