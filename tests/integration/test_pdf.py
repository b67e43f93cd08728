"""The PDF report, parsed back with pypdf: sections, numbers, links, metadata, and text
exactly as people typed it, on a real SQLite file."""

from __future__ import annotations

import io
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessments.domain.model import Discipline, NotAllowed, Role
from assessments.store.database import Database
from assessments.usecases import (
    consensus,
    cycles,
    frameworks,
    planning,
    questionnaire,
    report_notes,
    results,
    task_forces,
    team,
)
from reports import pdf_words as words
from reports.__main__ import main
from reports.pdf import SECTION_TITLES, build_pdf
from roadmap.load import load_framework
from tests.conftest import SMALL_FRAMEWORK_FILE, make_member, snapshot

ROOT = Path(__file__).resolve().parents[2]
REPORT_DATE = date(2026, 11, 23)
TRICKY = "<b>&amp;</b> <script>"
LONG = " ".join(f"evidence{i:04d}" for i in range(600))[:5000]
LONGER = " ".join(f"proof{i:04d}" for i in range(900))[:5000]
SCRIPTS = {
    "cyrillic": "Партнёры из трудовой инспекции передают нам дела о принудительном труде.",
    "greek": "Η συνεργασία με την επιθεώρηση εργασίας βελτιώθηκε αισθητά.",
    "vietnamese": "Thông dịch viên tiếng Việt đã có mặt trong các buổi phỏng vấn nạn nhân.",
}
LEFT_OUT = "This note stays out of the report."
LEAD_EMAIL = "lena.lead@example.org"
SECRET_NAMES = ("Zelda Quartermain", "Yusuf Underhill", "Xenia Vandermolen", "Walter Ashcombe")
NONE = re.compile(r"\bNone\b")


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """Built once per module (the tests only read it): a real SQLite file with the report's data."""
    url = f"sqlite:///{tmp_path_factory.mktemp('pdf') / 'waypoint.db'}"
    db = Database(url)
    frameworks.add_framework(db, SMALL_FRAMEWORK_FILE.read_bytes(), SMALL_FRAMEWORK_FILE.name)
    task_force = task_forces.create_task_force(db, "Test Task Force", "Test County", load_framework(SMALL_FRAMEWORK_FILE))
    data = _fill(db, task_force)
    yield url, db, data, build_pdf(db, data[2].actor, task_force.id, data[1].id, REPORT_DATE)
    db.dispose()


@pytest.fixture
def db(shared):
    return shared[1]


@pytest.fixture
def reported(shared):
    return shared[2]


@pytest.fixture
def pdf(shared) -> bytes:
    return shared[3]


def _fill(db, task_force):
    """Two cycles of a small task force, with notes chosen for the report and a plan."""
    lead = make_member(db, task_force, "Lena Lead", role=Role.LEAD, email=LEAD_EMAIL)
    members = [make_member(db, task_force, name, discipline) for name, discipline in zip(
        SECRET_NAMES, (Discipline.LAW_ENFORCEMENT, Discipline.LAW_ENFORCEMENT, Discipline.VICTIM_SERVICES, Discipline.NGO))]
    first = cycles.open_cycle_unchecked(db, task_force.id, "2026-Q3", opened_at=datetime(2026, 7, 1, 9))
    for member, stages in zip(members, ([2, 2, 1, 3], [2, 3, 1, 2], [1, 2, 2, 2], [2, 2, 1, None])):
        for element, stage in zip(("IF-1", "IF-2", "CO-1", "DR-1"), stages):
            questionnaire.record_answer(db, member.actor, first.id, element, stage, at=datetime(2026, 7, 10))
    cycles.close_cycle_unchecked(db, first.id, closed_at=datetime(2026, 9, 28))
    second = cycles.open_cycle_unchecked(db, task_force.id, "2026-Q4", opened_at=datetime(2026, 10, 1, 9))
    notes = [TRICKY, LONG, *SCRIPTS.values(), LEFT_OUT, LONGER]
    elements = ("IF-1", "IF-2", "CO-1", "CO-2", "DR-1", "PE-1")
    for m, member in enumerate(members):
        for e, element in enumerate(elements):
            note = notes[m * len(elements) + e] if m * len(elements) + e < len(notes) else ""
            questionnaire.record_answer(db, member.actor, second.id, element, 1 + (m + e) % 5, note, at=datetime(2026, 10, 5))
    for note in report_notes.notes_for_lead(db, lead.actor, second.id):
        report_notes.set_note_in_report(db, lead.actor, second.id, note.key, note.text != LEFT_OUT)
    planning.set_target(db, lead.actor, task_force.id, second.id, "CO-1", 3, "2027-Q2", at=datetime(2026, 10, 6))
    planning.add_action(db, lead.actor, task_force.id, "CO-1", "<b>Write</b> the referral protocol & test it",
                        owner="O'Brien & Sons <LLC>", due_date=date(2027, 3, 31), at=datetime(2026, 10, 6))
    return task_force, second, lead


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def body(pdf: bytes) -> str:
    """The text of every page without running headers and footers, whitespace made single."""
    text = " ".join(
        re.sub(r"^.*(Self-assessment \d{4}-Q\d ·.*|Page \d+ of \d+|, version [\w.]+)$", "", page, flags=re.M)
        .replace("Test Task Force\n", "\n")
        for page in pages_text(pdf)
    )
    return " ".join(text.split())


