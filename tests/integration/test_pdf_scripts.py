"""Every script a task force's partners and survivors write in, through the real PDF: notes,
the task force's name and an action title, parsed back with pypdf, checked against the fonts
and rendered with pdftoppm; characters no font has become the marker the method section names."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date, datetime

import pytest
from fontTools.ttLib import TTFont
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Paragraph, SimpleDocTemplate

from assessments.domain.model import Role
from assessments.store.database import Database
from assessments.usecases import cycles, frameworks, planning, questionnaire, report_notes, task_forces
from reports import pdf_text
from reports.pdf import _draw, build_pdf
from reports.pdf_charts import _label
from reports.pdf_sections import _note
from reports.pdf_styles import esc, styles
from roadmap.load import load_framework
from tests.conftest import SMALL_FRAMEWORK_FILE, make_member

REPORT_DATE = date(2026, 11, 23)
# Right-to-left notes end without punctuation: pypdf puts a neutral sign at the line's visual
# left first, so "...الآن." would come back as ".…الآن" whatever the PDF draws (see the report).
EXACT = {
    "spanish": "La señora Muñoz teme por su niño; año 2024, ¿dónde está?",
    "vietnamese": "Chúng tôi đã gặp nạn nhân ở Hà Nội và Đà Nẵng.",
    "tagalog": "Ang biktima ay nasa ligtas na lugar na ngayon.",
    "haitian_creole": "Viktim nan te pè anpil, li bezwen èd tradiktè.",
    "russian": "Пострадавшая находится в безопасности, семья уведомлена.",
    "chinese_simplified": "受害者现在很安全，我们联系了她的家人。",
    "chinese_traditional": "受害者現在很安全，我們聯繫了她的家人。",
    "japanese": "被害者は今、安全な場所にいます。",
    "korean": "피해자는 지금 안전한 곳에 있습니다.",
    "hebrew": "הקורבן נמצא כעת במקום בטוח",
}
ARABIC = "الضحية في مكان آمن الآن"
THAI = "ผู้เสียหายอยู่ในที่ปลอดภัยแล้ว"
HINDI = "पीड़िता अब सुरक्षित स्थान पर है"
MIXED = "Met 王伟 and محمد علي about हिन्दी interpreting."
UNMAPPED = "Emoji \U0001FAE8 and private \ue000 end."
TASK_FORCE = "Task Force 西雅图 Seattle"
ACTION = "Hire a Korean interpreter 통역사"
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd]")
NOTES = [*EXACT.values(), ARABIC, THAI, HINDI, MIXED, UNMAPPED]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> bytes:
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('scripts') / 'waypoint.db'}")
    frameworks.add_framework(db, SMALL_FRAMEWORK_FILE.read_bytes(), SMALL_FRAMEWORK_FILE.name)
    task_force = task_forces.create_task_force(db, TASK_FORCE, "King County", load_framework(SMALL_FRAMEWORK_FILE))
    lead = make_member(db, task_force, "Lena Lead", role=Role.LEAD, email="lena@example.org")
    members = [make_member(db, task_force, f"Member {i}") for i in range(4)]
    cycle = cycles.open_cycle_unchecked(db, task_force.id, "2026-Q4", opened_at=datetime(2026, 10, 1, 9))
    elements = ("IF-1", "IF-2", "CO-1", "CO-2", "DR-1", "PE-1")
    for m, member in enumerate(members):
        for e, element in enumerate(elements):
            index = m * len(elements) + e
            note = NOTES[index] if index < len(NOTES) else ""
            questionnaire.record_answer(db, member.actor, cycle.id, element, 1 + (m + e) % 5, note,
                                        at=datetime(2026, 10, 5))
    for note in report_notes.notes_for_lead(db, lead.actor, cycle.id):
        report_notes.set_note_in_report(db, lead.actor, cycle.id, note.key, True)
    planning.add_action(db, lead.actor, task_force.id, "CO-1", ACTION, owner="Ана Петрова",
                        due_date=date(2027, 3, 31), at=datetime(2026, 10, 6))
    yield build_pdf(db, lead.actor, task_force.id, cycle.id, REPORT_DATE)
    db.dispose()


def lines(pdf: bytes) -> list[str]:
    return [line.strip() for page in PdfReader(io.BytesIO(pdf)).pages for line in page.extract_text().split("\n")]


@pytest.mark.parametrize("script", EXACT)
def test_a_note_in_each_script_comes_back_exactly(pdf, script):
    assert EXACT[script] in lines(pdf)


def test_arabic_comes_back_exactly_though_its_glyphs_are_presentation_forms(pdf):
    """The font names Arabic's shaped glyphs by their presentation forms; the PDF's ToUnicode
    map says which letters each stands for, so the note comes back as typed."""
    assert ARABIC in lines(pdf)


@pytest.mark.parametrize("note", [THAI, HINDI], ids=["Thai", "Hindi"])
def test_thai_and_devanagari_come_back_exactly_though_shaping_reorders_and_merges_glyphs(pdf, note):
    """HarfBuzz draws glyphs the font's cmap does not name (the Thai lowered tone mark, the
    conjuncts क्षि and स्थ) and draws ि before its consonant; each such cluster's first glyph
    carries the letters typed in the PDF's ToUnicode map, so the note comes back as typed."""
    assert note in lines(pdf)
    assert not any(PRIVATE_USE.search(line) for line in lines(pdf))


def test_the_task_force_name_and_an_action_title_come_back(pdf):
    found = lines(pdf)
    assert TASK_FORCE in found
    assert any(ACTION in line for line in found)
    assert any(line.startswith(TASK_FORCE) for line in found[1:])  # the running header too


def test_a_character_no_font_has_becomes_the_marker_and_the_method_section_says_so(pdf):
    found = lines(pdf)
    assert "Emoji \N{REPLACEMENT CHARACTER} and private \N{REPLACEMENT CHARACTER} end." in found
    text = " ".join(" ".join(found).split())
    assert pdf_text.FONTS_NOTE in text
    assert "\U0001FAE8" not in text


def _embedded_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]).split("+")[-1])
    return names


def test_every_character_has_a_glyph_in_a_font_the_pdf_embeds(pdf):
    embedded = " ".join(_embedded_fonts(pdf))
    cmaps = {face: TTFont(pdf_text.FONT_DIR / face.regular).getBestCmap() for face in pdf_text.FACES}
    for note in NOTES + [TASK_FORCE, ACTION]:
        for face, run in pdf_text.faces_of(note):
            assert face.name.split("-")[0][:8] in embedded.replace("-", "")
            for ch in run:
                assert ord(ch) in cmaps[face], (note, ch)


def test_the_pages_render(pdf, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == len(PdfReader(io.BytesIO(pdf)).pages)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_any_text_builds_through_every_text_path(text):
    """A note, a name or a title of any characters: Paragraph markup, a right-to-left note,
    a chart label and the running header all build without raising."""
    buffer = io.BytesIO()
    drawing = Drawing(300, 20)
    drawing.add(_label(0, 5, text))
    doc = SimpleDocTemplate(buffer)
    doc.build([Paragraph(esc(text), styles()["body"]), Paragraph(f"<b>{esc(text)}</b>", styles()["h3"]),
               _note(text), _note("שלום " + text), drawing],
              onFirstPage=lambda canvas, _doc: _draw(canvas, 40, 800, text, bold=True))
    assert PdfReader(io.BytesIO(buffer.getvalue())).pages
