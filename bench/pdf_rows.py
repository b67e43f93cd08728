"""Rows 3: the funder PDF (reports.pdf.build_pdf, what `python -m reports pdf` calls), as a ratio to a
text-only reportlab document with the same fonts (reports/fonts) and the same number of pages.

The floor registers its fonts once, outside the timing: it is the least any PDF of that many
pages of text in those faces costs, not a model of how the app should be written.
"""

from __future__ import annotations

import io
from pathlib import Path

from figures import Row, median_ms
from pypdf import PdfReader
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
from world import DEMO_DAY, World

from assessments.store.database import Database
from assessments.usecases import demo, results
from tests.ui.conftest import db_member, demo_member

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "reports" / "fonts"
PDF_RATIO, DEMO_PDF_MS = 6, 1000
LINE = "Referral protocols were followed in most cases this quarter; partners met monthly and kept minutes. "


def pdf_rows(world: World, demo_path: Path, repeat: int) -> list[Row]:
    demo_db = Database(f"sqlite:///{demo_path}", run_migrations=False)
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    rows = [_pdf_row("PDF: demo task force", demo_db, lead.actor, lead.task_force_id, repeat, DEMO_PDF_MS)]
    demo_db.dispose()
    db = Database(world.url, run_migrations=False)
    lead = db_member(db, world.lead_member_id)
    rows.append(_pdf_row(f"PDF: one task force ({world.size.members} members)", db, lead.actor,
                         lead.task_force_id, repeat, None))
    db.dispose()
    return rows


def _pdf_row(name: str, db: Database, actor, task_force_id: int, repeat: int, max_ms: float | None) -> Row:
    from reports.pdf import build_pdf  # imported here: its fonts and shaping load with it

    cycle = results.starting_cycle(db, actor, task_force_id).cycle
    made = {}

    def build() -> None:
        made["pdf"] = build_pdf(db, actor, task_force_id, cycle.id, DEMO_DAY)

    value = median_ms(build, repeat)
    pages = len(PdfReader(io.BytesIO(made["pdf"])).pages)
    floor = median_ms(lambda: text_only_pdf(pages), repeat)
    return Row(name, value, "ms", floor, max_ratio=PDF_RATIO, max_value=max_ms,
               note=f"{cycle.label}, {pages} pages, {len(made['pdf']) // 1024} KB")


def _floor_fonts() -> tuple[str, str]:
    if "BenchFloor" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("BenchFloor", str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("BenchFloor-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))
    return "BenchFloor", "BenchFloor-Bold"


def text_only_pdf(pages: int) -> bytes:
    """``pages`` pages of a heading and body text in the report's own faces, nothing else."""
    regular, bold = _floor_fonts()
    heading = ParagraphStyle("h", fontName=bold, fontSize=14, leading=18, spaceAfter=8)
    body = ParagraphStyle("b", fontName=regular, fontSize=9.5, leading=13, spaceAfter=5)
    story = []
    for page in range(pages):
        story.append(Paragraph(f"Section {page + 1}", heading))
        story += [Paragraph(LINE * 4, body) for _ in range(8)]  # most of a page, never more
        if page < pages - 1:
            story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=LETTER).build(story)
    return buffer.getvalue()