def test_the_pdf_has_every_section_and_the_metadata(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    assert 8 <= len(reader.pages) <= 14
    text = " ".join(" ".join(p.split()) for p in pages_text(pdf))
    for title in SECTION_TITLES:
        assert title in text
    for function in ("Internal Foundations", "Case Operations"):
        assert function in text
    assert reader.metadata.title == "Test Task Force: self-assessment and improvement plan, 2026-Q4"
    assert reader.metadata.author == "Test Task Force"
    assert "Test framework version 0.1" in reader.metadata.subject and "2026-Q4" in reader.metadata.subject
    assert f"Page 2 of {len(reader.pages)}" in pages_text(pdf)[1]


def test_the_summary_shows_the_scoring_output_formatted_as_the_app_does(db, reported, pdf):
    task_force, cycle, lead = reported
    scores = results.cycle_scores(db, lead.actor, cycle.id)
    summary = next(p for p in pages_text(pdf) if "Executive summary" in p
                   and "Top three strengths" in p)
    flat = " ".join(summary.split())
    printed = re.findall(r"(\d\.\d\d) \(mean of", flat)
    assert printed == [f"{scores.overall:.2f}", *(f"{f.score:.2f}" for f in scores.functions if f.score is not None)]
    assert words.overall(scores) in flat
    for function in scores.functions:
        assert words.function(function) in flat
    previous = results.scores_by_cycle(db, lead.actor, task_force.id)[0][2]
    assert f"{scores.overall - previous.overall:+.2f} since 2026-Q3 (then {previous.overall:.2f})" in flat
    # Head counts follow the threshold (3): 2 law enforcement, 1 victim services and 1 NGO member are
    # each under it, so only their pool is named.
    assert "Members who answered, by discipline (4 in all): Other disciplines: 4." in flat
    assert "Law enforcement:" not in flat and "Victim services" not in flat and "NGO" not in flat
    assert "gap: none of its" in flat or "gap" in flat


def test_every_contents_link_resolves_to_the_page_with_its_heading(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    page_of = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    contents_page = next(i for i, t in enumerate(pages_text(pdf)) if t.split("\n").count("Contents"))
    links = [a.get_object() for a in reader.pages[contents_page].get("/Annots", [])]
    targets = [page_of[link["/Dest"][0].idnum] for link in links if link.get("/Subtype") == "/Link"]
    assert len(targets) >= 2 * len(SECTION_TITLES[1:])  # the entry and its page number
    assert len(set(targets)) >= 5 and all(t > contents_page for t in targets)
    for item in reader.outline:
        if isinstance(item, dict):
            page_text = " ".join(reader.pages[reader.get_destination_page_number(item)].extract_text().split())
            assert item["/Title"] in page_text


def test_typed_text_reaches_the_pdf_exactly_as_typed_and_wraps_over_pages(pdf):
    text = body(pdf)
    assert TRICKY in text
    assert LONG in text and LONGER in text
    for typed in SCRIPTS.values():
        assert typed in text
    assert "<b>Write</b> the referral protocol & test it" in text and "O'Brien & Sons <LLC>" in text
    assert LEFT_OUT not in text
    appendix = [i for i, t in enumerate(pages_text(pdf)) if "evidence0" in t or "proof0" in t]
    assert len(appendix) >= 2, "two 5,000-character notes flow onto a further page"


def test_the_pdf_never_names_a_member(pdf):
    text = body(pdf)
    for name in (*SECRET_NAMES, "Lena Lead"):
        assert name not in text


def test_the_same_data_gives_the_same_bytes(db, reported, pdf):
    task_force, cycle, lead = reported
    assert build_pdf(db, lead.actor, task_force.id, cycle.id, REPORT_DATE) == pdf


def test_a_cycle_without_answers_still_gives_a_pdf_that_names_its_gaps(tmp_path, framework):
    db = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    frameworks.add_framework(db, SMALL_FRAMEWORK_FILE.read_bytes(), SMALL_FRAMEWORK_FILE.name)
    task_force = task_forces.create_task_force(db, "Empty Task Force", "Test County", framework)
    lead = make_member(db, task_force, "Lena Lead", role=Role.LEAD)
    cycle = cycles.open_cycle_unchecked(db, task_force.id, "2027-Q1")
    pdf = build_pdf(db, lead.actor, task_force.id, cycle.id, REPORT_DATE)
    text = body(pdf)
    assert "gap: no function scored" in text and "No element has a score yet." in text
    assert "No targets or improvement actions have been recorded" in text
    assert "Members who answered: fewer than 3" in " ".join(pages_text(pdf)[0].split())
    assert "fewer than 3 members answered, so no head count is shown" in text
    assert "Each had fewer than 3 answers and no consensus stage" in text
    assert not NONE.search(" ".join(pages_text(pdf)))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is not installed (apt install poppler-utils; .ci/run does)")
def test_every_page_renders_with_pdftoppm(pdf, tmp_path):
    (tmp_path / "report.pdf").write_bytes(pdf)
    done = subprocess.run(["pdftoppm", "-png", "-r", "30", str(tmp_path / "report.pdf"), str(tmp_path / "page")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(PdfReader(io.BytesIO(pdf)).pages)
    assert all(image.stat().st_size > 1000 for image in images)


def test_only_the_lead_chooses_notes_and_a_refusal_changes_nothing(db, reported):
    task_force, cycle, lead = reported
    member = next(m for m in team.list_members(db, lead.actor, task_force.id) if not m.is_lead)
    note = report_notes.notes_for_lead(db, lead.actor, cycle.id)[0]
    before = snapshot(db)
    with pytest.raises(NotAllowed):
        report_notes.set_note_in_report(db, member.actor, cycle.id, note.key, not note.in_report)
    with pytest.raises(NotAllowed):
        report_notes.notes_for_lead(db, member.actor, cycle.id)
    with pytest.raises(NotAllowed):
        report_notes.notes_in_report(db, member.actor, cycle.id)
    with pytest.raises(NotAllowed):
        build_pdf(db, member.actor, task_force.id, cycle.id, REPORT_DATE)
    assert snapshot(db) == before
    assert not hasattr(note, "member_id")


@pytest.fixture
def small(tmp_path, framework):
    """A task force with a lead, three members (one wrote a note) and a funder; and another task force's lead."""
    db = Database(f"sqlite:///{tmp_path / 'small.db'}")
    frameworks.add_framework(db, SMALL_FRAMEWORK_FILE.read_bytes(), SMALL_FRAMEWORK_FILE.name)
    task_force = task_forces.create_task_force(db, "Small Task Force", "Test County", framework)
    lead = make_member(db, task_force, "Lena Lead", role=Role.LEAD)
    members = [make_member(db, task_force, name) for name in ("Mo Member", "Max Member", "Mia Member")]
    funder = make_member(db, task_force, "Fay Funder", None, Role.FUNDER)
    cycle = cycles.open_cycle_unchecked(db, task_force.id, "2026-Q4")
    # Three answers: the threshold (3) lets the element's score and its note show.
    for member, note in zip(members, ("The protocol is signed", "", "")):
        questionnaire.record_answer(db, member.actor, cycle.id, "IF-1", 3, note)
    (note,) = report_notes.notes_for_lead(db, lead.actor, cycle.id)
    report_notes.set_note_in_report(db, lead.actor, cycle.id, note.key, True)
    other = task_forces.create_task_force(db, "Other Task Force", "Elsewhere", framework)
    outsider = make_member(db, other, "Olga Outsider", role=Role.LEAD)
    yield db, task_force, cycle, note, funder, outsider
    db.dispose()


def test_a_funder_reads_the_pdf_the_chosen_notes_and_the_scores_but_not_every_note(small):
    db, task_force, cycle, note, funder, _ = small
    assert [n.text for n in report_notes.notes_in_report(db, funder.actor, cycle.id)] == [note.text]
    assert report_notes.count_notes(db, funder.actor, cycle.id) == 1
    assert b"%PDF" in build_pdf(db, funder.actor, task_force.id, cycle.id, REPORT_DATE)[:8]
    assert results.cycle_scores(db, funder.actor, cycle.id).element("IF-1").score == 3
    assert results.respondents_by_discipline(db, funder.actor, cycle.id) == ({"Law enforcement": 3}, 3)
    before = snapshot(db)
    with pytest.raises(NotAllowed):
        report_notes.notes_for_lead(db, funder.actor, cycle.id)
    with pytest.raises(NotAllowed):
        report_notes.set_note_in_report(db, funder.actor, cycle.id, note.key, False)
    assert snapshot(db) == before


@pytest.mark.parametrize("who", ["outsider", "signed out"])
def test_notes_scores_and_the_pdf_are_refused_outside_the_task_force(small, who):
    db, task_force, cycle, note, _, outsider = small
    actor = outsider.actor if who == "outsider" else None
    before = snapshot(db)
    for read in (report_notes.notes_for_lead, report_notes.notes_in_report, report_notes.count_notes,
                 results.cycle_scores, results.cycle_breakdown, results.respondents_by_discipline):
        with pytest.raises(NotAllowed):
            read(db, actor, cycle.id)
    with pytest.raises(NotAllowed):
        results.scores_by_cycle(db, actor, task_force.id)
    with pytest.raises(NotAllowed):
        report_notes.set_note_in_report(db, actor, cycle.id, note.key, False)
    with pytest.raises(NotAllowed):
        build_pdf(db, actor, task_force.id, cycle.id, REPORT_DATE)
    assert snapshot(db) == before


HIDDEN_NOTE = "Only three of us answered this one."


@pytest.fixture(scope="module")
def threshold(tmp_path_factory):
    """A task force whose lead set k = 4 (and k_notes = 5): four law enforcement members and one
    victim services member. 2026-Q3: two members answered. 2026-Q4: IF-1 by all five, IF-2 by
    three, CO-1 by three with a consensus stage, CO-2 by four of whom two said "don't know"."""
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('threshold') / 'waypoint.db'}")
    frameworks.add_framework(db, SMALL_FRAMEWORK_FILE.read_bytes(), SMALL_FRAMEWORK_FILE.name)
    task_force = task_forces.create_task_force(db, "Threshold Task Force", "Test County", load_framework(SMALL_FRAMEWORK_FILE))
    lead = make_member(db, task_force, "Lena Lead", role=Role.LEAD)
    officers = [make_member(db, task_force, name, Discipline.LAW_ENFORCEMENT) for name in SECRET_NAMES]
    advocate = make_member(db, task_force, "Vera Advocate", Discipline.VICTIM_SERVICES)
    everyone = [*officers, advocate]
    task_forces.set_thresholds(db, lead.actor, task_force.id, 4, 5)
    q3 = cycles.open_cycle_unchecked(db, task_force.id, "2026-Q3", opened_at=datetime(2026, 7, 1, 9))
    for member in officers[:2]:
        questionnaire.record_answer(db, member.actor, q3.id, "IF-1", 3, at=datetime(2026, 7, 10))
    cycles.close_cycle_unchecked(db, q3.id, closed_at=datetime(2026, 9, 28))
    q4 = cycles.open_cycle_unchecked(db, task_force.id, "2026-Q4", opened_at=datetime(2026, 10, 1, 9))
    for member in everyone:
        questionnaire.record_answer(db, member.actor, q4.id, "IF-1", 2, "Shared goals are written down"
                                    if member is advocate else "", at=datetime(2026, 10, 5))
    for member in everyone[:3]:
        questionnaire.record_answer(db, member.actor, q4.id, "IF-2", 5, HIDDEN_NOTE if member is officers[0] else "",
                                    at=datetime(2026, 10, 5))
        questionnaire.record_answer(db, member.actor, q4.id, "CO-1", 4, at=datetime(2026, 10, 5))
    for member, stage in zip(everyone[:4], (5, 5, None, None)):
        questionnaire.record_answer(db, member.actor, q4.id, "CO-2", stage, at=datetime(2026, 10, 5))
    consensus.record_consensus(db, lead.actor, q4.id, "CO-1", 1, "Agreed in the meeting")
    for note in report_notes.notes_for_lead(db, lead.actor, q4.id):
        report_notes.set_note_in_report(db, lead.actor, q4.id, note.key, True)
    pdfs = {c.label: build_pdf(db, lead.actor, task_force.id, c.id, REPORT_DATE) for c in (q3, q4)}
    yield db, task_force, lead, pdfs
    db.dispose()


def _section(pdf: bytes, start: str, end: str) -> str:
    """The body text from the heading ``start`` to the heading ``end``."""
    text = body(pdf)
    begin = text.index(start, text.index("Appendix: evidence notes") + 1)  # after the contents page
    return text[begin:text.index(end, begin)]


def test_the_method_section_states_the_task_forces_threshold(threshold):
    method = _section(threshold[3]["2026-Q4"], "How to read the scores", "Appendix: evidence notes")
    assert "Reporting threshold: 4 answers. No figure computed from fewer than 4 answers is shown" in method
    assert "Evidence notes on an element appear once at least 5 members answered it." in method
    assert "a score from 4 answers never looks like a score from 20" in method
    assert "fewer than three" not in method and "2 answers" not in method


def test_an_element_under_the_threshold_shows_no_median_and_says_so(threshold):
    pdf = threshold[3]["2026-Q4"]
    tables = _section(pdf, "Element scores by function", "Improvement plan")
    governance = tables[tables.index("IF-2 Governance"):tables.index("Case Operations")]
    assert "gap no consensus fewer than 4 answers not shown" in governance  # three answers, all at stage 5
    assert "5" not in governance.replace("IF-2", "") and "median" not in governance
    co1 = tables[tables.index("CO-1 Victim identification"):tables.index("CO-2 Referral")]
    assert "1 consensus fewer than 4 answers not shown ✓ stage 1" in co1  # the decision shows, the count not
    co2 = tables[tables.index("CO-2 Referral"):tables.index("Data, Reporting")]
    assert "fewer than 4 answers +2 don't know" in co2  # four members answered: the "don't know" count shows
    summary = _section(pdf, "Executive summary", "Charts")
    assert "CO-1 Victim identification: 1 (consensus stage; fewer than 4 answers)" in summary
    assert "IF-1 Shared goals: 2 (median of 5 answers)" in summary
    assert ("Not scored (6 elements): IF-2 Governance; CO-2 Referral protocols; DR-1 Case tracking; DR-2 Outcome "
            "measures; PE-1 Member training; PE-2 Public awareness. Each had fewer than 4 answers and no consensus "
            "stage.") in summary
    assert "no member gave" not in body(pdf) and "no stage given" not in body(pdf)
    charts = _section(pdf, "Charts", "Element scores by function")
    assert "IF-1 Shared goals gap 2 (5) IF-2 Governance gap gap CO-1 Victim identification gap 1* CO-2" in charts
    assert "2026-Q3 fewer than 4 members 2026-Q4 5 members" in charts


def test_a_discipline_under_the_threshold_is_not_named_in_the_head_counts(threshold):
    summary = _section(threshold[3]["2026-Q4"], "Executive summary", "Charts")
    assert ("Members who answered, by discipline (5 in all): Law enforcement: 4. Disciplines with fewer than 4 "
            "respondents are not named") in summary
    assert "Victim services" not in body(threshold[3]["2026-Q4"])


def test_notes_show_only_on_elements_the_notes_threshold_of_members_answered(threshold):
    text = body(threshold[3]["2026-Q4"])
    assert "Shared goals are written down" in text and HIDDEN_NOTE not in text
    assert "1 note of the 1 evidence notes members wrote in 2026-Q4 on elements at least 5 members answered" in text


def test_a_cycle_under_the_threshold_says_fewer_and_never_none(threshold):
    pdfs = threshold[3]
    cover = " ".join(pages_text(pdfs["2026-Q3"])[0].split())
    assert "Members who answered: fewer than 4" in cover
    summary = _section(pdfs["2026-Q3"], "Executive summary", "Charts")
    assert "In 2026-Q3, fewer than 4 members of Threshold Task Force rated" in summary
    assert "fewer than 4 members answered, so no head count is shown" in summary
    assert "Law enforcement" not in summary
    assert "Members who answered: 5" in " ".join(pages_text(pdfs["2026-Q4"])[0].split())
    for pdf in pdfs.values():
        text = " ".join(pages_text(pdf))
        assert not NONE.search(text)
        for name in SECRET_NAMES:
            assert name not in text


def test_the_command_line_writes_the_pdf(shared, tmp_path):
    out = tmp_path / "report.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "reports", "pdf", "--db", shared[0], "--as", LEAD_EMAIL, "--task-force", "Test Task Force",
         "--cycle", "2026-Q4", "--out", str(out), "--date", "2026-11-23"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "PDF ready" in done.stderr
    assert out.read_bytes() == shared[3]


@pytest.mark.parametrize("name, label, message", [
    ("Nobody", "2026-Q4", "No task force named 'Nobody'. Task forces in this database: 'Test Task Force'."),
    ("Test Task Force", "2031-Q1", "Test Task Force has no cycle 2031-Q1. Its cycles: 2026-Q3, 2026-Q4."),
    ("Test Task Force", "2031 Q1", "is not of the form YYYY-QN"),
])
def test_the_command_line_refuses_a_bad_name_or_label_and_writes_nothing(shared, tmp_path, capsys, name, label, message):
    out = tmp_path / "report.pdf"
    code = main(["pdf", "--db", shared[0], "--as", LEAD_EMAIL, "--task-force", name, "--cycle", label, "--out", str(out)])
    assert code != 0 and message in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("email, message", [
    ("nobody@example.org", "No account with the email 'nobody@example.org'"),
    ("zelda@example.org", "Only the leads and funders of this task force"),
    ("olga@example.org", "Only the members, leads and funders of this task force"),
])
def test_the_command_line_acts_as_an_account_and_refuses_one_without_the_right(shared, tmp_path, capsys, email, message):
    path = tmp_path / "copy.db"
    source, copy = sqlite3.connect(shared[0].removeprefix("sqlite:///")), sqlite3.connect(path)
    source.backup(copy)  # a copy: the shared file stays as the other tests expect it
    source.close()
    copy.close()
    db = Database(f"sqlite:///{path}")
    task_force = task_forces.find_task_force(db, "Test Task Force")
    make_member(db, task_force, "Zelda Member", Discipline.NGO, email="zelda@example.org")
    other = task_forces.create_task_force(db, "Another Task Force", "Elsewhere", load_framework(SMALL_FRAMEWORK_FILE))
    make_member(db, other, "Olga Outsider", role=Role.LEAD, email="olga@example.org")
    db.dispose()
    out = tmp_path / "report.pdf"
    code = main(["pdf", "--db", f"sqlite:///{path}", "--as", email, "--task-force", "Test Task Force",
                 "--cycle", "2026-Q4", "--out", str(out)])
    assert code != 0 and message in capsys.readouterr().err
    assert not out.exists()


def test_the_command_line_needs_the_account_it_acts_as(shared, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["pdf", "--db", shared[0], "--task-force", "Test Task Force", "--cycle", "2026-Q4",
              "--out", str(tmp_path / "report.pdf")])
    assert "--as" in capsys.readouterr().err
