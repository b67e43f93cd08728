"""The download buttons on Results and Reports, through the real app: an old consensus rationale
holding a vertical tab (which a spreadsheet cannot hold) no longer breaks either page, and each
file is built only when its button is clicked, not on every rerun."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import app_test

from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import cycles, demo, team
from tests.ui.conftest import app, demo_member

RATIONALE = "Agreed\x0bafter the case review; =SUM(1)"
PER_CYCLE = ("Spreadsheet (.xlsx)", "Element scores (.csv)", "All scores (.json)")
ALL_DATA = ("Workbook (.xlsx)", "Tables (.zip of CSV)", "Tables (.json)", "Full backup (.json)")


class KeptMediaFileManager(MediaFileManager):
    """Streamlit's own media file manager, kept at hand after the run (AppTest drops it)."""

    made: list[MediaFileManager] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        KeptMediaFileManager.made.append(self)


@pytest.fixture
def media(monkeypatch):
    KeptMediaFileManager.made = []
    monkeypatch.setattr(app_test, "MediaFileManager", KeptMediaFileManager)
    return KeptMediaFileManager.made


@pytest.fixture
def old_rationale(demo_db):
    """A consensus rationale with a vertical tab, written as an old row would hold it."""
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    cycle = cycles.list_cycles(demo_db, lead.actor, lead.task_force_id)[-1]
    with UnitOfWork(demo_db, writes=True) as uow:
        uow.cycles.put_consensus(cycle.id, "CO-2", 5, RATIONALE, lead.id)
        uow.changed(cycle.task_force_id)
        uow.commit()


def click_download(media: list[MediaFileManager], button) -> bytes:
    """What the browser gets when the button is clicked: Streamlit runs the button's callable then."""
    manager = media[-1]
    url = manager.execute_deferred(button.proto.deferred_file_id)
    return manager.read_file(url.rsplit("/", 1)[1].split(".")[0]).content


def assert_built_only_on_click(buttons) -> None:
    for button in buttons:
        # A callable waits behind the button; no file has been built, so no file address yet.
        assert button.proto.deferred_file_id and not button.proto.url, button.label


def co2_from_files(media, buttons) -> dict[str, str]:
    files = {b.label: click_download(media, b) for b in buttons}
    xlsx = next(data for label, data in files.items() if "xlsx" in label or "Excel" in label)
    csv_data = next(data for label, data in files.items() if "CSV" in label or "csv" in label)
    json_data = next(data for label, data in files.items() if "JSON" in label or "json" in label)
    sheet = load_workbook(io.BytesIO(xlsx))["Elements"]
    header, *rows = [[c.value for c in row] for row in sheet.iter_rows()]
    excel_row = dict(zip(header, next(r for r in rows if r[header.index("Element id")] == "CO-2")))
    csv_row = next(r for r in csv.DictReader(io.StringIO(csv_data.decode("utf-8-sig"), newline=""))
                   if r["Element id"] == "CO-2")
    json_row = next(e for e in json.loads(json_data)["elements"] if e["Element id"] == "CO-2")
    return {"excel": excel_row["Consensus rationale"], "csv": csv_row["Consensus rationale"],
            "json": json_row["Consensus rationale"]}


def test_results_shows_and_exports_a_rationale_with_a_vertical_tab_for_every_member(demo_db, old_rationale, media):
    at = app("ui/results.py", demo_member(demo_db, "Marcus Bell").id)
    assert not at.exception and not at.error, [e.value for e in at.error]
    buttons = [b for b in at.download_button if b.label.startswith(("Elements", "All tables"))]
    assert len(buttons) == 3
    assert_built_only_on_click(buttons)
    assert co2_from_files(media, buttons) == {
        "excel": "Agreedafter the case review; =SUM(1)",  # the vertical tab left out, nothing else
        "csv": "Agreed\x0bafter the case review;' =SUM(1)",  # kept; the cell a ";" locale splits off defused
        "json": RATIONALE,
    }


def test_reports_exports_a_rationale_with_a_vertical_tab_and_records_the_click(demo_db, old_rationale, media):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    at = app("ui/reports.py", lead.id)
    assert not at.exception and not at.error, [e.value for e in at.error]
    buttons = [b for b in at.download_button if b.label in PER_CYCLE]
    assert len(buttons) == 3
    assert_built_only_on_click(buttons)
    assert co2_from_files(media, buttons)["excel"] == "Agreedafter the case review; =SUM(1)"

    next(b for b in at.download_button if b.label == "Spreadsheet (.xlsx)").click().run()
    assert not at.exception and not at.error
    event = team.audit_log(demo_db, lead.actor, lead.task_force_id)[0]
    assert event.action == "exported" and "spreadsheet (.xlsx)" in event.detail


def test_reports_offers_a_lead_all_of_the_task_forces_data_built_on_click(demo_db, old_rationale, media):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    at = app("ui/reports.py", lead.id)
    assert not at.exception and not at.error, [e.value for e in at.error]
    buttons = {b.label: b for b in at.download_button if b.label in ALL_DATA}
    assert sorted(buttons) == sorted(ALL_DATA)
    assert_built_only_on_click(buttons.values())
    sheet = load_workbook(io.BytesIO(click_download(media, buttons["Workbook (.xlsx)"])))["Element scores"]
    header, *rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert "Agreedafter the case review; =SUM(1)" in [row[header.index("Consensus rationale")] for row in rows]
    backup = json.loads(click_download(media, buttons["Full backup (.json)"]))
    assert backup["format"] == "waypoint-task-force-backup" and backup["task_force"]["name"] == demo.DEMO_TASK_FORCE
    details = [e.detail for e in team.audit_log(demo_db, lead.actor, lead.task_force_id)[:2]]
    assert any("all of the task force's data: xlsx" in d for d in details)
    assert any("full backup" in d for d in details)


def test_a_funder_sees_no_all_data_export(demo_db):
    funder = demo_member(demo_db, next(name for name, _, role, _ in demo.MEMBERS if role.value == "funder"))
    at = app("ui/reports.py", funder.id)
    assert not at.exception
    assert not [b for b in at.download_button if b.label in ALL_DATA]
    assert [b.label for b in at.download_button if b.label in PER_CYCLE] == list(PER_CYCLE)


def test_a_rerun_builds_no_file(demo_db, media):
    at = app("ui/results.py", demo_member(demo_db, demo.DEMO_LEAD).id)
    at.run()
    assert not at.exception
    # The rerun registered a callable behind each button and stored no file at all.
    manager = media[-1]
    assert_built_only_on_click(at.download_button)
    assert not manager._file_metadata
