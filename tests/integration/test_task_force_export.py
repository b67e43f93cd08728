"""All of a task force's data as Excel, a CSV zip and JSON: the sheets, headers and frozen
header rows a spreadsheet reader expects, the same rows in every format, and only what the
reporting threshold lets show (no answer, no note, no withheld figure)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from assessments.domain.model import NotAllowed
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import accounts, demo, task_force_data, task_forces, team
from reports import task_force_export
from reports.tables import _ELEMENT_COLUMNS

PASSWORD = "the world's shared passphrase"


@pytest.fixture(scope="module")
def demo_world(tmp_path_factory):
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('export') / 'demo.db'}")
    task_force = demo.load_demo(db, today=date(2026, 11, 23))
    admin = accounts.create_administrator(db, "admin@county.example", PASSWORD, "Ada").account
    yield db, task_force, admin
    db.dispose()


@pytest.fixture(scope="module")
def content(demo_world):
    db, task_force, admin = demo_world
    return task_force_data.task_force_data(db, admin.actor, task_force.id)


def test_the_workbook_has_a_sheet_per_table_with_frozen_headers(content):
    workbook = load_workbook(io.BytesIO(task_force_export.to_excel(content)))
    assert workbook.sheetnames == ["About", *task_force_export.SHEETS.values()]
    scores = workbook["Element scores"]
    header = [cell.value for cell in scores[1]]
    assert header == ["Task force", "Framework id", "Framework version", "Cycle", *_ELEMENT_COLUMNS]
    assert [cell.value for cell in workbook["Actions"][1]][:4] == ["Action", "Element id", "Element", "Title"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(sheet.column_dimensions[letter].width >= 10 for letter in ("A", "B")), sheet.title
    cycles = {row[3] for row in scores.iter_rows(min_row=2, values_only=True)}
    assert cycles == {c.cycle.label for c in content.cycles} and len(cycles) == 6
    assert scores.max_row - 1 == sum(len(c.scores.elements) for c in content.cycles)


def test_the_csv_zip_holds_the_same_tables_as_utf8_with_a_byte_order_mark(content):
    archive = zipfile.ZipFile(io.BytesIO(task_force_export.to_csv_zip(content)))
    assert archive.namelist() == [f"{key}.csv" for key in task_force_export.SHEETS]
    workbook = load_workbook(io.BytesIO(task_force_export.to_excel(content)))
    for key, title in task_force_export.SHEETS.items():
        raw = archive.read(f"{key}.csv")
        assert raw.startswith(b"\xef\xbb\xbf"), key
        lines = raw.decode("utf-8-sig").splitlines()
        header = [cell.value for cell in workbook[title][1]]
        assert lines[0] == ",".join(f'"{name}"' for name in header), key
    assert task_force_export.to_csv_zip(content) == task_force_export.to_csv_zip(content)  # no time stamps inside


def test_the_json_has_a_schema_version_and_the_same_rows(content):
    document = json.loads(task_force_export.to_json(content))
    assert document["format"] == "waypoint-task-force-export" and document["schema_version"] == 1
    built = task_force_export.tables(content)
    for key in task_force_export.SHEETS:
        assert len(document[key]) == len(built[key]), key
    assert {row["Cycle"] for row in document["scores"]} == {c.cycle.label for c in content.cycles}


def test_no_answer_note_or_withheld_figure_leaves(demo_world, content):
    db, task_force, _ = demo_world
    with UnitOfWork(db) as uow:
        notes = {a.note for c in uow.cycles.list_cycles(task_force.id) for a in uow.cycles.cycle_answers(c.id) if a.note}
    text = task_force_export.to_json(content).decode()
    assert notes and not any(json.dumps(note)[1:-1] in text for note in notes)
    withheld = [row for row in json.loads(text)["scores"] if row["Withheld"]]
    assert withheld and all(row["Answers"] is None and row["Median of answers"] is None for row in withheld)


def test_a_lead_may_export_and_a_funder_may_not_and_each_export_is_in_the_audit_log(demo_world):
    db, task_force, admin = demo_world
    with UnitOfWork(db) as uow:
        members = uow.task_forces.list_members(task_force.id)
    lead = next(m for m in members if m.is_lead)
    funder = next(m for m in members if m.role.value == "funder")
    task_force_data.task_force_data(db, lead.actor, task_force.id, "xlsx")
    with pytest.raises(NotAllowed):
        task_force_data.task_force_data(db, funder.actor, task_force.id, "xlsx")
    events = team.audit_log(db, lead.actor, task_force.id)
    assert any(e.action == "exported" and "all of the task force's data: xlsx" in e.detail for e in events)
    assert task_forces.get_task_force(db, lead.actor, task_force.id).name == task_force.name


def test_each_cycles_rows_are_those_of_its_own_export(demo_world, content):
    """The all-data workbook repeats the per-cycle exports (reports/export.py), it does not recompute them."""
    from reports import export, tables

    db, task_force, _ = demo_world
    with UnitOfWork(db) as uow:
        lead = next(m for m in uow.task_forces.list_members(task_force.id) if m.is_lead)
    everything = load_workbook(io.BytesIO(task_force_export.to_excel(content)))
    for cycle in content.cycles:
        own = load_workbook(io.BytesIO(export.to_excel(tables.cycle_report(db, lead.actor, cycle.cycle.id))))
        for own_sheet, all_sheet in (("Elements", "Element scores"), ("Functions", "Function scores"),
                                     ("Disciplines", "Discipline medians")):
            header, *rows = list(everything[all_sheet].iter_rows(values_only=True))
            mine = [row for row in rows if row[header.index("Cycle")] == cycle.cycle.label]
            assert mine == list(own[own_sheet].iter_rows(min_row=2, values_only=True)), (cycle.cycle.label, own_sheet)
