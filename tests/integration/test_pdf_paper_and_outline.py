"""The funder PDF's paper (US Letter by default, A4 as the task force's setting or --paper), its
language and outline, and its change line, parsed back with pypdf and rendered with pdftoppm."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.units import cm

from assessments.domain import progress_rules
from assessments.domain.model import Discipline, DomainError, NotAllowed, Role
from assessments.domain.paper import Paper
from assessments.domain.progress_rules import Direction
from assessments.store.database import Database
from assessments.usecases import (
    cycles,
    frameworks,
    planning,
    progress,
    questionnaire,
    report_settings,
    task_forces,
    team,
)
from reports.__main__ import main
from reports.pdf import build_pdf
from reports.pdf_styles import FRAME_WIDTH
from roadmap.load import load_framework
from tests.conftest import SMALL_FRAMEWORK_FILE, make_member

REPORT_DATE = date(2026, 11, 23)
LETTER, A4 = (612, 792), (595, 842)
LEAD_EMAIL = "paper.lead@example.org"
# Q3: six members; Q4: four of them (respondents down by a third). IF-1 climbs two stages with
# every answer alike (up), IF-2's answers spread over four stages (a move within disagreement),
# CO-1 stays where it was (unchanged), DR-1 drops from 4 to 2 (down).
Q3 = {"IF-1": [2, 2, 2, 2, 2, 2], "IF-2": [1, 2, 3, 4, 5, 3], "CO-1": [3, 3, 3, 3, 3, 3], "DR-1": [4] * 6}
Q4 = {"IF-1": [4, 4, 4, 4], "IF-2": [1, 3, 4, 5], "CO-1": [3, 3, 3, 3], "DR-1": [2, 2, 2, 2]}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    yield from _world(tmp_path_factory.mktemp("paper"))


def _world(folder: Path):
    url = f"sqlite:///{folder / 'waypoint.db'}"
    db = Database(url)
    frameworks.add_framework(db, SMALL_FRAMEWORK_FILE.read_bytes(), SMALL_FRAMEWORK_FILE.name)
    task_force = task_forces.create_task_force(db, "Paper Task Force", "Paper County", load_framework(SMALL_FRAMEWORK_FILE))
    lead = make_member(db, task_force, "Lee Lead", role=Role.LEAD, email=LEAD_EMAIL)
    members = [make_member(db, task_force, f"Member {i}", discipline) for i, discipline in
               enumerate([Discipline.LAW_ENFORCEMENT] * 3 + [Discipline.VICTIM_SERVICES] * 3)]
    for label, opened, stages in (("2026-Q3", datetime(2026, 7, 1, 9), Q3), ("2026-Q4", datetime(2026, 10, 1, 9), Q4)):
        cycle = cycles.open_cycle_unchecked(db, task_force.id, label, opened_at=opened)
        for element, answers in stages.items():
            for member, stage in zip(members, answers):
                questionnaire.record_answer(db, member.actor, cycle.id, element, stage, at=opened.replace(day=10))
        if label == "2026-Q3":
            cycles.close_cycle_unchecked(db, cycle.id, closed_at=datetime(2026, 9, 28))
    yield url, db, task_force, lead, members, cycle
    db.dispose()


def _pdf(world, paper=None) -> bytes:
    _, db, task_force, lead, _, cycle = world
    return build_pdf(db, lead.actor, task_force.id, cycle.id, REPORT_DATE, paper=paper)


@pytest.fixture(scope="module")
def letter_pdf(world) -> bytes:
    return _pdf(world)


def _sizes(pdf: bytes) -> set[tuple[int, int]]:
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(io.BytesIO(pdf)).pages}


def test_a_new_task_forces_pdf_is_us_letter(world, letter_pdf):
    assert world[2].paper is Paper.LETTER
    assert _sizes(letter_pdf) == {LETTER}


def test_the_lead_chooses_a4_and_the_change_is_in_the_audit_log(world, tmp_path):
    url, db, task_force, lead, members, cycle = world
    try:
        changed = report_settings.set_paper(db, lead.actor, task_force.id, "A4")
        assert changed.paper is Paper.A4
        assert _sizes(_pdf(world)) == {A4}
        assert _sizes(_pdf(world, paper="letter")) == {LETTER}  # the caller's choice overrides the setting
        (event,) = [e for e in team.audit_log(db, lead.actor, task_force.id) if e.action == "report paper size changed"]
        assert event.detail == "letter -> a4" and event.who == LEAD_EMAIL
    finally:
        report_settings.set_paper(db, lead.actor, task_force.id, Paper.LETTER)


@pytest.mark.parametrize("paper", ["legal", "", "A5", "letter\x00"])
def test_a_paper_that_is_not_offered_is_refused_by_name_and_changes_nothing(world, paper):
    _, db, task_force, lead, _, _ = world
    with pytest.raises(DomainError, match=r"choose 'letter' or 'a4'"):
        report_settings.set_paper(db, lead.actor, task_force.id, paper)
    assert task_forces.get_task_force(db, lead.actor, task_force.id).paper is Paper.LETTER


def test_only_a_lead_sets_the_paper(world):
    _, db, task_force, _, members, _ = world
    with pytest.raises(NotAllowed):
        report_settings.set_paper(db, members[0].actor, task_force.id, Paper.A4)
    assert not [e for e in team.audit_log(db, world[3].actor, task_force.id) if e.action == "report paper size changed"
                and e.account_id == members[0].account_id]


@pytest.mark.parametrize(("option", "size"), [([], LETTER), (["--paper", "a4"], A4), (["--paper", "LETTER"], LETTER)])
def test_the_command_line_takes_the_paper(world, tmp_path, option, size):
    url = world[0]
    out = tmp_path / "report.pdf"
    assert main(["--db", url, "pdf", "--as", LEAD_EMAIL, "--task-force", "Paper Task Force", "--cycle", "2026-Q4",
                 "--out", str(out), "--date", "2026-11-23", *option]) == 0
    assert _sizes(out.read_bytes()) == {size}


def test_the_command_line_refuses_a_paper_it_does_not_offer(world, tmp_path, capsys):
    out = tmp_path / "report.pdf"
    with pytest.raises(SystemExit):
        main(["--db", world[0], "pdf", "--as", LEAD_EMAIL, "--task-force", "Paper Task Force", "--cycle", "2026-Q4",
              "--out", str(out), "--paper", "legal"])
    assert "invalid choice: 'legal'" in capsys.readouterr().err and not out.exists()


def test_the_document_language_is_us_english(letter_pdf):
    assert PdfReader(io.BytesIO(letter_pdf)).trailer["/Root"]["/Lang"] == "en-US"


def _outline(reader: PdfReader, items=None, level=0) -> list[tuple[int, str, int]]:
    out = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out += _outline(reader, item, level + 1)
        else:
            out.append((level, item["/Title"], reader.get_destination_page_number(item) + 1))
    return out


def _contents(reader: PdfReader) -> list[tuple[str, int]]:
    """The table of contents as printed: each title, its dot leader and its page number."""
    text = reader.pages[1].extract_text(extraction_mode="layout")
    return [(title, int(page)) for title, page in re.findall(r"(?m)^ *(\S.*?) +(?:\. +)+\.? *(\d+)$", text)]


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_outline_matches_the_table_of_contents(world, letter_pdf, paper):
    reader = PdfReader(io.BytesIO(letter_pdf if paper == "letter" else _pdf(world, paper)))
    outline = _outline(reader)
    assert [(title, page) for _, title, page in outline] == _contents(reader)
    assert {level for level, _, _ in outline} == {0, 1}
    assert outline[0][:2] == (0, "Executive summary")
    for _, title, page in outline:  # every bookmark opens the page its heading is on
        assert title in " ".join(reader.pages[page - 1].extract_text().split())


def _flat(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_change_line_counts_what_the_progress_page_counts(world, letter_pdf):
    _, db, task_force, lead, _, _ = world
    history = progress.history(db, lead.actor, task_force.id)
    comparison = progress_rules.compare_cycles(history[-2], history[-1])
    count = {d: comparison.count(d) for d in Direction}
    # the data is built so that every kind of movement is there
    assert count[Direction.UP] and count[Direction.DOWN] and count[Direction.WITHIN] and count[Direction.UNCHANGED]
    text = _flat(letter_pdf)
    line = re.search(r"Change: Since 2026-Q3: (.*?)Members who answered", text).group(1)
    overall = history[-1][2].overall - history[-2][2].overall
    assert line.startswith(f"overall {overall:+.2f}. Of {len(comparison.changes)} elements, ")
    assert (f"{count[Direction.UP] + count[Direction.DOWN]} changed by at least the spread of members' answers "
            f"({count[Direction.UP]} up, {count[Direction.DOWN]} down); {count[Direction.WITHIN]} moved within "
            f"members' disagreement") in line
    unchanged = count[Direction.UNCHANGED]
    assert (f"{unchanged} {'is' if unchanged == 1 else 'are'} unchanged and {count[Direction.NOT_COMPARABLE]} "
            "not comparable") in line
    assert "Respondents down from 6 to 4. That is a change of more than a quarter (-33%)" in line
    real = count[Direction.UP] + count[Direction.DOWN]
    assert (f"since 2026-Q3: {real} element{'s' if real != 1 else ''} changed for real, "
            f"{count[Direction.WITHIN]} within disagreement") in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_nothing_is_drawn_outside_the_text_block_on_either_paper(world, letter_pdf, tmp_path, paper):
    """Rendered at 50 dpi: the side margins beyond the text block, and the page's top and bottom
    edges, stay white on every page, on Letter (shorter and wider) as on A4."""
    pdf = letter_pdf if paper == "letter" else _pdf(world, paper)
    (tmp_path / "report.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(tmp_path / "report.pdf"), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages)
    for path in pages:
        image = Image.open(path).convert("L")
        width_pt = LETTER[0] if paper == "letter" else A4[0]
        scale = image.width / width_pt
        left = int(((width_pt - FRAME_WIDTH) / 2 - 3) * scale)
        right = int(((width_pt + FRAME_WIDTH) / 2 + 3) * scale) + 1
        for strip in (image.crop((0, 0, left, image.height)), image.crop((right, 0, image.width, image.height))):
            assert strip.getextrema()[0] > 240, f"{path.name}: something is drawn in the side margin"
        # above the running header and below the footer: nothing runs off the page's height either
        edge = int(0.8 * cm * scale)
        for strip in (image.crop((0, 0, image.width, edge)), image.crop((0, image.height - edge, image.width, image.height))):
            assert strip.getextrema()[0] > 240, f"{path.name}: something is drawn at the top or bottom edge"


def test_the_report_on_the_quarter_just_closed_prints_the_actions_planned_since_the_next_opened(tmp_path):
    # Dates before the day this test was written: the live plan holds what was saved up to now.
    for url, db, task_force, lead, _, q4 in _world(tmp_path):
        cycles.close_cycle_unchecked(db, q4.id, closed_at=datetime(2026, 11, 1))
        cycles.open_cycle_unchecked(db, task_force.id, "2027-Q1", opened_at=datetime(2026, 11, 2, 9))
        planning.set_target(db, lead.actor, task_force.id, q4.id, "DR-1", 3, at=datetime(2026, 11, 3))
        proposal = planning.proposals_for_cycle(db, lead.actor, task_force.id, q4.id)[0]
        planning.accept_proposal(db, lead.actor, task_force.id, q4.id, proposal.element_id, proposal.title,
                                 owner="County Labor Office", at=datetime(2026, 11, 3, 10))
        text = _flat(build_pdf(db, lead.actor, task_force.id, q4.id, date(2026, 11, 4)))
        assert "County Labor Office" in text and proposal.title in text
        assert "In 2026-Q4, 4 members" in text  # the scores are still the reported quarter's
        assert "Done since 2026-Q3" in text  # and the look back starts where the report on 2026-Q4 starts it
